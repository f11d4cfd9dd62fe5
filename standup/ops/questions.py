"""Questions: ask, answer, withdraw, and the PM's return briefing (review)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from standup import clock, events
from standup.board import Board
from standup.errors import BadInput, DamagedRecord
from standup.model import (
    ANSWERED,
    ASSUMED,
    OPEN,
    WITHDRAWN,
    BlockedItem,
    Event,
    Question,
    Revision,
)
from standup.ops.common import (
    Actor,
    Done,
    called,
    decider,
    known_person,
    need_text,
    not_on_board,
    not_past,
    parse_id,
    read_when,
)
from standup.store import Store, Tx

if TYPE_CHECKING:
    from standup.view import ItemState, QuestionState

ASK_EXAMPLE = 'standup ask "Which export format do we ship first?" --by "fri 5pm"'
REVIEW_ACTIONS = ("confirm", "reopen", "override")


def ask(
    store: Store,
    actor: Actor,
    text: str,
    *,
    to: str | None = None,
    by: str | None = None,
    fallback: str | None = None,
    one_way: bool = False,
    blocks: Iterable[str] = (),
    now: datetime | None = None,
) -> Done:
    """Add an open question. Without ``to`` it goes to the team's PM (nobody if none)."""
    now = now or clock.now()
    need_text(text, "the question", ASK_EXAMPLE)
    if fallback is not None:
        need_text(fallback, "--fallback", '--fallback "ship CSV only"')
        if one_way:
            raise BadInput(
                "a one-way door has no fallback: it waits for an answer",
                'standup ask "Drop the v1 API?" --one-way --by "fri 5pm" (no --fallback)',
            )
    block_ids = list(dict.fromkeys(parse_id(b, "B") for b in blocks))
    with store.transaction() as tx:
        board = Board.load(tx, parts=())
        if to is not None:
            addressee: str | None = known_person(board, actor, to, "--to")
        else:
            addressee = board.pm.login if board.pm else None
        needed_by = deadline(board, actor, by, addressee, now) if by is not None else None
        qid = tx.next_id("Q")  # a refusal below writes nothing, this count included
        for bid in block_ids:
            _must_wait_on_nothing(tx, bid, f"Q{qid}", now)
        q = Question(
            id=qid,
            text=text,
            asked_by=actor.login,
            asked_at=now,
            to=addressee,
            needed_by=needed_by,
            fallback=fallback,
            reversible=not one_way,
            os_login=actor.os_login,
        )
        tx.insert("questions", q.to_doc(), qid)
        for bid in block_ids:
            tx.update("blocked", bid, {"on": q.key, "on_kind": "question"})
        deciding = decider(board, addressee, now)
        said = f"{called(board, actor.login)} asked {q.key} {events.quote(text)}"
        said += f" of {called(board, addressee)}" if addressee else " of the team"
        if deciding:
            said += f"; {called(board, deciding)} decides while {called(board, addressee)} cannot"
        if block_ids:
            said += "; it blocks " + ", ".join(f"B{b}" for b in block_ids)
        event = events.append(tx, actor, "asked", q.key, said, now=now, for_=[addressee, deciding])
    return Done(q, (event,))


def deadline(
    board: Board, actor: Actor, phrase: str, addressee: str | None, now: datetime
) -> datetime:
    """``--by``: a time phrase, or ``N working hours`` of the addressee's office hours."""
    from standup.availability import add_working_hours
    from standup.when import parse_working_hours

    hours = parse_working_hours(phrase)
    if hours is not None:
        if hours <= 0:
            raise BadInput(f"--by {phrase!r} is not a positive number of hours", "4 working hours")
        who = addressee or actor.login
        try:
            return add_working_hours(
                board.people.get(who), board.absences_of(who), now, hours, board.zone_of(who)
            )
        except BadInput as exc:  # say which option, as read_when does
            raise BadInput(f"--by: {exc.message}", exc.example) from None
    return not_past(read_when(board, actor, phrase, "--by", now), phrase, "--by", now)


def load_item(tx: Tx, bid: int, now: datetime) -> ItemState:
    """The blocked item ``B<bid>`` as it reads now (an item waiting on an answered or
    assumed question reads unblocked), or :class:`BadInput`; a damaged item is refused
    (:class:`DamagedRecord`). An item waiting on a damaged question reads as stored,
    as it does on the board."""
    from standup.view import item_state

    doc = tx.get("blocked", bid)
    if doc is None:
        raise not_on_board(tx, "B", bid, "standup list blocked")
    item = BlockedItem.from_doc(doc, bid)
    question = None
    if item.on is not None and item.on_question is not None:
        try:
            question = load_question(tx, item.on, now)
        except (BadInput, DamagedRecord):
            question = None
    return item_state(item, question, now)


