"""The damaged records of tables a reader does not show, found fast.

``standup status`` names every damaged record (the board's banner sends people there),
but it shows neither check-ins nor stand-ups: decoding each of years of them into a
record, one by one, would cost it a board's speed. :func:`damaged` decodes a whole table
in one typed pass instead (msgspec checks every field's type in C), then runs the checks
:meth:`~standup.model.Record.from_doc` adds after decoding over the distinct values they
read (a few logins, one date a day, the range of each time field). Only a table where
something is not whole is then read record by record, through :meth:`Board.load`, to
name exactly what :meth:`~standup.board.Board.load` would.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from standup.fileformat import _ENCODER, all_ids
from standup.model import _TIME_FIELDS, EARLIEST, LATEST, Damage, Record

TABLES = ("checkins", "standups")
_DECODERS: dict[str, msgspec.json.Decoder] = {}


def damaged(snapshot: Any, tables: Iterable[str] = TABLES) -> list[Damage]:
    """The damaged records of ``tables`` in ``snapshot`` (a store's or lazy snapshot),
    as :meth:`standup.board.Board.load` names them."""
    from standup.board import Board

    out: list[Damage] = []
    for name in tables:
        raw = _raw(snapshot, name)
        if raw in (b"", b"{}") or _whole(name, raw):
            continue
        board = Board.load(snapshot, parts=(name,))
        out += [d for d in board.damaged if d.table == name]
    return out


def _raw(snapshot: Any, name: str) -> bytes:
    read = getattr(snapshot, "raw", None)
    if read is not None:
        return read(name)
    return _ENCODER.encode(snapshot.data.get(name, {}))


def _kind(name: str) -> type[Record]:
    from standup.records import Checkin, Standup

    return {"checkins": Checkin, "standups": Standup}[name]


def _whole(name: str, raw: bytes) -> bool:
    """True when no record of the table ``raw`` is damaged; False when one may be."""
    kind = _kind(name)
    decoder = _DECODERS.get(name)
    if decoder is None:
        decoder = _DECODERS[name] = msgspec.json.Decoder(dict[str, kind])  # type: ignore[valid-type]
    try:
        records = decoder.decode(raw)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return False
    if not records or not all_ids(records):
        return not records
    found = list(records.values())
    return _times_whole(kind, found) and _problems_whole(kind, found)


def _times_whole(kind: type[Record], records: list[Any]) -> bool:
    """:meth:`Record._times_problem` for all: whole-minute offsets, within the range."""
    for field in (f for f in kind.__struct_fields__ if f in _TIME_FIELDS):
        values = [v for v in (getattr(r, field) for r in records) if v is not None]
        if not values:
            continue
        try:
            offsets = {v.utcoffset() for v in values}
            if any(o is None or o.seconds % 60 for o in offsets):
                return False
            if min(values) < EARLIEST or max(values) >= LATEST:
                return False
        except (OverflowError, ValueError, TypeError):
            return False
    return True


def _problems_whole(kind: type[Record], records: list[Any]) -> bool:
    """:meth:`Record._problem` for all, each distinct value it reads checked once (in
    step with :meth:`Checkin._problem` and :meth:`Standup._problem`)."""
    from standup.model import LOGIN
    from standup.records import STANDUP_OUTCOMES, _date_problem

    if not any(map(_date_problem, {r.date for r in records})):
        if kind.TABLE == "checkins":
            logins = {r.who for r in records}
        elif kind.TABLE == "standups":
            logins = {r.facilitator for r in records}
            for r in records:
                logins.update(r.order, r.absent, r.skipped)
                if r.current is not None and not 0 <= r.current < len(r.order):
                    return False
                if any(d.outcome not in STANDUP_OUTCOMES for d in r.decisions):
                    return False
        else:
            return not any(r._problem() for r in records)
        return all(LOGIN.fullmatch(w) for w in logins)
    return False
