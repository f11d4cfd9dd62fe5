"""People and their availability: person add, set and remove, office hours, away and back,
and absences imported from a calendar (the rules are in :mod:`standup.calendar`)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import msgspec

from standup import clock
from standup.board import Board
from standup.clock import zone
from standup.errors import BadInput
from standup.model import ABSENCE_KINDS, OPEN, Absence, Person
from standup.ops.common import (
    Actor,
    caller_zone,
    check_login,
    known_person,
    need_text,
    person_named,
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
    """Add someone to the board (or bring back someone removed, their history kept).
    Without ``tz`` they take the caller's zone. ``delegate`` may name someone not on the
    board yet: nothing is routed to a delegate until they are."""
    now = now or clock.now()
    check_login(login, "the login")
    if name is not None:
        need_text(name, "--name", '--name "Ana Silva"')
    role = _role(role or "eng")
    if tz is not None:
        zone(tz)
    office = _hours_spec(hours) if hours is not None else None
    with store.transaction() as tx:
        board = Board.load(tx, parts=())
        if login in board.people:
            raise BadInput(
                f"{login} is already on the board", f"standup person set {login} --role lead"
            )
        board.check_person(login)
        twin = next((p for p in board.people if p.casefold() == login.casefold()), None)
        if twin is not None:
            raise BadInput(
                f"{login} would be a second {twin} (logins differ only in case)",
                f"standup person set {twin} --name {login}",
            )
        if delegate is not None:
            delegate = _delegate(board, actor, delegate, login)
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
        former = board.former.get(login)
        if former is None:
            tx.insert("people", person.to_doc())
        else:  # back on the board: one record, the old values in its history
            was = former.to_doc()
            old = {k: was.get(k) for k in (*CHANGEABLE, "hours", "removed_at")}
            person = msgspec.structs.replace(
                person, history=[*former.history, _change("add", actor, now, old)]
            )
            doc = person.to_doc()
            cleared = {k: None for k in Person.__struct_fields__ if k not in doc}
            tx.update("people", _doc_id(tx, board, login), {**cleared, **doc})
    return person


def _role(role: str) -> str:
    role = role.lower()
    if not ROLE.match(role):
        raise BadInput(f"--role {role!r} is not a role name", "--role pm (or lead, eng, design)")
    return role


def _delegate(board: Board, actor: Actor, value: str, login: str) -> str:
    """``--delegate`` of ``person add``/``set``: someone on the board (by login or name),
    or a login not added yet (routing skips them until they are)."""
    found = person_named(board, value, "--delegate")
    if found is None:
        check_login(value, "--delegate")
        found = value
    if found == login:
        raise BadInput(f"{login} cannot be their own delegate", "--delegate bruno")
    return found


def _change(action: str, actor: Actor, now: datetime, old: dict[str, Any]) -> dict[str, Any]:
    """One entry of a person's history: what was done, by whom, and the old values."""
    return {
        "action": action,
        "at": now.isoformat(),
        "by": actor.login,
        "os_login": actor.os_login,
        **old,
    }


CHANGEABLE = ("name", "role", "tz", "delegate", "git")


def set_person(
    store: Store,
    actor: Actor,
    login: str,
    *,
    name: str | None = None,
    role: str | None = None,
    tz: str | None = None,
    delegate: str | None = None,
    git: str | None = None,
    now: datetime | None = None,
) -> Person:
    """Change someone on the board; the old values go to their ``history``.
    ``delegate`` and ``git`` take ``none`` to clear. Nothing different: nothing written."""
    now = now or clock.now()
    if all(v is None for v in (name, role, tz, delegate, git)):
        raise BadInput(
            "say what to change: --name, --role, --tz, --delegate or --git",
            f"standup person set {login} --role lead",
        )
    wanted: dict[str, Any] = {}
    if name is not None:
        wanted["name"] = need_text(name, "--name", '--name "Ana Silva"')
    if role is not None:
        wanted["role"] = _role(role)
    if tz is not None:
        zone(tz)
        wanted["tz"] = tz
    if git is not None:
        wanted["git"] = None if git.strip().lower() == "none" else _git_pattern(git)
    with store.transaction() as tx:
        board = Board.load(tx, parts=())
        person = board.people.get(login) or board.people.get(
            person_named(board, login, "standup person set") or ""
        )
        if person is None:
            known_person(board, actor, login, "standup person set")  # the reason, with a suggestion
            raise BadInput(f"{login} is not on the board", f"standup person add {login}")
        if delegate is not None:
            none = delegate.strip().lower() == "none"
            wanted["delegate"] = None if none else _delegate(board, actor, delegate, person.login)
        old = person.to_doc()
        changed = {k: v for k, v in wanted.items() if old.get(k) != v}
        if not changed:
            return person
        history = [*person.history, _change("set", actor, now, {k: old.get(k) for k in changed})]
        tx.update("people", _doc_id(tx, board, person.login), {**changed, "history": history})
    return Person.from_doc({**person.to_doc(), **changed, "history": history})


def _git_pattern(pattern: str) -> str:
    need_text(pattern, "--git", '--git "bruno@example.com|Bruno C"')
    try:
        re.compile(pattern)
    except re.error as exc:
        raise BadInput(f"--git {pattern!r} is not a pattern ({exc})", '--git "bruno@"') from None
    return pattern


