"""Presence on the board: an open board marks its user (◆ in People), another board on the
same file sees it and sees it go when that board closes, the header says when the PM
has the board open, a stale heartbeat drops off, a hostile presence directory is one
line on the banner (never a hang, never a traceback), ``?`` explains the mark, and a real
``standup`` in tmux takes its mark away on SIGTERM and SIGHUP. Plus the snapshot of the
marks.

Nothing sleeps for time to pass: heartbeats carry the injected clock's time, and the
tests wait on conditions (bounded)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest

from standup import presence
from standup.presence import Heartbeat
from standup.store import Store
from standup.ui.screens.help import HelpScreen
from standup.ui.widgets.header import PmHeader
from standup.ui.widgets.people import PeopleSection
from tests.ui.conftest import NOW, loaded, screen_text, wait_for, workers_done

WAIT_S = 15.0  # bounds a test that would hang; not a measure of speed


def mark(board: Path, login: str) -> Path:
    return Path(presence.directory(board)) / login


def people_text(app) -> str:  # noqa: ANN001
    return str(app.board_screen.query_one(PeopleSection).content)


def header_text(app) -> str:  # noqa: ANN001
    return app.board_screen.query_one(PmHeader).pm_text(app.view)


async def test_a_second_board_sees_the_first_and_sees_it_go(seeded, make_app) -> None:  # noqa: ANN001
    bruno = make_app(Store(seeded.path), user="bruno")
    carla = make_app(seeded)
    async with bruno.run_test(size=(120, 40)) as two:
        await loaded(two)
        assert bruno.view.person("bruno").on_board  # a board marks its own user at once
        assert not bruno.view.person("carla").on_board
        async with carla.run_test(size=(120, 40)) as one:
            await loaded(one)
            await wait_for(one, lambda: mark(seeded.path, "carla").is_file(), WAIT_S)
            await wait_for(two, lambda: bruno.view.person("carla").on_board, WAIT_S)
            await wait_for(two, lambda: "Carla ◆" in people_text(bruno), WAIT_S)
            assert "Bruno ◆" in people_text(carla)  # and the first sees the second
            assert carla.view.person("carla").seen_at == NOW
        assert not mark(seeded.path, "carla").exists()  # closed: the mark is gone
        await wait_for(two, lambda: not bruno.view.person("carla").on_board, WAIT_S)
        await wait_for(two, lambda: "Carla ◆" not in people_text(bruno), WAIT_S)
        assert bruno.view.person("carla").seen_at == NOW  # when she last had it open
        assert "Ana ◆" not in people_text(bruno)
    assert not mark(seeded.path, "bruno").exists()


async def test_the_header_says_when_the_pm_has_the_board_open(seeded, make_app) -> None:  # noqa: ANN001
    ana = Heartbeat(seeded.path, "ana")
    ana.beat(NOW)
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert header_text(app).startswith("PM: Ana ◆ on the board — away until")
        assert "Ana ◆ on the board" in screen_text(app).splitlines()[0]
        assert "Ana ◆" in people_text(app)
        ana.leave(NOW)  # the PM closes her board
        await wait_for(pilot, lambda: not app.view.pm.on_board, WAIT_S)
        await wait_for(pilot, lambda: "on the board" not in screen_text(app), WAIT_S)
        assert header_text(app).startswith("PM: Ana — away until")


async def test_the_pm_is_not_told_she_is_on_the_board(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded, user="ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.view.pm.on_board and "Ana ◆" in people_text(app)
        assert "on the board" not in header_text(app)


async def test_a_board_killed_outright_drops_off_when_its_beat_goes_stale(
    seeded,  # noqa: ANN001
    make_app,  # noqa: ANN001
) -> None:
    """A heartbeat that stops (its board was killed: nothing removed it) counts for 90 s;
    the board's own heartbeat round notices it went stale and reads the board again."""
    Heartbeat(seeded.path, "bruno").beat(NOW)
    moment = [NOW]
    app = make_app(seeded, clock=lambda: moment[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.view.person("bruno").on_board
        moment[0] = NOW + timedelta(seconds=89)
        app._beat()  # the round the 30 s interval runs
        await workers_done(pilot)
        assert app.view.person("bruno").on_board
        moment[0] = NOW + timedelta(seconds=90)
        app._beat()
        await wait_for(pilot, lambda: not app.view.person("bruno").on_board, WAIT_S)
        assert "Bruno ◆" not in people_text(app)
        assert app.view.person("carla").on_board  # this board's own mark moved on
        assert app.view.person("carla").seen_at == moment[0]


async def test_a_hostile_presence_directory_is_one_line_on_the_banner(
    seeded,  # noqa: ANN001
    make_app,  # noqa: ANN001
) -> None:
    os.mkfifo(presence.directory(seeded.path))
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        banner = app.board_screen.query_one("#problem")
        await wait_for(pilot, lambda: banner.has_class("-shown"), WAIT_S)
        text = screen_text(app)
        assert "presence directory" in text and "FIFO" in text, text
        assert "Which export format do we ship first?" in text  # the board works regardless
        assert not app.view.person("carla").on_board  # its heartbeat cannot be written
        assert app.view.presence is not None and "\n" not in (app.view.presence.problem or "")
        assert not app.said or all(s.severity != "error" for s in app.said)
    assert os.path.exists(presence.directory(seeded.path))  # left as it was


async def test_a_symlink_planted_at_your_heartbeat_is_refused(seeded, make_app, tmp_path) -> None:  # noqa: ANN001
    folder = Path(presence.directory(seeded.path))
    folder.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("keep")
    os.utime(victim, (0, 0))
    (folder / "carla").symlink_to(victim)
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: app.view.presence.problem is not None, WAIT_S)
        assert "symbolic link" in app.view.presence.problem
        assert not app.view.person("carla").on_board
        # the banner names the path, so where its lines wrap depends on the temporary
        # directory's length (longer under pytest-xdist): read it as one line
        await wait_for(pilot, lambda: "symbolic link" in " ".join(screen_text(app).split()), WAIT_S)
    assert victim.read_text() == "keep" and os.stat(victim).st_mtime == 0
    assert (folder / "carla").is_symlink()


async def test_help_explains_the_mark(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)
    async with app.run_test(size=(100, 80)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = str(app.screen.query_one("#help-text").render())  # all of it, not the view
        assert "◆" in text and "has the board open now" in text


def test_presence_marks_snapshot(seeded, make_app, snap_compare) -> None:  # noqa: ANN001
    """The PM (Ana) has the board open, Bruno's board was killed 2 minutes ago (stale),
    Carla is at this board: ◆ after Ana and Carla, and the header says Ana is on it."""
    Heartbeat(seeded.path, "ana").beat(NOW - timedelta(seconds=20))
    Heartbeat(seeded.path, "bruno").beat(NOW - timedelta(seconds=120))

    async def run_before(pilot) -> None:  # noqa: ANN001
        await loaded(pilot)
        await wait_for(pilot, lambda: mark(seeded.path, "carla").is_file(), WAIT_S)
        await workers_done(pilot)
        await pilot.pause()

    assert snap_compare(make_app(seeded), terminal_size=(80, 24), run_before=run_before)


# -- a real terminal ---------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("signal_name", ["TERM", "HUP"])
def test_the_real_board_takes_its_mark_away_on_a_signal(seeded, tmp_path, signal_name) -> None:  # noqa: ANN001
    """``standup`` in tmux marks carla on the board; SIGTERM (kill) or SIGHUP (the
    terminal goes away) ends it the way ctrl+q does, and the mark goes with it."""
    from tests.ui.test_terminal import Tmux

    tmux = Tmux(tmp_path)
    try:
        tmux.start(tmux.env(seeded.path, STANDUP_NOW=NOW.isoformat()), (120, 40))
        screen = tmux.wait_for("Carla ◆", "? help")
        assert "Carla ◆" in screen, screen
        deadline = time.monotonic() + WAIT_S  # the heartbeat starts after the first frame
        while not mark(seeded.path, "carla").is_file() and time.monotonic() < deadline:
            time.sleep(0.05)  # the pace of the polling, not a wait for time to pass
        assert mark(seeded.path, "carla").is_file()
        pid = subprocess.run(
            [*tmux.base, "list-panes", "-t", "board", "-F", "#{pane_pid}"],
            capture_output=True, text=True, check=True,
        ).stdout.split()[0]  # fmt: skip
        board_pid = _standup_pid(int(pid))
        os.kill(board_pid, getattr(signal, f"SIG{signal_name}"))
        assert tmux.closed(), f"SIG{signal_name} did not end the board"
        assert not mark(seeded.path, "carla").exists()
        seen = presence.read(seeded.path, ["carla"], NOW)
        assert not seen.on_board("carla") and seen.seen_at("carla") == NOW
    finally:
        tmux.kill()


def _standup_pid(pane_pid: int) -> int:
    """The ``standup`` process in the pane: ``env`` execs it, so usually the pane's own."""
    pids = [pane_pid]
    while pids:
        pid = pids.pop()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        if any(b"standup" in part for part in cmdline[:2]):
            return pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        pids += [int(c) for c in children.read_text().split()] if children.exists() else []
    raise AssertionError(f"no standup process under pane {pane_pid}")
