"""Absences from a calendar: the busy time of an iCalendar export, as absences.

``standup away --ics FILE`` reads a calendar export (Google, Outlook, Thunderbird, …)
and keeps the person's absences in step with it over the next 60 days — as far as
standup looks ahead for ``until`` and ``next_available``. Three steps:

* :func:`read_calendar` opens the file the way the store opens the board (never through
  a symbolic link, never blocking on a FIFO, a regular file only) and reads at most
  :data:`MAX_BYTES`.
* :func:`busy_events` parses it with ``icalendar`` and expands recurrences with
  ``recurring-ical-events`` (both imported here, on first use: other commands never pay
  for them). It keeps busy events only — ``TRANSP:TRANSPARENT``, ``STATUS:CANCELLED``
  and Outlook's "free" are skipped — with their times as written: aware in the event's
  zone or UTC, or all-day dates and floating times, which only the person's zone makes
  into moments (:meth:`Busy.span`). This runs before the board is locked.
* :func:`plan` compares them with the absences imported before and says what to add,
  change, remove or end, so a second import of the same file changes nothing.

An event is known by its UID, plus its RECURRENCE-ID for one occurrence of a recurring
event. What an import does with the absences it made earlier (the rule, in one place):

* an event still in the file: its absence follows it (moved, renamed) — unless the
  person ended it early with ``standup back``, which an import never undoes;
* an event gone from the file (within the window, from the same file): its absence is
  removed if it has not started — it never happened — or ended now if it has, as
  ``back`` would; absences in the past are history and never change;
* absences typed by hand (``standup away``) are never touched.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import msgspec

from standup.clock import EARLIEST, LATEST, storable
from standup.errors import BadInput
from standup.model import Absence

MAX_BYTES = 16 * 1024 * 1024  # a year of a busy calendar is well under 1 MiB
WINDOW = timedelta(days=60)  # the same lookahead as availability.LOOKAHEAD
MAX_EVENTS = 10_000  # busy occurrences in the window: more is not a person's calendar
MAX_NOTE = 200
EXAMPLE = "standup away --ics ~/calendar.ics"
_OPEN = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
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


# -- reading the file ------------------------------------------------------------------


def read_calendar(path: str) -> bytes:
    """The bytes of the calendar file at ``path``, or :class:`BadInput` (one line):
    missing, unreadable, not a regular file (a symbolic link, FIFO, directory or device
    is refused before a byte is read), or larger than :data:`MAX_BYTES`."""
    shown = repr(path)
    try:
        fd = os.open(path, _OPEN)
    except (ValueError, OSError) as exc:  # ValueError: a NUL in the path
        raise BadInput(f"cannot read the calendar {shown}: {_why(exc)}", EXAMPLE) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            from standup.files import kind_of

            raise BadInput(
                f"the calendar {shown} is {kind_of(st.st_mode)}, not a regular file", EXAMPLE
            )
        if st.st_size > MAX_BYTES:
            raise BadInput(_too_big(shown), EXAMPLE)
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BYTES:  # it grew while we read
                raise BadInput(_too_big(shown), EXAMPLE)
        return b"".join(chunks)
    except OSError as exc:
        raise BadInput(f"cannot read the calendar {shown}: {_why(exc)}", EXAMPLE) from None
    finally:
        os.close(fd)


def _too_big(shown: str) -> str:
    return f"the calendar {shown} is larger than {MAX_BYTES >> 20} MiB; export a shorter range"


def _why(exc: Exception) -> str:
    if isinstance(exc, ValueError):
        return "the path has a NUL character in it"
    code = getattr(exc, "errno", None)
    if code == errno.ENOENT:
        return "there is no such file"
    if code == errno.ELOOP:
        return "it is a symbolic link, which standup refuses to follow — name the file itself"
    if code == errno.EISDIR:
        return "it is a directory"
    if code == errno.ENOTDIR:
        return "a part of that path is a file, not a directory"
    if code == errno.ENAMETOOLONG:
        return "the path is too long for this system"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


# -- parsing and expanding -------------------------------------------------------------


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


# -- matching them with the board ------------------------------------------------------


class Plan(msgspec.Struct, frozen=True):
    """What an import changes: new absences (documents, no id yet), changed ones (the
    absence as it was, and its new fields), removed and ended ones, and the count of
    those that were already right."""

    add: list[dict[str, Any]]
    change: list[tuple[Absence, dict[str, Any]]]
    remove: list[Absence]
    end: list[Absence]
    unchanged: int
    unreadable: int

    @property
    def empty(self) -> bool:
        return not (self.add or self.change or self.remove or self.end)


def plan(
    events: Events,
    absences: Sequence[Absence],
    *,
    who: str,
    tz: tzinfo,
    now: datetime,
    source: str,
    set_by: str,
) -> Plan:
    """Bring ``who``'s imported absences in step with ``events`` over ``[now, now +
    WINDOW)`` (the rule is in this module's docstring). ``tz`` is their zone, for
    all-day and floating times; ``source`` names the file (absences it made earlier are
    the ones its missing events remove); ``set_by`` is the writer's OS login."""
    window_end = now + WINDOW
    latest: dict[tuple[str, str | None], Absence] = {}
    for a in absences:  # in id order: the newest absence made for an event wins
        if a.uid is not None:
            latest[(a.uid, a.recurrence)] = a
    add: list[dict[str, Any]] = []
    change: list[tuple[Absence, dict[str, Any]]] = []
    unchanged, unreadable, present = 0, events.unreadable, set()
    for busy in events.busy:
        span = busy.span(tz)
        if span is None:
            unreadable += 1
            continue
        start, end = span
        if end <= now or start >= window_end:
            continue
        present.add(busy.key)
        doc = Absence(
            id=0,
            who=who,
            start=start,
            end=end,
            kind=busy.kind(start, end),
            note=busy.summary,
            set_by=set_by,
            uid=busy.uid,
            recurrence=busy.recurrence,
            calendar=source,
        ).to_doc()
        old = latest.get(busy.key)
        if old is not None and old.ended_by is not None:  # ended early (`back`): not revived
            unchanged += 1
        elif old is None or _past(old, now):  # past absences are history: a new one
            add.append(doc)
        else:
            was = old.to_doc()
            fields = {k: v for k, v in doc.items() if k != "set_by" and was.get(k) != v}
            fields.update({k: None for k in _IMPORTED if k in was and k not in doc})
            if fields:  # and the writer of the change
                change.append((old, {**fields, "set_by": set_by}))
            else:
                unchanged += 1
    remove, end = [], []
    for a in latest.values():
        if (a.uid, a.recurrence) in present or a.calendar != source or a.ended_by is not None:
            continue
        if _past(a, now) or a.start >= window_end:
            continue
        (remove if a.start > now else end).append(a)
    return Plan(add, change, remove, end, unchanged, unreadable)


_IMPORTED = ("end", "kind", "note", "uid", "recurrence", "calendar")


def _past(absence: Absence, now: datetime) -> bool:
    return absence.end is not None and absence.end <= now
