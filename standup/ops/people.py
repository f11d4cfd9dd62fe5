"""People and their availability: person add, office hours, away and back."""

from __future__ import annotations

import re
from datetime import datetime

from standup import clock
from standup.board import Board
from standup.clock import zone
from standup.errors import BadInput
from standup.model import ABSENCE_KINDS, Absence, Person
from standup.ops.common import (
    Actor,
    caller_zone,
    check_login,
    known_person,
    need_text,
    read_when,
)
from standup.store import Store, Tx

ROLE = re.compile(r"^[a-z][a-z0-9-]{0,19}\Z")  # \Z: "$" passes "eng\n"
NO_HOURS = ("any", "always", "none", "clear")


def add_person(
    store: Store,
    actor: Actor,
    login: str,
    *,
    name: str | None = None,
    role: str | None = None,
    tz: str | None = None,
    delegate: str | None = None,
    hours: str | None = None,
    now: datetime | None = None,
) -> Person:
    """Add someone to the board. Without ``tz`` they take the caller's zone."""
    now = now or clock.now()
    check_login(login, "the login")
    if name is not None:
        need_text(name, "--name", '--name "Ana Silva"')
    role = (role or "eng").lower()
    if not ROLE.match(role):
        raise BadInput(f"--role {role!r} is not a role name", "--role pm (or lead, eng, design)")
    if tz is not None:
        zone(tz)
    office = _hours_spec(hours) if hours is not None else None
    with store.transaction() as tx:
        board = Board.load(tx, parts=())
        if login in board.people:
            raise BadInput(f"{login} is already on the board", "standup list people")
        if delegate is not None:
            if delegate == login:
                raise BadInput("a person cannot be their own delegate", "--delegate bruno")
            known_person(board, actor, delegate, "--delegate")
        person = Person(
            login=login,
            name=name or login,
            role=role,
            tz=tz or _zone_name(board, actor),
            hours=office,
            delegate=delegate,
            added_at=now,
            added_by=actor.os_login,
        )
        tx.insert("people", person.to_doc())
    return person


def _zone_name(board: Board, actor: Actor) -> str:
    z = caller_zone(board, actor)
    key = getattr(z, "key", None)
    return key if key and key != "localtime" else clock.system_zone_name()


def _hours_spec(spec: str) -> str | None:
    """The normalised spec, ``None`` for "no office hours" (available any time)."""
    from standup.hours import parse_hours

    need_text(spec, "the office hours", 'standup hours "mon-fri 09:00-17:30"')
    if spec.strip().lower() in NO_HOURS:
        return None
    return parse_hours(spec).spec


def set_hours(store: Store, actor: Actor, spec: str, *, who: str | None = None) -> Person:
    """Set (or with ``any`` clear) someone's office hours, in their own zone."""
    office = _hours_spec(spec)
    with store.transaction() as tx:
        board = Board.load(tx, parts=())
        login = known_person(board, actor, who, "--who") if who else actor.login
        person = _person_record(tx, board, actor, login)
        tx.update("people", _doc_id(tx, login), {"hours": office})
    return Person.from_doc({**person.to_doc(), "hours": office})


def _person_record(tx: Tx, board: Board, actor: Actor, login: str) -> Person:
    """The record of ``login``; the caller's own is added on first use."""
    if login in board.people:
        return board.people[login]
    person = Person(login=login, name=login, tz=_zone_name(board, actor), added_by=actor.os_login)
    tx.insert("people", person.to_doc())
    return person


def _doc_id(tx: Tx, login: str) -> int:
    return next(i for i, d in tx.all("people").items() if d["login"] == login)


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
) -> Absence:
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
            if delegate == login:
                raise BadInput(f"{login} cannot be their own delegate", "--delegate bruno")
            known_person(board, actor, delegate, "--delegate")
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
    return absence


def back(
    store: Store, actor: Actor, *, who: str | None = None, now: datetime | None = None
) -> list[Absence]:
    """End the absences in force now (not later ones). Returns those ended: empty when
    the person was not away, and then nothing is written."""
    now = now or clock.now()
    with store.transaction() as tx:
        board = Board.load(tx, parts=())
        login = known_person(board, actor, who, "--who") if who else actor.login
        current = [
            a for a in board.absences_of(login) if a.start <= now and (a.end is None or a.end > now)
        ]
        for a in current:
            tx.update("absences", a.id, {"end": now.isoformat()})
    return current
