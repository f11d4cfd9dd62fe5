"""The board's log, and everyone's inbox.

**The log.** Every write appends its events (:func:`append`) to the ``events`` table in
the same locked transaction as the change itself, so the log and the board never
disagree: a change that is not written leaves no event, an event is never written
without its change. Each event says what happened (``kind``), to which record
(``ref``), who acted (``by``) and who really typed it (``os_login``), when (``at``), a
line a person can read (``text``), the old values of an edit or a review (``old``), and
whom it concerns (``for``), decided when it is written by the rules of product.md ("The
log and the inbox").

``assumed`` events are never written: a fallback is taken by the clock, not by a write.
:func:`derived` reads them from the questions at read time, at the question's
needed-by, with a stable key (``A-Q3``) that can be marked seen like an ``E<n>`` id.

A damaged event (a hand edit gone wrong) is kept in the file as it is, like any damaged
record, and named by the readers of the log (``events``, ``inbox``) — not by ``status``
or the board: checking every event of years of log on every read would cost them their
speed, and nothing else on the board depends on the log.

**The inbox** is the events that concern a login and that they have not seen.

Where seen-marks live: in a small file per user beside the board
(``board.json.seen/<login>.json``), written through a :class:`~standup.store.Store` of
its own — so it is opened like the board (never through a link, a regular file only,
``0660``), locked and replaced atomically. Not in the board file, because looking is
not a change to the board: marking seen there would rewrite the shared file on every
``standup inbox`` and every time a board opens, make every other open board reload,
and make a read wait on writers' lock. Marks are event ids (``E12``, ``A-Q3``), never
times: an event written with an earlier ``at`` after you looked is still new.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import msgspec

from standup.model import ASSUMED, OPEN, Damage, Event, Question
from standup.text import one_line

if TYPE_CHECKING:
    from standup.ops.common import Actor
    from standup.store import Store, Tx

MAX_TEXT = 300  # an event's line; what people typed is cut short in it
SEEN_TABLE = "seen"


# -- writing ---------------------------------------------------------------------------


def append(
    tx: Tx,
    actor: Actor,
    kind: str,
    ref: str | None,
    text: str,
    *,
    now: datetime,
    old: dict[str, Any] | None = None,
    for_: Iterable[str | None] = (),
) -> Event:
    """Append one event to the log, in the transaction ``tx`` of the change it records.

    ``for_`` names the logins it concerns; the actor is left out (nobody needs to be
    told what they just did themselves), as are ``None`` and repeats.
    """
    concerned = [login for login in dict.fromkeys(for_) if login and login != actor.login]
    eid = tx.next_id("E")
    event = Event(
        id=eid,
        at=now,
        kind=kind,
        ref=ref,
        by=actor.login,
        os_login=actor.os_login,
        text=line(text),
        old=_stored(old) if old else None,
        for_=concerned,
    )
    tx.insert("events", event.to_doc(), eid)
    return event


def line(text: str) -> str:
    """One line, at most :data:`MAX_TEXT` characters."""
    text = one_line(text)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def quote(text: str | None, width: int = 60) -> str:
    """What someone typed, on one line and cut short, in quotes: ``“CSV first”``."""
    text = one_line(text or "")
    return "“" + (text if len(text) <= width else text[: width - 1] + "…") + "”"


def _stored(old: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in old.items()}


def waiting_on(tx: Tx, qkey: str) -> list[str]:
    """Owners of the items waiting on the question ``qkey`` (``Q3``), in id order."""
    return [
        doc.get("owner")
        for doc in tx.all("blocked").values()
        if doc.get("on_kind") == "question" and doc.get("on") == qkey
    ]


# -- reading ---------------------------------------------------------------------------


class Log:
    """The events of one snapshot, with the damaged ones named rather than read."""

    def __init__(self, events: list[Event], damaged: list[Damage]) -> None:
        self.events = events
        self.damaged = damaged


# A few fields of every document, decoded in one typed pass (msgspec skips the rest
# without building it): the log of a board with years of history is tens of thousands
# of events, and a reader wants the few that concern one person.
class _EventHead(msgspec.Struct):
    concerns: Any = msgspec.field(default=(), name="for")


class _QuestionHead(msgspec.Struct):
    asked_by: Any = None
    fallback: Any = None


class _ItemHead(msgspec.Struct):
    owner: Any = None
    on: Any = None
    on_kind: Any = None


_EVENTS = msgspec.json.Decoder(dict[str, _EventHead])
_QUESTIONS = msgspec.json.Decoder(dict[str, _QuestionHead])
_ITEMS = msgspec.json.Decoder(dict[str, _ItemHead])


def _heads(snapshot: Any, name: str, decoder: msgspec.json.Decoder) -> dict[str, Any]:
    """``{key: head}`` of table ``name``, or ``{}`` when a document is not an object
    (the board's own readers name that one)."""
    raw = snapshot.raw(name) if hasattr(snapshot, "raw") else _encode(snapshot, name)
    try:
        return decoder.decode(raw)
    except msgspec.ValidationError:
        return {}


def _encode(snapshot: Any, name: str) -> bytes:
    return msgspec.json.encode({str(k): v for k, v in snapshot.table(name).items()})


def _docs(snapshot: Any, name: str, keys: list[str]) -> dict[Any, Any]:
    if hasattr(snapshot, "docs"):
        return snapshot.docs(name, keys)
    from standup.fileformat import record_id

    table = snapshot.table(name)  # by id, a key that is not one kept as a str
    ids = [record_id(k) or k for k in keys]
    return {i: table[i] for i in ids}


def read_log(
    snapshot: Any,
    now: datetime,
    *,
    login: str | None = None,
    since: datetime | None = None,
    skip: Collection[str] = (),
) -> Log:
    """Every event of ``snapshot`` up to ``now`` (stored and derived), in time order;
    with ``login``, only those that concern them; with ``since``, only those at or
    after it; events whose ids are in ``skip`` (seen ones) are not even decoded. A
    damaged event is left out and named in :attr:`Log.damaged` (only those that might
    concern ``login``, when it is given)."""
    from standup.errors import DamagedRecord

    heads = _heads(snapshot, "events", _EVENTS)
    if login is None:
        keys = list(heads)
    else:  # a "for" that is not a list is damage: read it, to name it
        keys = [k for k, h in heads.items() if type(h.concerns) is not list or login in h.concerns]
    if skip:
        keys = [k for k in keys if f"E{k}" not in skip]
    events: list[Event] = []
    damaged: list[Damage] = []
    for key, doc in _docs(snapshot, "events", keys).items():
        try:
            if type(key) is not int:
                raise Damage("events", key, "its key is not a record id").refusal()
            event = Event.from_doc(doc, key)
        except DamagedRecord as exc:
            damaged.append(exc.damage)  # type: ignore[arg-type]
            continue
        if (since is None or event.at >= since) and (login is None or login in event.for_):
            events.append(event)
    for event in derived(snapshot, now, login=login):
        if (since is None or event.at >= since) and event.key not in skip:
            events.append(event)
    events.sort(key=lambda e: e.at)  # stable: written events keep their id order
    return Log(events, damaged)


def derived(snapshot: Any, now: datetime, *, login: str | None = None) -> list[Event]:
    """The ``assumed`` events: a reversible question with a fallback that reached its
    needed-by unanswered (it reads assumed now, or did before it was answered,
    confirmed or reopened). Each concerns the asker and the owners of the items that
    waited on it. With ``login``, only those that concern them."""
    from standup.errors import DamagedRecord
    from standup.view import question_state

    owners: dict[str, list[str]] = {}
    for item in _heads(snapshot, "blocked", _ITEMS).values():
        if item.on_kind == "question" and type(item.on) is str and type(item.owner) is str:
            owners.setdefault(item.on, []).append(item.owner)
    keys = [
        k
        for k, h in _heads(snapshot, "questions", _QUESTIONS).items()
        if h.fallback is not None
        and (login is None or h.asked_by == login or login in owners.get(f"Q{k}", ()))
    ]
    if not keys:
        return []
    names = {
        d.get("login"): d.get("name")
        for d in snapshot.table("people").values()
        if type(d) is dict and isinstance(d.get("name"), str)
    }
    out = []
    for key, doc in _docs(snapshot, "questions", keys).items():
        if type(key) is not int:
            continue
        try:
            q = Question.from_doc(doc, key)
        except DamagedRecord:
            continue  # named by the board's own readers
        at = _assumed_at(q, now, question_state)
        if at is None:
            continue
        reviewer = names.get(q.to, q.to) or "the addressee"
        concerned = [q.asked_by, *owners.get(q.key, ())]
        out.append(
            Event(
                at=at,
                kind="assumed",
                ref=q.key,
                text=line(
                    f"{q.key} fell back at its needed-by: the team proceeds on "
                    f"{quote(q.fallback)} (for {reviewer} to review)"
                ),
                for_=list(dict.fromkeys(concerned)),
                derived=f"A-{q.key}",
            )
        )
    return out


def _assumed_at(q: Question, now: datetime, question_state: Any) -> datetime | None:
    """When ``q`` fell back on its fallback, or ``None`` if it never did (by ``now``)."""
    if q.status == OPEN:
        state = question_state(q, now)
        return state.answered_at if state.status == ASSUMED else None
    if q.status == ASSUMED:  # confirmed by the PM: stored as it read
        return q.answered_at or q.needed_by
    for entry in q.history:  # answered over, overridden or reopened since
        if entry.get("status") == ASSUMED:
            at = entry.get("answered_at")
            try:
                return datetime.fromisoformat(at) if isinstance(at, str) else q.needed_by
            except ValueError:
                return q.needed_by
    return None


# -- the inbox -------------------------------------------------------------------------


def inbox(
    snapshot: Any,
    login: str,
    now: datetime,
    *,
    seen: Iterable[str] = (),
    include_seen: bool = False,
) -> list[Event]:
    """The events that concern ``login`` (their ``for`` names them), oldest first, less
    those whose ids are in ``seen`` (see :func:`seen_marks`) unless ``include_seen``."""
    return read_log(snapshot, now, login=login, skip=() if include_seen else set(seen)).events


def seen_path(store: Store, login: str) -> str:
    """The file of ``login``'s seen-marks, beside the board (see the module's docstring)."""
    from standup.ops.common import check_login

    check_login(login, "--user")  # a login is a file name: no "/", no ".."
    return os.path.join(f"{store.path}.seen", f"{login}.json")


def seen_marks(store: Store, login: str) -> set[str]:
    """The ids of the events ``login`` has seen (none if they never looked)."""
    from standup.store import Store

    doc = Store(seen_path(store, login)).read().table(SEEN_TABLE).get(1, {})
    ids = doc.get("ids")
    return {i for i in ids if type(i) is str} if type(ids) is list else set()


def mark_seen(store: Store, login: str, ids: Iterable[str]) -> int:
    """Mark the events ``ids`` seen by ``login``: one locked, atomic write of their
    seen-marks file (nothing is written when they were all seen already). Returns how
    many were new."""
    from standup.store import Store

    ids = set(ids)
    if not ids:
        return 0
    path = seen_path(store, login)
    _make_seen_dir(os.path.dirname(path))
    with Store(path).transaction() as tx:
        doc = tx.get(SEEN_TABLE, 1)
        have = doc.get("ids") if doc else None
        have = {i for i in have if type(i) is str} if type(have) is list else set()
        new = ids - have
        if not new:
            return 0
        fields = {"ids": sorted(have | ids, key=_order)}
        if doc is None:
            tx.insert(SEEN_TABLE, fields, 1)
        else:
            tx.update(SEEN_TABLE, 1, fields)
    return len(new)


def _make_seen_dir(directory: str) -> None:
    """The seen-marks directory, made by whoever looks first with the mode of the board's
    own directory (``2770`` on a shared server: every teammate must be able to add their
    file), whatever that person's umask."""
    import contextlib
    import stat

    if os.path.isdir(directory):
        return
    mode = stat.S_IMODE(os.stat(os.path.dirname(directory)).st_mode)
    with contextlib.suppress(FileExistsError):
        os.mkdir(directory, mode)
        os.chmod(directory, mode)


def _order(key: str) -> tuple[int, str]:
    return (int(key[1:]), "") if key[1:].isdigit() else (0, key)


# -- as JSON ---------------------------------------------------------------------------


def event_json(event: Event, tz: Any) -> dict[str, Any]:
    """An event as product.md's JSON: ``id``, ``at``, ``kind``, ``ref``, ``by``,
    ``os_login``, ``text``, and (added) ``for`` and ``old``."""
    from standup.clock import iso

    return {
        "id": event.key,
        "at": iso(event.at, tz),
        "kind": event.kind,
        "ref": event.ref,
        "by": event.by,
        "os_login": event.os_login,
        "text": event.text,
        "for": event.for_,
        "old": event.old,
    }
