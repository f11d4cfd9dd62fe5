"""The decision round's four outcomes, each one locked transaction that does to the
question what the CLI command would, and nothing else:

- :func:`decide_answer` — as ``standup answer Q<n> TEXT`` (the same operation, run inside
  this transaction), answered by the actor: the PM, or the delegate present.
- :func:`decide_assume` — the fallback is taken now: the needed-by becomes now, stored as
  ``standup edit Q<n> --by …`` stores a new needed-by (the old one kept in the history,
  an ``edited`` event), so the question reads *assumed* from this moment by the clock's
  own rule (product.md, Fallbacks) — no status is written. The CLI's ``edit`` refuses a
  needed-by that is not ahead, which is why this is its own operation. Refused for a
  one-way door, a question with no fallback, and a reopened one (which never falls back).
- :func:`decide_park` — the question is left exactly as it is; only the stand-up records
  that it was parked (with no stand-up, nothing is written at all).
- :func:`decide_delegate` — as ``standup edit Q<n> --to <the PM's delegate now>``
  (:func:`standup.decisions.delegate_now`); refused when there is none.

Each takes an optional running stand-up (``standup="S3"``): the same transaction then
appends ``{"question", "outcome", "by", "os_login"}`` to its ``decisions``, so the
record and the question never disagree. A refusal writes nothing — neither the question nor the
stand-up.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any, cast

from standup import clock, events
from standup.board import Board
from standup.decisions import delegate_now, fallback_refusal
from standup.errors import BadInput
from standup.model import ANSWERED, ASSUMED, OPEN, WITHDRAWN, Question
from standup.ops.common import Actor, Done, called, not_on_board
from standup.ops.edit import _edited, _fields, edit_question
from standup.ops.questions import answer, load_question
from standup.records import Standup
from standup.store import Store, Tx

LIST_STANDUPS = "standup list standups"


class _Joined:
    """A store whose one transaction is ``tx``, already open and locked: an operation
    given it runs inside that transaction (a refusal anywhere aborts all of it), so the
    round reuses ``answer`` and ``edit`` themselves instead of a copy of them."""

    read_only = False

    def __init__(self, tx: Tx) -> None:
        self._tx = tx

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Tx]:
        yield self._tx


def _inside(tx: Tx) -> Store:
    return cast(Store, _Joined(tx))


def decide_answer(
    store: Store,
    actor: Actor,
    qid: str,
    text: str,
    *,
    standup: str | None = None,
    now: datetime | None = None,
) -> Done:
    """Answer ``qid`` in the round, as ``standup answer`` does."""
    now = now or clock.now()
    sid = _standup_id(standup)
    with store.transaction() as tx:
        _running(tx, sid)
        done = answer(_inside(tx), actor, qid, text, now=now)
        _record(tx, sid, done.record.key, "answered", actor)
    return done


def decide_assume(
    store: Store,
    actor: Actor,
    qid: str,
    *,
    standup: str | None = None,
    now: datetime | None = None,
) -> Done:
    """Take ``qid``'s fallback now: its needed-by becomes now (see the module)."""
    now = clock.storable(now or clock.now())
    sid = _standup_id(standup)
    with store.transaction() as tx:
        _running(tx, sid)
        state = load_question(tx, qid, now)
        q = state.q
        _must_be_open(q, state.status, "fall back now")
        why = fallback_refusal(q)
        if why is not None:
            raise BadInput(f"{q.key} cannot fall back: {why}; answer it instead", _answer(q))
        board = Board.load(tx, parts=())
        fields = _fields(q, {"needed_by": now}, actor, now)
        tx.update("questions", q.id, fields)
        event = _edited(tx, board, actor, q.key, fields["history"][-1], now, [q.asked_by, q.to])
        _record(tx, sid, q.key, "assumed", actor)
    return Done(Question.from_doc({**q.to_doc(), **fields}, q.id), (event,))


