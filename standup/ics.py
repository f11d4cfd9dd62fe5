"""A calendar export's busy time: parsing an iCalendar file and expanding its events.

:func:`busy_events` parses the bytes :func:`standup.calendar.read_calendar` read, with
``icalendar``, and expands recurrences with ``recurring-ical-events`` (both imported
here, on first use: other commands never pay for them). It keeps busy events only —
``TRANSP:TRANSPARENT``, ``STATUS:CANCELLED`` and Outlook's "free" are skipped — with
their times as written: aware in the event's zone or UTC, or all-day dates and floating
times, which only the person's zone makes into moments (:meth:`Busy.span`).
:func:`standup.calendar.plan` then matches them with the board (see
:mod:`standup.calendar` for the whole import and its rule).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import msgspec

from standup.clock import EARLIEST, LATEST, storable
from standup.errors import BadInput

WINDOW = timedelta(days=60)  # the same lookahead as availability.LOOKAHEAD
MAX_EVENTS = 10_000  # busy occurrences in the window: more is not a person's calendar
MAX_NOTE = 200
EXAMPLE = "standup away --ics ~/calendar.ics"
_MARGIN = timedelta(days=1)  # all-day and floating times move by at most ±14 h in a zone
# Rules that repeat every second or minute are never busy time, and expanding one from
# its start year to now could take hours.
_TOO_OFTEN = {"SECONDLY", "MINUTELY"}
_PRIVATE = {"PRIVATE", "CONFIDENTIAL"}


class Busy(msgspec.Struct, frozen=True):
    """One busy occurrence of a calendar event, its times as the file gives them:
    aware datetimes, floating (naive) datetimes, or all-day dates (``end`` exclusive)."""

    uid: str
    recurrence: str | None  # the occurrence's RECURRENCE-ID, for a recurring event
    start: date
    end: date
    summary: str | None
    out_of_office: bool = False  # Outlook's X-MICROSOFT-CDO-BUSYSTATUS:OOF

    @property
    def key(self) -> tuple[str, str | None]:
        return self.uid, self.recurrence

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    def span(self, tz: tzinfo) -> tuple[datetime, datetime] | None:
        """``[start, end)`` as storable moments: dates and floating times in ``tz``
        (the person's zone); ``None`` when it cannot be stored (outside 1970–2200, or
        ending before it starts)."""
        try:
            start, end = storable(_moment(self.start, tz)), storable(_moment(self.end, tz))
        except (BadInput, OverflowError, ValueError):
            return None
        return (start, end) if end > start else None

    def kind(self, start: datetime, end: datetime) -> str:
        """``ooo`` for a day or more (or Outlook's out of office), else ``meeting``."""
        long = self.all_day or self.out_of_office or end - start >= timedelta(days=1)
        return "ooo" if long else "meeting"


class Events(msgspec.Struct, frozen=True):
    """What :func:`busy_events` found: the busy occurrences, in start order, and how many
    events or series could not be read (skipped, each in its own way)."""

    busy: list[Busy]
    unreadable: int = 0


def _moment(value: date, tz: tzinfo) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=tz)
    return value


def busy_events(data: bytes, now: datetime, *, name: str = "the file") -> Events:
    """The busy occurrences in ``data`` that may overlap ``[now, now + WINDOW)`` (a day
    more on each side: all-day and floating times are placed in a zone later, by
    :func:`plan`). ``name`` is how a refusal names the file. Not an iCalendar file, or
    more than :data:`MAX_EVENTS` busy occurrences: :class:`BadInput`."""
    import icalendar
    import recurring_ical_events

    try:
        # Third-party parsing of anything at all: every error it can raise means the
        # same thing to the person, "this is not a calendar standup can read".
        cal = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # noqa: BLE001
        raise _not_a_calendar(name, exc) from None
    if getattr(cal, "name", None) != "VCALENDAR":
        raise _not_a_calendar(name, None)
    unreadable = _drop_too_often(cal)
    series = _recurring_uids(cal)
    try:
        query = recurring_ical_events.of(cal, keep_recurrence_attributes=True, skip_bad_series=True)
    except Exception as exc:  # noqa: BLE001 (as above: an unusable calendar)
        raise _not_a_calendar(name, exc) from None
    first, last = now.astimezone(UTC) - _MARGIN, now.astimezone(UTC) + WINDOW + _MARGIN
    busy: list[Busy] = []
    seen: dict[tuple[str, str | None], int] = {}
    occurrences = query.after(first)
    while True:
        try:
            event = next(occurrences, None)
        except Exception as exc:  # noqa: BLE001
            # A series that fails part-way ends the expansion: importing what came before
            # would remove the absences of every event after it, so nothing is imported.
            raise _not_a_calendar(
                name, exc, "has a recurring event standup cannot expand"
            ) from None
        if event is None:
            break
        found = _busy(event, series)
        if found is None:
            continue
        if found == "unreadable":
            unreadable += 1
            continue
        if _approx_utc(found.start) >= last:
            break  # in start order: everything after this is beyond the window
        if len(busy) >= MAX_EVENTS:
            raise BadInput(
                f"{name} has more than {MAX_EVENTS:,} busy events in the next "
                f"{WINDOW.days} days; export one person's calendar",
                EXAMPLE,
            )
        n = seen[found.key] = seen.get(found.key, 0) + 1
        if n > 1:  # the same UID twice in one file (a broken export): keep both
            found = msgspec.structs.replace(found, uid=f"{found.uid}#{n}")
        busy.append(found)
    return Events(busy=busy, unreadable=unreadable)