class Removal(msgspec.Struct, frozen=True):
    """A person taken off the board, and where their questions went."""

    person: Person
    moved: list[str]  # ids of the questions that went to ``to``
    to: str | None  # the PM after the removal (None: nobody in particular)


def remove_person(
    store: Store, actor: Actor, login: str, *, now: datetime | None = None
) -> Removal:
    """Take someone off the board. Their records keep their name; the questions still
    waiting on them (open, or an answer for them to review) go to the PM; nothing is
    routed to them again (as anyone's delegate either). They can be added again later."""
    from standup.board import PM_ROLE

    now = now or clock.now()
    with store.transaction() as tx:
        board = Board.load(tx, parts=("questions",))
        person = board.people.get(login) or board.people.get(
            person_named(board, login, "standup person remove") or ""
        )
        if person is None:
            known_person(board, actor, login, "standup person remove")
            raise BadInput(f"{login} is not on the board", "standup list people")
        login = person.login
        pm = next(
            (p.login for p in board.people.values() if p.role == PM_ROLE and p.login != login), None
        )
        history = [*person.history, _change("remove", actor, now, {})]
        tx.update(
            "people", _doc_id(tx, board, login), {"removed_at": now.isoformat(), "history": history}
        )
        moved = []
        for q in board.questions.values():
            if q.to == login and (q.status == OPEN or q.reviewed is False):
                entry = {"action": "rerouted", "at": now.isoformat(), "by": actor.login,
                         "os_login": actor.os_login, "to": login}  # fmt: skip
                tx.update("questions", q.id, {"to": pm, "history": [*q.history, entry]})
                moved.append(q.key)
    removed = Person.from_doc(
        {**person.to_doc(), "removed_at": now.isoformat(), "history": history}
    )
    return Removal(person=removed, moved=moved, to=pm)


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


def set_hours(
    store: Store,
    actor: Actor,
    spec: str,
    *,
    who: str | None = None,
    now: datetime | None = None,
) -> Person:
    """Set (or with ``any`` clear) someone's office hours, in their own zone; the old
    hours go to their history."""
    now = now or clock.now()
    office = _hours_spec(spec)
    with store.transaction() as tx:
        board = Board.load(tx, parts=())
        login = known_person(board, actor, who, "--who") if who else actor.login
        person = _person_record(tx, board, actor, login, now)
        fields = {
            "hours": office,
            "history": [*person.history, _change("hours", actor, now, {"hours": person.hours})],
        }
        tx.update("people", _doc_id(tx, board, login), fields)
    return Person.from_doc({**person.to_doc(), **fields})


def _person_record(tx: Tx, board: Board, actor: Actor, login: str, now: datetime) -> Person:
    """The record of ``login``; the caller's own is added on first use (unless theirs
    is damaged: that is refused)."""
    board.check_person(login)
    if login in board.people:
        return board.people[login]
    if login in board.former:
        raise BadInput(f"{login} was removed from the board", f"standup person add {login}")
    person = Person(
        login=login,
        name=login,
        tz=_zone_name(board, actor),
        added_at=now,
        added_by=actor.os_login,
    )
    tx.insert("people", person.to_doc())
    return person


def _doc_id(tx: Tx, board: Board, login: str) -> int:
    """The key of ``login``'s record (a damaged record is never the one changed)."""
    return next(
        i
        for i, d in tx.all("people").items()
        if d.get("login") == login and board.damage_of("people", i) is None
    )


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
        board.check_absences(login)
        current = [
            a for a in board.absences_of(login) if a.start <= now and (a.end is None or a.end > now)
        ]
        fields = {"end": now.isoformat(), "ended_by": actor.login, "ended_os_login": actor.os_login}
        for a in current:
            tx.update("absences", a.id, fields)
    return [Absence.from_doc({**a.to_doc(), **fields}, a.id) for a in current]


class Imported(msgspec.Struct, frozen=True):
    """What ``away --ics`` did to someone's absences (see :mod:`standup.calendar`)."""

    who: str
    added: list[Absence]
    changed: list[Absence]  # as they are now
    removed: list[Absence]  # as they were
    ended: list[Absence]  # as they are now (ended at the import)
    unchanged: int
    unreadable: int  # events or series skipped: their times cannot be used


def import_absences(
    store: Store,
    actor: Actor,
    path: str,
    *,
    who: str | None = None,
    now: datetime | None = None,
) -> Imported:
    """Absences from a calendar export, kept in step with it over the next 60 days;
    the same file twice changes nothing (nothing is written)."""
    import os

    from standup import calendar

    now = now or clock.now()
    events = calendar.busy_events(calendar.read_calendar(path), now, name=repr(path))
    with store.transaction() as tx:
        board = Board.load(tx, parts=())
        login = known_person(board, actor, who, "--who") if who else actor.login
        board.check_absences(login)  # an import may end or remove some
        plan = calendar.plan(
            events,
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
    return Imported(
        who=login,
        added=added,
        changed=[Absence.from_doc({**a.to_doc(), **f}, a.id) for a, f in plan.change],
        removed=plan.remove,
        ended=[Absence.from_doc({**a.to_doc(), **ended}, a.id) for a in plan.end],
        unchanged=plan.unchanged,
        unreadable=plan.unreadable,
    )
