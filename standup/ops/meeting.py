"""The stand-up meeting's writes: start (or take over), next / previous / skip, move
someone up or down, park a topic, note what was raised or decided, end.

Each is one locked transaction on the ``standups`` table with its event in the log, and
each speaker change stores who spoke for how long at once: a facilitator's terminal
killed mid-meeting loses at most the current speaker's running time. Only the board
that runs the meeting (its ``runner``) changes it; see :mod:`standup.meeting` for the
order, the facilitator and when a silent runner's meeting may be taken over.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import msgspec

from standup import clock, events, meeting
from standup.board import Board
from standup.errors import BadInput
from standup.ops.common import Actor, Done, called, known_person, need_text
from standup.records import Standup
from standup.store import Store, Tx

MAX_PARKED = 300
RAISED = re.compile(r"\s*([QB])([1-9][0-9]{0,8})\s*", re.IGNORECASE)


def _board(tx: Tx) -> Board:
    return Board.load(tx, parts=("standups",))


def _runner_seen(store: Store, login: str, now: datetime) -> datetime | None:
    """When ``login``'s board last beat (presence beside the board), if it did."""
    from standup import presence

    return presence.read(store.path, [login], now).seen_at(login)


def start_standup(
    store: Store, actor: Actor, *, facilitator: str | None = None, now: datetime | None = None
) -> Done:
    """Start today's stand-up (order, absent, facilitator from :func:`meeting.plan`),
    or take over the running one when its runner is the caller or has given no sign of
    life for :data:`meeting.TAKEOVER_S`. A meeting another live board runs is refused,
    with who runs it."""
    now = now or clock.now()
    with store.transaction() as tx:
        board = _board(tx)
        chosen = known_person(board, actor, facilitator, "--facilitator") if facilitator else None
        current = meeting.running(board)
        if current is not None:
            return _take_over(store, tx, board, actor, current, now)
        if not board.people:
            raise BadInput(
                "a stand-up needs the team's people; nobody is on the board yet",
                "standup person add ana --role pm",
            )
        standup = planned(board, actor, now, tx.next_id("S"), chosen)
        sid = standup.id
        tx.insert("standups", standup.to_doc(), sid)
        said = (
            f"{called(board, actor.login)} started stand-up {standup.key} "
            f"(facilitator {called(board, standup.facilitator)})"
        )
        if standup.speaker:
            said += f"; {called(board, standup.speaker)} speaks first"
        event = events.append(tx, actor, "standup-started", standup.key, said, now=now)
    return Done(standup, (event,))


def planned(
    board: Board,
    actor: Actor,
    now: datetime,
    sid: int = 0,
    facilitator: str | None = None,
    absent: list[str] | None = None,
) -> Standup:
    """The stand-up :func:`start_standup` stores when ``actor`` starts one at ``now``
    (order, absent, facilitator from :func:`meeting.plan`). The meeting screen draws it
    at once with ``sid`` 0 (not yet counted) and ``absent`` from the board's view, then
    takes the record the write returns, or goes back with the refusal's line."""
    day = now.astimezone(board.zone_of(actor.login)).date()
    plan = meeting.plan(board, now, day, absent)
    first = meeting.step(plan.order, plan.absent, None, 1)
    return Standup(
        id=sid,
        date=day.isoformat(),
        started_at=now,
        facilitator=facilitator or plan.facilitator or actor.login,
        order=plan.order,
        absent=plan.absent,
        current=first,
        speaking_since=now if first is not None else None,
        runner=actor.login,
        beat_at=now,
        os_login=actor.os_login,
        last_os_login=actor.os_login,
    )


def _take_over(
    store: Store, tx: Tx, board: Board, actor: Actor, current: Standup, now: datetime
) -> Done:
    runner = current.runner or current.facilitator
    if runner != actor.login:
        seen = _runner_seen(store, runner, now)
        if meeting.alive(current, now, seen):
            raise BadInput(
                f"stand-up {current.key} is running, run by {called(board, runner)}; "
                "m on the board follows it",
                "standup list standups",
            )
    fields = {"runner": actor.login, "beat_at": now.isoformat(), "last_os_login": actor.os_login}
    tx.update("standups", current.id, fields)
    taken = msgspec.structs.replace(current, runner=actor.login, beat_at=now)
    if runner == actor.login:
        return Done(taken, note=f"you run stand-up {current.key} again")
    said = (
        f"{called(board, actor.login)} took over stand-up {current.key} from "
        f"{called(board, runner)} (no sign of their board for {meeting.TAKEOVER_S} s)"
    )
    event = events.append(
        tx, actor, "standup-taken-over", current.key, said, now=now, for_=[runner]
    )
    return Done(taken, (event,))