def _not_a_calendar(
    name: str, exc: Exception | None, what: str = "is not an iCalendar file"
) -> BadInput:
    reason = f" ({' '.join(str(exc).split())[:80]})" if exc is not None and str(exc) else ""
    return BadInput(f"{name} {what}{reason}; nothing was imported", EXAMPLE)


def _drop_too_often(cal: Any) -> int:
    """Remove the events that repeat every second or minute, or by a rule that cannot be
    read; how many there were."""
    keep = [sub for sub in cal.subcomponents if sub.name != "VEVENT" or _expandable(sub)]
    dropped = len(cal.subcomponents) - len(keep)
    cal.subcomponents[:] = keep
    return dropped


def _expandable(event: Any) -> bool:
    """Whether ``event`` has no repetition rule, or a readable one that is not every
    second or minute."""
    try:
        rule = event.get("RRULE")
        rules = rule if isinstance(rule, list) else [rule] if rule is not None else []
        return not any(str(f).upper() in _TOO_OFTEN for r in rules for f in r.get("FREQ", []))
    except Exception:  # noqa: BLE001 — icalendar raises on first use of a broken value
        return False


def _recurring_uids(cal: Any) -> set[str]:
    """UIDs of the events that repeat (their occurrences are told apart by their
    RECURRENCE-ID; a one-off event that moved keeps its key)."""
    return {
        str(e.get("UID"))
        for e in cal.walk("VEVENT")
        if any(p in e for p in ("RRULE", "RDATE", "RECURRENCE-ID"))
    }


def _busy(event: Any, series: set[str]) -> Busy | str | None:
    """The busy occurrence ``event`` is; ``None`` for free or cancelled time;
    ``"unreadable"`` when its times cannot be used."""
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return None
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    outlook = str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper()
    if outlook == "FREE":
        return None
    try:
        start, end = event["DTSTART"].dt, event["DTEND"].dt
    except (KeyError, AttributeError):
        return "unreadable"
    if not isinstance(start, date) or not isinstance(end, date):
        return "unreadable"
    if isinstance(start, datetime) != isinstance(end, datetime):
        return "unreadable"
    uid = str(event.get("UID") or "") or _no_uid(event, start)
    recurrence = None
    if uid in series and event.get("RECURRENCE-ID") is not None:
        recurrence = _stamp(event["RECURRENCE-ID"].dt)
    summary = None
    if str(event.get("CLASS", "PUBLIC")).upper() not in _PRIVATE:
        summary = " ".join(str(event.get("SUMMARY", "")).split())[:MAX_NOTE] or None
    return Busy(uid, recurrence, start, end, summary, out_of_office=outlook == "OOF")


def _no_uid(event: Any, start: date) -> str:
    """A stable stand-in for a missing UID (RFC 5545 requires one; some exports omit
    it): such an event is matched by its start and summary."""
    return f"no-uid {_stamp(start)} {' '.join(str(event.get('SUMMARY', '')).split())[:60]}"


def _stamp(value: Any) -> str:
    """A RECURRENCE-ID as text that does not depend on how the file spells its zone."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.isoformat() if isinstance(value, date) else str(value)


def _approx_utc(value: date) -> datetime:
    """``value`` as a UTC moment, dates and floating times read as UTC (±14 h)."""
    moment = _moment(value, UTC)
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return LATEST if moment.year > 2000 else EARLIEST
