"""A real terminal: tmux runs the installed ``standup`` on a seeded board at a fixed
moment, and the screen shows the header and a seeded question; ctrl+q leaves."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import standup_cmd
from tests.ui.conftest import NOW, TZ

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def capture(tmux: list[str]) -> str:
    return subprocess.run(
        [*tmux, "capture-pane", "-p", "-t", "board"], capture_output=True, text=True
    ).stdout


def test_the_installed_board_in_tmux(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    tmux = ["tmux", "-S", str(tmp_path / "tmux.sock"), "-f", "/dev/null"]
    env = {
        "STANDUP_DB": str(seeded.path),
        "STANDUP_NOW": NOW.isoformat(),
        "STANDUP_USER": "carla",
        "STANDUP_CONFIG_DIR": str(tmp_path / "config"),
        "TZ": TZ,
        "TERM": "tmux-256color",
    }
    command = " ".join(
        [
            "env",
            *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
            *map(shlex.quote, standup_cmd()),
        ]
    )
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "board", "-x", "120", "-y", "40", command],
        check=True,
        env={**os.environ, "TMUX": ""},
    )
    try:
        expected = (
            "PM: Ana — away until Thu 09:00",
            "ask Bruno (available)",
            "Which export format do we ship first?",
            "⚠ OVERDUE",
            "? help",
        )
        deadline = time.monotonic() + 20
        screen = ""
        while time.monotonic() < deadline:  # the screen paints in parts: wait for all
            screen = capture(tmux)
            if all(text in screen for text in expected):
                break
            time.sleep(0.1)
        assert "PM: Ana — away until Thu 09:00" in screen, screen
        assert "ask Bruno (available)" in screen, screen
        assert "Which export format do we ship first?" in screen, screen
        assert "⚠ OVERDUE" in screen and "? help" in screen, screen
        subprocess.run([*tmux, "send-keys", "-t", "board", "C-q"], check=True)
        deadline = time.monotonic() + 10
        while (
            time.monotonic() < deadline
            and "board"
            in subprocess.run(
                [*tmux, "list-sessions", "-F", "#{session_name}"], capture_output=True, text=True
            ).stdout
        ):
            time.sleep(0.1)
        assert (
            "board"
            not in subprocess.run(
                [*tmux, "list-sessions", "-F", "#{session_name}"], capture_output=True, text=True
            ).stdout
        ), "ctrl+q did not leave the board"
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
