"""The stand-up meeting, as a pure function of the board and the clock: who takes
part, in what order, who facilitates, who speaks now and for how long.

**Order.** The team's people, sorted by login, shuffled with a local
``random.Random(date.isoformat())``: every board on a given date shows the same order
(and nothing else in the process moves it), another date another one.

**Facilitator.** Rotates by day through the team in login order
(``date.toordinal() % len(people)``), the next one present when that person is absent;
``start`` may name someone else (shown as the facilitator, recorded in the stand-up).

**Absent.** Anyone not available now (away, out of office, off hours: see
:mod:`standup.availability`) is listed absent, and the speaker moves past them.

**Alive.** Only the board that runs a meeting (its ``runner``) changes it. It writes
``beat_at`` on each change; between changes its presence heartbeat (a file beside the
board touched every 30 s, see :mod:`standup.presence`) says it is still there, so the
shared board file is not rewritten every few seconds just to say "still here". A meeting
with neither for :data:`TAKEOVER_S` can be taken over by someone else's ``m``.

Nothing here imports Textual; :mod:`standup.ops.meeting` writes, the screen shows.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, datetime

import msgspec

from standup.board import Board
from standup.records import Standup

TAKEOVER_S = 60  # a meeting whose runner gave no sign of life for this long is free


class Plan(msgspec.Struct, frozen=True):
    """A meeting about to start: everyone in speaking order, who is absent, who
    facilitates today."""

    order: list[str]
    absent: list[str]
    facilitator: str | None


def speaking_order(logins: Iterable[str], day: date) -> list[str]:
    """The same order for everyone on ``day``; a local Random, never the global one."""
    people = sorted(logins)
    random.Random(day.isoformat()).shuffle(people)
    return people


def facilitator_for(logins: Iterable[str], day: date, absent: Iterable[str] = ()) -> str | None:
    """Today's facilitator: the team in login order, one step a day; the next one
    present when they are absent (the one of the day when everyone is)."""
    people = sorted(logins)
    if not people:
        return None
    first = day.toordinal() % len(people)
    away = set(absent)
    for step in range(len(people)):
        login = people[(first + step) % len(people)]
        if login not in away:
            return login
    return people[first]


def absent_now(board: Board, now: datetime) -> list[str]:
    """The people not available at ``now``, in the board's order."""
    from standup.view import BoardView

    view = BoardView(board, now, board.zone_of(""))
    return [p.login for p in view.people if not p.status.available]


def plan(board: Board, now: datetime, day: date, absent: list[str] | None = None) -> Plan:
    """``absent``: who is away now, when the caller knows it already (the board's view,
    drawn a moment ago); else computed here."""
    logins = list(board.people)
    absent = absent_now(board, now) if absent is None else absent
    return Plan(speaking_order(logins, day), absent, facilitator_for(logins, day, absent))


def running(board: Board) -> Standup | None:
    """The meeting running on this board (the latest, if a damaged file holds two)."""
    return next((s for s in reversed(board.standups.values()) if s.running), None)


def last_sign(standup: Standup, seen_at: datetime | None) -> datetime:
    """The last sign of life of the board that runs ``standup``: its last write, or
    its runner's presence heartbeat, whichever is later."""
    signs = [t for t in (standup.beat_at, seen_at, standup.started_at) if t is not None]
    return max(signs)


def alive(standup: Standup, now: datetime, seen_at: datetime | None) -> bool:
    """Does a board still run ``standup``? (``seen_at``: its runner's heartbeat.)"""
    return (now - last_sign(standup, seen_at)).total_seconds() < TAKEOVER_S


def step(order: list[str], absent: Iterable[str], start: int | None, direction: int) -> int | None:
    """The next place in ``order`` from ``start`` (exclusive; ``None``: from the edge)
    in ``direction`` that is not absent; ``None`` when there is none."""
    absent = set(absent)
    i = (-1 if direction > 0 else len(order)) if start is None else start
    i += direction
    while 0 <= i < len(order):
        if order[i] not in absent:
            return i
        i += direction
    return None


def speaking_seconds(standup: Standup, now: datetime) -> int:
    """How long the current speaker has spoken (0 when nobody speaks)."""
    if standup.speaker is None or standup.speaking_since is None:
        return 0
    return max(0, int((now - standup.speaking_since).total_seconds()))


def meeting_seconds(standup: Standup, now: datetime) -> int:
    end = standup.ended_at or now
    return max(0, int((end - standup.started_at).total_seconds()))


def spoken(standup: Standup) -> dict[str, int]:
    """Seconds each person spoke (someone who spoke twice, after ``p``, adds up)."""
    out: dict[str, int] = {}
    for s in standup.spoke:
        out[s.who] = out.get(s.who, 0) + s.seconds
    return out


def clock_text(seconds: int) -> str:
    """``m:ss`` (``h:mm:ss`` past an hour)."""
    seconds = abs(int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def timebox(elapsed: int, limit: int) -> tuple[str, bool]:
    """What a countdown shows: the time left (``1:30``) and ``False``, or the overtime
    with its sign (``+0:12``) and ``True`` — never colour alone."""
    left = limit - elapsed
    if left >= 0:
        return clock_text(left), False
    return "+" + clock_text(-left), True
