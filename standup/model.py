"""The domain records, as they are stored.

Records are plain frozen dataclasses that convert to and from the JSON documents the
store keeps. Times are aware datetimes (stored as ISO 8601 with offset). Anything that
depends on the clock — a question's *assumed* status, a person's status now, ages —
is derived in :mod:`standup.view`, never stored.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any, Self

from standup.clock import from_iso

# Stored question statuses. "assumed" is normally derived from the clock; it is stored
# only once the PM has reviewed (confirmed) an assumption.
OPEN, ANSWERED, ASSUMED, WITHDRAWN = "open", "answered", "assumed", "withdrawn"
BLOCKED, UNBLOCKED = "blocked", "unblocked"
ABSENCE_KINDS = ("away", "ooo", "meeting", "focus", "sick")

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
}


class Record:
    """Conversion between a dataclass record and its stored document."""

    def to_doc(self) -> dict[str, Any]:
        doc = asdict(self)  # type: ignore[call-overload]
        doc.pop("id", None)
        for key in _TIME_FIELDS & doc.keys():
            if doc[key] is not None:
                doc[key] = doc[key].isoformat()
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any], doc_id: int | None = None) -> Self:
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        values = {k: v for k, v in doc.items() if k in names}
        for key in _TIME_FIELDS & values.keys():
            values[key] = from_iso(values[key])
        if doc_id is not None and "id" in names:
            values["id"] = doc_id
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Person(Record):
    """Someone on the team. ``login`` is their identity on the shared server."""

    login: str
    name: str
    role: str = "eng"
    tz: str = "UTC"
    hours: str | None = None  # office-hours spec as typed; None: available any time
    delegate: str | None = None  # standing delegate (a login)
    added_at: datetime | None = None
    added_by: str | None = None  # OS login of the process that added them


@dataclass(frozen=True, slots=True)
class Absence(Record):
    """A span of time someone is not available. ``end`` None: until they are back."""

    id: int
    who: str
    start: datetime
    end: datetime | None = None
    kind: str = "away"
    note: str | None = None
    delegate: str | None = None
    set_by: str | None = None  # OS login of the writer


@dataclass(frozen=True, slots=True)
class Revision(Record):
    """A previous answer kept when the PM overrides or reopens a question."""

    answer: str | None
    answered_by: str | None
    answered_at: datetime | None
    status: str
    at: datetime | None = None  # when it was replaced
    by: str | None = None  # who replaced it
    action: str = "override"


@dataclass(frozen=True, slots=True)
class Question(Record):
    """A doubt addressed to the PM (or anyone), with its deadline and fallback."""

    id: int
    text: str
    asked_by: str
    asked_at: datetime
    to: str | None = None
    needed_by: datetime | None = None
    fallback: str | None = None
    reversible: bool = True
    status: str = OPEN
    answer: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None
    reviewed: bool | None = None
    closed_at: datetime | None = None  # withdrawn at
    reopened_at: datetime | None = None  # a reopened question no longer falls back
    history: list[dict[str, Any]] = field(default_factory=list)
    os_login: str | None = None  # OS login of the process that asked
    answered_os_login: str | None = None

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


@dataclass(frozen=True, slots=True)
class BlockedItem(Record):
    """Work that is stuck. ``on`` is ``Q<n>``, a person's login, or free text."""

    id: int
    title: str
    owner: str
    since: datetime
    on: str | None = None
    on_kind: str = "text"  # "question" | "person" | "text" | "none"
    note: str | None = None
    status: str = BLOCKED
    unblocked_at: datetime | None = None
    os_login: str | None = None

    @property
    def key(self) -> str:
        return f"B{self.id}"

    @property
    def on_question(self) -> int | None:
        if self.on_kind == "question" and self.on:
            return int(self.on[1:])
        return None


@dataclass(frozen=True, slots=True)
class Note(Record):
    """A short note pinned to the board."""

    id: int
    text: str
    added_by: str
    added_at: datetime
    os_login: str | None = None
