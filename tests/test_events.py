"""The board's log (issue 11, item 1): every write appends its events, in its own
transaction, with who acted and the OS login; ``standup events`` lists them and
``--follow`` streams them to another process.

The writes are derived from ``standup.ops.__all__`` through the cases of
:mod:`tests.test_os_login`, so a write added later without a case fails there.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import select
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from standup import events, ops
from standup.store import Store
from tests.conftest import NOW, Cli, standup_cmd
from tests.test_os_login import CASES, ME, NON_WRITES, OS_LOGIN, _team

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

# The kind of event each write appends (a review: one per action, in CASES' order).
KINDS: dict[str, list[str]] = {
    "add_person": ["person-added"],
    "set_person": ["person-changed"],
    "remove_person": ["person-removed"],
    "set_hours": ["hours", "hours"],
    "away": ["away"],
    "back": ["back"],
    "import_absences": ["away", "away", "away"],  # one event says what the import changed
    "ask": ["asked"],
    "answer": ["answered"],
    "withdraw": ["withdrawn"],
    "review": ["confirmed", "reopened", "overridden"],
    "block": ["blocked"],
    "unblock": ["unblocked"],
    "add_note": ["noted"],
    "remove_note": ["unnoted"],
    "edit_question": ["edited"],
    "edit_item": ["edited"],
    "checkin": ["checkin", "checkin", "blocked"],  # --blocked: the item's event first
    "set_team": ["team"],
    "decide_answer": ["answered"],
    "decide_assume": ["edited"],  # the needed-by moved to now: the fallback is taken by it
    "decide_park": ["parked"],
    "decide_delegate": ["edited"],
    "start_standup": ["standup-started"],
    "next_speaker": ["standup-speaker"],
    "previous_speaker": ["standup-speaker"],
    "skip_speaker": ["standup-speaker"],
    "move_person": ["standup-order"],
    "park": ["standup-parked"],
    "note_raised": ["standup-raised"],
    "end_standup": ["standup-ended"],
    "facilitate": ["standup-facilitator"],
}


def _stored_events(store: Store) -> list[dict]:
    return list(store.read().table("events").values())


def test_every_write_has_a_kind() -> None:
    assert set(KINDS) == set(ops.__all__) - NON_WRITES
    assert all(len(KINDS[name]) == len(CASES[name]) for name in KINDS)


@pytest.mark.parametrize(
    "name, index", [(name, i) for name, kinds in KINDS.items() for i in range(len(kinds))]
)
def test_every_write_appends_its_event(tmp_path: Path, name: str, index: int) -> None:
    setup, write = CASES[name][index]
    store = Store(tmp_path / "board.json")
    _team(store)
    setup(store)
    before = len(_stored_events(store))
    write(store, ME)
    new = _stored_events(store)[before:]
    assert [e["kind"] for e in new][:1] == [KINDS[name][index]], new
    for event in new:
        assert event["by"] == "x" and event["os_login"] == OS_LOGIN, event
        assert event["text"] and "\n" not in event["text"]
        datetime.fromisoformat(event["at"])
        assert "x" not in event.get("for", []), "the actor is never told what they did"
    if KINDS[name][index] in (
        "edited", "person-changed", "overridden", "reopened", "hours", "team"
    ):  # fmt: skip
        assert new[0].get("old"), f"{name} keeps the old values in its event"


def test_a_refused_write_appends_nothing(tmp_path: Path) -> None:
    from standup.errors import BadInput

    store = Store(tmp_path / "board.json")
    _team(store)
    ops.ask(store, ME, "CSV?", now=T0)
    before = store.path.read_bytes()
    with pytest.raises(ops.Unchanged):
        ops.edit_question(store, ME, "Q1", text="CSV?")
    with pytest.raises(BadInput):
        ops.answer(store, ME, "Q9", "yes")
    with pytest.raises(BadInput):
        ops.ask(store, ME, "Late?", by="yesterday 9am", now=T0)
    assert store.path.read_bytes() == before
    assert [e["kind"] for e in _stored_events(store)][-1] == "asked"


OS_USER = pwd.getpwuid(os.getuid()).pw_name

# Every write command on the command line, as `cli` runs it (user ana, a team set up by
# _cli_team): the event kind it appends.
CLI_WRITES: list[tuple[tuple[str, ...], str]] = [
    (("person", "add", "carla"), "person-added"),
    (("person", "set", "bruno", "--role", "lead"), "person-changed"),
    (("hours", "mon-fri 9-17", "--who", "bruno"), "hours"),
    (("ask", "Ship it?", "--to", "bruno"), "asked"),
    (("answer", "Q1", "Yes"), "answered"),
    (("review", "Q2", "override", "No"), "overridden"),
    (("withdraw", "Q3"), "withdrawn"),
    (("block", "Export", "--on", "bruno"), "blocked"),
    (("unblock", "B1"), "unblocked"),
    (("edit", "B1", "--title", "Export button"), "edited"),
    (("away", "--until", "fri 17:00", "--delegate", "bruno"), "away"),
    (("back",), "back"),
    (("note", "Goal: export"), "noted"),
    (("note", "--remove", "1"), "unnoted"),
    (("person", "remove", "bruno"), "person-removed"),
    (("team", "set", "archive-after", "30d"), "team"),
    (("checkin", "--today", "CSV"), "checkin"),
]
# import restores a log as it was exported: it appends nothing (tests/test_import.py)
READS = {"status", "list", "inbox", "events", "export", "import", "metrics"}


def _cli_team(cli: Cli) -> None:
    cli("person", "add", "ana", "--name", "Ana", "--role", "pm", "--tz", "Europe/Lisbon")
    cli("person", "add", "bruno", "--name", "Bruno", "--tz", "Europe/Lisbon")
    cli("ask", "CSV first?", user="bruno")  # Q1, for ana
    cli("ask", "PDF too?", user="bruno")  # Q2 …
    cli("answer", "Q2", "Yes", user="bruno")  # … answered by bruno, for ana to review
    cli("ask", "Fonts?")  # Q3


def test_every_write_command_appends_its_event_with_the_os_login(cli: Cli) -> None:
    """Real processes: each write command, run as ana by this OS user, appends its event
    with ``by`` ana and this process's OS login."""
    from standup.cli.parser import COMMANDS

    # archive logs "archived" only when it moves something: tests/test_archive.py
    assert {argv[0] for argv, _ in CLI_WRITES} | READS | {"archive"} == set(COMMANDS)
    _cli_team(cli)
    for argv, kind in CLI_WRITES:
        before = cli.json("events")
        cli(*argv)
        after = cli.json("events")
        new = after[len(before) :]
        assert new and new[0]["kind"] == kind, (argv, new)
        assert new[0]["by"] == "ana" and new[0]["os_login"] == OS_USER, (argv, new)
        assert set(new[0]) >= {"id", "at", "kind", "ref", "by", "os_login", "text"}


