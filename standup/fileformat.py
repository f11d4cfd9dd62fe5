"""The board file's format: TinyDB's layout, the schema version and its migrations,
and the checks that tell a board from a damaged file. Pure functions over bytes and
dicts — the locking and writing live in :mod:`standup.store`."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any

import msgspec

from standup.errors import DamagedFile, NewerSchema

SCHEMA = 1
TABLES = (
    "people",
    "absences",
    "questions",
    "blocked",
    "notes",
    "standups",
    "events",
    "checkins",
    "team",
)
META = "meta"
# Kinds of ids counted on the board; ids are never reused, even after archiving.
ID_KINDS = {
    "Q": "questions",
    "B": "blocked",
    "N": "notes",
    "A": "absences",
    "S": "standups",
    "E": "events",
    "C": "checkins",
}

Signature = tuple[int, int, int]

_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder()
_LAZY_DECODER = msgspec.json.Decoder(dict[str, dict[str, msgspec.Raw]])


MAX_ID_DIGITS = 18
_ID = re.compile(rf"[1-9][0-9]{{0,{MAX_ID_DIGITS - 1}}}")


def record_id(key: str) -> int | None:
    """The id a table key stands for (``"12"`` → 12), or ``None`` for a key that is not
    one as TinyDB and standup write it: ``"²"`` and ``"١"`` (``str.isdigit`` accepts both),
    ``"03"``, ``" 3"``, ``"0"``."""
    return int(key) if _ID.fullmatch(key) else None


def all_ids(keys: Collection[str]) -> bool:
    """Whether every key is a record id (see :func:`record_id`; no keys: ``True``),
    told in C at once in the usual case: ASCII digits only, none with a leading 0 (the
    smallest key would show it) or empty, none too long for an id."""
    if not keys:
        return True
    digits = "".join(keys)
    return (
        digits.isascii()
        and digits.isdigit()
        and min(keys)[:1] not in ("", "0")
        and max(map(len, keys)) <= MAX_ID_DIGITS
    )


def _by_id(raw: dict[str, Any]) -> dict[Any, Any]:
    """Documents by id, in id order. A key that is not an id (see :func:`record_id`)
    stays a ``str``, after the others: :meth:`standup.board.Board.load` reports it as a
    damaged record, and nothing else ever looks it up."""
    if not raw:
        return {}
    if all_ids(raw):
        return dict(sorted((int(k), v) for k, v in raw.items()))
    good, bad = [], []
    for k, v in raw.items():
        i = record_id(k)
        if i is None:
            bad.append((k, v))
        else:
            good.append((i, v))
    return dict(sorted(good) + bad)


def _migrate_0_to_1(data: dict[str, Any]) -> None:
    """Version 0: a plain TinyDB file (or a new one) with no ``meta`` record."""
    for name in TABLES:
        data.setdefault(name, {})
    counters = {
        kind: max(filter(None, map(record_id, data.get(table, {}))), default=0) + 1
        for kind, table in ID_KINDS.items()
    }
    data[META] = {"1": {"schema": 1, "revision": 0, "next": counters}}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], None]] = {0: _migrate_0_to_1}


def _schema(data: dict[str, Any]) -> int:
    """The schema version of ``data`` as checked by :func:`_parse` (0: no ``meta``)."""
    meta = data.get(META, {}).get("1", {})
    if type(meta) is msgspec.Raw:
        meta = _DECODER.decode(meta)
    return meta.get("schema", 0)


def migrate(data: dict[str, Any]) -> int:
    """Bring ``data`` (as :func:`_parse` returned it) to :data:`SCHEMA`, in place.

    Returns the version it had. Only memory changes: the store decides whether and when
    the result is written (a read never writes; the first write does, with a backup).
    """
    version = _schema(data)
    if version == SCHEMA:
        return version
    for name, docs in data.items():  # migrations see plain documents
        data[name] = _DECODER.decode(_ENCODER.encode(docs))
    v = version
    while v < SCHEMA:
        MIGRATIONS[v](data)
        v += 1
        data[META]["1"]["schema"] = v
    return version


def _shown(value: Any) -> str:
    """A value from the file, short enough for a one-line message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _whole(value: Any, least: int) -> bool:
    return type(value) is int and value >= least  # bool is not a number here


