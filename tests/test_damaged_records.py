"""A damaged record never takes the board down (issue 9, item 2, record level).

The matrix runs every damaged-record shape against every command through the installed
`standup`, on real files, and compares each run with the same command on the same board
without the damaged record: no traceback; reads show the rest of the board and name the
damaged record; writes keep it byte for byte and change everything else exactly as on
the healthy board; a command aimed at it is refused with one line naming it, and
nothing is written; no read ever changes the file.

New commands join :data:`RUNS` with one line each (``test_every_command_is_in_the_matrix``
fails until they do).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from standup.board import Board
from standup.cli.parser import COMMANDS
from standup.errors import DamagedRecord
from standup.fileformat import _by_id, record_id
from standup.model import (
    _TIME_FIELDS,
    Absence,
    BlockedItem,
    Note,
    Person,
    Question,
    Record,
)
from standup.records import Checkin, Standup
from standup.render import status_text
from standup.serialize import status_json
from standup.store import Store
from standup.view import BoardView
from tests.conftest import NOW, standup_cmd

# -- the matrix ------------------------------------------------------------------------

ICS = str(Path(__file__).parent / "data" / "team.ics")  # ana's calendar (test_calendar.py)

# Every command, as argv lists: aimed at healthy records (Q1, B1, bruno), and at the slot
# each shape fills with its damaged record (Q9, B9, note 9, dora = person 9).
RUNS: list[list[str]] = [
    ["ask", "Ship it?"],
    ["ask", "Ship it?", "--to", "dora", "--json"],
    ["ask", "Ship it?", "--blocks", "B9"],
    ["answer", "Q1", "Yes", "--json"],
    ["answer", "Q9", "Yes"],
    ["withdraw", "Q1"],
    ["withdraw", "Q9"],
    ["review"],
    ["review", "Q2", "confirm"],
    ["review", "Q9", "confirm"],
    ["block", "Stuck", "--on", "Q9"],
    ["block", "Stuck", "--owner", "dora", "--json"],
    ["unblock", "B1"],
    ["unblock", "B9"],
    ["away", "--until", "tomorrow 9am", "--delegate", "dora"],
    ["away", "--who", "dora"],
    ["away", "--ics", ICS],
    ["away", "--ics", ICS, "--who", "dora"],
    ["back"],
    ["back", "--who", "bruno"],
    ["hours", "mon-fri 9-17"],
    ["hours", "mon-fri 9-17", "--who", "dora"],
    ["person", "add", "erin"],
    ["person", "add", "dora"],
    ["person", "set", "carla", "--role", "design"],
    ["person", "set", "dora", "--name", "D"],
    ["person", "remove", "dora"],
    ["edit", "Q1", "--text", "Ship CSV?"],
    ["edit", "Q9", "--text", "x"],
    ["edit", "B1", "--owner", "dora"],
    ["edit", "B9", "--title", "x"],
    ["note", "Pinned"],
    ["note", "--remove", "9"],
    ["status"],
    ["status", "--json"],
    ["status", "--brief"],
    ["list", "questions", "--all"],
    ["list", "blocked", "--all", "--json"],
    ["list", "people"],
    ["list", "standups", "--all", "--json"],
    ["events"],
    ["archive"],
    ["events", "--json"],
    ["inbox", "--peek"],
    ["inbox", "--all", "--json"],
    ["checkin"],
    ["checkin", "--today", "Ship", "--blocked", "Sandbox", "--json"],
    ["list", "checkins", "--all", "--json"],
    ["team"],
    ["team", "set", "speaker-time", "90s"],
    ["export", "--format", "json"],
    ["export", "--format", "md"],
    ["import", ICS],  # refused on any board that is not empty (tests/test_import.py)
    ["metrics"],
    ["metrics", "--json", "--since", "2026-11-01"],
]

T = "2026-11-25T08:00:00+00:00"
LATE = "9999-12-31T23:59:59-05:00"  # a reader that moves it to UTC overflows


class Shape(NamedTuple):
    """A damaged record: where it goes, its bytes, how it is named, what aims at it."""

    table: str
    key: str
    raw: bytes
    label: str
    aimed: frozenset[str]  # the runs (" ".join(argv)) that must be refused


AT_Q9 = frozenset(
    {"answer Q9 Yes", "withdraw Q9", "review Q9 confirm", "block Stuck --on Q9", "edit Q9 --text x"}
)
AT_DORA = frozenset(
    {
        "ask Ship it? --to dora --json",
        "block Stuck --owner dora --json",
        "away --until tomorrow 9am --delegate dora",
        "away --who dora",
        f"away --ics {ICS} --who dora",
        "hours mon-fri 9-17 --who dora",
        "person add dora",
        "person set dora --name D",
        "person remove dora",
        "edit B1 --owner dora",
    }
)
_Q = f'"asked_by":"carla",  "asked_at":"{T}", "to":"ana"'

SHAPES: dict[str, Shape] = {
    "person without login": Shape(
        "people", "9", b'{ "name" : "Ghost", "role":"eng" }', "person 9", frozenset()
    ),
    "zone that does not exist": Shape(
        "people", "9", b'{"login":"dora",  "name":"Dora","tz":"Mars/Olympus"}',
        "person 9 (dora)", AT_DORA,
    ),
    "office hours that do not parse": Shape(
        "people", "9", b'{"login":"dora", "name":"Dora","tz":"UTC","hours":"whenever"}',
        "person 9 (dora)", AT_DORA,
    ),
    "absence whose who is an object": Shape(
        "absences", "9", f'{{"who": {{"login":"ana"}}, "start":"{T}" }}'.encode(),
        "absence 9", frozenset({"back", "back --who bruno", f"away --ics {ICS}"}),
    ),
    "naive time in an absence": Shape(
        "absences", "9", b'{"who":"ana",  "start":"2026-11-25T08:00:00"}',
        "absence 9 of ana", frozenset({"back", f"away --ics {ICS}"}),
    ),
    "naive time in a question": Shape(
        "questions", "9", b'{"text":"When?", "asked_by":"carla","asked_at":"2026-11-25T08:00:00"}',
        "Q9", AT_Q9,
    ),
    "time past what a reader can add to": Shape(
        "questions", "9", f'{{"text":"Y?", {_Q}, "needed_by":"{LATE}"}}'.encode(), "Q9", AT_Q9,
    ),
    "wrong type": Shape("questions", "9", f'{{"text": 5, {_Q}}}'.encode(), "Q9", AT_Q9),
    "unknown status": Shape(
        "questions", "9", f'{{"text":"Hm?", {_Q}, "status":"pondering"}}'.encode(), "Q9", AT_Q9
    ),
    "waits on a question that is not an id": Shape(
        "blocked", "9",
        f'{{"title":"B", "owner":"carla","since":"{T}","on":"Qx","on_kind":"question"}}'.encode(),
        "B9", frozenset({"ask Ship it? --blocks B9", "unblock B9", "edit B9 --title x"}),
    ),
    "key that is not an id": Shape(
        "questions", "²", f'{{"text":"Sup?", {_Q}}}'.encode(), "questions record '²'", frozenset()
    ),
    "event with a time that is not one": Shape(
        "events", "99", b'{"at":"tomorrow", "kind":"asked","text":"x","for":["ana"]}',
        "E99", frozenset(),
    ),
    "note of the wrong shape": Shape(
        "notes", "9", f'{{"text": ["a", "b"], "added_by":"ana", "added_at":"{T}"}}'.encode(),
        "note 9", frozenset({"note --remove 9"}),
    ),
    # Read by `status` (which shows neither: it names them), their own list and export.
    "naive time in a check-in": Shape(
        "checkins", "9", b'{"who":"carla", "date":"2026-11-24","at":"2026-11-24T08:00:00"}',
        "check-in 9", frozenset(),
    ),
    "stand-up whose order is not logins": Shape(
        "standups", "9",
        f'{{"date":"2026-11-20","started_at":"{T}","facilitator":"ana","ended_at":"{T}",'
        f'"order":["ana", "a b"]}}'.encode(),
        "S9", frozenset(),
    ),
}  # fmt: skip


class Run(NamedTuple):
    code: int
    out: str
    err: str
    before: bytes
    after: bytes


def _env(db: Path) -> dict[str, str]:
    return {
        "STANDUP_DB": str(db),
        "STANDUP_NOW": NOW,
        "STANDUP_USER": "ana",
        "TZ": "Europe/Lisbon",
        "STANDUP_CONFIG_DIR": str(db.parent / "config"),
    }


def _run(db: Path, argv: list[str], content: bytes, *, installed: bool) -> Run:
    """``standup argv`` on a fresh copy of ``content``: through the installed script, or
    in this process through the same entry point (``standup.cli.main``)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(content)
    if installed:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STANDUP_")}
        proc = subprocess.run(
            [*standup_cmd(), *argv], env={**env, **_env(db)}, capture_output=True, text=True,
            timeout=60,
        )  # fmt: skip
        code, out, err = proc.returncode, proc.stdout, proc.stderr
    else:
        code, out, err = _run_here(db, argv)
    return Run(code, out, err, content, db.read_bytes())


