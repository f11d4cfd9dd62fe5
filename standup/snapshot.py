"""A read of the board whose documents stay undecoded until asked for.

The board screen shows a few dozen open records out of years of history. Decoding every
document of a 3 MB file into dicts costs ~12 ms at every start and every reload; with
:meth:`standup.store.Store.read` ``(lazy=True)`` the file is still checked whole (valid
JSON, TinyDB's layout, the schema), but each document stays ``msgspec.Raw`` until a
table or a document is asked for. :meth:`LazySnapshot.heads` decodes only the few fields
a filter needs (msgspec skips the rest of each document without building it), and
:meth:`LazySnapshot.docs` decodes only the documents picked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from standup.fileformat import _DECODER, _ENCODER, META, Signature, _by_id


class Head(msgspec.Struct):
    """The fields of a question or blocked item that decide whether the board shows it.
    Missing fields read ``None``, as ``doc.get(...)`` would; ``needed_by`` stays raw JSON
    (most heads never need it parsed), and ``reversible`` is ``True`` when missing, as
    in :class:`~standup.model.Question`."""

    status: Any = None
    reviewed: Any = None
    on: Any = None
    on_kind: Any = None
    to: Any = None
    needed_by: msgspec.Raw = msgspec.Raw(b"null")
    fallback: Any = None
    reversible: Any = True
    reopened_at: Any = None


_HEADS = msgspec.json.Decoder(dict[str, dict[str, Head]])


class LazySnapshot:
    """The board as read at one moment, with the same ``table()`` as
    :class:`~standup.store.Snapshot`; do not mutate what it returns."""

    __slots__ = ("_bytes", "_data", "_heads", "_tables", "signature")

    def __init__(
        self, data: dict[str, dict[str, Any]], signature: Signature | None, raw: bytes = b""
    ) -> None:
        self._data = data  # table -> key -> Raw (or dict, for a board not yet written)
        self._bytes = raw  # the file as read: heads are decoded from it in one pass
        self._heads: dict[str, dict[str, Head]] | None = None
        self._tables: dict[str, dict[int, dict[str, Any]]] = {}
        self.signature = signature

    @property
    def meta(self) -> dict[str, Any]:
        return self.table(META).get(1, {})

    @property
    def revision(self) -> int:
        return int(self.meta.get("revision", 0))

    def table(self, name: str) -> dict[int, dict[str, Any]]:
        """Documents of ``name`` by id, in id order (the whole table is decoded once)."""
        if name not in self._tables:
            docs = _DECODER.decode(_ENCODER.encode(self._data.get(name, {})))
            self._tables[name] = _by_id(docs)
        return self._tables[name]

    def heads(self, name: str) -> dict[str, Head]:
        """The :class:`Head` of every document of ``name``, by key (``"12"``), unsorted."""
        if self._heads is None:
            # one typed pass over the file: ~4x faster than decoding the documents
            if self._bytes.strip():
                self._heads = _HEADS.decode(self._bytes)
            else:
                self._heads = _HEADS.decode(_ENCODER.encode(self._data))
        return self._heads.get(name, {})

    def raw(self, name: str) -> bytes:
        """The table ``name`` as JSON bytes, undecoded (for a typed decoder that reads a
        few fields of every document, as :meth:`heads` does for its own)."""
        return _ENCODER.encode(self._data.get(name, {}))

    def docs(self, name: str, keys: Iterable[str]) -> dict[Any, dict[str, Any]]:
        """Only the documents ``keys`` of ``name``, decoded, by id in id order (a key
        that is not an id stays a ``str``, as in :meth:`table`)."""
        raw = self._data.get(name, {})
        out = {}
        for k in keys:
            doc = raw[k]
            out[k] = _DECODER.decode(doc) if type(doc) is msgspec.Raw else doc
        return _by_id(out)
