"""The board's records, loaded from a store snapshot into typed objects.

:class:`Board` is what was written; :mod:`standup.view` derives what it means at a
given moment (assumed questions, statuses, who can answer now).

A damaged record (one :meth:`~standup.model.Record.from_doc` refuses, or a table key
that is not an id) never takes the board down: :meth:`Board.load` leaves it out of the
records and lists it in :attr:`Board.damaged`, so every reader shows the rest of the
board and names it, while the store writes its bytes back untouched. Commands aimed at
it are refused through :meth:`Board.check_person` / :meth:`Board.check_absences` and
the look-ups in :mod:`standup.ops` (``from_doc`` raises the one line itself).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import tzinfo
from typing import Any

import msgspec

from standup.clock import system_zone, zone
from standup.errors import DamagedRecord
from standup.model import Absence, BlockedItem, Damage, Note, Person, Question, Record
from standup.records import TEAM_KEY, Checkin, Standup, Team

PM_ROLE = "pm"
PARTS = ("questions", "blocked", "notes")  # also "checkins", "standups" when asked for
_ALWAYS = (Person, Absence, Team)  # loaded whatever ``parts`` says


class Board(msgspec.Struct, frozen=True):
    """Every record on the board, in id order."""

    people: dict[str, Person] = msgspec.field(default_factory=dict)  # by login, in the order added
    former: dict[str, Person] = msgspec.field(default_factory=dict)  # removed: their names stay
    absences: dict[str, list[Absence]] = msgspec.field(default_factory=dict)  # by login
    questions: dict[int, Question] = msgspec.field(default_factory=dict)
    blocked: dict[int, BlockedItem] = msgspec.field(default_factory=dict)
    notes: dict[int, Note] = msgspec.field(default_factory=dict)
    checkins: dict[int, Checkin] = msgspec.field(default_factory=dict)  # only if in parts
    standups: dict[int, Standup] = msgspec.field(default_factory=dict)  # only if in parts
    team: Team = msgspec.field(default_factory=Team)  # always loaded; defaults if none
    revision: int = 0
    damaged: tuple[Damage, ...] = ()  # records kept in the file as they are, unread

    @classmethod
    def load(cls, tables: Any, revision: int = 0, parts: Collection[str] = PARTS) -> Board:
        """Build from a :class:`~standup.store.Snapshot` or a :class:`~standup.store.Tx`
        (anything with ``table(name) -> {id: doc}`` or ``all(name)``).

        ``parts`` names the tables to load (people and absences always are): an
        operation that only adds a question need not parse years of history.
        """
        read = getattr(tables, "table", None) or tables.all
        damaged: list[Damage] = []

        def records(kind: type[Record], name: str) -> dict[int, Any]:
            out = {}
            for key, doc in (read(name) if name in parts or kind in _ALWAYS else {}).items():
                try:
                    if type(key) is not int:
                        raise Damage(name, key, "its key is not a record id").refusal()
                    out[key] = kind.from_doc(doc, key)
                except DamagedRecord as exc:
                    damaged.append(exc.damage)  # type: ignore[arg-type]
            return out

        people: dict[str, Person] = {}
        former: dict[str, Person] = {}
        for key, person in records(Person, "people").items():
            if person.removed_at is not None:
                former[person.login] = person
            elif person.login in people:
                damaged.append(
                    Damage("people", str(key), "the login is on the board twice", person.login)
                )
            else:
                people[person.login] = person
        absences: dict[str, list[Absence]] = defaultdict(list)
        for absence in records(Absence, "absences").values():
            absences[absence.who].append(absence)
        team = records(Team, "team")
        return cls(
            team=team.get(TEAM_KEY) or Team(),
            checkins=records(Checkin, "checkins"),
            standups=records(Standup, "standups"),
            people=people,
            former=former,
            absences=dict(absences),
            questions=records(Question, "questions"),
            blocked=records(BlockedItem, "blocked"),
            notes={i: n for i, n in records(Note, "notes").items() if n.removed_at is None},
            revision=revision,
            damaged=tuple(damaged),
        )

    # -- damaged records ---------------------------------------------------------------

    def damage_of(self, table: str, key: int | str) -> Damage | None:
        return next((d for d in self.damaged if d.table == table and d.key == str(key)), None)

    def check_person(self, login: str) -> None:
        """Refuse (:class:`DamagedRecord`) a command about ``login`` when a damaged
        people record is theirs: adding them again or changing them would fork them."""
        for d in self.damaged:
            if d.table == "people" and d.login == login:
                raise d.refusal()

    def check_absences(self, login: str) -> None:
        """Refuse ending ``login``'s absences while one that may be theirs (its ``who``
        is theirs, or cannot be read) is damaged: ``back`` would leave it unknown."""
        for d in self.damaged:
            if d.table == "absences" and d.login in (login, None):
                raise d.refusal()

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