# -- driving the running meeting --------------------------------------------------------


def _drive(
    store: Store,
    actor: Actor,
    now: datetime | None,
    change: Callable[[Board, Standup, datetime], tuple[dict[str, Any], str | None]],
    kind: str,
) -> Done:
    """Apply ``change`` to the running meeting, as its runner: ``change`` returns the
    fields to write and the event's line (``None``: nothing to do, and the note why in
    the fields' ``"note"``)."""
    now = now or clock.now()
    with store.transaction() as tx:
        board = _board(tx)
        standup = meeting.running(board)
        if standup is None:
            raise BadInput("no stand-up is running on this board", "m on the board starts one")
        runner = standup.runner or standup.facilitator
        if runner != actor.login:
            raise BadInput(
                f"stand-up {standup.key} is run by {called(board, runner)}; only their "
                "board changes it",
                "m on the board follows it",
            )
        fields, said = change(board, standup, now)
        if said is None:
            return Done(standup, note=str(fields.get("note", "nothing changed")))
        fields["beat_at"] = now.isoformat()
        fields["last_os_login"] = actor.os_login
        tx.update("standups", standup.id, fields)
        updated = Standup.from_doc(tx.get("standups", standup.id), standup.id)
        event = events.append(tx, actor, kind, standup.key, said, now=now)
    return Done(updated, (event,))


def _spoke_fields(standup: Standup, now: datetime) -> dict[str, Any]:
    """The current speaker's time, added to ``spoke`` (nothing when nobody speaks)."""
    who = standup.speaker
    if who is None:
        return {}
    spoke = [*msgspec.to_builtins(standup.spoke)]
    spoke.append({"who": who, "seconds": meeting.speaking_seconds(standup, now)})
    return {"spoke": spoke}


def _speaker_fields(place: int | None, now: datetime) -> dict[str, Any]:
    return {
        "current": place,
        "speaking_since": now.isoformat() if place is not None else None,
    }


def _move_on(board: Board, standup: Standup, now: datetime, direction: int, skip: bool):  # noqa: ANN202
    if standup.current is None and direction > 0 and (standup.spoke or standup.skipped):
        return {"note": "everyone has had their turn; e ends the stand-up"}, None
    place = meeting.step(standup.order, standup.absent, standup.current, direction)
    if place is None and direction < 0:
        return {"note": "this is the first speaker"}, None
    fields: dict[str, Any] = {}
    who = standup.speaker
    if skip and who is not None:
        fields["skipped"] = [*standup.skipped, who]
    else:
        fields.update(_spoke_fields(standup, now))
    fields.update(_speaker_fields(place, now))
    parts = []
    if who is not None:
        seconds = meeting.speaking_seconds(standup, now)
        parts.append(
            f"{called(board, who)} skipped"
            if skip
            else f"{called(board, who)} spoke {meeting.clock_text(seconds)}"
        )
    nxt = standup.order[place] if place is not None else None
    parts.append(f"{called(board, nxt)} speaks" if nxt else "everyone has had their turn")
    return fields, f"stand-up {standup.key}: " + "; ".join(parts)


def moved_on(
    board: Board, standup: Standup, now: datetime, direction: int, *, skip: bool = False
) -> Standup | None:
    """``standup`` as :func:`next_speaker` (``direction`` 1), :func:`previous_speaker`
    (-1) or :func:`skip_speaker` (1, ``skip``) will write it at ``now``, or None when
    that changes nothing: the meeting screen shows it at once, and the write's own
    record confirms it (or the screen goes back, with the refusal's line)."""
    fields, said = _move_on(board, standup, now, direction, skip)
    if said is None:
        return None
    doc = {**standup.to_doc(), **fields, "beat_at": now.isoformat()}
    return Standup.from_doc(doc, standup.id)


def next_speaker(store: Store, actor: Actor, *, now: datetime | None = None) -> Done:
    """The current speaker's time is stored; the next one present speaks."""
    return _drive(store, actor, now, lambda b, s, t: _move_on(b, s, t, 1, False), "standup-speaker")


