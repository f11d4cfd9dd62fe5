"""Office hours: a weekly pattern of wall-clock ranges, as people type it.

``parse_hours("mon-thu 9-12,13-17; fri 9-13")`` reads a spec into an :class:`OfficeHours`:
for each weekday (Mon=0) the merged ranges of local minutes. The pattern is about the
*wall clock* in the person's zone, so an instant is in office hours when the clock on
their wall shows a time inside one of that day's ranges. That is what makes the DST days
come out right: :meth:`OfficeHours.intervals` expands the pattern over local dates (each
date's own weekday ranges; a date is never skipped or repeated, whatever the zone does)
and turns each wall-clock bound into an instant in the zone:

- a bound that falls in a DST gap (it never shows on the wall) becomes the end of the
  gap, the first instant whose wall time is past it — so ``daily 2:30-4`` on a
  spring-forward day at 02:00 starts at 03:00, and a range wholly inside the gap is empty
  (unlike a single time phrase, which moves forward by the gap: a range bound is the
  moment the clock passes it);
- an ambiguous bound (a fall-back fold) takes its first occurrence (``fold=0``).

Intervals are computed in UTC, so elapsed time and ordering never depend on Python's
wall-clock arithmetic for datetimes that share a tzinfo.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

import msgspec

from standup.errors import BadInput

EXAMPLE = "mon-fri 09:00-17:30"
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ALIASES: dict[str, tuple[int, ...]] = {
    "daily": tuple(range(7)),
    "everyday": tuple(range(7)),
    "weekdays": tuple(range(5)),
    "weekday": tuple(range(5)),
    "workdays": tuple(range(5)),
    "weekends": (5, 6),
    "weekend": (5, 6),
}
_DAY = 24 * 60
_TIME = re.compile(r"(\d{1,2})(?::(\d{2}))?(am|pm)?")

Ranges = tuple[tuple[int, int], ...]


class OfficeHours(msgspec.Struct, frozen=True):
    """A weekly pattern of office hours in local wall-clock minutes.

    ``days[d]`` (Mon=0) is a sorted tuple of merged, non-touching ``(start, end)``
    minutes with ``0 <= start < end <= 1440``; ``spec`` is the normalised text, which
    parses back to the same pattern.
    """

    spec: str
    days: tuple[Ranges, ...]

    def intervals(
        self, start: datetime, end: datetime, tz: tzinfo
    ) -> Iterator[tuple[datetime, datetime]]:
        """The office-hour intervals overlapping ``[start, end)``, in order, clipped to it,
        as aware datetimes in ``tz``.

        Touching intervals are merged: ``daily 0-24`` is one interval, not one per day,
        and ``fri 9-24; sat 0-2`` runs from Friday 09:00 to Saturday 02:00. So an
        interval's end is always a moment office hours really stop (or ``end``).
        Values carry ``tz`` itself, so compare and subtract them in UTC (or use
        :meth:`utc_intervals`): Python compares same-zone datetimes on the wall clock.
        """
        for s, e in self.utc_intervals(start, end, tz):
            yield s.astimezone(tz), e.astimezone(tz)

    def utc_intervals(
        self, start: datetime, end: datetime, tz: tzinfo
    ) -> Iterator[tuple[datetime, datetime]]:
        """:meth:`intervals` in UTC: what arithmetic on elapsed time should use."""
        lo, hi = _utc(start, tz), _utc(end, tz)
        workdays = tuple(d for d, ranges in enumerate(self.days) if ranges)
        if lo >= hi or not workdays:
            return
        # From the local day before ``start``: that day's ranges end at or before its
        # next midnight, which is the earliest any interval overlapping ``lo`` can start.
        first = lo.astimezone(tz).date() - timedelta(days=1)
        last = hi.astimezone(tz).date()
        pending: tuple[datetime, datetime] | None = None
        for midnight in _midnights(first, last, workdays):
            for a, b in self.days[midnight.weekday()]:
                s = max(_instant(midnight + timedelta(minutes=a), tz), lo)
                e = min(_instant(midnight + timedelta(minutes=b), tz), hi)
                if s >= e:
                    continue
                if pending is not None and s <= pending[1]:
                    pending = (pending[0], max(pending[1], e))
                    continue
                if pending is not None:
                    yield pending
                pending = (s, e)
        if pending is not None:
            yield pending

    def contains(self, moment: datetime, tz: tzinfo) -> bool:
        """Whether ``moment`` is in office hours (in zone ``tz``).

        Defined through :meth:`intervals`, so the two never disagree, even in a fold.
        """
        probe = _utc(moment, tz)
        return (
            next(self.utc_intervals(probe, probe + timedelta(microseconds=1), tz), None) is not None
        )


def _midnights(first: date, last: date, weekdays: tuple[int, ...]) -> Iterator[datetime]:
    """The naive midnights of the dates ``first`` to ``last`` (both included) that fall on
    one of ``weekdays`` (Mon=0): what ``dateutil.rrule(DAILY, byweekday=...)`` gives, with
    no import (~4 ms, at every start of the board's early read)."""
    midnight = datetime.combine(first, time())
    for _ in range((last - first).days + 1):
        if midnight.weekday() in weekdays:
            yield midnight
        midnight += _ONE_DAY


_ONE_DAY = timedelta(days=1)


def _utc(moment: datetime, tz: tzinfo) -> datetime:
    """``moment`` in UTC; a naive one is read as wall time in ``tz``."""
    if moment.tzinfo is None:
        return _instant(moment, tz)
    return moment.astimezone(UTC)


@lru_cache(maxsize=16384)  # the same local days come up for everyone in a zone
def _instant(wall: datetime, tz: tzinfo) -> datetime:
    """The first instant (UTC) at which the wall clock in ``tz`` reads ``wall`` or later.

    That is ``wall`` itself with ``fold=0`` (first occurrence) when it exists; in a DST
    gap it is the end of the gap.
    """
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return first
    # In a gap: fold=0 reads it with the offset before the change (an instant after the
    # transition), fold=1 with the offset after (an instant before it). The transition,
    # where the wall clock jumps past ``wall``, lies between: bisect to the second.
    lo = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    hi = first
    if lo >= hi:
        return hi
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        if mid.astimezone(tz).replace(tzinfo=None) >= wall:
            hi = mid
        else:
            lo = mid
    return hi.replace(microsecond=0)  # transitions fall on whole seconds


# --- parsing -------------------------------------------------------------------------


@lru_cache(maxsize=512)
def parse_hours(spec: str) -> OfficeHours:
    """Read an office-hours spec, or raise :class:`BadInput` saying what is wrong.

    Groups are separated by ``;``, each is days then ranges: days as names (``mon``,
    ``tuesday``), lists (``mon,wed,fri``), forward ranges (``mon-fri``; ``fri-mon`` is
    refused — write ``mon,fri-sun``) or ``daily``/``weekdays``/``weekends``; ranges
    separated by ``,`` as ``9-17``, ``09:00-17:30``, ``9am-5pm``. ``24:00`` (or
    ``00:00`` after a start) ends a range at midnight; ranges cannot cross midnight.
    Overlapping or touching ranges (also from different groups) are merged.
    """
    if not isinstance(spec, str) or not spec.strip():
        raise BadInput("the office hours are empty", EXAMPLE)
    text = spec.strip().lower().replace("\u2013", "-").replace("\u2014", "-")
    days: list[set[tuple[int, int]]] = [set() for _ in range(7)]
    for group in text.split(";"):
        if not group.strip():
            continue
        weekdays, ranges = _parse_group(group.strip(), spec)
        for d in weekdays:
            days[d].update(ranges)
    merged = tuple(_merge(sorted(day)) for day in days)
    if not any(merged):
        raise BadInput(f"office hours {spec!r} name no days and times", EXAMPLE)
    return OfficeHours(spec=_format(merged), days=merged)


def _parse_group(group: str, spec: str) -> tuple[set[int], list[tuple[int, int]]]:
    """``mon-fri 9-17`` → ({0..4}, [(540, 1020)])."""
    digit = re.search(r"\d", group)
    if digit is None:
        raise BadInput(f"office hours {spec!r}: {group!r} gives no times", EXAMPLE)
    day_text, time_text = group[: digit.start()].strip(), group[digit.start() :]
    if not day_text:
        raise BadInput(f"office hours {spec!r}: say which days {group!r} is for", EXAMPLE)
    weekdays = _parse_days(day_text, spec)
    time_text = re.sub(r"\s*([-,:])\s*", r"\1", time_text.strip())
    time_text = re.sub(r"\s+(am|pm)\b", r"\1", time_text)
    items = [item for item in re.split(r"[,\s]+", time_text) if item]
    return weekdays, [_parse_range(item, spec) for item in items]


def _parse_days(text: str, spec: str) -> set[int]:
    text = re.sub(r"\s*-\s*", "-", text)
    found: set[int] = set()
    for item in (i for i in re.split(r"[,\s]+", text) if i):
        if item in _ALIASES:
            found.update(_ALIASES[item])
            continue
        parts = item.split("-")
        if len(parts) == 1:
            found.add(_day(parts[0], spec))
        elif len(parts) == 2:
            a, b = _day(parts[0], spec), _day(parts[1], spec)
            if b < a:
                wrapped = _format_days(sorted({*range(a, 7), *range(b + 1)}))
                raise BadInput(
                    f"office hours {spec!r}: the day range {item!r} runs backwards "
                    f"(weeks run mon to sun): write {wrapped!r}",
                    EXAMPLE,
                )
            found.update(range(a, b + 1))
        else:
            raise BadInput(f"office hours {spec!r}: {item!r} is not a day or day range", EXAMPLE)
    return found


def _day(name: str, spec: str) -> int:
    """``mon``, ``monday``, ``mo``, ``tues``, ``thurs`` → 0..6."""
    if len(name) >= 2:
        hits = [d for d, full in enumerate(_FULL_NAMES) if full.startswith(name)]
        if len(hits) == 1:
            return hits[0]
    raise BadInput(f"office hours {spec!r}: {name!r} is not a day (mon … sun)", EXAMPLE)


def _parse_range(item: str, spec: str) -> tuple[int, int]:
    """``9-17``, ``09:00-17:30``, ``9am-5pm``, ``1-5pm`` (13:00-17:00) → minutes."""
    parts = item.split("-")
    if len(parts) != 2 or not parts[0] or not parts[1]:
        raise BadInput(f"office hours {spec!r}: {item!r} is not a time range", EXAMPLE)
    (start, start_mark), (end, end_mark) = _time(parts[0], spec), _time(parts[1], spec)
    if start_mark is None and end_mark is not None and 1 <= start // 60 <= 12:
        # "1-5pm" means 13:00-17:00, "9-5pm" still 09:00-17:00: the start takes the
        # end's am/pm only when that keeps the range running forward.
        shifted = _time(parts[0] + end_mark, spec)[0]
        if shifted < end:
            start = shifted
    if end == 0 and start > 0:
        end = _DAY  # "18:00-00:00", "6pm-12am": until midnight
    if start >= _DAY:
        raise BadInput(
            f"office hours {spec!r}: 24:00 can only end a range, not start {item!r}", EXAMPLE
        )
    if start == end:
        raise BadInput(f"office hours {spec!r}: the range {item!r} is empty", EXAMPLE)
    if start > end:
        raise BadInput(
            f"office hours {spec!r}: the range {item!r} runs backwards "
            "(ranges cannot cross midnight: split it as 'mon 22-24; tue 0-6')",
            EXAMPLE,
        )
    return start, end


def _time(text: str, spec: str) -> tuple[int, str | None]:
    """``9`` / ``9:30`` / ``09:00`` / ``24:00`` / ``9am`` → (minutes, am/pm or None)."""
    m = _TIME.fullmatch(text)
    if m is None:
        raise BadInput(f"office hours {spec!r}: {text!r} is not a time", EXAMPLE)
    hour, minute, mark = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    shown = text
    if minute >= 60:
        raise BadInput(f"office hours {spec!r}: {shown} is not a time (minutes 00-59)", EXAMPLE)
    if mark is not None:
        if not 1 <= hour <= 12:
            raise BadInput(f"office hours {spec!r}: {text!r} is not a time", EXAMPLE)
        hour = hour % 12 + (12 if mark == "pm" else 0)
    elif hour > 24 or (hour == 24 and minute):
        raise BadInput(f"office hours {spec!r}: {shown} is not a time (00:00-24:00)", EXAMPLE)
    return hour * 60 + minute, mark


def _merge(ranges: list[tuple[int, int]]) -> Ranges:
    """Sorted ranges with overlapping or touching ones joined."""
    out: list[tuple[int, int]] = []
    for a, b in ranges:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return tuple(out)


def _format(days: tuple[Ranges, ...]) -> str:
    """The normalised spec: days with the same ranges grouped, Monday first."""
    groups: dict[Ranges, list[int]] = {}
    for d, ranges in enumerate(days):
        if ranges:
            groups.setdefault(ranges, []).append(d)
    out = []
    for ranges, ds in groups.items():
        times = ",".join(f"{_hhmm(a)}-{_hhmm(b)}" for a, b in ranges)
        out.append(f"{_format_days(ds)} {times}")
    return "; ".join(out)


def _format_days(ds: list[int]) -> str:
    if len(ds) == 7:
        return "daily"
    runs: list[list[int]] = []
    for d in ds:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]}-{DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[d] for d in run)
    return ",".join(parts)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
