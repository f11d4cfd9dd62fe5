"""``standup list standups [--all] [--json]``: the stand-up records.

Without ``--all``: the one running now and today's (the reader's date); with it, every
stand-up, archives included (:func:`standup.archives.read_all`). Keys of the JSON are
product.md's, plus the live state of a running one (``speaker``, ``speaking_since``).
"""

from __future__ import annotations

import argparse
from datetime import datetime, tzinfo
from typing import Any

from standup import clock
from standup.board import PARTS, Board
from standup.records import Standup
from standup.text import one_line


def standup_json(s: Standup, tz: tzinfo) -> dict[str, Any]:
    return {
        "id": s.key,
        "date": s.date,
        "started_at": clock.iso(s.started_at, tz),
        "ended_at": clock.iso(s.ended_at, tz),
        "facilitator": s.facilitator,
        "order": list(s.order),
        "spoke": [{"who": x.who, "seconds": x.seconds} for x in s.spoke],
        "absent": list(s.absent),
        "parked": list(s.parked),
        "raised": list(s.raised),
        "decisions": [
            {"question": d.question, "outcome": d.outcome, "by": d.by} for d in s.decisions
        ],
        "duration_seconds": s.duration_seconds,
        "speaker": s.speaker,
        "speaking_since": clock.iso(s.speaking_since, tz),
        "skipped": list(s.skipped),
    }


def standup_line(s: Standup, board: Board, now: datetime) -> str:
    from standup import meeting

    names = [one_line(board.name_of(x) or x) for x in dict.fromkeys(x.who for x in s.spoke)]
    if s.running:
        state = "running"
        if s.speaker:
            took = meeting.clock_text(meeting.speaking_seconds(s, now))
            state += f", {one_line(board.name_of(s.speaker) or s.speaker)} speaking ({took})"
    else:
        state = f"{meeting.clock_text(s.duration_seconds or 0)}"
    line = f"{s.key:>4}  {s.date}  facilitator {one_line(board.name_of(s.facilitator) or '')}"
    line += f" · {state} · spoke: {', '.join(names) or 'nobody yet'}"
    if s.absent:
        line += f" · absent: {', '.join(one_line(board.name_of(x) or x) for x in s.absent)}"
    if s.parked:
        line += f" · parked: {len(s.parked)}"
    return line


def list_standups(args: argparse.Namespace) -> int:
    from standup import archives
    from standup.cli.commands import _actor, _print_json, _say, _store, _warn_damaged

    store, actor, now = _store(args), _actor(args), clock.now()
    snapshot = archives.read_all(store) if args.all else store.read()
    # Every table, as the other lists do: a damaged record anywhere is named.
    board = Board.load(snapshot, snapshot.revision, parts=(*PARTS, "standups"))
    _warn_damaged(_Damaged(board))
    tz = board.zone_of(actor.login)
    today = now.astimezone(tz).date().isoformat()
    rows = [s for s in board.standups.values() if args.all or s.running or s.date == today]
    if args.json:
        _print_json([standup_json(s, tz) for s in rows])
    else:
        for s in rows:
            _say(standup_line(s, board, now))
        if not rows:
            _say("no stand-ups" if args.all else "no stand-up today (--all lists every one)")
    return 0


class _Damaged:
    """What :func:`_warn_damaged` reads (a view's ``board``)."""

    def __init__(self, board: Board) -> None:
        self.board = board
