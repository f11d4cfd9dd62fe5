"""The stand-up's decision round: what is on its agenda, in what order, and who decides.

The round goes through the open questions *for the PM* — those whose route to someone
who can answer passes through the PM: addressed to the PM (answered now by the PM, or by
whoever decides for them while they are away), or addressed to someone away whose
delegate chain reaches the PM. On a board with no PM, the questions asked of nobody in
particular. Those that block work come first — the more items waiting on them, the
sooner — then the oldest.

Each outcome is an operation of :mod:`standup.ops.decide` the CLI could do too (answer,
take the fallback now, park, hand to the PM's delegate). Core: no Textual; derived from
a :class:`~standup.view.BoardView`, so every board agrees on the agenda at a moment.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from standup.board import Board
from standup.model import Question
from standup.view import BoardView, ItemState, QuestionState

QUESTION_SECONDS = 60  # the short timebox each question gets in the round


def delegate_now(board: Board, now: datetime) -> str | None:
    """The PM's delegate now: the delegate of the absence in force, else their standing
    delegate — someone on the board other than the PM — or ``None`` (no PM, no
    delegate, or a delegate not on the board, to whom nothing is ever routed)."""
    pm = board.pm
    if pm is None:
        return None
    from standup.availability import status_of

    status = status_of(pm.login, pm, board.absences_of(pm.login), now, board.zone_of(pm.login))
    delegate = status.delegate
    return delegate if delegate in board.people and delegate != pm.login else None


def for_the_pm(view: BoardView, state: QuestionState) -> bool:
    """Whether the open question ``state`` is for the PM (see the module's docstring)."""
    if not state.is_open:
        return False
    pm = view.board.pm
    if pm is None:
        return state.q.to is None
    route = state.route
    return state.q.to == pm.login or (route is not None and pm.login in route.chain)


def blocking(view: BoardView, state: QuestionState) -> list[ItemState]:
    """The items still blocked on ``state``'s question, in id order."""
    items = (view.blocked.get(i) for i in state.blocks)
    return [item for item in items if item is not None and item.is_blocked]


def agenda(view: BoardView) -> list[QuestionState]:
    """The round's questions in order: most items blocked first, then the oldest."""
    found = [s for s in view.questions.values() if for_the_pm(view, s)]
    return sorted(found, key=lambda s: (-len(blocking(view, s)), -s.age_seconds, s.q.id))


class Outcomes(msgspec.Struct, frozen=True):
    """Which outcomes the round can take on a question now, and why not when it cannot
    (the operation refuses with the same reason)."""

    fallback: str | None  # why the fallback cannot be taken now, None when it can
    delegate: str | None  # to whom "hand to the delegate" hands it (None: nobody)


def outcomes(view: BoardView, state: QuestionState) -> Outcomes:
    q = state.q
    delegate = delegate_now(view.board, view.now)
    return Outcomes(fallback=fallback_refusal(q), delegate=delegate if delegate != q.to else None)


def fallback_refusal(q: Question) -> str | None:
    """Why ``q``'s fallback cannot be taken now, or ``None`` when it can."""
    if not q.reversible:
        return "it is a one-way door, which never falls back"
    if q.fallback is None:
        return "it has no fallback"
    if q.reopened_at is not None:
        return "it was reopened, so it no longer falls back"
    return None
