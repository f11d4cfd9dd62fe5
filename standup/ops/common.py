"""What every operation shares: who is acting, and the checks that run before a write.

Every check raises :class:`BadInput` with one line and an example that works; since
checks run inside the transaction before anything changes, a refused operation
writes nothing.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, tzinfo

import msgspec

from standup.board import Board
from standup.errors import BadInput
from standup.text import is_blank

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


def known_person(board: Board, actor: Actor, value: str, option: str) -> str:
    """A login that names a person on the board, or the caller's own login."""
    if value in board.people or value == actor.login:
        return value
    known = ", ".join(board.people) or "nobody yet"
    raise BadInput(
        f"{option} {value!r} is not on the board (people: {known})",
        f"standup person add {value if LOGIN.match(value or '') else 'bruno'} --role eng",
    )


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
