"""Global options mean the same before and after the subcommand (issue 8, item 1).

``standup --db X --user bruno ask …`` once wrote to ``$STANDUP_DB`` as ``$STANDUP_USER``:
each subcommand's parser overwrote the global values with its own defaults. Here every
subcommand in :data:`standup.cli.parser.COMMANDS` runs through the installed ``standup``
three ways on copies of one seeded board — options before the subcommand, options after
it, and the same board and person from the environment instead — and all three must
leave the same file and print the same output, while the environment's own board is
never touched.

A new subcommand joins by adding one line to :data:`RUNS`; a test fails until it has one.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest

from standup import ops
from standup.cli.parser import COMMANDS, build_parser
from standup.store import Store
from tests.conftest import NOW, standup_cmd

TZ = "Europe/Lisbon"


class Run(NamedTuple):
    argv: tuple[str, ...]
    # The result shows who ran it (a stored login, or output about "you"): running it as
    # ana instead of bruno must then give another result, so an ignored --user is caught.
    shows_user: bool = True
    fresh: bool = False  # the board starts missing (import restores into no other)


# One line per subcommand (more for subcommands with several actions). The seeded board:
# ana (PM, Lisbon) and bruno (New York); Q1 asked by bruno; Q2 asked of bruno and answered
# by ana (bruno has it to review); B1 owned by ana; note 1; bruno away until tomorrow.
RUNS: dict[str, Run] = {
    "ask": Run(("ask", "Which font?")),
    "answer": Run(("answer", "Q1", "Inter")),
    "withdraw": Run(("withdraw", "Q1"), shows_user=False),  # stores no login (issue 8 item 10)
    "review": Run(("review", "Q2", "confirm")),
    "review (briefing)": Run(("review", "--json")),
    "block": Run(("block", "Export button", "--on", "Q1")),
    "unblock": Run(("unblock", "B1"), shows_user=False),  # stores no login (issue 8 item 10)
    "away": Run(("away", "--until", "fri 17:00", "--note", "at the dentist")),
    "away --ics": Run(("away", "--ics", str(Path(__file__).parent / "data" / "team.ics"))),
    "back": Run(("back",)),
    "hours": Run(("hours", "mon-fri 09:00-17:00")),
    "person": Run(("person", "add", "carla", "--role", "design")),  # in the caller's zone
    "person set": Run(("person", "set", "bruno", "--name", "Bruno Costa")),
    "person remove": Run(("person", "remove", "bruno")),
    "edit": Run(("edit", "Q1", "--text", "Which typeface?")),
    "note": Run(("note", "Ship the export first")),
    "status": Run(("status", "--brief")),
    "list": Run(("list", "questions", "--json"), shows_user=False),  # the same for all
    "events": Run(("events", "--json")),  # times in the reader's zone
    "inbox": Run(("inbox", "--json")),
    "checkin": Run(("checkin", "--today", "the CSV export", "--blocked", "the sandbox")),
    "team": Run(("team", "set", "speaker-time", "90s")),
    "export": Run(("export", "--format", "md")),  # times in the reader's zone
    "import": Run(
        ("import", str(Path(__file__).parent / "data" / "board-export.json")),
        shows_user=False,
        fresh=True,
    ),
    "archive": Run(("archive", "--older-than", "0d")),  # its "archived" event says who
    "metrics": Run(("metrics", "--json")),  # times (and weeks) in the reader's zone
}


def _subcommand(key: str) -> str:
    return RUNS[key].argv[0]


def _supported(argv: tuple[str, ...]) -> bool:
    """Whether this branch's grammar knows ``argv`` (``edit`` and ``person set`` come from
    other branches; their lines wait here until they are merged)."""
    if argv[0] not in COMMANDS:
        return False
    try:
        build_parser(argv[0]).parse_args(list(argv))
    except SystemExit:
        return False
    return True


def test_every_subcommand_has_a_line() -> None:
    covered = {_subcommand(key) for key in RUNS}
    assert set(COMMANDS) <= covered, f"add a line to RUNS for {set(COMMANDS) - covered}"


def _seed(path: Path) -> None:
    now = datetime.fromisoformat(NOW)
    ago = lambda hours: now - timedelta(hours=hours)  # noqa: E731
    ana, bruno = ops.Actor("ana", "tester"), ops.Actor("bruno", "tester")
    store = Store(path)
    ops.add_person(store, ana, "ana", name="Ana", role="pm", tz=TZ, now=ago(50))
    ops.add_person(
        store, ana, "bruno", name="Bruno", role="eng", tz="America/New_York", now=ago(50)
    )
    ops.ask(store, bruno, "Which export format first?", now=ago(5))
    ops.ask(store, ana, "May I take Friday off?", to="bruno", now=ago(4))
    ops.answer(store, ana, "Q2", "Yes", now=ago(3))
    ops.block(store, ana, "Payment sandbox", on="the bank", now=ago(3))
    ops.add_note(store, ana, "Goal: the CSV export", now=ago(2))
    ops.away(store, bruno, until="tomorrow 17:00", now=ago(1))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("seed") / "board.json"
    _seed(path)
    return path.read_bytes()


class Outcome(NamedTuple):
    code: int
    stdout: str
    stderr: str
    board: object


def _run(
    folder: Path, seeded: bytes, argv: list[str], *, env_user: str, fresh: bool = False
) -> Outcome:
    """``standup argv`` on a fresh copy of the seeded board at ``folder/board.json`` (no
    board there if ``fresh``), with ``$STANDUP_DB`` naming ``folder/default.json`` (another
    copy) unless ``argv`` has no ``--db``, and ``$STANDUP_USER`` = ``env_user``. Output
    that names the board's folder names it ``<folder>``."""
    target, default = folder / "board.json", folder / "default.json"
    folder.mkdir(parents=True)
    if not fresh:
        target.write_bytes(seeded)
    default.write_bytes(seeded)
    env = {k: v for k, v in os.environ.items() if not k.startswith("STANDUP_") and k != "TZ"}
    env.update(
        STANDUP_DB=str(target if "--db" not in argv else default),
        STANDUP_NOW=NOW,
        STANDUP_USER=env_user,
        STANDUP_CONFIG_DIR=str(folder / "config"),
        TZ=TZ,
    )
    proc = subprocess.run(
        [*standup_cmd(), *argv], env=env, capture_output=True, text=True, timeout=60
    )
    if "--db" in argv:
        assert default.read_bytes() == seeded, f"{argv} wrote to $STANDUP_DB"
    out, err = (text.replace(str(folder), "<folder>") for text in (proc.stdout, proc.stderr))
    return Outcome(proc.returncode, out, err, _records(target.read_bytes()))


