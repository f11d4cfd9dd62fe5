r"""The domain records, as they are stored.

Records are frozen ``msgspec.Struct``\s (cheap to define — the CLI defines them on
every start — and cheap to build), and they convert to and from the JSON documents the
store keeps. Times are aware datetimes (stored as ISO 8601 with offset). Anything that
depends on the clock — a question's *assumed* status, a person's status now, ages —
is derived in :mod:`standup.view`, never stored.

:meth:`Record.from_doc` (:mod:`standup.recordbase`, whose names stay importable here) is
the one place that decides whether a stored document is a record standup can use: the
types msgspec checks, plus what types cannot say (a zone that exists, an aware time in
a sane range, a known status, ``on: "Q3"`` for an item waiting on a question) — each
record here says the last in its ``_problem``. Anything else raises
:class:`DamagedRecord` carrying a :class:`Damage` — the board keeps such a document
exactly as it is and names it.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import msgspec

from standup.recordbase import _TIME_FIELDS as _TIME_FIELDS
from standup.recordbase import EARLIEST as EARLIEST
from standup.recordbase import LATEST as LATEST
from standup.recordbase import LOGIN, Record, Time, _explain, _short
from standup.recordbase import Damage as Damage
from standup.recordbase import time_problem as time_problem

# Stored question statuses. "assumed" is normally derived from the clock; it is stored
# only once the PM has reviewed (confirmed) an assumption.
OPEN, ANSWERED, ASSUMED, WITHDRAWN = "open", "answered", "assumed", "withdrawn"
BLOCKED, UNBLOCKED = "blocked", "unblocked"
QUESTION_STATUSES = (OPEN, ANSWERED, ASSUMED, WITHDRAWN)
ITEM_STATUSES = (BLOCKED, UNBLOCKED)
ON_KINDS = ("question", "person", "text", "none")
ABSENCE_KINDS = ("away", "ooo", "meeting", "focus", "sick")

QUESTION_REF = re.compile(r"Q[1-9][0-9]{0,17}")


class Person(Record, frozen=True):
    """Someone on the team. ``login`` is their identity on the shared server."""

    TABLE: ClassVar[str] = "people"

    login: str
    name: str
    role: str = "eng"
    tz: str = "UTC"
    hours: str | None = None  # office-hours spec as typed; None: available any time
    delegate: str | None = None  # standing delegate (a login; may not be on the board yet)
    added_at: Time | None = None
    added_by: str | None = None  # OS login of the process that added them
    git: str | None = None  # pattern for their commits' author (else login or name)
    removed_at: Time | None = None  # off the board since (records keep their name)
    # Each change: {"action", "at", "by", "os_login", and the changed fields' old values}
    history: list[dict[str, Any]] = msgspec.field(default_factory=list)

    def _problem(self) -> str | None:
        from standup.clock import is_zone

        if not LOGIN.fullmatch(self.login):
            return f"login {_short(self.login)} is not a login name"
        if not is_zone(self.tz):
            return f"tz {_short(self.tz)} is not a time zone"
        if self.hours is not None:
            from standup.errors import BadInput
            from standup.hours import parse_hours

            try:
                parse_hours(self.hours)
            except BadInput:
                return f"hours {_short(self.hours)} are not office hours"
        return None


class Absence(Record, frozen=True):
    """A span of time someone is not available. ``end`` None: until they are back."""

    TABLE: ClassVar[str] = "absences"

    id: int
    who: str
    start: Time
    end: Time | None = None
    kind: str = "away"
    note: str | None = None
    delegate: str | None = None
    set_by: str | None = None  # OS login of the writer
    ended_by: str | None = None  # who ended it early (``back``), and their OS login
    ended_os_login: str | None = None
    # Imported from a calendar (``away --ics``): the event's UID, its RECURRENCE-ID for
    # one occurrence of a recurring event (UTC ISO 8601, or a date), and the file's path.
    uid: str | None = None
    recurrence: str | None = None
    calendar: str | None = None

    def _problem(self) -> str | None:
        if self.kind not in ABSENCE_KINDS:
            return f"kind {_short(self.kind)} is not one of {', '.join(ABSENCE_KINDS)}"
        return None


class Revision(Record, frozen=True, kw_only=True):
    """One entry of a question's ``history``: a previous answer kept when the PM
    overrides or reopens it, or (``action`` "edit", "rerouted", …) other changes with the
    old values. Stored without the ``None`` values, like every record; keys it does not
    name are kept as they are."""

    answer: str | None = None
    answered_by: str | None = None
    answered_at: Time | None = None
    status: str | None = None  # the question's status before (answers only)
    at: Time | None = None  # when it was replaced
    by: str | None = None  # who replaced it
    action: str = "override"
    os_login: str | None = None  # OS login of the process that replaced it


class Question(Record, frozen=True):
    """A doubt addressed to the PM (or anyone), with its deadline and fallback."""

    TABLE: ClassVar[str] = "questions"

    id: int
    text: str
    asked_by: str
    asked_at: Time
    to: str | None = None
    needed_by: Time | None = None
    fallback: str | None = None
    reversible: bool = True
    status: str = OPEN
    answer: str | None = None
    answered_by: str | None = None
    answered_at: Time | None = None
    reviewed: bool | None = None
    closed_at: Time | None = None  # withdrawn at
    reopened_at: Time | None = None  # a reopened question no longer falls back
    history: list[dict[str, Any]] = msgspec.field(default_factory=list)
    os_login: str | None = None  # OS login of the process that asked
    answered_os_login: str | None = None
    closed_by: str | None = None  # who withdrew it, and their OS login
    closed_os_login: str | None = None
    reviewed_by: str | None = None  # who confirmed the answer, when, and their OS login
    reviewed_at: Time | None = None
    reviewed_os_login: str | None = None

    def _problem(self) -> str | None:
        if self.status not in QUESTION_STATUSES:
            return f"status {_short(self.status)} is not one of {', '.join(QUESTION_STATUSES)}"
        if not self.history:
            return None
        try:
            revisions = msgspec.convert(self.history, list[Revision])
        except msgspec.ValidationError as exc:
            return f"history{_explain(exc)}" if "[" in str(exc) else f"history: {_explain(exc)}"
        for n, revision in enumerate(revisions):
            problem = revision._times_problem()
            if problem:
                return f"history[{n}].{problem}"
        return None

    @property
    def key(self) -> str:
        return f"Q{self.id}"

    @property
    def falls_back(self) -> bool:
        """Whether this question becomes *assumed* on its own at ``needed_by``."""
        return (
            self.reversible
            and self.fallback is not None
            and self.needed_by is not None
            and self.reopened_at is None
        )


class BlockedItem(Record, frozen=True):
    """Work that is stuck. ``on`` is ``Q<n>``, a person's login, or free text."""

    TABLE: ClassVar[str] = "blocked"

    id: int
    title: str
    owner: str
    since: Time
    on: str | None = None
    on_kind: str = "text"  # "question" | "person" | "text" | "none"
    note: str | None = None
    status: str = BLOCKED
    unblocked_at: Time | None = None
    os_login: str | None = None
    unblocked_by: str | None = None  # who unblocked it by hand, and their OS login
    unblocked_os_login: str | None = None
    history: list[dict[str, Any]] = msgspec.field(default_factory=list)  # old values of edits

    def _problem(self) -> str | None:
        if self.status not in ITEM_STATUSES:
            return f"status {_short(self.status)} is not one of {', '.join(ITEM_STATUSES)}"
        if self.on_kind not in ON_KINDS:
            return f"on_kind {_short(self.on_kind)} is not one of {', '.join(ON_KINDS)}"
        if self.on_kind == "question" and not QUESTION_REF.fullmatch(self.on or ""):
            return f"it waits on a question, but on {_short(self.on)} is not a question id"
        return None

    @property
    def key(self) -> str:
        return f"B{self.id}"

    @property
    def on_question(self) -> int | None:
        if self.on_kind == "question" and self.on:
            return int(self.on[1:])
        return None