def _run_here(db: Path, argv: list[str]) -> tuple[int, str, str]:
    from standup.cli import main

    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        for name in [k for k in os.environ if k.startswith("STANDUP_")]:
            mp.delenv(name)
        for name, value in _env(db).items():
            mp.setenv(name, value)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse
                code = exc.code if isinstance(exc.code, int) else 1
            except Exception:  # what the console script would print as a traceback
                code = 1
                err.write(traceback.format_exc())
    out.flush()
    return code, out.buffer.getvalue().decode(), err.getvalue()  # type: ignore[attr-defined]


def _file(tables: dict[str, dict[str, Any]], shape: Shape | None = None) -> bytes:
    """The board file: ``tables`` as JSON, plus ``shape``'s damaged record as its bytes."""
    parts = []
    names = list(tables) + ([shape.table] if shape and shape.table not in tables else [])
    for name in names:
        items = [
            _dumps(k) + b":" + _dumps(doc, compact=True) for k, doc in tables.get(name, {}).items()
        ]
        if shape and shape.table == name:
            items.append(_record(shape))
        parts.append(_dumps(name) + b":{" + b",".join(items) + b"}")
    return b"{" + b",".join(parts) + b"}"


def _record(shape: Shape) -> bytes:
    return _dumps(shape.key) + b":" + shape.raw