def test_events_json_and_since(cli: Cli) -> None:
    _cli_team(cli)
    later = "2026-11-25T12:00:00+00:00"
    cli("ask", "Later?", now=later)
    every = cli.json("events")
    assert [e["id"] for e in every] == [f"E{n}" for n in range(1, len(every) + 1)]
    assert every[0]["at"] == "2026-11-25T10:00:00+00:00"  # Lisbon: UTC+0 in November
    since = cli.json("events", "--since", "2026-11-25 11:00", now=later)
    assert [(e["ref"], e["text"]) for e in since] == [("Q4", "Ana asked Q4 “Later?” of Ana")]
    text = cli("events").stdout.splitlines()
    assert len(text) == len(every) and text[0].split()[0] == "E1"
    assert cli.fails("events", "--since", "3/4").startswith("standup: --since")


def test_text_typed_by_someone_is_one_plain_line(cli: Cli) -> None:
    cli("ask", "Bold [bold]x[/bold]\x1b[31m red\nsecond line")
    [event] = cli.json("events")
    assert "\n" not in event["text"] and "\x1b" not in event["text"]
    assert "[bold]x[/bold]" in event["text"]
    out = cli("events").stdout
    assert "\x1b" not in out and out.count("\n") == 1


# -- one transaction: the change and its events, or neither ---------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, UTC
    from standup import ops
    from standup.store import Store
    store, me = Store(sys.argv[1]), ops.Actor("ana", "writer")
    now = datetime(2026, 11, 25, 10, tzinfo=UTC)
    n = 0
    while True:
        n += 1
        ops.ask(store, me, f"Question {n}?", now=now)
        ops.block(store, me, f"Item {n}", on=f"Q{n}" if n % 2 else None, now=now)
        print(n, flush=True)
    """
)


def test_a_killed_writer_leaves_changes_and_events_together(tmp_path: Path) -> None:
    """SIGKILL a writer at many moments: every question and item in the file has its
    event, and every event its record — never one without the other."""
    db = tmp_path / "board.json"
    for round_ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        for _ in range(round_ + 1):  # bounded: each line is one finished pair of writes
            assert proc.stdout.readline(), "the writer stopped"
        proc.send_signal(signal.SIGKILL)  # somewhere in the next transaction
        proc.wait(timeout=30)
        proc.stdout.close()
        snap = Store(db).read()
        questions = {f"Q{k}" for k in snap.table("questions")}
        items = {f"B{k}" for k in snap.table("blocked")}
        logged = [(e["kind"], e["ref"]) for e in snap.table("events").values()]
        assert sorted(r for k, r in logged if k == "asked") == sorted(questions)
        assert sorted(r for k, r in logged if k == "blocked") == sorted(items)
        assert len(logged) == len(questions) + len(items)


# -- --follow, as a real process ---------------------------------------------------------


def _readline(proc: subprocess.Popen, timeout: float) -> str:
    """The next line of ``proc``'s stdout, or "" if none comes within ``timeout``."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    return proc.stdout.readline() if ready else ""


