r"""How a stored document becomes a record, or a :class:`Damage` naming it.

:class:`Record` is the base of every record (:mod:`standup.model`, :mod:`standup.records`):
:meth:`Record.from_doc` is the one place that decides whether a stored document is a
record standup can use — msgspec checks the types, then every stored time is checked to
be in a range readers can do arithmetic on, then the record's own ``_problem`` says
what types cannot. Anything else raises :class:`DamagedRecord` carrying a
:class:`Damage`. :meth:`Record.to_doc` is the way back.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Self

import msgspec

from standup.errors import DamagedRecord
from standup.fileformat import record_id

# A stored time must carry its offset (msgspec refuses a naive one) and lie in a range
# every reader can do arithmetic on (year 9999 minus an offset overflows).
Time = Annotated[datetime, msgspec.Meta(tz=True)]
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2300, 1, 1, tzinfo=UTC)

LOGIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,31}")

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
