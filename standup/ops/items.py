"""Blocked items: block (on a question, a person, or free text) and unblock.

An item blocked on a question unblocks by itself when that question is answered or
assumed; that is derived from the question (see :mod:`standup.view`), so reopening the
question blocks the item again without anyone touching it.
"""

from __future__ import annotations

import re
from datetime import datetime

from standup import clock, events
from standup.board import Board
from standup.errors import BadInput
from standup.model import UNBLOCKED, BlockedItem, Event
from standup.ops.common import Actor, Done, called, known_person, need_text, parse_id, person_named
from standup.ops.questions import load_item, load_question
from standup.store import Store, Tx

BLOCK_EXAMPLE = 'standup block "Export button" --on Q3'


def block(
    store: Store,
    actor: Actor,
    title: str,
    *,
    on: str | None = None,
    owner: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Done:
    """Record that ``title`` is stuck, on ``Q<n>``, a person, or something outside."""
    now = now or clock.now()
    need_text(title, "the blocked item's title", BLOCK_EXAMPLE)
    if on is not None:
        need_text(on, "--on", '--on Q3, --on ana or --on "the vendor API"')
    if note is not None:
        need_text(note, "--note", '--note "waiting since the demo"')
    with store.transaction() as tx:
        item, event = block_in(tx, Board.load(tx, parts=()), actor, title, on, owner, note, now)
    return Done(item, (event,))


def block_in(
    tx: Tx,
    board: Board,
    actor: Actor,
    title: str,
    on: str | None,
    owner: str | None,
    note: str | None,
    now: datetime,
) -> tuple[BlockedItem, Event]:
    """:func:`block` inside a transaction already open (a check-in's ``--blocked``
    records its items in its own): the item and its event. Inputs checked as there."""
    item_owner = known_person(board, actor, owner, "--owner") if owner else actor.login
    on, on_kind = waits_on(tx, board, actor, on, now) if on is not None else (None, "none")
    bid = tx.next_id("B")
    item = BlockedItem(
        id=bid,
        title=title,
        owner=item_owner,
        since=now,
        on=on,
        on_kind=on_kind,
        note=note,
        os_login=actor.os_login,
    )
    tx.insert("blocked", item.to_doc(), bid)
    said = f"{called(board, actor.login)} blocked {item.key} {events.quote(title)}"
    if on_kind == "person":
        said += f" on {called(board, on)}"
    elif on_kind == "question":
        said += f" on {on}"
    elif on is not None:
        said += f" on {events.quote(on)}"
    if item_owner != actor.login:
        said += f" (owned by {called(board, item_owner)})"
    waits_on_person = on if on_kind == "person" else None
    told = [item_owner, waits_on_person]
    event = events.append(tx, actor, "blocked", item.key, said, now=now, for_=told)
    return item, event


def waits_on(tx: Tx, board: Board, actor: Actor, on: str, now: datetime) -> tuple[str, str]:
    """``--on`` as stored: ``(on, on_kind)``. ``Q<n>`` must name an open question (it is
    stored as its key); a person's login is a person; anything else is free text."""
    if re.fullmatch(r"\s*[Qq]\d+\s*", on):
        state = load_question(tx, on, now)
        if not state.is_open:
            raise BadInput(
                f"{state.q.key} is already {state.status}: nothing to wait for",
                "standup list questions",
            )
        return state.q.key, "question"
    person = on if on == actor.login else person_named(board, on, "--on")
    if person is None and on in board.former:
        known_person(board, actor, on, "--on")  # refused: they were removed
    return (person, "person") if person else (on, "text")


def unblock(store: Store, actor: Actor, bid: str, *, now: datetime | None = None) -> Done:
    """Mark an item unblocked. An item that already reads unblocked is left as it is
    (the result has no event, and says so)."""
    now = now or clock.now()
    n = parse_id(bid, "B")
    with store.transaction() as tx:
        state = load_item(tx, n, now)
        if not state.is_blocked:
            return Done(state.item, note=f"{state.item.key} is not blocked; nothing changed")
        fields = {
            "status": UNBLOCKED,
            "unblocked_at": now.isoformat(),
            "unblocked_by": actor.login,
            "unblocked_os_login": actor.os_login,
        }
        tx.update("blocked", n, fields)
        board = Board.load(tx, parts=())
        item = state.item
        said = f"{called(board, actor.login)} unblocked {item.key} {events.quote(item.title)}"
        event = events.append(tx, actor, "unblocked", item.key, said, now=now, for_=[item.owner])
    return Done(BlockedItem.from_doc({**state.item.to_doc(), **fields}, n), (event,))
