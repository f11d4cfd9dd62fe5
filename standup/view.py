"""What the board means at one moment: derived, never stored.

A question past its needed-by with a fallback reads *assumed*, items blocked on an
answered or assumed question read *unblocked*, people have a status now, and every open
question knows who can answer it right now. All of it is a pure function of the stored
records and the clock, so every reader at every moment agrees.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import cached_property
from typing import TYPE_CHECKING

import msgspec

from standup.model import (
    ANSWERED,
    ASSUMED,
    BLOCKED,
    OPEN,
    UNBLOCKED,
    BlockedItem,
    Person,
    Question,
)

if TYPE_CHECKING:  # availability loads only when a status is derived
    from collections.abc import Mapping

    from standup.availability import Route, Status
    from standup.board import Board  # a type only: `standup inbox` does not load it
    from standup.presence import Presence


class QuestionState(msgspec.Struct, frozen=True):
    """A question as it reads now."""

    q: Question
    status: str
    answer: str | None
    answered_by: str | None
    answered_at: datetime | None
    reviewed: bool | None
    overdue: bool
    age_seconds: int
    route: Route | None  # who can answer now (open questions only)
    blocks: tuple[int, ...]

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    @property
    def ask_now(self) -> str | None:
        return self.route.login if self.route else None


class ItemState(msgspec.Struct, frozen=True):
    """A blocked item as it reads now."""

    item: BlockedItem
    status: str
    unblocked_at: datetime | None
    age_seconds: int

    @property
    def is_blocked(self) -> bool:
        return self.status == BLOCKED


class PersonState(msgspec.Struct, frozen=True):
    """A person (or a login not on the board) and their status now; ``on_board`` when
    they have the board open, ``seen_at`` their last heartbeat (see
    :mod:`standup.presence`)."""

    login: str
    person: Person | None
    status: Status
    on_board: bool = False
    seen_at: datetime | None = None

    @property
    def name(self) -> str:
        return self.person.name if self.person else self.login


def question_state(q: Question, now: datetime, route: Route | None = None) -> QuestionState:
    """``q`` at ``now``: the fallback rule, overdue, age. ``route`` is filled in by callers
    that know the people (see :class:`BoardView`)."""
    status, answer, by, at, reviewed = q.status, q.answer, q.answered_by, q.answered_at, q.reviewed
    if status == OPEN and q.falls_back and now >= q.needed_by:  # type: ignore[operator]
        status, answer, by, at, reviewed = ASSUMED, q.fallback, None, q.needed_by, False
    overdue = status == OPEN and q.needed_by is not None and now >= q.needed_by
    if status == OPEN:
        end = now
    elif status in (ANSWERED, ASSUMED):
        end = at or now
    else:
        end = q.closed_at or now
    return QuestionState(
        q=q,
        status=status,
        answer=answer,
        answered_by=by,
        answered_at=at,
        reviewed=reviewed,
        overdue=overdue,
        age_seconds=max(0, int((end - q.asked_at).total_seconds())),
        route=route if status == OPEN else None,
        blocks=(),
    )


def item_state(item: BlockedItem, question: QuestionState | None, now: datetime) -> ItemState:
    """``item`` at ``now``; ``question`` is the state of the question it waits on, if any."""
    status, at = item.status, item.unblocked_at
    if status == BLOCKED and question is not None and question.status in (ANSWERED, ASSUMED):
        status, at = UNBLOCKED, max(item.since, question.answered_at or item.since)
    end = at if status == UNBLOCKED and at else now
    return ItemState(item, status, at, max(0, int((end - item.since).total_seconds())))


WHOLE_TEAM = ""  # the key in ``BoardView.elsewhere`` of questions asked of the whole team


class BoardView:
    """The whole board at ``now``, read by the CLI, the JSON and the full-screen app.

    Derived parts are computed once, on first use. ``presence`` says who has the board
    open (read beside the board file, never stored in it); without it nobody is.
    ``elsewhere`` counts, by addressee (:data:`WHOLE_TEAM`: the whole team), the answers and
    assumptions waiting for review that ``board`` leaves out (the full-screen board reads
    only part of the file; see :class:`standup.ui.state.Slice`): :meth:`review_count`
    adds them in.
    """

    def __init__(
        self,
        board: Board,
        now: datetime,
        tz: tzinfo,
        presence: Presence | None = None,
        elsewhere: Mapping[str, int] | None = None,
    ) -> None:
        self.board = board
        self.now = now
        self.tz = tz  # the reader's zone, for display and JSON
        self.presence = presence
        self.elsewhere = elsewhere or {}

    # -- people ------------------------------------------------------------------------

    def person(self, login: str) -> PersonState:
        cache = self._people_cache
        if login not in cache:
            from standup.availability import status_of

            person = self.board.people.get(login)
            status = status_of(
                login, person, self.board.absences_of(login), self.now, self.board.zone_of(login)
            )
            presence = self.presence
            if presence is None:
                cache[login] = PersonState(login, person, status)
            else:
                cache[login] = PersonState(
                    login, person, status, presence.on_board(login), presence.seen_at(login)
                )
        return cache[login]

    @cached_property
    def _people_cache(self) -> dict[str, PersonState]:
        return {}

    @cached_property
    def people(self) -> list[PersonState]:
        return [self.person(login) for login in self.board.people]

    @cached_property
    def pm(self) -> PersonState | None:
        pm = self.board.pm
        return self.person(pm.login) if pm else None

    def route(self, login: str | None) -> Route | None:
        """Who can answer for ``login`` right now (cached per addressee)."""
        if login is None:
            return None
        cache = self._routes
        if login not in cache:
            from standup.availability import who_can_answer

            cache[login] = who_can_answer(
                login, self.board.people, self.board.absences, self.now, self.board.zone_of(login)
            )
        return cache[login]

    @cached_property
    def _routes(self) -> dict[str, Route]:
        return {}

    # -- questions and items -----------------------------------------------------------

    @cached_property
    def questions(self) -> dict[int, QuestionState]:
        blocks: dict[int, list[int]] = {}
        for item in self.board.blocked.values():
            if item.on_question is not None:
                blocks.setdefault(item.on_question, []).append(item.id)
        states = {}
        for qid, q in self.board.questions.items():
            state = question_state(q, self.now)
            if state.is_open or qid in blocks:
                state = msgspec.structs.replace(
                    state,
                    route=self.route(q.to) if state.is_open else None,
                    blocks=tuple(blocks.get(qid, ())),
                )
            states[qid] = state
        return states

    @cached_property
    def blocked(self) -> dict[int, ItemState]:
        questions = self.questions
        return {
            i: item_state(item, questions.get(item.on_question or 0), self.now)
            for i, item in self.board.blocked.items()
        }

    @property
    def open_questions(self) -> list[QuestionState]:
        return [s for s in self.questions.values() if s.is_open]

    @property
    def blocked_items(self) -> list[ItemState]:
        return [s for s in self.blocked.values() if s.is_blocked]

    def review_count(self, login: str) -> int:
        """How many answers and assumptions ``login`` has to review (:meth:`unreviewed`,
        and those left out of the board, see ``elsewhere``)."""
        left_out = self.elsewhere.get(login, 0) + self.elsewhere.get(WHOLE_TEAM, 0)
        return len(self.unreviewed(login)) + left_out

    def unreviewed(self, login: str | None = None) -> list[QuestionState]:
        """Answers by someone else and assumptions the addressee has not reviewed."""
        return [
            s
            for s in self.questions.values()
            if s.reviewed is False and (login is None or s.q.to in (login, None))
        ]
