"""Absences: ``away`` and ``back``, and the events they append — the absence itself,
the questions it routes to a delegate, and the PM's return, which concerns everyone
waiting on them."""

from __future__ import annotations

from datetime import datetime

import msgspec

from standup import clock, events
from standup.board import Board
from standup.errors import BadInput, DamagedRecord
from standup.model import ABSENCE_KINDS, OPEN, Absence, Event, Question
from standup.ops.common import Actor, Done, called, decider, known_person, need_text, read_when
from standup.store import Store, Tx


def away(
    store: Store,
    actor: Actor,
    *,
    until: str | None = None,
    start: str | None = None,
    delegate: str | None = None,
    note: str | None = None,
    who: str | None = None,
    kind: str = "away",
    now: datetime | None = None,
) -> Done:
    """Record an absence; without ``until`` it lasts until ``back``."""
    now = now or clock.now()
    if kind not in ABSENCE_KINDS:
        raise BadInput(f"--kind {kind!r} is not one of {', '.join(ABSENCE_KINDS)}", "--kind ooo")
    if note is not None:
        need_text(note, "--note", '--note "at the customer until noon"')
    with store.transaction() as tx:
        board = Board.load(tx, parts=())
        login = known_person(board, actor, who, "--who") if who else actor.login
        begins = read_when(board, actor, start, "--from", now) if start else now
        ends = read_when(board, actor, until, "--until", now) if until else None
        if ends is not None and ends <= max(begins, now):
            raise BadInput(
                f"--until {until!r} is not after the absence starts"
                if ends > now
                else f"--until {until!r} is in the past",
                '--until "tomorrow 9am"',
            )
        if delegate is not None:
            delegate = known_person(board, actor, delegate, "--delegate")
            if delegate == login:
                raise BadInput(f"{login} cannot be their own delegate", "--delegate bruno")
        aid = tx.next_id("A")
        absence = Absence(
            id=aid,
            who=login,
            start=begins,
            end=ends,
            kind=kind,
            note=note,
            delegate=delegate,
            set_by=actor.os_login,
        )
        tx.insert("absences", absence.to_doc(), aid)
        written = _away_events(tx, board, actor, absence, now)
    return Done(absence, tuple(written))


def back(
    store: Store, actor: Actor, *, who: str | None = None, now: datetime | None = None
) -> Done:
    """End the absences in force now (not later ones). Returns those ended: empty when
    the person was not away, and then nothing is written."""
    now = now or clock.now()
    with store.transaction() as tx:
        board = Board.load(tx, parts=())
        login = known_person(board, actor, who, "--who") if who else actor.login
        board.check_absences(login)
        current = [
            a for a in board.absences_of(login) if a.start <= now and (a.end is None or a.end > now)
        ]
        fields = {"end": now.isoformat(), "ended_by": actor.login, "ended_os_login": actor.os_login}
        for a in current:
            tx.update("absences", a.id, fields)
        if not current:
            return Done([], note=f"{login} is not away; nothing changed")
        event = _back_event(tx, board, actor, login, now)
    return Done([Absence.from_doc({**a.to_doc(), **fields}, a.id) for a in current], (event,))


def _moment(board: Board, login: str, moment: datetime) -> str:
    """A time in an event's line: absolute, in ``login``'s zone (``Thu 3 Dec 09:00``)."""
    z = board.zone_of(login)
    return f"{moment.astimezone(z):%a %-d %b %H:%M} ({getattr(z, 'key', z)})"


def _away_events(
    tx: Tx, board: Board, actor: Actor, absence: Absence, now: datetime
) -> list[Event]:
    """``away``: the absence, and — when it starts now — one ``routed`` event for each
    open question to the absent person that someone else now decides (the decider is
    told it was routed to them)."""
    login = absence.who
    said = f"{called(board, login)} is {absence.kind}"
    if absence.start > now:
        said += f" from {_moment(board, login, absence.start)}"
    said += f" until {_moment(board, login, absence.end)}" if absence.end else " until back"
    if absence.delegate:
        said += f"; {called(board, absence.delegate)} decides meanwhile"
    if login != actor.login:
        said += f" (set by {called(board, actor.login)})"
    written = [
        events.append(tx, actor, "away", login, said, now=now, for_=[login, absence.delegate])
    ]
    if absence.start > now:
        return written
    after = msgspec.structs.replace(
        board, absences={**board.absences, login: [*board.absences_of(login), absence]}
    )
    deciding = decider(after, login, now)
    if deciding is None:
        return written
    for q in _open_to(tx, login, now):
        said = (
            f"{q.key} {events.quote(q.text)} goes to {called(board, deciding)} while "
            f"{called(board, login)} is {absence.kind}"
        )
        written.append(events.append(tx, actor, "routed", q.key, said, now=now, for_=[deciding]))
    return written