def _dumps(value: Any, compact: bool = False) -> bytes:
    seps = (",", ":") if compact else None
    return json.dumps(value, ensure_ascii=False, separators=seps).encode()


def _tables(content: bytes, shape: Shape | None = None) -> dict[str, Any]:
    """The file as data to compare: without the damaged record, the write time, or the
    keys of people (a person's key is one past the highest, damaged or not)."""
    data = json.loads(content)
    if shape is not None:
        del data[shape.table][shape.key]
    data["meta"]["1"].pop("written_at", None)
    data["people"] = sorted(json.dumps(doc, sort_keys=True) for doc in data["people"].values())
    return data


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """A team built through the CLI: ana (PM), bruno away until tomorrow, carla; Q1 open
    with a fallback, Q2 answered by bruno for ana to review; B1 on Q1, B2 on the vendor;
    a note."""
    db = tmp_path_factory.mktemp("healthy") / "board.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("STANDUP_")} | _env(db)
    for argv, user in [
        (["person", "add", "ana", "--name", "Ana", "--role", "pm", "--tz", "Europe/Lisbon"], "ana"),
        (["person", "add", "bruno", "--name", "Bruno", "--tz", "Europe/Lisbon"], "ana"),
        (["person", "add", "carla", "--name", "Carla", "--tz", "Europe/Lisbon"], "ana"),
        (["ask", "CSV first?", "--by", "fri 5pm", "--fallback", "CSV"], "carla"),
        (["ask", "Drop 2019 format?"], "carla"),
        (["answer", "Q2", "Yes"], "bruno"),
        (["block", "Export", "--on", "Q1"], "carla"),
        (["block", "Sandbox", "--on", "the vendor"], "bruno"),
        (["note", "Goal: the export"], "ana"),
        (["away", "--until", "tomorrow 9am", "--who", "bruno"], "bruno"),
    ]:
        subprocess.run(
            [*standup_cmd(), *argv], env={**env, "STANDUP_USER": user}, check=True, timeout=60
        )
    return json.loads(db.read_bytes())


