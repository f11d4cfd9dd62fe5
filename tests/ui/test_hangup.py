"""A board whose terminal goes away ends: tmux kills each session just after its first
frame (as a dropped ssh connection or a closed window does), and every board process
is gone soon after, none left waiting on a terminal that is not there (see
``standup.ui.run.GRACE_S``)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from tests.ui.test_terminal import SESSION, Tmux, tmux  # noqa: F401 - the fixture

BOARDS = 6  # without the grace period, about one board in three stayed


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_boards_killed_with_their_terminal_end(seeded, tmux: Tmux) -> None:  # noqa: ANN001, F811
    subprocess.run([*tmux.base, "new-session", "-d", "-s", "keeper", "sleep 600"], check=True)
    subprocess.run([*tmux.base, "set-option", "-g", "remain-on-exit", "on"], check=True)
    pids = []
    for _ in range(BOARDS):
        tmux.start(tmux.env(seeded.path), (120, 40))
        assert "Open questions" in tmux.wait_for("Open questions")
        pane = [*tmux.base, "display-message", "-p", "-t", SESSION, "#{pane_pid}"]
        pids.append(int(subprocess.run(pane, capture_output=True, text=True).stdout))
        subprocess.run([*tmux.base, "kill-session", "-t", SESSION], check=True)
    deadline = time.monotonic() + 30  # a bound on the wait, not a measure of it
    while any(map(_alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [p for p in pids if _alive(p)] == []
