"""The board's first read in a forked child (standup.ui.early): the same view the app
would read itself, nothing when the read fails or is too slow (the app then reads, and
says why), and no child left behind either way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from standup import presence
from standup.store import Store
from standup.ui import early, settings, state, themefiles
from standup.ui.themes import load_themes
from tests.ui.conftest import NOW
from tests.ui.test_state import shown


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # reaped
    return False


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STANDUP_NOW", NOW.isoformat())


def test_the_child_reads_what_the_app_would(seeded: Store, tmp_path) -> None:  # noqa: ANN001
    config = tmp_path / "config"
    (config / "themes").mkdir(parents=True)
    (config / "themes" / "mine.toml").write_text('name = "mine"\nprimary = "#123456"\n')
    (config / "themes" / "bad.toml").write_text("name = \n")
    settings.remember_theme(config, "light")
    first = early.start(str(seeded.path), "carla", config)
    assert first is not None
    start = first.result()
    assert start is not None and _gone(first._pid)
    assert start.themes == themefiles.read_all(config)
    assert start.settings == settings.read(config) == ({"theme": "light"}, None)
    found, problems = load_themes(config, start.themes)
    assert {"dark", "light", "high-contrast", "mine"} <= set(found)
    assert problems == load_themes(config)[1] and "bad.toml: not valid TOML" in problems[0]
    got = start.loaded
    assert got is not None
    own = state.load(seeded, NOW, "carla", state.Watch(), presence.Heartbeat(seeded.path, "carla"))
    assert shown(got.view) == shown(own.view)
    assert got.signature == own.signature and got.changes_at == own.changes_at
    assert got.view.presence == own.view.presence  # carla is on the board in both
    assert first.result() is None  # taken once


def test_a_damaged_board_gives_nothing_and_the_app_says_why(seeded: Store) -> None:
    seeded.path.write_text("{not json")
    first = early.start(str(seeded.path), "carla", seeded.path.parent / "config")
    assert first is not None
    start = first.result()
    assert start is not None and start.loaded is None and _gone(first._pid)
    assert dict(start.themes[0])["theme dark.toml"]["name"] == "dark"  # the themes still


def test_a_read_too_slow_is_given_up_and_its_child_ended(
    seeded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stuck(*args: object, **kwargs: object) -> None:
        time.sleep(60)  # the forked child inherits this

    monkeypatch.setattr(state, "load", stuck)
    monkeypatch.setattr(early, "WAIT_S", 0.3)
    first = early.start(str(seeded.path), "carla", seeded.path.parent / "config")
    assert first is not None and first.result() is None and _gone(first._pid)


def test_a_read_not_needed_is_cancelled(seeded: Store) -> None:
    first = early.start(str(seeded.path), "carla", seeded.path.parent / "config")
    assert first is not None
    first.cancel()
    assert _gone(first._pid) and first.result() is None


def test_a_record_the_board_cannot_read_leaves_the_app_to_say_so(seeded: Store) -> None:
    data = json.loads(seeded.path.read_bytes())
    data["questions"]["1"]["asked_at"] = "not a time"
    seeded.path.write_bytes(json.dumps(data).encode())
    start = early.start(str(seeded.path), "carla", seeded.path.parent / "config").result()  # type: ignore[union-attr]
    # a damaged record is named in the view, as the app's own read names it
    got = start.loaded if start is not None else None
    assert got is not None and [d.key for d in got.view.board.damaged] == ["1"]


async def test_the_app_shows_the_childs_read(seeded: Store, make_app, monkeypatch) -> None:  # noqa: ANN001
    """Given the early read, the board paints it and does not read the file again."""
    from standup.ui.app import StandupApp

    first = early.start(str(seeded.path), "carla", seeded.path.parent / "config")
    monkeypatch.setattr(StandupApp, "_read", lambda self: "read again")
    app = make_app(seeded, first=first)
    async with app.run_test(size=(120, 40)):
        board = app.board_screen
        assert board.problem == "" and board.view is not None
        assert [s.q.key for s in board.view.open_questions] == ["Q1", "Q2"]
    assert _gone(first._pid)


def test_the_child_is_forked_before_the_core_is_imported(tmp_path) -> None:  # noqa: ANN001
    """The fork comes first: the child imports the core itself, on its own core, and the
    board's process has fewer pages to copy on write while the two share them."""
    code = (
        "import sys\n"
        "from standup.ui import early, run\n"
        "def start(path, user, config_dir=None):\n"
        "    heavy = ('msgspec', 'standup.ops', 'standup.store', 'standup.model', 'textual')\n"
        "    print(path, user, [m for m in heavy if m in sys.modules])\n"
        "    raise SystemExit(0)\n"
        "early.start = start\n"
        "run.need_terminal = lambda: None\n"
        "run.run_board(user='carla')\n"
    )
    env = {**os.environ, "STANDUP_DB": str(tmp_path / "board.json")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(tmp_path / "board.json"), "carla", "[]"]


def test_the_child_imports_msgspec_as_a_command_does(tmp_path) -> None:  # noqa: ANN001
    """The child has its own core to import, and no use for ``typing_extensions`` (and the
    ``inspect`` it loads, ~10 ms): msgspec comes in as :func:`standup.cli.import_msgspec`
    brings it to a command."""
    Store(tmp_path / "board.json")  # an empty board is still a board to read
    code = (
        "import os, sys\n"
        "from standup.ui import early\n"
        "read = early._read\n"
        "def spy(*args):\n"
        "    data = read(*args)\n"
        "    loaded = [m in sys.modules for m in ('typing_extensions', 'inspect')]\n"
        "    os.write(2, repr(loaded).encode())\n"
        "    return data\n"
        "early._read = spy\n"
        "first = early.start(sys.argv[1], 'carla', None)\n"
        "print(first.result().loaded is not None)\n"
    )
    env = {**os.environ, "STANDUP_CONFIG_DIR": str(tmp_path / "config")}
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "board.json")],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True"] and out.stderr == "[False, False]", out