def _open_to(tx: Tx, login: str, now: datetime) -> list[Question]:
    """The questions addressed to ``login`` that read open now (not fallen back);
    damaged ones are left out (they are named elsewhere)."""
    from standup.view import question_state

    found = []
    for qid, doc in tx.all("questions").items():
        if type(qid) is not int or doc.get("to") != login or doc.get("status") != OPEN:
            continue
        try:
            q = Question.from_doc(doc, qid)
        except DamagedRecord:
            continue
        if question_state(q, now).status == OPEN:
            found.append(q)
    return found


def _back_event(tx: Tx, board: Board, actor: Actor, login: str, now: datetime) -> Event:
    """``back``: when the PM is back, it concerns those waiting on the PM — the askers of
    the questions open to them and the owners of the items blocked on them or on those
    questions."""
    said = f"{called(board, login)} is back"
    if login != actor.login:
        said += f" (said by {called(board, actor.login)})"
    concerned: list[str | None] = [login]
    if board.pm is not None and board.pm.login == login:
        open_to_pm = set()
        for q in _open_to(tx, login, now):
            open_to_pm.add(q.key)
            concerned.append(q.asked_by)
        for doc in tx.all("blocked").values():
            if doc.get("status", "blocked") != "blocked":
                continue
            on, kind = doc.get("on"), doc.get("on_kind")
            if (kind == "person" and on == login) or (kind == "question" and on in open_to_pm):
                concerned.append(doc.get("owner"))
    return events.append(tx, actor, "back", login, said, now=now, for_=concerned)


class Imported(msgspec.Struct, frozen=True):
    """What ``away --ics`` did to someone's absences (see :mod:`standup.calendar`); the
    ``record`` of its :class:`Done`."""

    who: str
    added: list[Absence]
    changed: list[Absence]  # as they are now
    removed: list[Absence]  # as they were
    ended: list[Absence]  # as they are now (ended at the import)
    unchanged: int
    unreadable: int  # events or series skipped: their times cannot be used

    def summary(self) -> str:
        """``3 new, 1 changed, 2 unchanged``, or ``no busy events``."""
        counts = (
            (len(self.added), "new"),
            (len(self.changed), "changed"),
            (len(self.removed), "removed"),
            (len(self.ended), "ended"),
            (self.unchanged, "unchanged"),
        )
        return ", ".join(f"{n} {what}" for n, what in counts if n) or "no busy events"


def import_absences(
    store: Store,
    actor: Actor,
    path: str,
    *,
    who: str | None = None,
    now: datetime | None = None,
) -> Done:
    """Absences from a calendar export, kept in step with it over the next 60 days;
    the same file twice changes nothing (nothing is written). One ``away`` event says
    what the import changed; it concerns the person and their standing delegate."""
    import os

    from standup import calendar

    now = now or clock.now()
    busy = calendar.busy_events(calendar.read_calendar(path), now, name=repr(path))
    with store.transaction() as tx:
        board = Board.load(tx, parts=())
        login = known_person(board, actor, who, "--who") if who else actor.login
        board.check_absences(login)  # an import may end or remove some
        plan = calendar.plan(
            busy,
            board.absences_of(login),
            who=login,
            tz=board.zone_of(login),
            now=now,
            source=os.path.abspath(path),
            set_by=actor.os_login,
        )
        added = []
        for doc in plan.add:
            aid = tx.next_id("A")
            tx.insert("absences", doc, aid)
            added.append(Absence.from_doc(doc, aid))
        for a, fields in plan.change:
            tx.update("absences", a.id, fields)
        for a in plan.remove:
            tx.remove("absences", a.id)
        ended = {"end": now.isoformat(), "ended_by": actor.login, "ended_os_login": actor.os_login}
        for a in plan.end:
            tx.update("absences", a.id, ended)
        imported = Imported(
            who=login,
            added=added,
            changed=[Absence.from_doc({**a.to_doc(), **f}, a.id) for a, f in plan.change],
            removed=plan.remove,
            ended=[Absence.from_doc({**a.to_doc(), **ended}, a.id) for a in plan.end],
            unchanged=plan.unchanged,
            unreadable=plan.unreadable,
        )
        if not (plan.add or plan.change or plan.remove or plan.end):
            return Done(imported, note=f"{called(board, login)}: {imported.summary()}")
        said = (
            f"{called(board, login)}'s absences from a calendar over the next 60 days: "
            f"{imported.summary()}"
        )
        person = board.people.get(login)
        event = events.append(
            tx, actor, "away", login, said, now=now, for_=[login, person and person.delegate]
        )
    return Done(imported, (event,))