# Through the installed script for every shape (the whole matrix runs in-process through
# the same entry point, ~40x faster; STANDUP_MATRIX=installed runs all of it installed).
INSTALLED = ("status --json", "note Pinned")
ALL_INSTALLED = os.environ.get("STANDUP_MATRIX") == "installed"


def _installed(shape: Shape) -> set[str]:
    if ALL_INSTALLED:
        return {" ".join(argv) for argv in RUNS}
    return {*INSTALLED, *sorted(shape.aimed)[:1]}


@pytest.fixture(scope="module")
def expected(
    healthy: dict[str, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, bool], Run]:
    """Every run on the healthy board: what each command does when nothing is damaged."""
    root = tmp_path_factory.mktemp("expected")
    content = _file(healthy)
    installed = set().union(*map(_installed, SHAPES.values()))
    runs = {}
    for n, argv in enumerate(RUNS):
        key = " ".join(argv)
        runs[key, False] = _run(root / f"{n}" / "board.json", argv, content, installed=False)
        if key in installed:
            runs[key, True] = _run(root / f"{n}i" / "board.json", argv, content, installed=True)
    return runs


def test_every_command_is_in_the_matrix() -> None:
    assert {argv[0] for argv in RUNS} == set(COMMANDS)
    keys = {" ".join(argv) for argv in RUNS}
    for shape in SHAPES.values():
        assert shape.aimed <= keys, "a shape aims at a run that is not in RUNS"


@pytest.mark.parametrize("name", SHAPES)
def test_a_damaged_record_against_every_command(
    name: str, healthy: dict, expected: dict[tuple[str, bool], Run], tmp_path: Path
) -> None:
    shape = SHAPES[name]
    content = _file(healthy, shape)
    installed = _installed(shape)
    for n, argv in enumerate(RUNS):
        key = " ".join(argv)
        for script in (False, True) if key in installed else (False,):
            run = _run(tmp_path / f"{n}{script}" / "board.json", argv, content, installed=script)
            where = f"{name}: standup {key}" + (" (installed)" if script else "")
            _check(argv, shape, content, run, expected[key, script], where)


def _check(argv: list[str], shape: Shape, content: bytes, run: Run, base: Run, where: str) -> None:
    assert "Traceback" not in run.err, f"{where}: {run.err}"
    assert len(run.err.splitlines()) <= 1, f"{where}: {run.err}"
    if " ".join(argv) in shape.aimed:
        assert run.code != 0, f"{where} should be refused: {run.out}"
        assert shape.label in run.err and "damaged" in run.err, f"{where}: {run.err}"
        assert run.after == content, f"{where} was refused but changed the file"
        return
    assert run.code == base.code, f"{where}: exit {run.code}, healthy {base.code}: {run.err}"
    if base.after == base.before:  # a read, or a refusal: nothing written
        assert run.after == content, f"{where} changed the file"
    else:  # a write: the damaged record as it was, the rest as on the healthy board
        assert _record(shape) in run.after, f"{where} re-encoded the damaged record"
        assert _tables(run.after, shape) == _tables(base.after), where
    if argv[:3] == ["export", "--format", "json"]:  # a lossless dump: the record, as it is
        _dumps_it(run, base, shape, where)
        return
    # The log is read (and a damaged event named) by `events` and `inbox` only: checking
    # every event on every `status` would cost a board with years of log its speed.
    readers = ("events", "inbox") if shape.table == "events" else ("status", "list", "export")
    if shape.table in ("people", "absences", "questions", "blocked"):
        readers += ("metrics",)  # it reads these (and names what it left out)
    named = argv[0] in readers or (argv == ["review"] and shape.table != "events")
    if shape.table in ("checkins", "standups"):  # status names them; their list; a dump
        key = " ".join(argv)
        own = ("status", f"list {shape.table}", "export --format json")
        named = key.startswith(own) or (shape.table == "standups" and key.startswith("export"))
    if named:
        _names_it(argv, run, base, shape, where)
    else:
        assert run.out == base.out, where