def _follow(cli: Cli, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*standup_cmd(), "events", "--follow", *args],
        env=cli.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )


def test_follow_prints_a_write_by_another_process_within_a_second(cli: Cli) -> None:
    cli("person", "add", "ana", "--role", "pm")
    proc = _follow(cli, "--json", "--since", NOW)
    try:
        # Ready: it has read the board and printed what was there (a bounded wait).
        first = json.loads(_readline(proc, 30))
        assert first["kind"] == "person-added"
        cli("ask", "Ship it?", user="bruno")
        line = _readline(proc, 1.0)  # the acceptance: within one second of the write
        event = json.loads(line)
        assert (event["kind"], event["ref"], event["by"]) == ("asked", "Q1", "bruno")
        assert set(event) >= {"id", "at", "kind", "ref", "by", "os_login", "text"}
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert proc.stderr is not None and proc.stderr.read() == ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_follow_exits_cleanly_on_sigint_and_on_a_closed_pipe(cli: Cli) -> None:
    cli("person", "add", "ana", "--role", "pm")
    proc = _follow(cli, "--since", NOW)
    try:
        assert "added" in _readline(proc, 30)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        assert proc.stderr is not None and proc.stderr.read() == ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    proc = _follow(cli, "--since", NOW)
    try:
        assert "added" in _readline(proc, 30)
        assert proc.stdout is not None
        proc.stdout.close()  # the reader goes away
        deadline = time.monotonic() + 30
        n = 0
        while proc.poll() is None and time.monotonic() < deadline:
            n += 1
            cli("note", f"note {n}")  # something to print into the closed pipe
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=1)
        assert proc.returncode == 0
        assert proc.stderr is not None and proc.stderr.read() == ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_follow_prints_a_fallback_taken_by_the_clock(tmp_path: Path) -> None:
    """A fallback is taken at its needed-by with no write at all: the stream still
    carries it (the clock is fixed per process, so a later reader sees it)."""
    store = Store(tmp_path / "board.json")
    ana = ops.Actor("ana", "os")
    ops.add_person(store, ana, "ana", role="pm", now=T0)
    ops.ask(store, ana, "CSV?", by="in 1 hour", fallback="CSV", now=T0)
    before = events.read_log(store.read(), T0 + timedelta(minutes=59)).events
    after = events.read_log(store.read(), T0 + timedelta(hours=1)).events
    assert [e.kind for e in before] == ["person-added", "asked"]
    assert [(e.kind, e.key, e.at) for e in after][-1] == (
        "assumed",
        "A-Q1",
        T0 + timedelta(hours=1),
    )


def test_a_damaged_event_is_named_and_the_rest_listed(cli: Cli, db: Path) -> None:
    cli("person", "add", "ana", "--role", "pm")
    data = json.loads(db.read_bytes())
    data["events"]["7"] = {"kind": "asked", "text": 5, "at": NOW}
    db.write_text(json.dumps(data))
    proc = cli("events", "--json")
    assert [e["id"] for e in json.loads(proc.stdout)] == ["E1"]
    assert "E7" in proc.stderr and "damaged" in proc.stderr
    assert len(proc.stderr.splitlines()) == 1
    cli("note", "still writes")
    assert json.loads(db.read_bytes())["events"]["7"] == {"kind": "asked", "text": 5, "at": NOW}
