r"""The domain records, as they are stored.

Records are frozen ``msgspec.Struct``\s (cheap to define — the CLI defines them on
every start — and cheap to build), and they convert to and from the JSON documents the
store keeps. Times are aware datetimes (stored as ISO 8601 with offset). Anything that
depends on the clock — a question's *assumed* status, a person's status now, ages —
is derived in :mod:`standup.view`, never stored.

:meth:`Record.from_doc` is the one place that decides whether a stored document is a
record standup can use: the types msgspec checks, plus what types cannot say (a zone
that exists, an aware time in a sane range, a known status, ``on: "Q3"`` for an item
waiting on a question). Anything else raises :class:`DamagedRecord` carrying a
:class:`Damage` — the board keeps such a document exactly as it is and names it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Self

import msgspec

from standup.errors import DamagedRecord
from standup.fileformat import record_id

# Stored question statuses. "assumed" is normally derived from the clock; it is stored
# only once the PM has reviewed (confirmed) an assumption.
OPEN, ANSWERED, ASSUMED, WITHDRAWN = "open", "answered", "assumed", "withdrawn"
BLOCKED, UNBLOCKED = "blocked", "unblocked"
QUESTION_STATUSES = (OPEN, ANSWERED, ASSUMED, WITHDRAWN)
ITEM_STATUSES = (BLOCKED, UNBLOCKED)
ON_KINDS = ("question", "person", "text", "none")
ABSENCE_KINDS = ("away", "ooo", "meeting", "focus", "sick")

# A stored time must carry its offset (msgspec refuses a naive one) and lie in a range
# every reader can do arithmetic on (year 9999 minus an offset overflows).
Time = Annotated[datetime, msgspec.Meta(tz=True)]
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2300, 1, 1, tzinfo=UTC)

LOGIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,31}")
QUESTION_REF = re.compile(r"Q[1-9][0-9]{0,17}")

_TIME_FIELDS = {
    "added_at",
    "start",
    "end",
    "asked_at",
    "needed_by",
    "answered_at",
    "closed_at",
    "reopened_at",
    "since",
    "unblocked_at",
    "at",
    "removed_at",
    "reviewed_at",
    "started_at",
    "ended_at",
    "speaking_since",
    "beat_at",
}
_LABELS = {
    "questions": "Q{}",
    "blocked": "B{}",
    "notes": "note {}",
    "absences": "absence {}",
    "events": "E{}",
    "standups": "S{}",
    "checkins": "check-in {}",
    "team": "team settings {}",
}


class Damage(msgspec.Struct, frozen=True):
    """A stored document standup cannot use: its table, its key in the file, what is
    wrong, and (people, absences) whose it is when that much can be read."""

    table: str
    key: str
    problem: str
    login: str | None = None

    @property
    def label(self) -> str:
        """How people name it: ``Q3``, ``B2``, ``note 4``, ``person 2 (bruno)``."""
        if record_id(self.key) is None:
            return f"{self.table} record {_short(self.key)}"
        if self.table == "people":
            return f"person {self.key}" + (f" ({self.login})" if self.login else "")
        label = _LABELS.get(self.table, self.table + " {}").format(self.key)
        return label + (f" of {self.login}" if self.login and self.table == "absences" else "")

    def line(self) -> str:
        return f"{self.label}: {self.problem}"

    def refusal(self) -> DamagedRecord:
        """The one line for a command aimed at this record."""
        return DamagedRecord(
            f"{self.label} on the board is damaged ({self.problem}); standup keeps it "
            f"exactly as it is and cannot change it — `standup status` lists damaged "
            f"records; fix it in the file, or ask whoever edited it",
            damage=self,
        )


def _short(value: object, limit: int = 40) -> str:
    """``repr`` of a stored value, cut short: escapes every control character."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_AT = re.compile(r"^(.*?) - at `\$\.?(.*)`$")


def _explain(exc: msgspec.ValidationError) -> str:
    """msgspec's message in the board's words: ``text: expected str, got int``."""
    message = str(exc)
    m = re.fullmatch(r"Object missing required field `(.*)`(?: - at `\$\.?(.*)`)?", message)
    if m:
        where = f"{m.group(2)}." if m.group(2) else ""
        return f"{where}{m.group(1)} is missing"
    m = _AT.match(message)
    text, where = (m.group(1), m.group(2)) if m else (message, "")
    text = text.replace("`", "")
    text = text[:1].lower() + text[1:]
    return f"{where}: {text}" if where else text


class Record(msgspec.Struct, frozen=True):
    """Conversion between a record and its stored document."""

    TABLE: ClassVar[str] = ""

    def to_doc(self) -> dict[str, Any]:
        """The stored document: absent values (``None``, empty lists) are left out, so a
        board with years of history stays small and quick to read."""
        doc = {}
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if name == "id" or value is None or value == []:
                continue
            doc[name] = value.isoformat() if name in _TIME_FIELDS else value
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any], doc_id: int | str | None = None) -> Self:
        """The record of a stored document (unknown keys, from a newer writer, are
        ignored). A document standup cannot use raises :class:`DamagedRecord` naming it
        (``doc_id`` is its key in the file); nothing is changed."""
        if not isinstance(doc, dict):
            raise cls._damage(doc, doc_id, "it is not a JSON object")
        if doc_id is not None and "id" in cls.__struct_fields__:
            doc = {**doc, "id": doc_id}
        try:
            record = msgspec.convert(doc, cls)
        except msgspec.ValidationError as exc:
            raise cls._damage(doc, doc_id, _explain(exc)) from None
        problem = record._times_problem() or record._problem()
        if problem:
            raise cls._damage(doc, doc_id, problem)
        return record

    @classmethod
    def _damage(cls, doc: Any, doc_id: int | str | None, problem: str) -> DamagedRecord:
        owner = doc.get("login" if cls.TABLE == "people" else "who") if type(doc) is dict else None
        login = owner if isinstance(owner, str) and LOGIN.fullmatch(owner) else None
        return Damage(cls.TABLE, str(doc_id), problem, login).refusal()

    def _times_problem(self) -> str | None:
        cls = type(self)
        names = _TIMES_OF.get(cls)
        if names is None:
            names = _TIMES_OF[cls] = tuple(n for n in cls.__struct_fields__ if n in _TIME_FIELDS)
        for name in names:
            problem = time_problem(getattr(self, name))
            if problem:
                return f"{name}: {problem}"
        return None

    def _problem(self) -> str | None:
        """What the types cannot say; ``None`` when the record is whole."""
        return None


_TIMES_OF: dict[type, tuple[str, ...]] = {}


def time_problem(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    offset = moment.utcoffset()
    if offset is not None and offset.seconds % 60:
        return f"{moment.isoformat()} has an offset that is not whole minutes"
    if not EARLIEST <= moment < LATEST:
        return f"{moment.isoformat()} is outside {EARLIEST.year}–{LATEST.year}"
    return None


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
