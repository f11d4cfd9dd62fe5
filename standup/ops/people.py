"""People: person add, set and remove, and office hours (absences: :mod:`standup.ops.absences`)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import msgspec

from standup import clock, events
from standup.board import Board
from standup.clock import zone
from standup.errors import BadInput
from standup.model import OPEN, Person
from standup.ops.common import (
    Actor,
    Done,
    called,
    caller_zone,
    check_login,
    known_person,
    need_text,
    person_named,
)
from standup.store import Store, Tx
from standup.text import one_line

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
) -> Done:
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
        again = " back" if former is not None else ""
        said = (
            f"{called(board, actor.login)} added {one_line(person.name)}{again} to the board "
            f"({person.role}, {person.tz})"
        )
        event = events.append(tx, actor, "person-added", login, said, now=now, for_=[login])
    return Done(person, (event,))


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
) -> Done:
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
            return Done(person, note=f"{person.login}: nothing changed")
        history = [*person.history, _change("set", actor, now, {k: old.get(k) for k in changed})]
        tx.update("people", _doc_id(tx, board, person.login), {**changed, "history": history})
        what = ", ".join(
            f"{k} {one_line(str(v)) if v is not None else 'none'}" for k, v in changed.items()
        )
        said = f"{called(board, actor.login)} changed {one_line(person.name)}: {what}"
        old_values = {k: old.get(k) for k in changed}
        event = events.append(
            tx, actor, "person-changed", person.login, said, now=now, old=old_values,
            for_=[person.login],
        )  # fmt: skip
    return Done(Person.from_doc({**person.to_doc(), **changed, "history": history}), (event,))


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


def remove_person(store: Store, actor: Actor, login: str, *, now: datetime | None = None) -> Done:
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
        said = (
            f"{called(board, actor.login)} removed {one_line(person.name)} from the board "
            "(their records are kept)"
        )
        if moved:
            to = called(board, pm) if pm else "nobody in particular (no PM)"
            said += f"; {', '.join(moved)} now go{'es' * (len(moved) == 1)} to {to}"
        told = [login, pm if moved else None]
        event = events.append(tx, actor, "person-removed", login, said, now=now, for_=told)
    removed = Person.from_doc(
        {**person.to_doc(), "removed_at": now.isoformat(), "history": history}
    )
    return Done(Removal(person=removed, moved=moved, to=pm), (event,))


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
) -> Done:
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
        said = f"{called(board, login)}'s office hours: {office or 'any time'} ({person.tz})"
        if login != actor.login:
            said += f", set by {called(board, actor.login)}"
        event = events.append(
            tx, actor, "hours", login, said, now=now, old={"hours": person.hours}, for_=[login]
        )
    return Done(Person.from_doc({**person.to_doc(), **fields}), (event,))


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


def _shown(value: Any) -> str:
    return "none" if value is None else one_line(str(value))