def _names_it(argv: list[str], run: Run, base: Run, shape: Shape, where: str) -> None:
    """A read shows the rest of the board as the healthy board does, and names the
    damaged record: in ``status`` and its JSON, else in one line on stderr."""
    if argv == ["status", "--json"]:
        got, want = json.loads(run.out), json.loads(base.out)
        [entry] = got.pop("damaged")
        assert want.pop("damaged") == []
        assert entry.pop("problem"), where
        assert entry == {"table": shape.table, "id": shape.key}, where
        assert got == want, where
    elif argv == ["status"]:
        assert set(base.out.splitlines()) <= set(run.out.splitlines()), where
        assert shape.label in run.out, where
    else:
        assert run.out == base.out, where
        assert shape.label in run.err and "damaged" in run.err, f"{where}: {run.err!r}"


def _dumps_it(run: Run, base: Run, shape: Shape, where: str) -> None:
    """``export --format json`` keeps the damaged record as it is (where import will
    name it) and says so on stderr; the rest is the healthy board's dump."""
    got, want = json.loads(run.out), json.loads(base.out)
    assert got["tables"][shape.table].pop(shape.key) == json.loads(shape.raw), where
    want["next"] = got["next"]  # counted past the damaged record's id
    assert got == want, where
    assert shape.label in run.err and "damaged" in run.err, f"{where}: {run.err!r}"


# -- decoding: the one place that decides ----------------------------------------------

GOOD: dict[type[Record], dict[str, Any]] = {
    Person: {"login": "ana", "name": "Ana", "tz": "Europe/Lisbon", "added_at": T},
    Absence: {"who": "ana", "start": T, "end": "2026-11-26T09:00:00+00:00"},
    Question: {
        "text": "Q?", "asked_by": "ana", "asked_at": T, "needed_by": T, "answered_at": T,
        "closed_at": T, "reopened_at": T, "reviewed_at": T, "status": "answered",
        "history": [{"status": "answered", "answered_at": T, "at": T}],
    },
    BlockedItem: {"title": "B", "owner": "ana", "since": T, "unblocked_at": T},
    Note: {"text": "n", "added_by": "ana", "added_at": T},
    Checkin: {"who": "ana", "date": "2026-11-25", "at": T},
    Standup: {
        "date": "2026-11-25", "started_at": T, "facilitator": "ana", "ended_at": T,
        "speaking_since": T, "beat_at": T, "order": ["ana"], "current": 0,
    },
}  # fmt: skip
# Times that take a record off the board (a removed person, an unpinned note): checked
# like the others, but not part of the records the board shows.
OFF_BOARD: dict[type[Record], dict[str, Any]] = {Person: {"removed_at": T}, Note: {"removed_at": T}}
TIME_FIELDS = [
    (kind, field)
    for kind, doc in GOOD.items()
    for field in sorted(_TIME_FIELDS & set(kind.__struct_fields__))
]


def test_every_time_field_of_every_record_is_checked() -> None:
    for kind, doc in GOOD.items():
        off = OFF_BOARD.get(kind, {})
        assert set(kind.__struct_fields__) & _TIME_FIELDS <= doc.keys() | off.keys(), kind
        kind.from_doc(doc, 1)  # the good documents are good
        kind.from_doc({**doc, **off}, 1)


@pytest.mark.parametrize(("kind", "field"), TIME_FIELDS, ids=lambda v: getattr(v, "__name__", v))
@pytest.mark.parametrize(
    "value",
    [
        "2026-11-25T08:00:00",  # naive
        "2026-11-25T08:00:00-00:36:45",  # not whole minutes (LMT)
        "9999-12-31T23:59:59-05:00",  # overflows in UTC
        "1800-01-01T09:00:00+00:00",  # outside the range every reader handles
        "tomorrow",
        17,
    ],
)
def test_a_bad_time_in_any_field_is_damage(kind: type[Record], field: str, value: Any) -> None:
    with pytest.raises(DamagedRecord) as err:
        kind.from_doc({**GOOD[kind], **OFF_BOARD.get(kind, {}), field: value}, 4)
    damage = err.value.damage
    assert damage.table == kind.TABLE and damage.key == "4"
    assert field in damage.problem


