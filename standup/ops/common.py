"""What every operation shares: who is acting, and the checks that run before a write.

Every check raises :class:`BadInput` with one line and an example that works; since
checks run inside the transaction before anything changes, a refused operation
writes nothing.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

import msgspec

from standup.errors import BadInput, StandupError
from standup.fileformat import ID_KINDS
from standup.model import Event
from standup.text import is_blank, one_line

if TYPE_CHECKING:
    from standup.board import Board  # a type only: `standup inbox` does not load it
    from standup.store import Tx

LOGIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,31}\Z")  # \Z: "$" passes "ana\n"
MAX_TEXT = 2000


class Actor(msgspec.Struct, frozen=True):
    """In whose name one acts (``login``) and who really typed it (``os_login``)."""

    login: str
    os_login: str

    @classmethod
    def from_env(cls, user: str | None = None) -> Actor:
        os_login = _os_login()
        login = user or os.environ.get("STANDUP_USER") or os_login
        check_login(login, "--user")
        return cls(login=login, os_login=os_login)


class Done(msgspec.Struct, frozen=True):
    """What an operation did — the one shape every write returns: the ``record`` it
    wrote (or found: a question, an item, a person, an absence or the absences ended,
    a note, a removal), the ``events`` it appended to the log in the same transaction,
    and, when it changed nothing, a ``note`` saying why. Both fronts say what happened
    with the events' own lines (:attr:`lines`), so the CLI and the board never word the
    same thing twice."""

    record: Any
    events: tuple[Event, ...] = ()
    note: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.events)

    @property
    def lines(self) -> list[str]:
        """One line per event, or the note of a write that changed nothing."""
        return [e.text for e in self.events] or ([self.note] if self.note else [])


def _os_login() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        import getpass

        return getpass.getuser()


def check_login(value: str, option: str) -> str:
    if not LOGIN.match(value or ""):
        raise BadInput(f"{option} {value!r} is not a login name", f"{option} ana")
    return value


def need_text(value: str | None, what: str, example: str) -> str:
    """``value`` if it has something visible in it, else :class:`BadInput`."""
    if is_blank(value):
        raise BadInput(f"{what} is empty", example)
    assert value is not None
    if len(value) > MAX_TEXT:
        raise BadInput(f"{what} is longer than {MAX_TEXT} characters", example)
    return value


def parse_id(value: str, kind: str) -> int:
    """``Q12`` → 12 (``kind`` is ``Q`` or ``B``), else :class:`BadInput`."""
    what = {"Q": "question", "B": "blocked item"}[kind]
    m = re.fullmatch(rf"\s*{kind}(\d{{1,9}})\s*", value or "", re.IGNORECASE)
    if not m or int(m.group(1)) == 0:
        raise BadInput(f"{value!r} is not a {what} id", f"{kind}3")
    return int(m.group(1))


# What each kind of id is called, the word for its closing, and where to read it.
_GONE = {
    "Q": ("question", "closed", "standup list questions --all"),
    "B": ("blocked item", "closed", "standup list blocked --all"),
    "N": ("note", "removed", "standup export --format json"),
    "S": ("stand-up", "ended", "standup list standups --all"),
}


def not_on_board(tx: Tx, kind: str, n: int, example: str) -> BadInput:
    """The one line refusing a command aimed at ``<kind><n>``, which is not on the board
    in ``tx``: archived (it cannot change any more: when it closed, in which file, how to
    read it), never given (ids are counted, never reused: ``example`` lists the real
    ones), or given but neither on the board nor in an archive that can be read. The
    archives are read here only, never on the way to a record that is on the board."""
    what, closing, read = _GONE[kind]
    shown = (lambda i: f"note {i}") if kind == "N" else (lambda i: f"{kind}{i}")
    issued = tx.issued(kind)
    if n > issued:
        latest = f"the latest is {shown(issued)}" if issued else f"it has no {what} yet"
        number = n if kind == "N" else shown(n)
        return BadInput(f"there is no {what} {number} on this board: {latest}", example)
    found, problems = None, []
    if tx.path is not None:
        from standup.archives import find

        found, problems = find(tx.path, ID_KINDS[kind], n)
    if found is None:
        if problems:  # perhaps in an archive that cannot be read: name it
            return BadInput(
                f"{shown(n)} is not on this board and may be archived, but {problems[0]}", read
            )
        return BadInput(
            f"{shown(n)} is neither on this board nor in its archives (an archive moved "
            f"away, or the record taken out of the file by hand?)",
            read,
        )
    _year, path, tables = found
    when = _closed(kind, n, tables)
    return BadInput(
        f"{shown(n)} was archived ({closing + ' ' + when + ', ' if when else ''}in "
        f"{os.path.basename(path)}) and cannot change any more; to read it",
        read,
    )


def _closed(kind: str, n: int, tables: dict[str, Any]) -> str:
    """The UTC date (an archive's year is counted in UTC) the archived record closed:
    answered, withdrawn or assumed (its needed-by); unblocked, by hand or with the
    question it waited on (archived with it); removed; ended. "" if it cannot be read."""
    from standup.model import BlockedItem, Note, Question
    from standup.records import Standup

    def record(cls: Any, key: int) -> Any:
        doc = tables.get(cls.TABLE, {}).get(str(key))
        return cls.from_doc(msgspec.json.decode(doc) if type(doc) is msgspec.Raw else doc, key)

    def answered(q: Question) -> datetime | None:
        return q.closed_at or q.answered_at or q.needed_by

    try:
        if kind == "Q":
            at = answered(record(Question, n))
        elif kind == "B":
            item = record(BlockedItem, n)
            at = item.unblocked_at
            if at is None and item.on_question is not None:
                at = answered(record(Question, item.on_question))
        else:
            found = record(Note if kind == "N" else Standup, n)
            at = found.removed_at if kind == "N" else found.ended_at
    except (StandupError, msgspec.DecodeError, ValueError, TypeError):
        return ""
    return at.astimezone(UTC).date().isoformat() if at is not None else ""


def known_person(board: Board, actor: Actor, value: str, option: str) -> str:
    """The login of the person ``value`` names — a login or a display name, in any case —
    or the caller's own login (on the board or not). Anything else is :class:`BadInput`:
    an ambiguous name with the candidates, an unknown one with a "did you mean"."""
    if value == actor.login:
        return value
    login = person_named(board, value, option)
    if login is not None:
        return login
    board.check_person(value)  # someone whose record is damaged: say so, not "unknown"
    if value in board.former:
        raise BadInput(
            f"{option} {value!r} was removed from the board; to bring them back",
            f"standup person add {value}",
        )
    close = close_people(board, value)
    if close:
        said = " or ".join(close)
        raise BadInput(
            f"{option} {value!r} is not on the board; did you mean {said}?", f"{option} {close[0]}"
        )
    known = ", ".join(board.people) or "nobody yet"
    raise BadInput(
        f"{option} {value!r} is not on the board (people: {known})",
        f"standup person add {value if LOGIN.match(value or '') else 'bruno'} --role eng",
    )


def person_named(board: Board, value: str, option: str) -> str | None:
    """The login of the one person on the board whose login or display name is ``value``
    (case-insensitive; an exact login first), ``None`` when nobody is; two or more is
    :class:`BadInput` naming the candidates."""
    if value in board.people:
        return value
    key = (value or "").strip().casefold()
    if not key:
        return None
    found = [
        p.login
        for p in board.people.values()
        if p.login.casefold() == key or p.name.strip().casefold() == key
    ]
    if len(found) > 1:
        candidates = ", ".join(f"{login} ({board.people[login].name})" for login in found)
        raise BadInput(
            f"{option} {value!r} could be {candidates}: say which by login",
            f"{option} {found[0]}",
        )
    return found[0] if found else None


def close_people(board: Board, value: str) -> list[str]:
    """Logins of the people whose login or display name is close to ``value``."""
    import difflib

    names: dict[str, str] = {}
    for p in board.people.values():
        names.setdefault(p.login.casefold(), p.login)
        names.setdefault(p.name.strip().casefold(), p.login)
    close = difflib.get_close_matches((value or "").strip().casefold(), list(names), n=3)
    return list(dict.fromkeys(names[c] for c in close))


def read_when(board: Board, actor: Actor, phrase: str, option: str, now: datetime) -> datetime:
    """A time phrase, read in the caller's own zone (whoever ``--who`` names)."""
    from standup.when import parse_when

    try:
        return parse_when(phrase, now=now, tz=caller_zone(board, actor))
    except BadInput as exc:
        raise BadInput(f"{option}: {exc.message}", exc.example) from None


def caller_zone(board: Board, actor: Actor) -> tzinfo:
    return board.zone_of(actor.login)


def not_past(moment: datetime, phrase: str, option: str, now: datetime) -> datetime:
    if moment <= now:
        raise BadInput(f"{option} {phrase!r} is in the past", f'{option} "tomorrow 9am"')
    return moment


def decider(board: Board, login: str | None, now: datetime) -> str | None:
    """Who decides for ``login`` right now when it is not ``login`` themselves (their
    delegate while they are away or off hours), else ``None``. Availability (and its
    imports) is worked out only for someone with office hours or an absence now."""
    person = board.people.get(login or "")
    if person is None:
        return None
    absent = any(
        a.start <= now and (a.end is None or a.end > now) for a in board.absences_of(person.login)
    )
    if person.hours is None and not absent:
        return None
    from standup.availability import who_can_answer

    route = who_can_answer(
        person.login, board.people, board.absences, now, board.zone_of(person.login)
    )
    return route.login if route is not None and route.login != person.login else None


def called(board: Board, login: str | None) -> str:
    """How an event's line names someone: their display name, else the login."""
    return one_line(board.name_of(login) or "nobody in particular")
