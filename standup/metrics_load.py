"""The records :func:`standup.metrics.compute` reads, decoded fast.

Years of questions and blocked items are decoded straight from the file's bytes into
records in one typed pass (~10x faster than record by record, see :func:`load`); the
checks :meth:`~standup.model.Record.from_doc` makes are made here too, and any record
that fails them sends the whole board the usual way, which names it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import msgspec

from standup.board import Board
from standup.model import (
    EARLIEST,
    ITEM_STATUSES,
    LATEST,
    ON_KINDS,
    QUESTION_REF,
    QUESTION_STATUSES,
    UNBLOCKED,
    BlockedItem,
    Question,
)


@contextmanager
def no_gc() -> Iterator[None]:
    """Years of records make many small objects and no cycles: collecting while they
    are built costs a third of the time for nothing."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load(snapshot: Any, *, since: datetime | None = None) -> Board:
    """The board's people, absences, questions and blocked items, as metrics need them.

    Years of questions and items are decoded straight from the file's bytes into
    records, in one typed pass (~10x faster than record by record); if any of them is
    damaged the board is loaded the usual way, which leaves the damaged ones out and
    names them in ``Board.damaged``.

    ``since``: only what the metrics of a window starting then read — the questions
    asked from two days before it (a stored time's date is its local date), the blocked
    items not unblocked by hand before then, and the questions those wait on. Two
    typed passes over a few fields of every record pick them; only they are decoded.
    A board loaded so counts nothing before ``since``."""
    with no_gc():
        if since is None:
            return _load(snapshot, None, None)
        return _load(snapshot, *_window_keys(snapshot, since))


class _QuestionHead(msgspec.Struct):
    asked_at: Any = None


class _ItemHead(msgspec.Struct):
    status: Any = None
    unblocked_at: Any = None
    on: Any = None


def _window_keys(snapshot: Any, since: datetime) -> tuple[set[str], set[str]]:
    """The keys of the questions and blocked items a window from ``since`` reads (a
    document whose fields cannot be read is kept: the full decoding names it)."""
    low = (since - timedelta(days=2)).date().isoformat()
    items = msgspec.json.decode(_table_bytes(snapshot, "blocked"), type=dict[str, _ItemHead])
    blocked = {
        key
        for key, h in items.items()
        if h.status != UNBLOCKED or type(h.unblocked_at) is not str or h.unblocked_at >= low
    }
    heads = msgspec.json.decode(_table_bytes(snapshot, "questions"), type=dict[str, _QuestionHead])
    questions = {
        key for key, h in heads.items() if type(h.asked_at) is not str or h.asked_at >= low
    }
    for key in blocked:
        on = items[key].on
        if type(on) is str and QUESTION_REF.fullmatch(on) and on[1:] in heads:
            questions.add(on[1:])
    return questions, blocked


def _load(snapshot: Any, questions: set[str] | None, blocked: set[str] | None) -> Board:
    board = Board.load(snapshot, parts=())
    try:
        picked_questions = _typed(snapshot, "questions", _Question, questions)
        picked_blocked = _typed(snapshot, "blocked", _Item, blocked)
    except (msgspec.ValidationError, msgspec.DecodeError, ValueError):
        return Board.load(snapshot, parts=("questions", "blocked"))
    return msgspec.structs.replace(board, questions=picked_questions, blocked=picked_blocked)


class _Question(Question, frozen=True, kw_only=True):
    id: int = 0  # the key in the file: set after decoding


class _Item(BlockedItem, frozen=True, kw_only=True):
    id: int = 0


def _table_bytes(snapshot: Any, name: str, keys: set[str] | None = None) -> bytes:
    """The documents of ``name`` (only ``keys``, if given) as JSON bytes, encoded from
    what the snapshot holds (undecoded documents are copied as they are)."""
    stored = getattr(snapshot, "stored", None)  # archives.History
    if stored is not None:
        docs = stored(name)
    elif keys is None and hasattr(snapshot, "raw"):
        return snapshot.raw(name)  # a LazySnapshot
    elif hasattr(snapshot, "data"):
        docs = snapshot.data.get(name, {})
    else:
        docs = {str(k): v for k, v in snapshot.table(name).items()}
    if keys is not None:
        docs = {k: docs[k] for k in keys if k in docs}
    return msgspec.json.encode(docs)


def _typed(snapshot: Any, name: str, kind: type, keys: set[str] | None = None) -> dict[int, Any]:
    docs = msgspec.json.decode(_table_bytes(snapshot, name, keys), type=dict[str, kind])
    out = {}
    for key, record in docs.items():
        n = int(key)  # ValueError: a key that is not an id (the usual load names it)
        if str(n) != key or n < 1:
            raise ValueError(key)
        if kind is _Question:
            if record.status not in QUESTION_STATUSES:
                raise ValueError(key)
        elif (
            record.status not in ITEM_STATUSES
            or record.on_kind not in ON_KINDS
            or (record.on_kind == "question" and not QUESTION_REF.fullmatch(record.on or ""))
        ):
            raise ValueError(key)
        for moment in (
            (record.asked_at, record.needed_by, record.answered_at, record.closed_at)
            if kind is _Question
            else (record.since, record.unblocked_at)
        ):
            if moment is not None and not EARLIEST <= moment < LATEST:
                raise ValueError(key)  # a time no reader can do arithmetic on
        msgspec.structs.force_setattr(record, "id", n)
        out[n] = record
    return dict(sorted(out.items()))
