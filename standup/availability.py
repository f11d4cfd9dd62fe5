"""Who is here now, when they are back, who decides meanwhile, and working-hour deadlines.

Everything here is a pure function of a person's record, their absences and the clock.
The one idea underneath is a person's *free time*: their office hours (in their own
zone; no hours means any time) minus the spans their absences cover. Status, next
availability and working-hour deadlines all walk that free time interval by interval,
never minute by minute, and all arithmetic is done in UTC so DST days count real time.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

import msgspec

from standup.clock import storable, whole_minutes, zone
from standup.errors import BadInput
from standup.model import Absence, Person

if TYPE_CHECKING:
    from standup.hours import OfficeHours

LOOKAHEAD = timedelta(days=60)  # how far next_available and until look
SEARCH_LIMIT = timedelta(days=366)  # how far add_working_hours looks
AVAILABLE, OFF_HOURS = "available", "off-hours"

Span = tuple[datetime, datetime | None]  # [start, end) in UTC; end None: open-ended


class Status(msgspec.Struct, frozen=True):
    """A person's status at one moment.

    ``status`` is ``available``, the kind of the absence in force (``away``, ``ooo``, …)
    or ``off-hours``. ``until`` is when this status ends (``None``: open-ended, or not
    within :data:`LOOKAHEAD`); ``next_available`` is ``now`` itself when available, else
    the earliest moment in office hours outside every absence within the lookahead.
    Times other than ``now`` carry the person's local UTC offset at that moment (a fixed
    offset, e.g. ``09:00+02:00`` in Berlin in summer), not their ZoneInfo: they print in
    local time, yet compare and add as real instants — same-ZoneInfo datetimes compare
    and add on the wall clock, which goes wrong around DST changes.
    """

    status: str
    available: bool
    until: datetime | None
    next_available: datetime | None
    delegate: str | None
    absence: Absence | None


class Route(msgspec.Struct, frozen=True):
    """Who can answer for an addressee right now.

    ``login`` is the first available person along the delegate chain (``None``: nobody
    now, in which case ``at`` is the earliest anyone visited is next available); ``chain``
    lists the logins visited, in order, each once.
    """

    login: str | None
    at: datetime | None
    chain: tuple[str, ...]


def status_of(
    login: str,
    person: Person | None,
    absences: Sequence[Absence],
    now: datetime,
    default_tz: tzinfo,
) -> Status:
    """``login``'s status at ``now``: an absence outranks office hours.

    ``person`` None is a login not on the board: no office hours, zone ``default_tz``, no
    standing delegate. With overlapping absences, *the* current absence is the one that
    started last (ties: the higher id) — the most recent thing the person said about
    themselves, so its kind, note and delegate are shown — while ``until`` is the end of
    the whole contiguous span the absences cover.

    ``until`` for ``available`` is the end of the current office-hours interval or the
    start of the next absence, whichever comes first; for ``off-hours`` it is likewise
    the first status change: office hours beginning, or an absence beginning before
    that (from then on the absence is the status). Either is ``None`` when it does not
    happen within :data:`LOOKAHEAD`.
    """
    tz, hours = _profile(person, default_tz)
    now_u = now.astimezone(UTC)
    horizon = now_u + LOOKAHEAD
    pending = _pending(absences, login, after=now_u)
    spans = _spans(pending)
    standing = (person.delegate or None) if person else None
    first = next(_free(hours, tz, spans, now_u, horizon), None)
    next_available = _local(first[0], tz) if first else None

    span = next((s for s in spans if s[0] <= now_u), None)  # spans all end after now
    if span is not None:
        # Every pending absence ends after now, so one that has started covers now.
        _, _, current = max((p for p in pending if p[0] <= now_u), key=_latest_start)
        return Status(
            status=current.kind or "away",
            available=False,
            until=_maybe_local(span[1], tz),
            next_available=next_available,
            delegate=current.delegate or standing,
            absence=current,
        )
    if first is not None and first[0] == now_u:
        return Status(
            status=AVAILABLE,
            available=True,
            until=_local(first[1], tz) if first[1] < horizon else None,
            next_available=now,
            delegate=standing,
            absence=None,
        )
    # Off-hours (no hours and not absent is always available): it ends when office
    # hours begin or an absence does, whichever is first.
    office = hours.utc_intervals(now_u, horizon, tz) if hours else iter(())
    changes = [s for s, _ in itertools.islice(office, 1)]
    changes += [s for s, _ in spans[:1] if s < horizon]
    return Status(
        status=OFF_HOURS,
        available=False,
        until=_local(min(changes), tz) if changes else None,
        next_available=next_available,
        delegate=standing,
        absence=None,
    )


def who_can_answer(
    login: str | None,
    people: Mapping[str, Person],
    absences: Mapping[str, Sequence[Absence]],
    now: datetime,
    default_tz: tzinfo,
) -> Route:
    """The addressee if available now, else their delegate, and so on down the chain.

    Each step follows the delegate of the absence in force, else the standing delegate.
    A login that is not a registered person is available unless absent; a delegate who
    is not on the board is never visited. The walk stops at the first available login, a
    missing delegate, or a login already visited.
    """
    if login is None:
        return Route(login=None, at=None, chain=())
    chain: list[str] = []
    earliest: datetime | None = None
    current: str | None = login
    while current and current not in chain:
        chain.append(current)
        st = status_of(current, people.get(current), absences.get(current, ()), now, default_tz)
        if st.available:
            return Route(login=current, at=now, chain=tuple(chain))
        if st.next_available is not None and (earliest is None or st.next_available < earliest):
            earliest = st.next_available
        # A delegate not (or no longer) on the board is skipped: nothing is routed to them.
        current = st.delegate if st.delegate in people else None
    return Route(login=None, at=earliest, chain=tuple(chain))


def add_working_hours(
    person: Person | None,
    absences: Sequence[Absence],
    start: datetime,
    hours: float,
    default_tz: tzinfo,
) -> datetime:
    """The moment ``hours`` of the person's working time after ``start`` have passed.

    Working time is their office hours (in their zone) outside their absences; with no
    office hours, every moment they are not absent. Real elapsed time is counted, so an
    interval spanning a DST change counts an hour more or less. When the count runs out
    exactly at the end of an interval the result is that end (Friday 17:00, not Monday
    09:00). Given with the person's local offset (see :class:`Status`). :class:`BadInput`
    when the time cannot be found within 366 days (more hours than 366 days hold are
    refused before any counting), falls after 2200 (the last year a board holds), or
    ``hours`` is negative or not a number.
    """
    if not isinstance(hours, int | float) or not math.isfinite(hours) or hours < 0:
        raise BadInput(f"{hours!r} is not a number of working hours", "4 working hours")
    who = person.login if person else "this person"
    if hours > SEARCH_LIMIT / timedelta(hours=1):
        raise BadInput(
            f"{hours:.15g} working hours is more than the {SEARCH_LIMIT.days} days "
            "standup looks ahead",
            "4 working hours, or a date: 2026-12-03 17:00",
        )
    tz, office = _profile(person, default_tz)
    start_u = start.astimezone(UTC)
    need = timedelta(hours=hours)
    if need <= timedelta(0):
        return _bounded(start_u, tz, hours)
    spans = _spans(_pending(absences, person.login if person else None, after=start_u))
    for s, e in _free(office, tz, spans, start_u, start_u + SEARCH_LIMIT):
        if e - s >= need:
            return _bounded(s + need, tz, hours)
        need -= e - s
    raise BadInput(
        f"{hours:.15g} working hours of {who} do not fit in the next 366 days "
        "(no office hours outside absences)",
        "fri 17:00",
    )


def _bounded(moment: datetime, tz: tzinfo, hours: float) -> datetime:
    """A working-hours deadline as the board stores it (see :func:`clock.storable`)."""
    return _local(storable(moment, f"{hours:.15g} working hours from now", "fri 17:00"), tz)


# --- free time -----------------------------------------------------------------------


def _profile(person: Person | None, default_tz: tzinfo) -> tuple[tzinfo, OfficeHours | None]:
    """A person's zone and office hours; an unknown login: ``default_tz``, any time."""
    if person is None:
        return default_tz, None
    if not person.hours:
        return zone(person.tz), None
    # here, not at the top: the board unpickles its first view (Status, Route) without it
    from standup.hours import parse_hours

    return zone(person.tz), parse_hours(person.hours)


