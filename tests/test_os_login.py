"""Every write records the OS login of the process that made it (product.md, Identity).

Each write operation runs on a real board file as ``Actor(login="x",
os_login="some-os-login")``; every record it adds or changes must carry that OS login.
The list of writes is derived from ``standup.ops.__all__``, so a write added later
without a case here fails :func:`test_every_write_operation_has_a_case`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from standup import ops
from standup.store import Store

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
OS_LOGIN = "some-os-login"
ME = ops.Actor(login="x", os_login=OS_LOGIN)
# Everything set up beforehand is typed by another process.
ANA, BRUNO = ops.Actor("ana", "setup-os-login"), ops.Actor("bruno", "setup-os-login")

# Names in ops.__all__ that write nothing.
NON_WRITES = {"Actor", "Done", "Unchanged"}


def _team(store: Store) -> None:
    ops.add_person(store, ANA, "ana", name="Ana", role="pm", tz="Europe/Lisbon", now=NOW)
    ops.add_person(store, ANA, "bruno", name="Bruno", tz="Europe/Lisbon", now=NOW)
    ops.add_person(store, ANA, "x", name="Xavier", tz="Europe/Lisbon", now=NOW)


def _asked_of_me_and_answered(store: Store) -> None:
    ops.ask(store, BRUNO, "Colour?", to="x", now=NOW)
    ops.answer(store, BRUNO, "Q1", "blue", now=NOW)  # x reviews it


X_BEFORE = ops.Actor("x", "setup-os-login")  # x's own absences, imported earlier


_X_ELSEWHERE = ops.Actor("x", "x-elsewhere")  # x, typing on another account


def _meeting(store: Store) -> None:
    ops.start_standup(store, _X_ELSEWHERE, now=NOW)


def _first_speaker(store: Store) -> str:
    (doc,) = store.read().table("standups").values()
    return doc["order"][0]


def _ics(store: Store, start: str | None) -> Path:
    """A calendar beside the board: one busy hour from ``start`` (None: no event)."""
    event = (
        f"BEGIN:VEVENT\r\nUID:e1\r\nDTSTART:{start}\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
        if start
        else ""
    )
    path = store.path.parent / "cal.ics"
    path.write_text(f"BEGIN:VCALENDAR\r\n{event}END:VCALENDAR\r\n")
    return path


def _import(store: Store, actor: ops.Actor, path: Path | None = None) -> Any:
    path = path or store.path.parent / "cal.ics"
    return ops.import_absences(store, actor, str(path), now=NOW)


def _standup(store: Store) -> None:
    """A running stand-up S1, as the meeting stores it (typed by another process)."""
    from standup.records import Standup

    with store.transaction() as tx:
        sid = tx.next_id("S")
        doc = Standup(id=sid, date="2026-11-25", started_at=NOW, facilitator="ana").to_doc()
        tx.insert("standups", doc, sid)


def _round(store: Store, **ask: Any) -> None:
    """Q1 for the PM, asked by Bruno, and a running stand-up for the decision round."""
    ops.ask(store, BRUNO, "CSV?", now=NOW, **ask)
    _standup(store)


def _round_with_delegate(store: Store) -> None:
    ops.set_person(store, ANA, "ana", delegate="bruno", now=NOW)
    _round(store)


Setup = Callable[[Store], Any]
Write = Callable[[Store, ops.Actor], Any]
LATER = NOW + timedelta(minutes=5)

CASES: dict[str, list[tuple[Setup, Write]]] = {
    "add_person": [(lambda s: None, lambda s, a: ops.add_person(s, a, "dev", now=NOW))],
    "set_person": [(lambda s: None, lambda s, a: ops.set_person(s, a, "bruno", role="lead"))],
    "remove_person": [
        (
            lambda s: ops.ask(s, ANA, "Fonts?", to="bruno", now=NOW),
            lambda s, a: ops.remove_person(s, a, "bruno", now=NOW),
        )
    ],
    "set_hours": [
        (lambda s: None, lambda s, a: ops.set_hours(s, a, "mon-fri 9-17", who="bruno", now=NOW)),
        (lambda s: None, lambda s, a: ops.set_hours(s, a, "any", now=NOW)),  # your own
    ],
    "away": [(lambda s: None, lambda s, a: ops.away(s, a, delegate="bruno", now=NOW))],
    "back": [
        (
            lambda s: ops.away(s, ops.Actor("x", "setup-os-login"), now=NOW),
            lambda s, a: ops.back(s, a, now=LATER),
        )
    ],
    "ask": [(lambda s: None, lambda s, a: ops.ask(s, a, "CSV?", now=NOW))],
    "answer": [
        (lambda s: ops.ask(s, BRUNO, "CSV?", now=NOW), lambda s, a: ops.answer(s, a, "Q1", "y"))
    ],
    "withdraw": [
        (lambda s: ops.ask(s, BRUNO, "CSV?", now=NOW), lambda s, a: ops.withdraw(s, a, "Q1"))
    ],
    "review": [
        (_asked_of_me_and_answered, lambda s, a, act=act, t=text: ops.review(s, a, "Q1", act, t))
        for act, text in (("confirm", None), ("reopen", None), ("override", "green"))
    ],
    "block": [(lambda s: None, lambda s, a: ops.block(s, a, "Export", on="bruno", now=NOW))],
    "checkin": [
        (lambda s: None, lambda s, a: ops.checkin(s, a, today="CSV", now=NOW)),
        (  # today's, made by another process, updated
            lambda s: ops.checkin(s, ops.Actor("x", "setup-os-login"), today="CSV", now=NOW),
            lambda s, a: ops.checkin(s, a, yesterday="the query", now=NOW),
        ),
        (lambda s: None, lambda s, a: ops.checkin(s, a, blocked=["sandbox"], now=NOW)),
    ],
    "set_team": [
        (lambda s: None, lambda s, a: ops.set_team(s, a, "speaker-time", "90s", now=NOW)),
    ],
    "unblock": [
        (lambda s: ops.block(s, BRUNO, "Export", now=NOW), lambda s, a: ops.unblock(s, a, "B1"))
    ],
    "add_note": [(lambda s: None, lambda s, a: ops.add_note(s, a, "Goal: export", now=NOW))],
    "remove_note": [
        (
            lambda s: ops.add_note(s, ANA, "Goal: export", now=NOW),
            lambda s, a: ops.remove_note(s, a, "1"),
        )
    ],
    # `away --ics`: new absences, one that moved, one that vanished while in progress.
    "import_absences": [
        (lambda s: _ics(s, "20261125T120000Z"), lambda s, a: _import(s, a)),
        (
            lambda s: _import(s, X_BEFORE, _ics(s, "20261125T120000Z")),
            lambda s, a: _import(s, a, _ics(s, "20261125T130000Z")),
        ),
        (
            lambda s: _import(s, X_BEFORE, _ics(s, "20261125T093000Z")),
            lambda s, a: _import(s, a, _ics(s, None)),
        ),
    ],
    # The decision round's outcomes (ops/decide.py), each recorded in stand-up S1.
    "decide_answer": [
        (_round, lambda s, a: ops.decide_answer(s, a, "Q1", "y", standup="S1", now=NOW))
    ],
    "decide_assume": [
        (
            lambda s: _round(s, fallback="CSV only"),
            lambda s, a: ops.decide_assume(s, a, "Q1", standup="S1", now=NOW),
        )
    ],
    "decide_park": [(_round, lambda s, a: ops.decide_park(s, a, "Q1", standup="S1", now=NOW))],
    "decide_delegate": [
        (
            _round_with_delegate,
            lambda s, a: ops.decide_delegate(s, a, "Q1", standup="S1", now=NOW),
        )
    ],
    # The `edit` operations (ops/edit.py): covered here once they are on the branch.
    "edit_question": [
        (
            lambda s: ops.ask(s, BRUNO, "CSV?", now=NOW),
            lambda s, a: ops.edit_question(s, a, "Q1", text="CSV or PDF?"),
        )
    ],
    "edit_item": [
        (
            lambda s: ops.block(s, BRUNO, "Export", now=NOW),
            lambda s, a: ops.edit_item(s, a, "B1", title="Export button"),
        )
    ],
    # The stand-up meeting (ops/meeting.py): started by x from another OS login, then
    # driven by x (ME) — each change records who really typed it.
    "start_standup": [(lambda s: None, lambda s, a: ops.start_standup(s, a, now=NOW))],
    "next_speaker": [(_meeting, lambda s, a: ops.next_speaker(s, a, now=NOW))],
    "previous_speaker": [
        (
            lambda s: (_meeting(s), ops.next_speaker(s, _X_ELSEWHERE, now=NOW)),
            lambda s, a: ops.previous_speaker(s, a, now=NOW),
        )
    ],
    "skip_speaker": [(_meeting, lambda s, a: ops.skip_speaker(s, a, now=NOW))],
    "move_person": [(_meeting, lambda s, a: ops.move_person(s, a, _first_speaker(s), 1, now=NOW))],
    "park": [(_meeting, lambda s, a: ops.park(s, a, "file names", now=NOW))],
    "note_raised": [(_meeting, lambda s, a: ops.note_raised(s, a, "Q1", now=NOW))],
    "end_standup": [(_meeting, lambda s, a: ops.end_standup(s, a, now=NOW))],
    "facilitate": [(_meeting, lambda s, a: ops.facilitate(s, a, now=NOW))],
}


def _records(path: Path) -> dict[tuple[str, str], Any]:
    data = json.loads(path.read_text()) if path.exists() else {}
    return {
        (table, key): doc
        for table, docs in data.items()
        if table != "meta"
        for key, doc in docs.items()
    }


def test_every_write_operation_has_a_case() -> None:
    writes = set(ops.__all__) - NON_WRITES
    missing = writes - set(CASES)
    assert not missing, f"write operations with no OS-login case here: {sorted(missing)}"


@pytest.mark.parametrize(
    "name, index",
    [(name, i) for name, cases in CASES.items() for i in range(len(cases))],
)
def test_the_records_a_write_changes_carry_the_os_login(
    tmp_path: Path, name: str, index: int
) -> None:
    if name not in ops.__all__:
        pytest.skip(f"ops.{name} is not on this branch")
    setup, write = CASES[name][index]
    store = Store(tmp_path / "board.json")
    _team(store)
    setup(store)
    before = _records(store.path)
    write(store, ME)
    after = _records(store.path)
    changed = {k: doc for k, doc in after.items() if before.get(k) != doc}
    assert changed, f"ops.{name} changed no record"
    for (table, key), doc in changed.items():
        assert OS_LOGIN in json.dumps(doc), f"ops.{name}: {table} {key} does not record it: {doc}"
    assert OS_LOGIN not in json.dumps(list(before.values()))  # the setup did not put it there
