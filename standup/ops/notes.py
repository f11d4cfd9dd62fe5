"""Pinned notes: short context from the PM shown on every board."""

from __future__ import annotations

import re
from datetime import datetime

from standup import clock, events
from standup.errors import BadInput
from standup.model import Note
from standup.ops.common import Actor, Done, need_text, not_on_board
from standup.store import Store, Tx

MAX_NOTE = 500


def add_note(store: Store, actor: Actor, text: str, *, now: datetime | None = None) -> Done:
    now = now or clock.now()
    need_text(text, "the note", 'standup note "Goal this sprint: the export"')
    if len(text) > MAX_NOTE:
        raise BadInput(f"a note is at most {MAX_NOTE} characters", 'standup note "short note"')
    with store.transaction() as tx:
        nid = tx.next_id("N")
        note = Note(id=nid, text=text, added_by=actor.login, added_at=now, os_login=actor.os_login)
        tx.insert("notes", note.to_doc(), nid)
        said = f"{_who(tx, actor)} pinned note {nid}: {events.quote(text)}"
        event = events.append(tx, actor, "noted", f"N{nid}", said, now=now)
    return Done(note, (event,))


def remove_note(store: Store, actor: Actor, number: str, *, now: datetime | None = None) -> Done:
    """Unpin a note. It stays in the file, off the board, with who removed it."""
    # ASCII digits only: isdigit() also passes "²" and "①", which int() refuses.
    m = re.fullmatch(r"\s*([0-9]{1,9})\s*", str(number))
    if not m:
        raise BadInput(f"{str(number)[:40]!r} is not a note number", "standup note --remove 2")
    n = int(m.group(1))
    now = now or clock.now()
    with store.transaction() as tx:
        doc = tx.get("notes", n)
        if doc is None:
            raise not_on_board(tx, "N", n, "standup status")
        note = Note.from_doc(doc, n)  # a damaged note is refused, and kept
        if note.removed_at is not None:
            raise BadInput(f"note {n} was already removed", "standup status")
        fields = {
            "removed_at": now.isoformat(),
            "removed_by": actor.login,
            "removed_os_login": actor.os_login,
        }
        tx.update("notes", n, fields)  # kept off the board, with who removed it
        said = f"{_who(tx, actor)} removed note {n}: {events.quote(note.text)}"
        event = events.append(tx, actor, "unnoted", f"N{n}", said, now=now, for_=[note.added_by])
    return Done(Note.from_doc({**doc, **fields}, n), (event,))


def _who(tx: Tx, actor: Actor) -> str:
    from standup.board import Board
    from standup.ops.common import called

    return called(Board.load(tx, parts=()), actor.login)