class Note(Record, frozen=True):
    """A short note pinned to the board."""

    TABLE: ClassVar[str] = "notes"

    id: int
    text: str
    added_by: str
    added_at: Time
    os_login: str | None = None
    removed_at: Time | None = None  # unpinned (kept, off the board)
    removed_by: str | None = None
    removed_os_login: str | None = None


EVENT_KINDS_DERIVED = ("assumed",)  # happen by the clock: read, never stored


class Event(Record, frozen=True, kw_only=True):
    """One line of the board's log (see :mod:`standup.events`).

    Stored events have an ``E<n>`` id; an ``assumed`` event is derived from the clock
    when read, and its ``derived`` key (``A-Q3``) stands in for the id so it can be
    marked seen like any other. ``for_`` (stored as ``for``) lists the logins the event
    concerns, decided when it was written.
    """

    TABLE: ClassVar[str] = "events"

    id: int = 0
    at: Time
    kind: str
    text: str
    ref: str | None = None
    by: str | None = None
    os_login: str | None = None
    old: dict[str, Any] | None = None
    for_: list[str] = msgspec.field(default_factory=list, name="for")
    derived: str | None = None  # never stored

    def to_doc(self) -> dict[str, Any]:
        doc = super().to_doc()
        doc.pop("derived", None)
        if "for_" in doc:
            doc["for"] = doc.pop("for_")
        return doc

    def _problem(self) -> str | None:
        if not self.kind or self.kind in EVENT_KINDS_DERIVED:
            return f"kind {_short(self.kind)} is not a kind of event that is written"
        for login in self.for_:
            if not LOGIN.fullmatch(login):
                return f"for: {_short(login)} is not a login name"
        return None

    @property
    def key(self) -> str:
        """``E12``, or the derived key (``A-Q3``)."""
        return self.derived or f"E{self.id}"
