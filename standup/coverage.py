"""The team over a stretch of the past, for metrics: who was on it, with what role,
zone, office hours and delegate, when each was available — and the PM's coverage.

A person's record holds their values now and, in ``history``, the old values of each
change with its time; :func:`versions` rebuilds what held at every moment. Each
person's office hours and free time (office hours outside their absences, as
:mod:`standup.availability` defines it) are then laid out as intervals of epoch
seconds over the window once, so "was X available at t" is one bisection and the
coverage is a single sweep over the moments where anything changes.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from datetime import UTC, datetime, tzinfo
from typing import Any, NamedTuple

from standup.board import PM_ROLE, Board
from standup.model import Person

INF = math.inf
Interval = tuple[float, float]


class Version(NamedTuple):
    """What held for a person over a stretch of time (``None`` stands for off the team)."""

    role: str
    tz: tzinfo
    hours: Any  # OfficeHours | None
    delegate: str | None


def at_of(entry: Any) -> float | None:
    """The epoch time of a history entry, or ``None`` when it has none readable."""
    try:
        return datetime.fromisoformat(entry["at"]).timestamp()
    except (TypeError, KeyError, ValueError):
        return None


def versions(p: Person) -> list[tuple[float, float, Version | None]]:
    """``p`` over time as ``(start, end, version)``, in order, covering all time
    (``version`` None: not on the team then)."""
    fields: dict[str, Any] = {"role": p.role, "tz": p.tz, "hours": p.hours, "delegate": p.delegate}
    member = p.removed_at is None
    out = []
    hi, readded = INF, False
    for entry in reversed(p.history):
        at = at_of(entry) if isinstance(entry, dict) else None
        if at is None or at >= hi:
            continue
        out.append((at, hi, _version(fields) if member else None))
        hi = at
        action = entry.get("action")
        if action == "remove":
            member = True
        elif action == "add":  # back on the board: before this they were off it
            member, readded = False, True
        fields.update((k, entry[k]) for k in fields if k in entry)
    start = -INF if readded or p.added_at is None else min(p.added_at.timestamp(), hi)
    out.append((start, hi, _version(fields) if member else None))
    if start > -INF:
        out.append((-INF, start, None))
    out.reverse()
    return out


def _version(fields: dict[str, Any]) -> Version:
    from standup.clock import is_zone, zone
    from standup.errors import BadInput
    from standup.hours import parse_hours

    name, spec = fields["tz"], fields["hours"]
    tz = zone(name) if isinstance(name, str) and is_zone(name) else UTC
    try:
        hours = parse_hours(spec) if isinstance(spec, str) and spec.strip() else None
    except BadInput:
        hours = None
    delegate = fields["delegate"] if isinstance(fields["delegate"], str) else None
    return Version(str(fields["role"]), tz, hours, delegate)


class _Who:
    """One person's timeline over the window."""

    __slots__ = ("absences", "free", "free_starts", "office", "versions")

    def __init__(self, p: Person, absences: list[Interval], raw: list, lo: float, hi: float):
        self.versions = [v for v in versions(p) if v[1] > lo and v[0] < hi and v[0] < v[1]]
        self.office: list[Interval] = []
        for s, e, ver in self.versions:
            if ver is None:
                continue
            a, b = max(s, lo), min(e, hi)
            if ver.hours is None:
                self.office.append((a, b))
                continue
            start, stop = datetime.fromtimestamp(a, UTC), datetime.fromtimestamp(b, UTC)
            for x, y in ver.hours.utc_intervals(start, stop, ver.tz):
                self.office.append((x.timestamp(), y.timestamp()))
        self.free = _subtract(self.office, absences)
        self.free_starts = [s for s, _ in self.free]
        self.absences = raw  # (start, end, id, delegate)


