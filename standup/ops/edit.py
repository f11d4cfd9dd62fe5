"""Records can be fixed: ``edit Q<n>`` and ``edit B<n>``.

Each value is checked exactly as ``ask`` and ``block`` check it (the same functions), and
the old values of what changed are kept in the record's ``history`` — one entry per edit
with ``at``, ``by``, ``os_login`` and ``action: "edit"`` — so nothing typed is ever lost.

What can be edited, and why:

- An **open** question: everything. An edit that would make it read *assumed* at once (a
  fallback added after its needed-by has passed) is refused: a fallback taken in the past
  would unblock items behind everyone's back.
- An **answered or assumed** question: only ``--text`` (a typo in the record). Its
  addressee, deadline and fallback decided who answered and when; to change those,
  ``review … reopen`` it first.
- A **withdrawn** question: nothing (ask it again).
- A **blocked** item: everything. An **unblocked** one: ``--title`` and ``--owner``; what
  it waited on is part of how it was unblocked, so ``--on`` is refused.

Values equal to the ones the record has change nothing: :class:`Unchanged` is raised and
nothing is written (the CLI says so and exits 0, as ``unblock`` of an unblocked item does).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from standup import clock, events
from standup.board import Board
from standup.errors import BadInput, StandupError
from standup.model import ANSWERED, ASSUMED, OPEN, WITHDRAWN, BlockedItem, Event, Question
from standup.ops.common import Actor, Done, called, known_person, need_text, parse_id
from standup.ops.items import BLOCK_EXAMPLE, waits_on
from standup.ops.questions import ASK_EXAMPLE, deadline, load_item, load_question
from standup.store import Store
from standup.text import one_line

CLEAR = "none"  # ``--by none`` / ``--fallback none``: no deadline, no fallback
EDIT_EXAMPLE = 'standup edit Q3 --by "fri 5pm"'
ITEM_EXAMPLE = "standup edit B2 --on Q3"


class Unchanged(StandupError):
    """Every value given is the one the record has: nothing was written."""

    exit_code = 0

    def __init__(self, record: Question | BlockedItem) -> None:
        super().__init__(f"{record.key} already reads so; nothing changed")
        self.record = record


def clears(value: str | None) -> bool:
    """Whether ``value`` is the word that clears an optional value (``none``)."""
    return value is not None and value.strip().lower() == CLEAR


def edit_question(
    store: Store,
    actor: Actor,
    qid: str,
    *,
    text: str | None = None,
    to: str | None = None,
    by: str | None = None,
    fallback: str | None = None,
    one_way: bool | None = None,
    now: datetime | None = None,
) -> Done:
    """Change what was asked, of whom, by when, the fallback, or the kind of door.

    ``by``/``fallback`` ``"none"`` clears them; ``one_way`` True/False makes it a
    one-way/two-way door, None leaves it. ``None`` everywhere else: unchanged.
    """
    now = now or clock.now()
    parse_id(qid, "Q")
    if text is not None:
        need_text(text, "the question", ASK_EXAMPLE)
    if fallback is not None and not clears(fallback):
        need_text(fallback, "--fallback", '--fallback "ship CSV only"')
    with store.transaction() as tx:
        state = load_question(tx, qid, now)
        q = state.q
        _may_edit_question(state.status, q, to=to, by=by, fallback=fallback, one_way=one_way)
        board = Board.load(tx, parts=())
        new: dict[str, Any] = {}
        if text is not None:
            new["text"] = text
        if to is not None:
            new["to"] = known_person(board, actor, to, "--to")
        if by is not None:
            addressee = new.get("to", q.to)
            new["needed_by"] = None if clears(by) else deadline(board, actor, by, addressee, now)
        if fallback is not None:
            new["fallback"] = None if clears(fallback) else fallback
        if one_way is not None:
            new["reversible"] = not one_way
        changed = {k: v for k, v in new.items() if getattr(q, k) != v}
        if not changed:
            raise Unchanged(q)
        edited = msgspec.structs.replace(q, **changed)
        if "reversible" in changed or "fallback" in changed:
            _one_way_has_no_fallback(q, edited, one_way=one_way, fallback=fallback)
        if state.status == OPEN:
            _stays_open(edited, now)
        fields = _fields(q, changed, actor, now)
        tx.update("questions", q.id, fields)
        told = [q.asked_by, q.to, changed.get("to")]
        event = _edited(tx, board, actor, q.key, fields["history"][-1], now, told)
    return Done(Question.from_doc({**q.to_doc(), **fields}, q.id), (event,))


def edit_item(
    store: Store,
    actor: Actor,
    bid: str,
    *,
    title: str | None = None,
    owner: str | None = None,
    on: str | None = None,
    now: datetime | None = None,
) -> Done:
    """Change a blocked item's title, owner, or what it waits on (``Q<n>``, a person, or
    free text, read as ``block --on`` reads it). ``None``: unchanged."""
    now = now or clock.now()
    n = parse_id(bid, "B")
    if title is not None:
        need_text(title, "the blocked item's title", BLOCK_EXAMPLE)
    if on is not None:
        need_text(on, "--on", '--on Q3, --on ana or --on "the vendor API"')
    with store.transaction() as tx:
        state = load_item(tx, n, now)
        item = state.item
        if on is not None and not state.is_blocked:
            raise BadInput(
                f"{item.key} is not blocked any more: what it waited on stays as it was",
                f'standup block "{_short(item.title)}" --on …',
            )
        board = Board.load(tx, parts=())
        new: dict[str, Any] = {}
        if title is not None:
            new["title"] = title
        if owner is not None:
            new["owner"] = known_person(board, actor, owner, "--owner")
        if on is not None:
            new["on"], new["on_kind"] = waits_on(tx, board, actor, on, now)
        changed = {k: v for k, v in new.items() if getattr(item, k) != v}
        if "on" in changed or "on_kind" in changed:  # one thing: both old values are kept
            changed.update(on=new["on"], on_kind=new["on_kind"])
        if not changed:
            raise Unchanged(item)
        fields = _fields(item, changed, actor, now)
        tx.update("blocked", n, fields)
        told = [item.owner, changed.get("owner")]
        event = _edited(tx, board, actor, item.key, fields["history"][-1], now, told)
    return Done(BlockedItem.from_doc({**item.to_doc(), **fields}, n), (event,))


CHANGE_WORDS = {
    "text": "text",
    "to": "addressee",
    "needed_by": "needed by",
    "fallback": "fallback",
    "reversible": "one-way/two-way",
    "title": "title",
    "owner": "owner",
    "on": "waits on",
}


def changed(record: Question | BlockedItem) -> str:
    """What the latest edit of ``record`` changed, in words (``text, needed by``), read
    from its history entry."""
    entry = record.history[-1] if record.history else {}
    if entry.get("action") != "edit":
        return ""
    return ", ".join(word for field, word in CHANGE_WORDS.items() if field in entry)


# -- the checks ------------------------------------------------------------------------


def _may_edit_question(
    status: str,
    q: Question,
    *,
    to: str | None,
    by: str | None,
    fallback: str | None,
    one_way: bool | None,
) -> None:
    if status == WITHDRAWN:
        raise BadInput(f"{q.key} was withdrawn; ask it again if it matters", ASK_EXAMPLE)
    if status in (ANSWERED, ASSUMED):
        given = [
            option
            for option, value in (
                ("--to", to),
                ("--by", by),
                ("--fallback", fallback),
                ("--one-way" if one_way else "--two-way", one_way),
            )
            if value is not None
        ]
        if given:
            raise BadInput(
                f"{q.key} is already {status}: {given[0]} cannot change now, only its text; "
                f"reopen it first to change the rest",
                f"standup review {q.key} reopen",
            )


def _one_way_has_no_fallback(
    old: Question, new: Question, *, one_way: bool | None, fallback: str | None
) -> None:
    """A one-way door never falls back on its own, so it has no fallback to show."""
    if new.reversible or new.fallback is None:
        return
    key = old.key
    if one_way and fallback is not None:
        raise BadInput(
            "--one-way with --fallback: a one-way door never falls back on its own",
            f"standup edit {key} --one-way --fallback none",
        )
    if one_way:
        raise BadInput(
            f"{key} has a fallback, and a one-way door has none: clear it in the same edit",
            f"standup edit {key} --one-way --fallback none",
        )
    raise BadInput(
        f"{key} is a one-way door, which has no fallback: make it two-way in the same edit",
        f'standup edit {key} --two-way --fallback "…"',
    )


def _stays_open(edited: Question, now: datetime) -> None:
    """Refuse an edit after which the question would read assumed at once."""
    from standup.view import question_state

    if question_state(edited, now).status != OPEN:
        raise BadInput(
            f"{edited.key}'s needed-by has passed, so with a fallback it would read assumed "
            "at once; give a later --by in the same edit",
            f'standup edit {edited.key} --by "tomorrow 9am" --fallback "…"',
        )


def _fields(
    record: Question | BlockedItem, changed: dict[str, Any], actor: Actor, now: datetime
) -> dict[str, Any]:
    """The stored fields of an edit: the new values, and a history entry with the old."""
    entry = {
        "at": now.isoformat(),
        "by": actor.login,
        "os_login": actor.os_login,
        "action": "edit",
        **{k: _stored(getattr(record, k)) for k in changed},
    }
    return {
        **{k: _stored(v) for k, v in changed.items()},
        "history": [*record.history, entry],
    }


def _edited(
    tx: Any, board: Board, actor: Actor, key: str, entry: dict, now: datetime, told: list
) -> Event:
    """The edit's event: what changed in words, the old values kept."""
    words = ", ".join(word for field, word in CHANGE_WORDS.items() if field in entry)
    said = f"{called(board, actor.login)} edited {key}: {words}"
    old = {k: v for k, v in entry.items() if k not in ("at", "by", "os_login", "action")}
    return events.append(tx, actor, "edited", key, said, now=now, old=old, for_=told)


def _stored(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _short(text: str, width: int = 30) -> str:
    line = one_line(text)
    return line if len(line) <= width else line[: width - 1] + "…"