def test_a_bad_time_in_a_questions_history_is_damage() -> None:
    doc = {**GOOD[Question], "history": [{"status": "answered", "at": "2026-11-25T08:00:00"}]}
    with pytest.raises(DamagedRecord) as err:
        Question.from_doc(doc, 2)
    assert "history[0].at" in err.value.damage.problem


@pytest.mark.parametrize("key", ["²", "١", "03", " 3", "3 ", "0", "-1", "+3", "1_0", "", "1" * 19])
def test_a_key_that_is_not_an_id(key: str) -> None:
    assert record_id(key) is None
    assert list(_by_id({"2": "b", key: "x", "1": "a"})) == [1, 2, key]


def test_ids_as_written_are_ids() -> None:
    assert [record_id(k) for k in ("1", "12", "9" * 18)] == [1, 12, int("9" * 18)]


def test_a_refusal_is_one_line_that_names_the_record() -> None:
    with pytest.raises(DamagedRecord) as err:
        Person.from_doc({"login": "dora", "name": "D", "tz": "Mars/\x1b[31mOlympus\n"}, 9)
    line = err.value.line()
    assert line.startswith("person 9 (dora) on the board is damaged (tz ")
    assert "\x1b" not in line and "\n" not in line  # the stored value is shown escaped


# -- the invariant: whatever a record holds, the board loads and renders ---------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.sampled_from(
        [
            T, "2026-11-25T08:00:00", "9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00",
            "2026-11-25T08:00:00-00:36", "Q1", "Q0", "Qx", "Q²", "ana", "open", "blocked",
            "question", "Mars/Olympus", "Europe/Lisbon", "mon-fri 9-17", "whenever",
        ]
    ),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)  # fmt: skip
# The tables a board shows (stand-ups are read by the meeting and its list, not status).
PARTS_SHOWN = ("people", "absences", "questions", "blocked", "notes")
TABLE_OF = {kind.TABLE: kind for kind in GOOD if kind.TABLE in PARTS_SHOWN}