Pending = tuple[datetime, datetime | None, Absence]  # start, end (UTC), the absence


def _pending(absences: Iterable[Absence], who: str | None, after: datetime) -> list[Pending]:
    """The absences of ``who`` (``None``: all given) not over by ``after``, with their
    bounds in UTC, by start. Years of past absences drop out here, once."""
    out: list[Pending] = []
    for a in absences:
        if (who is not None and a.who != who) or (a.end is not None and a.end <= after):
            continue
        s = a.start.astimezone(UTC)
        e = None if a.end is None else a.end.astimezone(UTC)
        if e is None or (e > s and e > after):
            out.append((s, e, a))
    out.sort(key=lambda p: p[0])
    return out


def _latest_start(p: Pending) -> tuple[datetime, int]:
    return p[0], p[2].id or 0


def _spans(pending: Iterable[Pending]) -> list[Span]:
    """The time the absences cover, as sorted, disjoint spans in UTC.

    Overlapping or touching absences make one span (a contiguous stretch away), which
    is open-ended as soon as one of them is.
    """
    spans: list[Span] = []
    for s, e, _ in pending:
        if spans and (spans[-1][1] is None or s <= spans[-1][1]):
            prev_start, prev_end = spans[-1]
            spans[-1] = (prev_start, None if prev_end is None or e is None else max(prev_end, e))
            if prev_end is None:
                break
        else:
            spans.append((s, e))
    return spans