def _records(raw: bytes) -> object:
    """The board's content: all but the wall-clock moment of the last write."""
    board = json.loads(raw)
    for meta in board.get("meta", {}).values():
        meta.pop("written_at", None)
    return board


@pytest.mark.parametrize("key", list(RUNS))
def test_global_options_before_and_after_mean_the_same(
    key: str, seeded: bytes, tmp_path: Path
) -> None:
    run = RUNS[key]
    if not _supported(run.argv):
        pytest.skip(f"{' '.join(run.argv[:2])} is not on this branch yet")
    cmd, rest = run.argv[0], list(run.argv[1:])

    def options(where: str) -> list[str]:
        return ["--db", str(tmp_path / where / "board.json"), "--user", "bruno"]

    fresh = run.fresh
    before = _run(tmp_path / "before", seeded, [*options("before"), cmd, *rest], env_user="ana",
                  fresh=fresh)  # fmt: skip
    after = _run(tmp_path / "after", seeded, [cmd, *rest, *options("after")], env_user="ana",
                 fresh=fresh)  # fmt: skip
    reference = _run(tmp_path / "env", seeded, [cmd, *rest], env_user="bruno", fresh=fresh)

    assert reference.code == 0 and reference.stderr == "", reference.stderr
    for outcome in (before, after):
        assert outcome == reference
    if run.shows_user:  # the test can fail: as ana the same command gives another result
        as_ana = _run(tmp_path / "ana", seeded, [cmd, *rest], env_user="ana")
        assert (as_ana.code, as_ana.stdout, as_ana.board) != (
            reference.code,
            reference.stdout,
            reference.board,
        )