@st.composite
def damaged_board(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """A healthy record in every table, plus records with fields changed to anything."""
    tables: dict[str, dict[str, Any]] = {}
    for name, kind in TABLE_OF.items():
        tables[name] = {"1": dict(GOOD[kind])}
        for n in range(draw(st.integers(0, 2))):
            fields = list(kind.__struct_fields__) + ["x"]
            changes = draw(st.dictionaries(st.sampled_from(fields), JSON, min_size=1, max_size=3))
            doc = {**GOOD[kind], **changes}
            if draw(st.booleans()) and changes:
                doc.pop(next(iter(changes)))
            key = draw(st.sampled_from([str(n + 2), "²", "0", "07"]))
            tables[name][key] = doc
    tables["people"]["1"]["login"] = "pm"
    tables["people"]["1"]["role"] = "pm"
    return tables


class _Tables:
    def __init__(self, tables: dict[str, dict[str, Any]]) -> None:
        self.tables = tables

    def table(self, name: str) -> dict[Any, dict[str, Any]]:
        return _by_id(self.tables.get(name, {}))


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(damaged_board())
def test_whatever_a_record_holds_the_board_loads_and_renders(tables: dict) -> None:
    parts = ("questions", "blocked", "notes", "checkins", "standups")
    board = Board.load(_Tables(tables), parts=parts)
    loaded = (
        len(board.checkins)
        + len(board.standups)
        + len(board.people)
        + sum(map(len, board.absences.values()))
        + len(board.questions)
        + len(board.blocked)
        + len(board.notes)
    )
    assert loaded + len(board.damaged) == sum(map(len, tables.values()))
    assert "pm" in board.people and 1 in board.questions and 1 in board.blocked  # the rest reads
    now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    for tz in ("Europe/Lisbon", "Pacific/Kiritimati", "America/St_Johns"):
        from zoneinfo import ZoneInfo

        view = BoardView(board, now, ZoneInfo(tz))
        text = status_text(view)
        doc = msgspec.json.encode(status_json(view))
        for d in board.damaged:
            assert d.label in text
        assert len(json.loads(doc)["damaged"]) == len(board.damaged)


# -- the store: a damaged record is written back as it was read ------------------------


def test_a_write_to_the_damaged_records_table_keeps_its_bytes(db: Path) -> None:
    from standup import ops

    store, ana = Store(db), ops.Actor("ana", "ana")
    ops.add_person(store, ana, "ana", tz="UTC")
    ops.add_note(store, ana, "one")
    raw = db.read_bytes()
    person = b'"\xc2\xb2":{ "login" :"x\\u00e9",  "tz": "Nowhere/Else" }'
    note = b'"7":{"text" : 5 ,"added_by":"ana","added_at":"2026-11-25T08:00:00"}'
    raw = raw.replace(b'"people":{', b'"people":{' + person + b",", 1)
    raw = raw.replace(b'"notes":{', b'"notes":{' + note + b",", 1)
    db.write_bytes(raw)
    ops.add_person(store, ana, "bruno", tz="UTC")  # an insert without an id: one past "1"
    ops.add_note(store, ana, "two")
    ops.remove_note(store, ana, "1")
    ops.set_hours(store, ana, "mon-fri 9-17")  # an update in the people table
    after = db.read_bytes()
    assert person in after and note in after
    board = Board.load(store.read())
    assert sorted(board.people) == ["ana", "bruno"]
    assert [n.text for n in board.notes.values()] == ["two"]
    assert {(d.table, d.key) for d in board.damaged} == {("people", "²"), ("notes", "7")}
    with pytest.raises(DamagedRecord, match="note 7"):
        ops.remove_note(store, ana, "7")
    assert db.read_bytes() == after


# -- status names damaged check-ins and stand-ups, told fast (standup.scan) --------------


# What the checks after decoding read, with values each passes or fails.
LOGINS = st.sampled_from(["ana", "bruno", "a b", "", "x" * 33])
DATES = st.sampled_from(["2026-11-25", "2024-02-29", "2026-13-01", "20261125", "2026-11-25x"])
TIMES = st.sampled_from([T, "2026-11-25T08:00:00", "2026-11-25T08:00:00-00:36:45", LATE])
CHECKED: dict[type[Record], dict[str, st.SearchStrategy[Any]]] = {
    Checkin: {"who": LOGINS, "date": DATES, "at": TIMES},
    Standup: {
        "date": DATES,
        "facilitator": LOGINS,
        "order": st.lists(LOGINS, max_size=3),
        "absent": st.lists(LOGINS, max_size=2),
        "skipped": st.lists(LOGINS, max_size=2),
        "current": st.sampled_from([None, 0, 1, 2, -1]),
        "decisions": st.lists(
            st.fixed_dictionaries(
                {"question": st.just("Q1"), "outcome": st.sampled_from(["parked", "pondered"])}
            ),
            max_size=2,
        ),
        "started_at": TIMES,
        "speaking_since": TIMES,
    },
}


@st.composite
def checkins_and_standups(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """Check-ins and stand-ups, whole or with a checked field changed (or any field
    changed to anything), mostly under keys that are ids."""
    tables: dict[str, dict[str, Any]] = {}
    for kind in (Checkin, Standup):
        docs = tables[kind.TABLE] = {}
        for n in range(1, draw(st.integers(1, 4)) + 1):
            doc = dict(GOOD[kind])
            for field in draw(st.lists(st.sampled_from(sorted(CHECKED[kind])), max_size=2)):
                doc[field] = draw(CHECKED[kind][field])
            if draw(st.integers(0, 9)) == 0:
                fields = [*kind.__struct_fields__, "x"]
                doc.update(draw(st.dictionaries(st.sampled_from(fields), JSON, max_size=2)))
            docs[draw(st.sampled_from([str(n)] * 9 + ["07"]))] = doc
    return tables


@settings(max_examples=300, derandomize=True, deadline=None)
@given(checkins_and_standups())
def test_the_fast_scan_names_what_loading_each_record_does(tables: dict) -> None:
    from standup.scan import damaged
    from standup.store import Snapshot

    snapshot = Snapshot(tables, None)
    want = Board.load(snapshot, parts=("checkins", "standups")).damaged
    assert damaged(snapshot) == [d for d in want if d.table in ("checkins", "standups")]