def _free(
    hours: OfficeHours | None,
    tz: tzinfo,
    spans: Sequence[Span],
    start: datetime,
    end: datetime,
) -> Iterator[tuple[datetime, datetime]]:
    """The free time in ``[start, end)`` (UTC), in order: office hours minus ``spans``.

    Lazy, so the first interval (status) costs only the first few office intervals.
    Pieces that touch are joined, so each end is a moment the person really stops.
    """
    office = hours.utc_intervals(start, end, tz) if hours else iter([(start, end)])
    pending: tuple[datetime, datetime] | None = None
    for piece in _subtract(office, spans):
        if pending is not None and piece[0] <= pending[1]:
            pending = (pending[0], max(pending[1], piece[1]))
            continue
        if pending is not None:
            yield pending
        pending = piece
    if pending is not None:
        yield pending


def _subtract(
    intervals: Iterable[tuple[datetime, datetime]], spans: Sequence[Span]
) -> Iterator[tuple[datetime, datetime]]:
    """``intervals`` (sorted) minus ``spans`` (sorted, disjoint): a two-pointer walk."""
    i = 0
    for s, e in intervals:
        while i < len(spans) and _ends_by(spans[i], s):
            i += 1
        cur, j = s, i
        while cur < e:
            if j >= len(spans) or spans[j][0] >= e:
                yield cur, e
                break
            span_start, span_end = spans[j]
            if span_start > cur:
                yield cur, span_start
            if span_end is None:
                return  # away until further notice: nothing is free after this
            cur, j = max(cur, span_end), j + 1


def _ends_by(span: Span, moment: datetime) -> bool:
    return span[1] is not None and span[1] <= moment


def _local(moment: datetime, tz: tzinfo) -> datetime:
    """``moment`` with ``tz``'s offset at that instant, as a fixed-offset zone; in UTC
    when that offset has seconds (local mean time), which no ISO reader takes."""
    local = whole_minutes(moment.astimezone(tz))
    offset = local.utcoffset()
    return local.replace(tzinfo=UTC if not offset else timezone(offset), fold=0)


def _maybe_local(moment: datetime | None, tz: tzinfo) -> datetime | None:
    return None if moment is None else _local(moment, tz)
