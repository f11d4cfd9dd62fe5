r"""The domain records, as they are stored.

Records are frozen ``msgspec.Struct``\s (cheap to define — the CLI defines them on
every start — and cheap to build), and they convert to and from the JSON documents the
store keeps. Times are aware datetimes (stored as ISO 8601 with offset). Anything that
depends on the clock — a question's *assumed* status, a person's status now, ages —
is derived in :mod:`standup.view`, never stored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

import msgspec

from standup.errors import DamagedFile

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


class Record(msgspec.Struct, frozen=True):
    """Conversion between a record and its stored document."""

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
    def from_doc(cls, doc: dict[str, Any], doc_id: int | None = None) -> Self:
        """The record of a stored document (unknown keys, from a newer writer, are
        ignored). A document of the wrong shape is reported as a damaged board."""
        if doc_id is not None and "id" in cls.__struct_fields__:
            doc = {**doc, "id": doc_id}
        try:
            return msgspec.convert(doc, cls)
        except msgspec.ValidationError as exc:
            kind = cls.__name__.lower()
            raise DamagedFile(
                f"the board has a {kind} record{f' {doc_id}' if doc_id else ''} that standup "
                f"cannot read ({exc}); it was left as it is"
            ) from None


class Person(Record, frozen=True):
    """Someone on the team. ``login`` is their identity on the shared server."""

    login: str
    name: str
    role: str = "eng"
    tz: str = "UTC"
    hours: str | None = None  # office-hours spec as typed; None: available any time
    delegate: str | None = None  # standing delegate (a login)
    added_at: datetime | None = None
    added_by: str | None = None  # OS login of the process that added them


class Absence(Record, frozen=True):
    """A span of time someone is not available. ``end`` None: until they are back."""

    id: int
    who: str
    start: datetime
    end: datetime | None = None
    kind: str = "away"
    note: str | None = None
    delegate: str | None = None
    set_by: str | None = None  # OS login of the writer


class Revision(Record, frozen=True):
    """A previous answer kept when the PM overrides or reopens a question."""

    answer: str | None
    answered_by: str | None
    answered_at: datetime | None
    status: str
    at: datetime | None = None  # when it was replaced
    by: str | None = None  # who replaced it
    action: str = "override"


class Question(Record, frozen=True):
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
    history: list[dict[str, Any]] = msgspec.field(default_factory=list)
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


class BlockedItem(Record, frozen=True):
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
    history: list[dict[str, Any]] = msgspec.field(default_factory=list)  # old values of edits

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

    id: int
    text: str
    added_by: str
    added_at: datetime
    os_login: str | None = None
