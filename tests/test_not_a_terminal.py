"""Never a hang, never a leftover (issue 8, item 9).

``standup`` (the board) where stdin or stdout is not a terminal says so in one line and
what to run instead, and exits non-zero at once; the subprocess timeout only keeps a
regression from hanging the suite. ``standup --demo`` killed with SIGHUP or SIGTERM
removes its temporary board, as ``ctrl+q`` does: a real tmux pane, a private
``$TMPDIR``, the signal sent after the first paint.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import standup_cmd

HANG_GUARD = 30  # seconds; a failure, not a measurement


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STANDUP_")}
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env.update(
        STANDUP_DB=str(tmp_path / "board.json"),
        STANDUP_USER="ana",
        STANDUP_CONFIG_DIR=str(tmp_path / "config"),
        TMPDIR=str(tmp_path / "tmp"),
    )
    return env


def _board(tmp_path: Path, *args: str, stdin: int, stdout: int) -> tuple[int, str]:
    proc = subprocess.run(
        [*standup_cmd(), *args],
        env=_env(tmp_path),
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=HANG_GUARD,
    )
    return proc.returncode, proc.stderr


@pytest.mark.parametrize("args", [(), ("--demo",), ("--db", "elsewhere.json", "--user", "bruno")])
def test_neither_is_a_terminal(tmp_path: Path, args: tuple[str, ...]) -> None:
    code, err = _board(tmp_path, *args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    assert code != 0
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert "not one" in err and "stdin and stdout" in err
    assert "standup status" in err  # what to run instead
    assert not (tmp_path / "board.json").exists()  # nothing created
    assert not any((tmp_path / "tmp").iterdir())  # --demo made no temporary board


def test_stdout_not_a_terminal(tmp_path: Path) -> None:
    leader, follower = os.openpty()
    try:
        code, err = _board(tmp_path, stdin=follower, stdout=subprocess.PIPE)
    finally:
        os.close(leader)
        os.close(follower)
    assert code != 0 and err.count("\n") == 1
    assert "stdout is not one" in err and "standup status" in err


def test_stdin_not_a_terminal(tmp_path: Path) -> None:
    leader, follower = os.openpty()
    try:
        code, err = _board(tmp_path, stdin=subprocess.DEVNULL, stdout=follower)
    finally:
        os.close(leader)
        os.close(follower)
    assert code != 0 and err.count("\n") == 1
    assert "stdin is not one" in err and "standup status" in err


# -- the demo's temporary board goes with the signal -----------------------------------


def _tmux(tmp_path: Path, *args: str) -> str:
    return subprocess.run(
        ["tmux", "-S", str(tmp_path / "tmux.sock"), "-f", "/dev/null", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "TMUX": ""},
        timeout=HANG_GUARD,
    ).stdout


def _wait_for(condition, what: str) -> None:  # noqa: ANN001
    """Poll ``condition`` until it holds; the deadline only turns a hang into a failure."""
    deadline = time.monotonic() + HANG_GUARD
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_signalled_demo_leaves_no_temporary_board(tmp_path: Path, signum: int) -> None:
    env = {**_env(tmp_path), "TERM": "tmux-256color", "TEXTUAL_ANIMATIONS": "none"}
    status = tmp_path / "status"
    # The pane's shell writes standup's exit status (tmux itself does not always reap a
    # pane's process in time to report it) and then waits to be killed with the server.
    script = " ".join(
        [
            "env",
            *(f"{k}={shlex.quote(v)}" for k, v in env.items() if k != "TMUX"),
            *map(shlex.quote, standup_cmd()),
            "--demo;",
            f"echo $? > {shlex.quote(str(status))}.part;",
            f"mv {shlex.quote(str(status))}.part {shlex.quote(str(status))};",
            "exec sleep 600",
        ]
    )
    session = f"cli-demo-{signum}"
    _tmux(tmp_path, "new-session", "-d", "-s", session, "-x", "100", "-y", "30", script)
    try:
        temporary = tmp_path / "tmp"
        _wait_for(
            lambda: "PM: Ana Silva" in _tmux(tmp_path, "capture-pane", "-p", "-t", session),
            "the demo's first paint",
        )
        [demo_dir] = temporary.iterdir()  # the sample team's board, while it is open
        assert (demo_dir / "board.json").exists()
        shell = _tmux(tmp_path, "list-panes", "-t", session, "-F", "#{pane_pid}").strip()
        [demo] = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        os.kill(int(demo), signum)
        _wait_for(status.exists, "the demo to exit")
        assert status.read_text().strip() == str(128 + signum)
        assert list(temporary.iterdir()) == []
    finally:
        _tmux(tmp_path, "kill-server")
