"""The board's documents in memory: what a read sees and what a write changes.

:class:`Snapshot` is the board as :meth:`standup.store.Store.read` returns it (TinyDB's
layout, never mutated); :class:`Tx` is the board inside one locked
:meth:`standup.store.Store.transaction`, documents decoded only when touched. Neither
touches the file: locking, reading and writing are :mod:`standup.store`'s.
"""

from __future__ import annotations

from typing import Any

import msgspec

from standup.fileformat import _DECODER, _ENCODER, ID_KINDS, META, Signature, _by_id, record_id


class Snapshot(msgspec.Struct, frozen=True):
    """The board as read at one moment. ``data`` is TinyDB's layout; do not mutate it."""

    data: dict[str, dict[str, dict[str, Any]]]
    signature: Signature | None
    # Archives that could not be read (one line each), when read with their archives
    # (:func:`standup.archives.read_all`): their records are not in ``data``.
    problems: tuple[str, ...] = ()

    @property
    def meta(self) -> dict[str, Any]:
        return self.data.get(META, {}).get("1", {})

    @property
    def revision(self) -> int:
        return int(self.meta.get("revision", 0))

    def table(self, name: str) -> dict[int, dict[str, Any]]:
        """Documents of ``name`` by id, in id order."""
        return _by_id(self.data.get(name, {}))


class Tx:
    """One locked read-change-write of the board. Made by :meth:`standup.store.Store.transaction`.

    Documents stay undecoded (``msgspec.Raw``, exactly the bytes read) until they are
    touched, and untouched ones are written back byte for byte: adding a question to a
    board with years of history decodes a few small tables, not the history, and a
    damaged record (see :class:`standup.model.Damage`) is never re-encoded.
    """

    def __init__(self, data: dict[str, dict[str, Any]], path: str | None = None) -> None:
        self.data = data  # table -> key -> Raw | dict
        self.changed = False
        self.path = path  # the board file (its archives are beside it); None: no file

    def _doc(self, table: str, doc_id: int) -> dict[str, Any] | None:
        docs = self.data.get(table, {})
        doc = docs.get(str(doc_id))
        if type(doc) is msgspec.Raw:
            doc = docs[str(doc_id)] = _DECODER.decode(doc)
        return doc

    def all(self, table: str) -> dict[Any, dict[str, Any]]:
        """Every document of ``table``, decoded, by id (a key that is not an id stays a
        ``str``, see :func:`~standup.fileformat._by_id`). The table itself stays as read,
        so documents nobody changes are written back byte for byte — a damaged one too."""
        docs = self.data.get(table, {})
        if any(type(v) is msgspec.Raw for v in docs.values()):
            docs = _DECODER.decode(_ENCODER.encode(docs))
        else:
            docs = {k: dict(v) for k, v in docs.items()}
        return _by_id(docs)

    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        doc = self._doc(table, doc_id)
        return dict(doc) if doc is not None else None

    def insert(self, table: str, doc: dict[str, Any], doc_id: int | None = None) -> int:
        """Insert ``doc``, with ``doc_id`` (from :meth:`next_id`) or the next free id
        (one past the highest, as TinyDB counts; keys that are not ids do not count)."""
        docs = self.data.setdefault(table, {})
        if doc_id is None:
            doc_id = max(filter(None, map(record_id, docs)), default=0) + 1
        if str(doc_id) in docs:
            raise ValueError(f"{table} {doc_id} already exists")
        self.changed = True
        docs[str(doc_id)] = dict(doc)
        return doc_id

    def update(self, table: str, doc_id: int, fields: dict[str, Any]) -> None:
        """Change some fields of one document."""
        doc = self._doc(table, doc_id)
        if doc is None:
            raise KeyError(f"{table} {doc_id} does not exist")
        self.changed = True
        doc.update(fields)

    def remove(self, table: str, doc_id: int) -> None:
        """Remove one document (the others are left exactly as they are)."""
        if self.data.get(table, {}).pop(str(doc_id), None) is not None:
            self.changed = True

    def next_id(self, kind: str) -> int:
        """A fresh id of ``kind`` (``Q``, ``B``, …), counted in the file, never reused."""
        meta = self._doc(META, 1)
        assert meta is not None
        counters = meta.setdefault("next", {})  # its shape was checked when read
        existing = self.data.get(ID_KINDS[kind], {})
        n = counters.get(kind)
        if n is None:  # a kind this file never counted: start after its ids
            n = max(filter(None, map(record_id, existing)), default=0) + 1
        while str(n) in existing:
            n += 1
        counters[kind] = n + 1
        self.changed = True
        return n

    def issued(self, kind: str) -> int:
        """The highest id of ``kind`` given so far (0: none), changing nothing: ids are
        never reused, so one up to it that is not on the board was archived (or removed
        by hand), and one past it never existed."""
        meta = self._doc(META, 1) or {}
        n = meta.get("next", {}).get(kind)
        top = max(filter(None, map(record_id, self.data.get(ID_KINDS[kind], {}))), default=0)
        return max(top, n - 1) if isinstance(n, int) else top