def _must_wait_on_nothing(tx: Tx, bid: int, qid: str, now: datetime) -> None:
    """An item waits on one thing: ``--blocks`` may point only a blocked item that waits
    on nothing yet at the new question ``qid``; anything else is refused, never replaced."""
    state = load_item(tx, bid, now)
    if not state.is_blocked:
        raise BadInput(f"B{bid} is not blocked any more", "standup list blocked")
    item = state.item
    if item.on is not None and item.on_kind != "none":
        what = item.on if item.on_kind in ("question", "person") else f"“{item.on}”"
        raise BadInput(
            f"B{bid} already waits on {what}; an item waits on one thing: ask without "
            f"--blocks, then point B{bid} at the new question",
            f"standup edit B{bid} --on {qid}",
        )


def load_question(tx: Tx, qid: str, now: datetime) -> QuestionState:
    """The question ``qid`` (``Q3``) as it reads now, or :class:`BadInput`; a damaged
    question is refused (:class:`DamagedRecord`, one line naming it)."""
    from standup.view import question_state

    n = parse_id(qid, "Q")
    doc = tx.get("questions", n)
    if doc is None:
        raise not_on_board(tx, "Q", n, "standup list questions")
    return question_state(Question.from_doc(doc, n), now)


def answer(store: Store, actor: Actor, qid: str, text: str, *, now: datetime | None = None) -> Done:
    """Answer an open (or assumed) question; items waiting on it unblock with it."""
    now = now or clock.now()
    need_text(text, "the answer", 'standup answer Q3 "CSV first, PDF next sprint"')
    with store.transaction() as tx:
        state = load_question(tx, qid, now)
        q = state.q
        if state.status == WITHDRAWN:
            raise BadInput(f"{q.key} was withdrawn; ask it again if it matters", ASK_EXAMPLE)
        if state.status == ANSWERED:
            raise BadInput(
                f"{q.key} is already answered by {q.answered_by}; "
                f"{q.to or 'its addressee'} can replace the answer",
                f'standup review {q.key} override "…"',
            )
        history = list(q.history)
        if state.status == ASSUMED:
            history.append(_revision(state, now, actor, "answered over the assumption"))
        reviewed = None if q.to in (None, actor.login) else False
        fields = _answered(actor, text, now, reviewed=reviewed, history=history)
        tx.update("questions", q.id, fields)
        board = Board.load(tx, parts=())
        said = f"{called(board, actor.login)} answered {q.key} {events.quote(q.text)}: "
        said += events.quote(text)
        if state.status == ASSUMED:
            said += f" (instead of the fallback {events.quote(state.answer)})"
        if reviewed is False:
            said += f"; for {called(board, q.to)} to review"
        old = {"status": state.status, "answer": state.answer} if state.status == ASSUMED else None
        concerned = [q.asked_by, *events.waiting_on(tx, q.key)]
        if reviewed is False:
            concerned.append(q.to)
        event = events.append(tx, actor, "answered", q.key, said, now=now, old=old, for_=concerned)
    return Done(Question.from_doc({**q.to_doc(), **fields}, q.id), (event,))


def withdraw(store: Store, actor: Actor, qid: str, *, now: datetime | None = None) -> Done:
    """Take back an open question (it stays in the record as withdrawn)."""
    now = now or clock.now()
    with store.transaction() as tx:
        state = load_question(tx, qid, now)
        if state.status != OPEN:
            raise BadInput(f"{state.q.key} is {state.status}, not open", "standup list questions")
        fields = {
            "status": WITHDRAWN,
            "closed_at": now.isoformat(),
            "closed_by": actor.login,
            "closed_os_login": actor.os_login,
        }
        tx.update("questions", state.q.id, fields)
        board = Board.load(tx, parts=())
        q = state.q
        said = f"{called(board, actor.login)} withdrew {q.key} {events.quote(q.text)}"
        concerned = [q.asked_by, *events.waiting_on(tx, q.key)]
        event = events.append(tx, actor, "withdrawn", q.key, said, now=now, for_=concerned)
    return Done(Question.from_doc({**state.q.to_doc(), **fields}, state.q.id), (event,))