def previous_speaker(store: Store, actor: Actor, *, now: datetime | None = None) -> Done:
    """Back to the one before (their time adds up when they speak again)."""
    return _drive(
        store, actor, now, lambda b, s, t: _move_on(b, s, t, -1, False), "standup-speaker"
    )


def skip_speaker(store: Store, actor: Actor, *, now: datetime | None = None) -> Done:
    """The current speaker passes (listed as skipped, no time); the next one speaks."""
    return _drive(store, actor, now, lambda b, s, t: _move_on(b, s, t, 1, True), "standup-speaker")


def move_person(
    store: Store, actor: Actor, who: str, direction: int, *, now: datetime | None = None
) -> Done:
    """Move ``who`` one place up (``direction`` -1) or down (+1) in the order; whoever
    speaks keeps speaking."""

    def change(board: Board, standup: Standup, _now: datetime):  # noqa: ANN202
        login = who if who in standup.order else known_person(board, actor, who, "who")
        if login not in standup.order:
            raise BadInput(f"{who!r} is not in this stand-up's order", "a login from the order")
        i = standup.order.index(login)
        j = i + (1 if direction > 0 else -1)
        if not 0 <= j < len(standup.order):
            return {
                "note": f"{called(board, login)} is already {'last' if j > i else 'first'}"
            }, None
        order = list(standup.order)
        order[i], order[j] = order[j], order[i]
        current = standup.current
        if current in (i, j):
            current = j if current == i else i
        said = f"stand-up {standup.key}: {called(board, login)} moved {'down' if j > i else 'up'}"
        return {"order": order, "current": current}, said

    return _drive(store, actor, now, change, "standup-order")


def park(store: Store, actor: Actor, text: str, *, now: datetime | None = None) -> Done:
    """Park a topic for after the stand-up."""
    need_text(text, "the topic", 'x in the meeting, then "file names in the export"')
    if len(text) > MAX_PARKED:
        raise BadInput(f"a parked topic is at most {MAX_PARKED} characters", "a shorter topic")

    def change(_board: Board, standup: Standup, _now: datetime):  # noqa: ANN202
        said = f"stand-up {standup.key}: parked {events.quote(text)}"
        return {"parked": [*standup.parked, text]}, said

    return _drive(store, actor, now, change, "standup-parked")


def facilitate(store: Store, actor: Actor, *, now: datetime | None = None) -> Done:
    """The one running the stand-up takes the facilitator's part from the day's
    rotation (who is away, or busy: the rotation is only a suggestion)."""

    def change(board: Board, standup: Standup, _now: datetime):  # noqa: ANN202
        if standup.facilitator == actor.login:
            return {"note": f"{called(board, actor.login)} already facilitates"}, None
        was = called(board, standup.facilitator)
        said = f"stand-up {standup.key}: {called(board, actor.login)} facilitates (was {was})"
        return {"facilitator": actor.login}, said

    return _drive(store, actor, now, change, "standup-facilitator")


def note_raised(store: Store, actor: Actor, ref: str, *, now: datetime | None = None) -> Done:
    """Record that ``Q<n>`` or ``B<n>`` was raised in the running stand-up."""
    m = RAISED.fullmatch(ref or "")
    if not m:
        raise BadInput(f"{ref!r} is not a question or blocked item id", "Q3 or B2")
    key = f"{m.group(1).upper()}{int(m.group(2))}"

    def change(_board: Board, standup: Standup, _now: datetime):  # noqa: ANN202
        if key in standup.raised:
            return {"note": f"{key} was already raised"}, None
        return {"raised": [*standup.raised, key]}, f"stand-up {standup.key}: {key} raised"

    return _drive(store, actor, now, change, "standup-raised")


def end_standup(store: Store, actor: Actor, *, now: datetime | None = None) -> Done:
    """End the stand-up: the current speaker's time is stored, the record is closed."""

    def change(board: Board, standup: Standup, now: datetime):  # noqa: ANN202
        fields = _spoke_fields(standup, now)
        fields.update(_speaker_fields(None, now))
        fields["ended_at"] = now.isoformat()
        took = meeting.clock_text(meeting.meeting_seconds(standup, now))
        return fields, f"{called(board, actor.login)} ended stand-up {standup.key} ({took})"

    return _drive(store, actor, now, change, "standup-ended")
