"""Absences from a calendar: the busy time of an iCalendar export, as absences.

``standup away --ics FILE`` reads a calendar export (Google, Outlook, Thunderbird, …)
and keeps the person's absences in step with it over the next 60 days — as far as
standup looks ahead for ``until`` and ``next_available``. Three steps:

* :func:`read_calendar` opens the file the way the store opens the board (never through
  a symbolic link, never blocking on a FIFO, a regular file only) and reads at most
  :data:`MAX_BYTES`.
* :func:`busy_events` (:mod:`standup.ics`, importable here too) parses it with
  ``icalendar`` and expands recurrences with ``recurring-ical-events`` (both imported
  on first use: other commands never pay for them). It keeps busy events only —
  ``TRANSP:TRANSPARENT``, ``STATUS:CANCELLED`` and Outlook's "free" are skipped — with
  their times as written: aware in the event's zone or UTC, or all-day dates and
  floating times, which only the person's zone makes into moments
  (:meth:`~standup.ics.Busy.span`). This runs before the board is locked.
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
from datetime import datetime, tzinfo
from typing import Any

import msgspec

from standup.errors import BadInput
from standup.ics import EXAMPLE, WINDOW, Events
from standup.ics import MAX_EVENTS as MAX_EVENTS
from standup.ics import MAX_NOTE as MAX_NOTE
from standup.ics import Busy as Busy
from standup.ics import busy_events as busy_events
from standup.model import Absence

MAX_BYTES = 16 * 1024 * 1024  # a year of a busy calendar is well under 1 MiB
_OPEN = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


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
