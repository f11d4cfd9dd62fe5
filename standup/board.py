"""The board's records, loaded from a store snapshot into typed objects.

:class:`Board` is what was written; :mod:`standup.view` derives what it means at a
given moment (assumed questions, statuses, who can answer now).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import tzinfo
from typing import Any

import msgspec

from standup.clock import system_zone, zone
from standup.model import Absence, BlockedItem, Note, Person, Question

PM_ROLE = "pm"
PARTS = ("questions", "blocked", "notes")


class Board(msgspec.Struct, frozen=True):
    """Every record on the board, in id order."""

    people: dict[str, Person] = msgspec.field(default_factory=dict)  # by login, in the order added
    former: dict[str, Person] = msgspec.field(default_factory=dict)  # removed: their names stay
    absences: dict[str, list[Absence]] = msgspec.field(default_factory=dict)  # by login
    questions: dict[int, Question] = msgspec.field(default_factory=dict)
    blocked: dict[int, BlockedItem] = msgspec.field(default_factory=dict)
    notes: dict[int, Note] = msgspec.field(default_factory=dict)
    revision: int = 0

    @classmethod
    def load(cls, tables: Any, revision: int = 0, parts: Collection[str] = PARTS) -> Board:
        """Build from a :class:`~standup.store.Snapshot` or a :class:`~standup.store.Tx`
        (anything with ``table(name) -> {id: doc}`` or ``all(name)``).

        ``parts`` names the tables to load (people and absences always are): an
        operation that only adds a question need not parse years of history.
        """
        read = getattr(tables, "table", None) or tables.all

        def read_part(name: str) -> dict[int, dict[str, Any]]:
            return read(name) if name in parts else {}

        people: dict[str, Person] = {}
        former: dict[str, Person] = {}
        for doc in read("people").values():
            person = Person.from_doc(doc)
            (former if person.removed_at else people)[person.login] = person
        absences: dict[str, list[Absence]] = defaultdict(list)
        for doc_id, doc in read("absences").items():
            absences[doc["who"]].append(Absence.from_doc(doc, doc_id))
        return cls(
            people=people,
            former=former,
            absences=dict(absences),
            questions={i: Question.from_doc(d, i) for i, d in read_part("questions").items()},
            blocked={i: BlockedItem.from_doc(d, i) for i, d in read_part("blocked").items()},
            notes={
                i: note
                for i, d in read_part("notes").items()
                if (note := Note.from_doc(d, i)).removed_at is None
            },
            revision=revision,
        )

    @property
    def pm(self) -> Person | None:
        """The team's PM: the first person added with role ``pm``."""
        return next((p for p in self.people.values() if p.role == PM_ROLE), None)

    def zone_of(self, login: str) -> tzinfo:
        """A person's zone; a login that is not on the board uses this process's zone."""
        person = self.people.get(login) or self.former.get(login)
        return zone(person.tz) if person else system_zone()

    def name_of(self, login: str | None) -> str | None:
        if login is None:
            return None
        person = self.people.get(login) or self.former.get(login)
        return person.name if person else login

    def absences_of(self, login: str) -> list[Absence]:
        return self.absences.get(login, [])
