"""``standup import FILE``: a JSON export (:mod:`standup.exporting`) restored into an
empty or missing board.

The whole file is checked before anything is written, and the first problem found is
one line saying what and where (``questions Q3: asked_at: …``): a file that is not an
export (not JSON, no format marker, a newer schema — an older one is migrated as a board
file is), a partial export (``--since``),
a missing field, a record standup cannot use (every document goes through
:meth:`~standup.model.Record.from_doc`, and the board through
:meth:`~standup.board.Board.load`, exactly as a board file's are), an id given twice,
id counters below the ids present. Then, in one locked transaction of the
:class:`~standup.store.Store`, the board is checked to be empty again and every
document is written with its id, and the counters with them: an id is never reused.

The file is opened like the board (:mod:`standup.files`): never through a symbolic
link, a regular file only, and at most :data:`MAX_BYTES`.

No event is appended: the log is restored as it was exported, and an export of the
restored board is the same as the one it came from (but for ``exported_at``).

No Textual here: this is core.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING, Any

import msgspec

from standup import files
from standup.errors import BadInput, DamagedRecord, NotRegularFile, StoreError
from standup.exporting import FORMAT
from standup.fileformat import ID_KINDS, META, TABLES, record_id
from standup.text import escaped

if TYPE_CHECKING:
    from standup.store import Store, Tx

MAX_BYTES = 512 * 1024 * 1024  # ~1.7 million records of history; a board is far smaller
EXAMPLE = "standup export --format json --output board-export.json"


class Imported(msgspec.Struct, frozen=True):
    """What an import wrote: documents per table (only the tables that had any)."""

    counts: dict[str, int]

    def summary(self) -> str:
        parts = []
        for table, n in self.counts.items():
            one, many = NOUNS.get(table, (table, table))
            if n:
                parts.append(one if table == "team" else f"{n} {one if n == 1 else many}")
        return ", ".join(parts) or "an empty board"


NOUNS = {
    "people": ("person", "people"),
    "absences": ("absence", "absences"),
    "questions": ("question", "questions"),
    "blocked": ("blocked item", "blocked items"),
    "notes": ("note", "notes"),
    "standups": ("stand-up", "stand-ups"),
    "events": ("event", "events"),
    "checkins": ("check-in", "check-ins"),
    "team": ("the team's settings", ""),
}


def restore(store: Store, path: str) -> Imported:
    """Read, check and write the export at ``path`` into ``store``'s empty board."""
    _refuse_if_not_empty(store, _live_count(store))
    export = check(read_file(path), path)
    tables, counters = export["tables"], export["next"]
    with store.transaction() as tx:
        _refuse_if_not_empty(store, sum(len(tx.data.get(t) or {}) for t in tx.data if t != META))
        for name, docs in tables.items():
            for key, doc in docs.items():
                tx.insert(name, doc, int(key))
        tx.update(META, 1, {"next": counters})
        rearchive(store, tx)
    return Imported({name: len(docs) for name, docs in tables.items()})


def rearchive(store: Store, tx: Tx) -> None:
    """In the import's own transaction: the closed records older than the team's
    ``archive-after`` go back to their yearly archives, as the product keeps them (so an
    export of the restored board reads the same), with no ``archived`` event: the log is
    restored as it was exported."""
    from standup import archiving, clock

    archiving.move(store, tx, clock.now(), log=False)


# -- the board must be empty -----------------------------------------------------------


def _live_count(store: Store) -> int:
    from standup.archives import read_all

    data = read_all(store).data
    return sum(len(docs) for name, docs in data.items() if name != META)


def _refuse_if_not_empty(store: Store, count: int) -> None:
    if count:
        raise BadInput(
            f"the board {escaped(str(store.path))} is not empty ({count} record"
            f"{'s' * (count != 1)}); import restores into an empty or missing board only — "
            "nothing was written",
            "standup import board-export.json --db ~/team/new-board.json",
        )


# -- reading the file ------------------------------------------------------------------