def review(
    store: Store,
    actor: Actor,
    qid: str,
    action: str,
    text: str | None = None,
    *,
    now: datetime | None = None,
) -> Done:
    """The addressee confirms, overrides or reopens an answer given by someone else or an
    assumption taken while they were away. Override and reopen keep the old answer in
    the question's history; reopen puts the question back to open (so items waiting on
    it are blocked again) and it no longer falls back on its own."""
    now = now or clock.now()
    if action not in REVIEW_ACTIONS:
        raise BadInput(
            f"review action {action!r} is not one of {', '.join(REVIEW_ACTIONS)}",
            "standup review Q3 confirm",
        )
    if action == "override":
        need_text(text, "the new answer", 'standup review Q3 override "PDF first"')
    elif text is not None:
        raise BadInput(f"{action} takes no text", f"standup review {qid} {action}")
    with store.transaction() as tx:
        state = load_question(tx, qid, now)
        q = state.q
        if state.reviewed is not False:
            raise BadInput(f"{q.key} has nothing to review ({state.status})", "standup review")
        if q.to is not None and actor.login != q.to:
            raise BadInput(
                f"only {q.to}, to whom {q.key} was asked, reviews its answer",
                f"standup review {q.key} {action} --user {q.to}",
            )
        if action == "confirm":
            fields = {
                "status": state.status,
                "answer": state.answer,
                "answered_by": state.answered_by,
                "answered_at": state.answered_at.isoformat() if state.answered_at else None,
                "reviewed": True,
                "reviewed_by": actor.login,
                "reviewed_at": now.isoformat(),
                "reviewed_os_login": actor.os_login,
            }
        elif action == "override":
            history = [*q.history, _revision(state, now, actor, "override")]
            fields = _answered(actor, text, now, reviewed=True, history=history)
        else:
            fields = {
                "status": OPEN,
                "answer": None,
                "answered_by": None,
                "answered_at": None,
                "reviewed": None,
                "reopened_at": now.isoformat(),
                "history": [*q.history, _revision(state, now, actor, "reopen")],
            }
        tx.update("questions", q.id, fields)
        event = _reviewed(tx, actor, state, action, text, now)
    return Done(Question.from_doc({**q.to_doc(), **fields}, q.id), (event,))


REVIEW_KINDS = {"confirm": "confirmed", "override": "overridden", "reopen": "reopened"}


def _reviewed(
    tx: Tx, actor: Actor, state: QuestionState, action: str, text: str | None, now: datetime
) -> Event:
    """The review's event. A confirm concerns whoever answered; an override or a reopen
    the asker and the owners of the items that moved on the old answer."""
    board = Board.load(tx, parts=())
    q = state.q
    was = events.quote(state.answer)
    by = called(board, state.answered_by) if state.answered_by else "the fallback"
    who = called(board, actor.login)
    old = {
        "status": state.status,
        "answer": state.answer,
        "answered_by": state.answered_by,
        "answered_at": state.answered_at,
    }
    if action == "confirm":
        said = f"{who} confirmed {q.key} {events.quote(q.text)}: {was} by {by}"
        concerned: list[str | None] = [state.answered_by]
    elif action == "override":
        new = events.quote(text)
        said = f"{who} overrode {q.key} {events.quote(q.text)}: {new} (was {was} by {by})"
        concerned = [q.asked_by, *events.waiting_on(tx, q.key)]
    else:
        said = f"{who} reopened {q.key} {events.quote(q.text)} (was {was} by {by})"
        waiting = events.waiting_on(tx, q.key)
        if waiting:
            said += "; the items waiting on it are blocked again"
        concerned = [q.asked_by, *waiting]
    kind = REVIEW_KINDS[action]
    return events.append(tx, actor, kind, q.key, said, now=now, old=old, for_=concerned)


def _answered(
    actor: Actor, text: str | None, now: datetime, *, reviewed: bool | None, history: list
) -> dict:
    """The fields of a question answered now by ``actor`` (who really typed it, too)."""
    return {
        "status": ANSWERED,
        "answer": text,
        "answered_by": actor.login,
        "answered_at": now.isoformat(),
        "answered_os_login": actor.os_login,
        "reviewed": reviewed,
        "history": history,
    }


def _revision(state: QuestionState, now: datetime, actor: Actor, action: str) -> dict:
    return Revision(
        answer=state.answer,
        answered_by=state.answered_by,
        answered_at=state.answered_at,
        status=state.status,
        at=now,
        by=actor.login,
        action=action,
        os_login=actor.os_login,
    ).to_doc()