class Team:
    """Everyone on the board over ``[lo, hi)`` (epoch seconds)."""

    def __init__(self, board: Board, lo: float, hi: float) -> None:
        self.lo, self.hi = lo, hi + 1  # a question asked at ``hi`` (now) still reads
        self.order = [*board.people, *(x for x in board.former if x not in board.people)]
        self.raw: dict[str, list] = {}
        for login, absences in board.absences.items():
            self.raw[login] = sorted(
                (
                    a.start.timestamp(),
                    INF if a.end is None else a.end.timestamp(),
                    a.id,
                    a.delegate,
                )
                for a in absences
            )
        self.who: dict[str, _Who] = {}
        for login in self.order:
            p = board.people.get(login) or board.former[login]
            raw = self.raw.get(login, [])
            self.who[login] = _Who(p, _union(raw), raw, self.lo, self.hi)

    def available(self, login: str, t: float) -> bool:
        """Whether ``login`` was available at ``t`` (a login that is not a person:
        whenever not away)."""
        who = self.who.get(login)
        if who is None:
            return not any(s <= t < e for s, e, _, _ in self.raw.get(login, ()))
        i = bisect_right(who.free_starts, t) - 1
        return i >= 0 and t < who.free[i][1]

    def coverage(self, lo: float, hi: float) -> float | None:
        """Of the time in ``[lo, hi)`` inside the union of the office hours of everyone
        on the team but the PM (while there is one), the share in which the PM or
        someone along the PM's delegate chain was available; ``None``: no such time."""
        if hi <= lo:
            return None
        events: list[tuple[float, int, str, Any]] = []
        for login, who in self.who.items():
            for s, _, ver in who.versions:
                events.append((max(s, lo), 0, login, ver))
            for code, spans in ((1, who.office), (2, who.free)):
                for s, e in spans:
                    events.append((max(s, lo), code, login, True))
                    events.append((e, code, login, False))
            for s, e, n, delegate in who.absences:
                if e > lo and s < hi:
                    events.append((max(s, lo), 3, login, (s, n, delegate)))
                    events.append((e, 4, login, (s, n, delegate)))
        events = [e for e in events if e[0] < hi]
        events.sort(key=lambda e: e[0])
        ver: dict[str, Version | None] = dict.fromkeys(self.who)
        office = dict.fromkeys(self.who, False)
        free = dict.fromkeys(self.who, False)
        away: dict[str, set] = {login: set() for login in self.who}
        in_office = 0
        pm: str | None = None
        demand = covered = 0.0
        i, n = 0, len(events)
        while i < n:
            t = events[i][0]
            roles_changed = False
            while i < n and events[i][0] == t:
                _, code, login, value = events[i]
                i += 1
                if code == 0:
                    ver[login], roles_changed = value, True
                elif code == 1:
                    if office[login] != value:
                        in_office += 1 if value else -1
                    office[login] = value
                elif code == 2:
                    free[login] = value
                elif code == 3:
                    away[login].add(value)
                else:
                    away[login].discard(value)
            if roles_changed:
                pm = next((x for x in self.order if ver[x] and ver[x].role == PM_ROLE), None)
            stop = events[i][0] if i < n else hi
            if pm is None or stop <= t:
                continue
            if in_office - (1 if office[pm] else 0) <= 0:
                continue
            demand += stop - t
            if _reached(pm, ver, free, away):
                covered += stop - t
        return covered / demand if demand else None


def _reached(pm: str, ver: dict, free: dict, away: dict) -> bool:
    """Whether the PM, or the first available along their delegate chain, is free now
    (the chain as :func:`standup.availability.who_can_answer` walks it)."""
    seen: set[str] = set()
    current: str | None = pm
    while current and current not in seen:
        if free[current]:
            return True
        seen.add(current)
        absent = away[current]
        chosen = max(absent)[2] if absent else None  # the absence that started last
        delegate = chosen or ver[current].delegate
        current = delegate if ver.get(delegate) is not None else None
    return False


def _union(raw: list) -> list[Interval]:
    """The time the absences cover, as sorted, disjoint spans."""
    out: list[Interval] = []
    for s, e, _, _ in raw:
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _subtract(intervals: list[Interval], spans: list[Interval]) -> list[Interval]:
    """Sorted ``intervals`` minus sorted disjoint ``spans``, touching pieces joined."""
    out: list[Interval] = []
    j = 0
    for s, e in intervals:
        while j < len(spans) and spans[j][1] <= s:
            j += 1
        cur, k = s, j
        while cur < e:
            if k >= len(spans) or spans[k][0] >= e:
                _add(out, cur, e)
                break
            a, b = spans[k]
            if a > cur:
                _add(out, cur, a)
            cur, k = max(cur, b), k + 1
    return out


def _add(out: list[Interval], s: float, e: float) -> None:
    if out and s <= out[-1][1]:
        out[-1] = (out[-1][0], max(out[-1][1], e))
    else:
        out.append((s, e))