def decide_park(
    store: Store,
    actor: Actor,
    qid: str,
    *,
    standup: str | None = None,
    now: datetime | None = None,
) -> Done:
    """Leave ``qid`` as it is; the stand-up, if any, records it parked (with a
    ``parked`` event, as every write has one)."""
    now = now or clock.now()
    sid = _standup_id(standup)
    with store.transaction() as tx:
        _running(tx, sid)
        state = load_question(tx, qid, now)
        q = state.q
        _must_be_open(q, state.status, "be parked")
        if sid is None:  # nothing to record: the transaction writes nothing
            return Done(q, note=f"{q.key} parked: left as it is")
        _record(tx, sid, q.key, "parked", actor)
        board = Board.load(tx, parts=())
        said = f"{called(board, actor.login)} parked {q.key} {events.quote(q.text)} in S{sid}"
        event = events.append(tx, actor, "parked", q.key, said, now=now)
    return Done(q, (event,))


def decide_delegate(
    store: Store,
    actor: Actor,
    qid: str,
    *,
    standup: str | None = None,
    now: datetime | None = None,
) -> Done:
    """Hand ``qid`` to the PM's delegate now, as ``standup edit --to`` does."""
    now = now or clock.now()
    sid = _standup_id(standup)
    with store.transaction() as tx:
        _running(tx, sid)
        board = Board.load(tx, parts=())
        state = load_question(tx, qid, now)
        q = state.q
        _must_be_open(q, state.status, "be handed on")
        delegate = delegate_now(board, now)
        if delegate is None:
            pm = board.pm
            raise BadInput(
                f"{called(board, pm.login)} has no delegate on the board to hand {q.key} to"
                if pm is not None
                else f"there is no PM on this board, so no delegate to hand {q.key} to",
                f"standup person set {pm.login if pm else 'ana'} --delegate bruno",
            )
        if q.to == delegate:
            raise BadInput(f"{q.key} is already {called(board, delegate)}'s to decide", _answer(q))
        done = edit_question(_inside(tx), actor, q.key, to=delegate, now=now)
        _record(tx, sid, q.key, "delegated", actor)
    return done


# -- the checks and the record -----------------------------------------------------------


def _answer(q: Question) -> str:
    return f'standup answer {q.key} "…"'


def _must_be_open(q: Question, status: str, what: str) -> None:
    if status == OPEN:
        return
    if status == WITHDRAWN:
        raise BadInput(f"{q.key} was withdrawn: only an open question can {what}", "standup status")
    said = {ANSWERED: "already answered", ASSUMED: "already assumed (its fallback was taken)"}
    raise BadInput(
        f"{q.key} is {said.get(status, status)}: only an open question can {what}",
        f"standup review {q.key} reopen",
    )


def _standup_id(value: str | None) -> int | None:
    """``S3`` → 3; ``None`` → no stand-up; anything else is :class:`BadInput`."""
    if value is None:
        return None
    m = re.fullmatch(r"\s*S(\d{1,9})\s*", value, re.IGNORECASE)
    if not m or int(m.group(1)) == 0:
        raise BadInput(f"{value!r} is not a stand-up id", "S3")
    return int(m.group(1))


def _running(tx: Tx, sid: int | None) -> Standup | None:
    """The stand-up ``S<sid>``, which must exist, be whole and still run."""
    if sid is None:
        return None
    doc = tx.get("standups", sid)
    if doc is None:
        raise not_on_board(tx, "S", sid, LIST_STANDUPS)
    standup = Standup.from_doc(doc, sid)  # a damaged one is refused, named
    if standup.ended_at is not None:
        raise BadInput(
            f"S{sid} has ended: decisions are recorded in a running stand-up", LIST_STANDUPS
        )
    return standup


def _record(tx: Tx, sid: int | None, key: str, outcome: str, actor: Actor) -> None:
    """Append the decision to the stand-up's ``decisions`` (the others as they were)."""
    if sid is None:
        return
    doc = tx.get("standups", sid)
    assert doc is not None  # checked by _running in this transaction
    decision: dict[str, Any] = {
        "question": key,
        "outcome": outcome,
        "by": actor.login,
        "os_login": actor.os_login,
    }
    tx.update("standups", sid, {"decisions": [*doc.get("decisions", []), decision]})
