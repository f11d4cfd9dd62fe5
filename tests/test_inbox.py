"""Everyone's inbox (issue 11, item 2): each kind of event reaches exactly the people it
concerns, once; reading marks it seen (by id), ``--peek`` does not, ``--all`` shows
the seen ones too; ``status --brief`` counts what is new.

The team: ana (the PM), bruno (ana's standing delegate), carla and dan (engineers).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from standup import events, ops
from standup.store import Store
from tests.conftest import Cli

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
TEAM = ("ana", "bruno", "carla", "dan")
ANA, BRUNO, CARLA, DAN = (ops.Actor(login, f"os-{login}") for login in TEAM)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "board.json")
    ops.add_person(store, ANA, "ana", name="Ana", role="pm", tz="Europe/Lisbon", now=T0)
    for login in TEAM[1:]:
        ops.add_person(store, ANA, login, name=login.title(), tz="Europe/Lisbon", now=T0)
    ops.set_person(store, ANA, "ana", delegate="bruno", now=T0)
    for login in TEAM:  # everyone has looked: the set-up is not news
        _look(store, login, T0)
    return store


def _inbox(store: Store, login: str, now: datetime = T0) -> list[events.Event]:
    seen = events.seen_marks(store, login)
    return events.inbox(store.read(), login, now, seen=seen)


def _look(store: Store, login: str, now: datetime = T0) -> list[events.Event]:
    new = _inbox(store, login, now)
    events.mark_seen(store, login, [e.key for e in new])
    return new


def _reached(store: Store, now: datetime = T0) -> dict[str, list[tuple[str, str | None]]]:
    """What is new for each person, as (kind, ref), and then they look."""
    return {login: [(e.kind, e.ref) for e in _look(store, login, now)] for login in TEAM}


def test_answered_reaches_the_asker_and_the_owners_waiting(store: Store) -> None:
    ops.ask(store, CARLA, "CSV first?", to="bruno", now=T0)
    ops.block(store, DAN, "Export", on="Q1", now=T0)
    _reached(store)
    ops.answer(store, BRUNO, "Q1", "Yes", now=T0)
    assert _reached(store) == {
        "ana": [],
        "bruno": [],  # who answered is not told what they did
        "carla": [("answered", "Q1")],  # their question
        "dan": [("answered", "Q1")],  # their item moved on it (it reads unblocked)
    }
    assert _reached(store) == dict.fromkeys(TEAM, [])  # once


def test_an_answer_for_the_pm_to_review_reaches_the_pm(store: Store) -> None:
    ops.ask(store, CARLA, "Fonts?", now=T0)  # to ana, the PM
    _reached(store)
    ops.answer(store, BRUNO, "Q1", "Inter", now=T0)
    assert _reached(store) == {
        "ana": [("answered", "Q1")],
        "bruno": [],
        "carla": [("answered", "Q1")],
        "dan": [],
    }


def test_assumed_by_the_clock_reaches_the_asker_and_owners_at_its_needed_by(
    store: Store,
) -> None:
    ops.ask(store, CARLA, "CSV?", by="in 2 hours", fallback="CSV", now=T0)
    ops.block(store, DAN, "Export", on="Q1", now=T0)
    _reached(store)
    just_before = T0 + timedelta(hours=2) - timedelta(seconds=1)
    assert _reached(store, just_before) == dict.fromkeys(TEAM, [])
    at = T0 + timedelta(hours=2)
    assert _reached(store, at) == {
        "ana": [],
        "bruno": [],
        "carla": [("assumed", "Q1")],
        "dan": [("assumed", "Q1")],
    }
    [assumed] = events.inbox(store.read(), "carla", at, include_seen=True)[-1:]
    assert (assumed.key, assumed.at, assumed.by) == ("A-Q1", at, None)
    later = at + timedelta(days=1)
    assert _reached(store, later) == dict.fromkeys(TEAM, [])  # once, by its stable id
    # answered over the assumption: the assumption stays in the log, not new again
    ops.answer(store, ANA, "Q1", "PDF", now=later)
    assert _reached(store, later)["carla"] == [("answered", "Q1")]
    keys = [e.key for e in events.read_log(store.read(), later).events]
    assert keys.count("A-Q1") == 1


@pytest.mark.parametrize("action", ["override", "reopen"])
def test_override_and_reopen_reach_the_asker_and_the_owners_that_moved(
    store: Store, action: str
) -> None:
    ops.ask(store, CARLA, "CSV?", now=T0)  # to ana
    ops.block(store, DAN, "Export", on="Q1", now=T0)
    ops.answer(store, BRUNO, "Q1", "CSV", now=T0)  # the delegate's answer, for ana
    _reached(store)
    ops.review(store, ANA, "Q1", action, "PDF" if action == "override" else None, now=T0)
    kind = {"override": "overridden", "reopen": "reopened"}[action]
    assert _reached(store) == {
        "ana": [],
        "bruno": [],
        "carla": [(kind, "Q1")],
        "dan": [(kind, "Q1")],
    }
    [event] = [e for e in events.read_log(store.read(), T0).events if e.kind == kind]
    assert event.old == {
        "status": "answered",
        "answer": "CSV",
        "answered_by": "bruno",
        "answered_at": T0.isoformat(),
    }


def test_asked_of_you_and_routed_to_you_as_delegate(store: Store) -> None:
    ops.ask(store, CARLA, "Colour?", to="dan", now=T0)
    assert _reached(store)["dan"] == [("asked", "Q1")]
    ops.ask(store, CARLA, "Scope?", now=T0)  # to ana, who is here
    assert _reached(store) == {"ana": [("asked", "Q2")], "bruno": [], "carla": [], "dan": []}
    ops.away(store, ANA, until="fri 17:00", now=T0)  # Q2 now waits on bruno, her delegate
    assert _reached(store) == {"ana": [], "bruno": [("routed", "Q2")], "carla": [], "dan": []}
    ops.ask(store, CARLA, "Deadline?", now=T0)  # asked while ana is away: both are told
    assert _reached(store) == {
        "ana": [("asked", "Q3")],
        "bruno": [("asked", "Q3")],
        "carla": [],
        "dan": [],
    }


def test_unblocked_and_the_pm_back_reach_those_waiting(store: Store) -> None:
    ops.block(store, DAN, "Export", on="ana", now=T0)
    ops.ask(store, CARLA, "Scope?", now=T0)
    ops.away(store, ANA, now=T0)
    _reached(store)
    ops.back(store, ANA, now=T0 + timedelta(hours=1))
    assert _reached(store) == {
        "ana": [],
        "bruno": [],
        "carla": [("back", "ana")],  # waits on the PM's answer
        "dan": [("back", "ana")],  # their item waits on the PM
    }
    ops.unblock(store, CARLA, "B1", now=T0 + timedelta(hours=1))
    assert _reached(store) == {"ana": [], "bruno": [], "carla": [], "dan": [("unblocked", "B1")]}


def test_seen_marks_are_ids_not_times(store: Store) -> None:
    """An event written after you looked, but stamped earlier (another writer's clock),
    is still new."""
    ops.ask(store, CARLA, "Late clock?", to="dan", now=T0 + timedelta(hours=5))
    assert _reached(store, T0 + timedelta(hours=5))["dan"] == [("asked", "Q1")]
    ops.ask(store, CARLA, "Early clock?", to="dan", now=T0 - timedelta(hours=5))
    assert _reached(store, T0 + timedelta(hours=5))["dan"] == [("asked", "Q2")]


def test_the_seen_marks_file_is_beside_the_board_and_private(store: Store) -> None:
    ops.ask(store, CARLA, "Colour?", to="dan", now=T0)
    before = store.path.read_bytes()
    _look(store, "dan")
    assert store.path.read_bytes() == before, "looking is not a change to the board"
    path = Path(events.seen_path(store, "dan"))
    assert path.parent == Path(f"{store.path}.seen") and path.is_file()
    assert path.stat().st_mode & 0o777 == 0o660
    with pytest.raises(Exception, match="not a login name"):
        events.seen_path(store, "../board")


# -- the command line --------------------------------------------------------------------


def _team(cli: Cli) -> None:
    cli("person", "add", "ana", "--name", "Ana", "--role", "pm", "--tz", "Europe/Lisbon")
    cli("person", "add", "bruno", "--name", "Bruno", "--tz", "Europe/Lisbon")
    cli("ask", "CSV first?", "--to", "bruno", user="carla")
    cli("answer", "Q1", "Yes", user="bruno")


def test_cli_inbox_peek_all_and_marking_seen(cli: Cli) -> None:
    _team(cli)
    peek = cli.json("inbox", "--peek", user="carla")
    assert [(e["kind"], e["ref"]) for e in peek] == [("answered", "Q1")]
    assert set(peek[0]) >= {"id", "at", "kind", "ref", "by", "os_login", "text"}
    assert cli.json("inbox", "--peek", user="carla") == peek  # --peek marks nothing
    text = cli("inbox", user="carla").stdout
    assert "Bruno answered Q1" in text and "“Yes”" in text
    assert cli.json("inbox", user="carla") == []  # seen now
    assert "nothing new for carla" in cli("inbox", user="carla").stdout
    every = cli.json("inbox", "--all", user="carla")
    assert [(e["id"], e["new"]) for e in every] == [(peek[0]["id"], False)]
    bruno = cli.json("inbox", "--peek", user="bruno")  # others are not affected
    assert [e["kind"] for e in bruno] == ["person-added", "asked"]


def test_status_brief_counts_what_is_new(cli: Cli) -> None:
    _team(cli)
    second = cli("status", "--brief", user="carla").stdout.splitlines()[1]
    assert second.endswith("1 new for you (standup inbox)")
    cli("inbox", user="carla")
    second = cli("status", "--brief", user="carla").stdout.splitlines()[1]
    assert "new for you" not in second


def test_inbox_reads_no_board_and_writes_nothing_when_there_is_none(cli: Cli, db: Path) -> None:
    assert cli.json("inbox") == []
    assert not db.exists() and not Path(f"{db}.seen").exists()


def test_a_damaged_event_that_may_concern_you_is_named(cli: Cli, db: Path) -> None:
    _team(cli)
    data = json.loads(db.read_bytes())
    data["events"]["99"] = {"kind": "answered", "text": "x", "at": "tomorrow", "for": ["carla"]}
    db.write_text(json.dumps(data))
    proc = cli("inbox", "--json", "--peek", user="carla")
    assert [e["kind"] for e in json.loads(proc.stdout)] == ["answered"]
    assert "E99" in proc.stderr and "damaged" in proc.stderr


def test_the_seen_marks_directory_is_shared_like_the_boards(tmp_path: Path) -> None:
    """On a shared server the board's directory is 2770: the first person to look must
    not make the seen-marks directory theirs alone (umask 022 would)."""
    import os

    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o2770)
    store = Store(folder / "board.json")
    ops.add_person(store, CARLA, "dan", now=T0)
    ops.ask(store, CARLA, "Colour?", to="dan", now=T0)
    old = os.umask(0o022)
    try:
        _look(store, "dan")
    finally:
        os.umask(old)
    assert [e.kind for e in events.inbox(store.read(), "dan", T0, include_seen=True)] == [
        "person-added",
        "asked",
    ]
    assert Path(f"{store.path}.seen").stat().st_mode & 0o7777 == 0o2770