def read_file(path: str) -> bytes:
    """The bytes of the export at ``path``: a regular file, not through a link, at most
    :data:`MAX_BYTES`."""
    shown = escaped(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise BadInput(f"there is no file {shown} to import", EXAMPLE) from None
    except OSError as exc:
        raise StoreError(
            files.os_problem("open the export", shown, exc, "nothing was written")
        ) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(
                f"{shown} is {files.kind_of(st.st_mode)}, not a regular file; standup imports "
                "only a regular file — nothing was written"
            )
        if st.st_size > MAX_BYTES:
            raise BadInput(
                f"{shown} is {st.st_size // 2**20} MB, more than standup imports "
                f"({MAX_BYTES // 2**20} MB); nothing was written",
                EXAMPLE,
            )
        raw = files.read_all(fd, st.st_size)
    except OSError as exc:
        raise StoreError(
            files.os_problem("read the export", shown, exc, "nothing was written")
        ) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:  # it grew while it was read
        raise BadInput(f"{shown} is more than standup imports; nothing was written", EXAMPLE)
    return raw


# -- checking it -----------------------------------------------------------------------


class _Refused(Exception):
    """One problem with the file: where, and what."""


def check(raw: bytes, path: str) -> dict[str, Any]:
    """The export in ``raw``, checked whole; :class:`BadInput` naming the first problem."""
    try:
        return _check(raw)
    except _Refused as exc:
        raise BadInput(
            f"cannot import {escaped(path)}: {exc}; nothing was written", EXAMPLE
        ) from None


def _check(raw: bytes) -> dict[str, Any]:
    try:
        export = msgspec.json.decode(raw)
    except msgspec.DecodeError as exc:
        raise _Refused(f"it is not JSON ({exc})") from None
    if type(export) is not dict or export.get("format") != FORMAT:
        raise _Refused(f'it is not a standup export (no "format": "{FORMAT}" at its top)')
    twice = _duplicate(raw)
    if twice:
        raise _Refused(twice)
    from standup import fileformat

    schema, reads = export.get("schema"), fileformat.SCHEMA
    if type(schema) is not int or not 1 <= schema <= reads:
        newer = type(schema) is int and schema > reads
        raise _Refused(
            f"its schema {_short(schema)} is "
            + ("newer than this standup reads — upgrade standup" if newer else "not one")
            + f" (this standup reads schema {reads})"
        )
    for key in ("exported_at", "since", "next", "tables"):
        if key not in export:
            raise _Refused(f"{key} is missing")
    if schema < reads:
        _migrate(export)
    if export["since"] is not None:
        raise _Refused(
            f"it is a partial export (--since {_short(export['since'])}), not a whole board; "
            "export without --since to restore"
        )
    _time(export["exported_at"], "exported_at")
    tables = export["tables"]
    if type(tables) is not dict:
        raise _Refused("tables is not an object of tables")
    for name, docs in tables.items():
        _check_table(name, docs)
    _check_board(tables)
    _check_counters(export["next"], tables)
    return export


def _migrate(export: dict[str, Any]) -> None:
    """An export of an older schema, brought up to date in place by the board's own
    migrations (:func:`standup.fileformat.migrate`), as a board file of that schema is."""
    from standup import fileformat

    tables, counters = export["tables"], export["next"]
    if type(tables) is not dict or type(counters) is not dict:
        return  # refused by the checks that follow
    meta = {"schema": export["schema"], "revision": 0, "next": counters}
    data = {**tables, META: {"1": meta}}
    fileformat.migrate(data)
    export["next"] = data.pop(META)["1"].get("next", counters)
    export["tables"] = data
    export["schema"] = fileformat.SCHEMA


def _check_table(name: str, docs: Any) -> None:
    kind = _RECORDS().get(name)
    if kind is None:
        raise _Refused(f"tables: {_short(name)} is not a table standup knows")
    if type(docs) is not dict:
        raise _Refused(f"tables.{name} is not an object of records")
    for key, doc in docs.items():
        doc_id = record_id(key)
        if doc_id is None or (name == "team" and doc_id != 1):
            raise _Refused(f"{name}: {_short(key)} is not a record id")
        try:
            kind.from_doc(doc, doc_id)
        except DamagedRecord as exc:
            damage = exc.damage
            raise _Refused(f"{name} {damage.label}: {damage.problem}") from None  # type: ignore[attr-defined]


def _check_board(tables: dict[str, dict[str, Any]]) -> None:
    """What no one record shows (a login on the board twice): the board as loaded."""
    from standup.board import Board
    from standup.fileformat import _by_id

    class _Tables:
        def table(self, name: str) -> dict[Any, Any]:
            return _by_id(tables.get(name, {}))

    board = Board.load(_Tables(), parts=TABLES)
    if board.damaged:
        d = board.damaged[0]
        raise _Refused(f"{d.table} {d.label}: {d.problem}")


def _check_counters(counters: Any, tables: dict[str, dict[str, Any]]) -> None:
    if type(counters) is not dict:
        raise _Refused("next (the id counters) is not an object")
    for kind, table in ID_KINDS.items():
        n = counters.get(kind)
        if type(n) is not int or n < 1:
            raise _Refused(f"next.{kind} {_short(n)} is not a positive whole number")
        highest = max(map(int, tables.get(table, {})), default=0)
        if n <= highest:
            raise _Refused(
                f"next.{kind} is {n}, but {table} holds {kind}{highest}: ids would be reused"
            )
    for kind in counters:
        if kind not in ID_KINDS:
            raise _Refused(f"next: {_short(kind)} is not a kind of id standup counts")


def _time(value: Any, where: str) -> None:
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(value) if type(value) is str else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise _Refused(f"{where}: {_short(value)} is not a time with an offset")


class _Object(dict):
    """A JSON object as read for :func:`_duplicate`: ``twice`` names the keys it gives
    more than once (JSON allows that; a reader keeps one of the two silently)."""

    twice: tuple[str, ...] = ()


def _pairs(items: list[tuple[str, Any]]) -> _Object:
    obj = _Object(items)
    if len(obj) < len(items):
        keys = [k for k, _ in items]
        obj.twice = tuple(k for k in obj if keys.count(k) > 1)
    return obj


def _duplicate(raw: bytes) -> str | None:
    """Where the file gives one key twice, or None. An id twice in a table would be two
    records for one id; twice in a record, two values for one field."""
    import json

    try:
        export = json.loads(raw, object_pairs_hook=_pairs)
    except ValueError:  # msgspec read it; whatever else json minds, msgspec judged
        return None
    if export.twice:
        return f"{_short(export.twice[0])} is given twice at its top"
    tables = export.get("tables")
    if not isinstance(tables, _Object):
        return None
    if tables.twice:
        return f"the table {_short(tables.twice[0])} is given twice"
    for name, docs in tables.items():
        if not isinstance(docs, _Object):
            continue
        if docs.twice:
            key = docs.twice[0]
            return f"{name} {_label(name, key)} is given twice (an id names one record)"
        for key, doc in docs.items():
            inner = _inner_twice(doc)
            if inner:
                return f"{name} {_label(name, key)}: {_short(inner)} is given twice"
    if _inner_twice(export.get("next")) is not None:
        return "next: a kind of id is given twice"
    return None


def _inner_twice(value: Any) -> str | None:
    """The first key given twice anywhere inside ``value``."""
    if isinstance(value, _Object):
        if value.twice:
            return value.twice[0]
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            found = _inner_twice(item)
            if found:
                return found
    return None


def _label(table: str, key: str) -> str:
    from standup.model import Damage

    return Damage(table, key, "").label


def _short(value: Any) -> str:
    from standup.model import _short as short

    return short(value)


def _RECORDS() -> dict[str, Any]:  # noqa: N802
    from standup.model import Absence, BlockedItem, Event, Note, Person, Question
    from standup.records import Checkin, Standup, Team

    kinds = (Person, Absence, Question, BlockedItem, Note, Standup, Event, Checkin, Team)
    return {kind.TABLE: kind for kind in kinds}