def _meta_problem(data: dict[str, Any]) -> str | None:
    """What is wrong with the file's own bookkeeping (``meta``), or None.

    ``meta`` holds one record: ``schema`` (int), ``revision`` (int >= 0) and ``next``
    (kind -> next id, int >= 1). Missing ``revision`` counts as 0 and a kind missing
    from ``next`` is counted from the ids in the file; a value of the wrong shape is
    damage to the whole file, never guessed at (a recount could reuse ids).
    """
    if META not in data:
        return None  # schema 0: a plain TinyDB file, or a new board
    table = data[META]
    if type(table) is not dict or list(table) != ["1"]:
        return "its bookkeeping table 'meta' is not the one record standup writes"
    meta = table["1"]
    if type(meta) is msgspec.Raw:
        try:
            meta = _DECODER.decode(meta)
        except msgspec.DecodeError:
            meta = None
    if type(meta) is not dict:
        return "its bookkeeping record (meta) is not an object"
    schema = meta.get("schema")
    if not _whole(schema, 1):
        return f"its schema version {_shown(schema)} is not a whole number"
    if schema > SCHEMA:
        return None  # refused as newer; its bookkeeping may be shaped differently
    revision = meta.get("revision", 0)
    if not _whole(revision, 0):
        return f"its revision {_shown(revision)} (in meta) is not a whole number"
    counters = meta.get("next", {})
    if type(counters) is not dict:
        return f"its id counters (meta.next) {_shown(counters)} are not a table of numbers"
    for kind, n in counters.items():
        if not _whole(n, 1):
            return (
                f"its next {_shown(kind)} id (meta.next) {_shown(n)} is not a positive whole number"
            )
    return None


def _parse(raw: bytes, path: str, *, lazy: bool) -> dict[str, Any]:
    """The file's tables, or :class:`DamagedFile`. An empty file is a new board.

    ``lazy`` leaves each document undecoded (``msgspec.Raw``) for a transaction to
    decode only what it touches; the JSON is still checked whole, so a damaged file
    is refused by writers as well as readers.
    """
    if not raw.strip():
        return {}
    try:
        data = (_LAZY_DECODER if lazy else _DECODER).decode(raw)
    except msgspec.DecodeError as exc:
        raise DamagedFile(_damaged(path, f"it is not valid JSON ({exc})")) from None
    if type(data) is not dict:
        raise DamagedFile(_damaged(path, "it is not a TinyDB board (top level is not an object)"))
    for name, table in data.items():
        # map() keeps these checks in C: they run on every read of years of data
        # A record table's key that is not an id is one damaged record (see _by_id);
        # a damaged meta table is the file's own bookkeeping, so the file is damaged.
        if (
            type(table) is not dict
            or (name == META and not all(map(str.isdigit, table)))
            or not (
                all(memoryview(v)[0] == 0x7B for v in table.values())  # "{"
                if lazy
                else set(map(type, table.values())) <= {dict}
            )
        ):
            raise DamagedFile(_damaged(path, f"its table {name!r} is not in TinyDB's layout"))
    problem = _meta_problem(data)
    if problem:
        raise DamagedFile(_damaged(path, problem))
    schema = _schema(data)
    if schema > SCHEMA:
        raise NewerSchema(
            f"{path} was written by a newer standup (schema {schema}, this one reads up to "
            f"{SCHEMA}); upgrade standup — the file was not changed"
        )
    return data


def _damaged(path: str, why: str) -> str:
    return (
        f"the board {path} is damaged: {why}; it was left exactly as it is — "
        f"restore it from a backup or move it aside to start a new board"
    )
