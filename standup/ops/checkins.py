"""``standup checkin``: your update for today — yesterday, today, and what blocks you.

One check-in per person per day (the date on their own wall); a second one that day
updates it, keeping the fields not given. Each ``--blocked`` text becomes a blocked item
owned by the caller, recorded by the same core as ``standup block`` in the same
transaction, and listed in the check-in's ``blockers``. The commits are read from git by
the caller beforehand (never while the board is locked) and stored as given.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import msgspec

from standup import clock, events
from standup.board import Board
from standup.errors import BadInput
from standup.ops.common import Actor, Done, called, need_text
from standup.records import Checkin, Commit
from standup.store import Store

EXAMPLE = 'standup checkin --today "the CSV export" --yesterday "the export button"'
MAX_BLOCKED = 10


def checkin(
    store: Store,
    actor: Actor,
    *,
    yesterday: str | None = None,
    today: str | None = None,
    blocked: Sequence[str] = (),
    commits: list[Commit] | None = None,
    now: datetime | None = None,
) -> Done:
    """Record (or update) the caller's check-in for their today. ``commits`` ``None``
    keeps those stored; ``blocked`` items are added to those already listed."""
    from standup.checkins import local_date
    from standup.ops.items import block_in

    now = now or clock.now()
    if yesterday is None and today is None and not blocked:
        raise BadInput("say what to record: --yesterday, --today or --blocked", EXAMPLE)
    if yesterday is not None:
        need_text(yesterday, "--yesterday", '--yesterday "the export button"')
    if today is not None:
        need_text(today, "--today", '--today "the CSV export"')
    for title in blocked:
        need_text(title, "--blocked", '--blocked "waiting for the bank\'s sandbox"')
    if len(blocked) > MAX_BLOCKED:
        raise BadInput(f"at most {MAX_BLOCKED} --blocked at once", '--blocked "the sandbox"')
    with store.transaction() as tx:
        board = Board.load(tx, parts=("checkins",))
        day = local_date(board, actor.login, now)
        mine = next(
            (c for c in board.checkins.values() if c.who == actor.login and c.date == day), None
        )
        if mine is None:  # a damaged one may be today's: refused, not forked
            for d in board.damaged:
                if d.table == "checkins" and d.login in (actor.login, None):
                    raise d.refusal()
        if mine is not None:  # the same again: only what differs is written and said
            if yesterday == mine.yesterday:
                yesterday = None
            if today == mine.today:
                today = None
            if commits is not None and list(commits) == mine.commits:
                commits = None
            if yesterday is None and today is None and not blocked and commits is None:
                return Done(mine, note=f"your check-in for {day} says that already")
        written = [block_in(tx, board, actor, t, None, None, None, now) for t in blocked]
        new_ids = [item.id for item, _ in written]
        fields: dict[str, object] = {"at": now}
        if yesterday is not None:
            fields["yesterday"] = yesterday
        if today is not None:
            fields["today"] = today
        if commits is not None:
            fields["commits"] = list(commits)
        if mine is None:
            cid = tx.next_id("C")
            record = Checkin(
                id=cid, who=actor.login, date=day, os_login=actor.os_login,
                blockers=new_ids, **fields,  # type: ignore[arg-type]
            )  # fmt: skip
            tx.insert("checkins", record.to_doc(), cid)
        else:
            fields["blockers"] = [*mine.blockers, *new_ids]
            record = msgspec.structs.replace(mine, os_login=actor.os_login, **fields)
            doc = record.to_doc()
            tx.update("checkins", mine.id, {**doc, **_emptied(doc, fields)})
        said = f"{called(board, actor.login)} checked in for {day}" + _summary(
            yesterday, today, [item.key for item, _ in written]
        )
        event = events.append(tx, actor, "checkin", record.key, said, now=now)
    return Done(record, (*(e for _, e in written), event))


def _emptied(doc: dict[str, object], fields: dict[str, object]) -> dict[str, object]:
    """Fields set to an empty list (no commits found today): stored empty, not left as
    they were (``to_doc`` leaves empty values out)."""
    return {k: [] for k, v in fields.items() if v == [] and k not in doc}


def _summary(yesterday: str | None, today: str | None, blocked: list[str]) -> str:
    parts = []
    if today is not None:
        parts.append(f"today {events.quote(today)}")
    if yesterday is not None:
        parts.append(f"yesterday {events.quote(yesterday)}")
    if blocked:
        parts.append(f"blocked {', '.join(blocked)}")
    return ": " + "; ".join(parts)
