"""A real terminal: tmux runs the installed ``standup`` on a seeded board, and the screen
shows what a person would see — the header and a seeded question, ``^q quit`` at 80×24, a
deadline taken at its moment on the real clock, a header that long or hostile text cannot
grow; ctrl+q leaves.

Each test starts its own tmux server on a private socket and kills it at the end. Waits
are bounded polling loops on ``capture-pane``; nothing sleeps to let time pass.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from standup import ops
from standup.store import Store
from tests.conftest import standup_cmd
from tests.ui.conftest import NOW, TZ, actor

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

SESSION = "board"


class Tmux:
    """One tmux server of this test's own, with the board in session ``board``."""

    def __init__(self, folder: Path) -> None:
        self.base = ["tmux", "-S", str(folder / "tmux.sock"), "-f", "/dev/null"]
        self.folder = folder

    def env(self, board: Path, **extra: str) -> dict[str, str]:
        return {
            "STANDUP_DB": str(board),
            "STANDUP_USER": "carla",
            "STANDUP_CONFIG_DIR": str(self.folder / "config"),
            "TZ": TZ,
            "TERM": "tmux-256color",
            **extra,
        }

    def start(self, env: dict[str, str], size: tuple[int, int]) -> None:
        command = " ".join(
            ["env", *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
             *map(shlex.quote, standup_cmd())]
        )  # fmt: skip
        subprocess.run(
            [*self.base, "new-session", "-d", "-s", SESSION, "-x", str(size[0]),
             "-y", str(size[1]), command],
            check=True, env={**os.environ, "TMUX": ""},
        )  # fmt: skip

    def screen(self) -> str:
        return subprocess.run(
            [*self.base, "capture-pane", "-p", "-t", SESSION], capture_output=True, text=True
        ).stdout

    def wait_for(self, *texts: str, until: float | None = None, timeout: float = 20) -> str:
        """The screen once it shows every one of ``texts``, or the last screen seen when
        ``until`` (a ``time.time()``) or ``timeout`` seconds pass first."""
        deadline = until if until is not None else time.time() + timeout
        screen = self.screen()
        while not all(text in screen for text in texts) and time.time() < deadline:
            time.sleep(0.05)  # the pace of the polling, not a wait for time to pass
            screen = self.screen()
        return screen

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.base, "send-keys", "-t", SESSION, *keys], check=True)

    def running(self) -> bool:
        listed = subprocess.run(
            [*self.base, "list-sessions", "-F", "#{session_name}"], capture_output=True, text=True
        ).stdout
        return SESSION in listed.split()

    def closed(self, timeout: float = 10) -> bool:
        """Whether the board's session ends within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while self.running() and time.monotonic() < deadline:
            time.sleep(0.05)
        return not self.running()

    def kill(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    server = Tmux(tmp_path)
    try:
        yield server
    finally:
        server.kill()


def test_the_installed_board_in_tmux(seeded, tmux: Tmux) -> None:  # noqa: ANN001
    tmux.start(tmux.env(seeded.path, STANDUP_NOW=NOW.isoformat()), (120, 40))
    expected = (
        "PM: Ana — away until Thu 09:00",
        "ask Bruno (available)",
        "Which export format do we ship first?",
        "⚠ OVERDUE",
        "? help",
    )
    screen = tmux.wait_for(*expected)  # the screen paints in parts: wait for all
    for text in expected:
        assert text in screen, screen
    tmux.keys("C-q")
    assert tmux.closed(), "ctrl+q did not leave the board"


def test_the_board_keeps_its_parsed_css_for_the_next_start(seeded, tmux: Tmux) -> None:  # noqa: ANN001
    """The first start writes the parsed CSS to the cache folder (this user's only); the
    next start, which parses none of it, shows the very same screen. (Carla has seen her
    inbox: the first start would otherwise mark its news seen, a moment after its first
    frame, and the second would not show them.)"""
    from standup import events

    new = events.inbox(seeded.read(lazy=True), "carla", NOW)
    assert new and events.mark_seen(seeded, "carla", [e.key for e in new])
    cache = tmux.folder / "cache"
    env = tmux.env(seeded.path, STANDUP_NOW=NOW.isoformat(), STANDUP_CACHE_DIR=str(cache))
    tmux.start(env, (120, 40))
    first = tmux.wait_for("PM: Ana", "? help", "Which export format do we ship first?")
    kept = cache / "textual-css.pickle"
    deadline = time.monotonic() + 20
    while not kept.exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # the pace of the polling: it is written after the first frame
    assert kept.is_file() and kept.stat().st_mode & 0o777 == 0o600
    tmux.keys("C-q")
    assert tmux.closed(), "ctrl+q did not leave the board"
    written = kept.stat().st_mtime_ns
    tmux.start(env, (120, 40))
    assert tmux.wait_for(*first.splitlines()) == first  # every line of it, then the same
    tmux.keys("C-q")
    assert tmux.closed(), "ctrl+q did not leave the board"
    assert kept.stat().st_mtime_ns == written  # nothing parsed: nothing to write again


def test_quit_is_in_the_key_bar_at_80x24(seeded, tmux: Tmux) -> None:  # noqa: ANN001
    """At 80×24 the placeholders give way: the key bar ends with ``^q quit``, which works."""
    tmux.start(tmux.env(seeded.path, STANDUP_NOW=NOW.isoformat()), (80, 24))
    screen = tmux.wait_for("? help", "^q quit")
    keys = screen.splitlines()[-1]
    assert keys.startswith("? help a ask") and "^q quit" in keys, screen
    assert "(soon)" not in keys, screen
    tmux.keys("C-q")
    assert tmux.closed(), "ctrl+q did not leave the board"


def test_a_deadline_falls_on_an_open_board_within_two_seconds(tmp_path: Path, tmux: Tmux) -> None:
    """The real clock (no STANDUP_NOW): a question whose needed-by falls a few seconds
    after the board is open shows as assumed, and its item as unblocked, by the time the
    needed-by is two seconds past."""
    board = tmp_path / "board" / "board.json"
    ops.add_person(Store(board), actor("carla"), "carla", name="Carla", role="pm", tz=TZ)
    env = tmux.env(board)
    tmux.start(env, (120, 40))
    assert "you: carla" in tmux.wait_for("you: carla", "? help"), tmux.screen()
    needed_by = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=6)
    cli = [*standup_cmd()]
    cli_env = {**{k: v for k, v in os.environ.items() if not k.startswith("STANDUP_")}, **env}
    for args in (
        ["ask", "Ship the beta today?", "--by", needed_by.isoformat(), "--fallback", "ship it"],
        ["block", "Beta release notes", "--on", "Q1"],
    ):
        subprocess.run([*cli, *args], env=cli_env, check=True, capture_output=True, timeout=60)
    before = tmux.wait_for("Ship the beta today?", "Beta release notes")
    assert "Open questions (1)" in before and "Blocked (1)" in before, before
    after = tmux.wait_for(
        "Q1 assumed", "B1 unblocked", "Open questions (0)", "Blocked (0)",
        until=needed_by.timestamp() + 2,
    )  # fmt: skip
    for text in ("Q1 assumed", "B1 unblocked", "Open questions (0)", "Blocked (0)"):
        assert text in after, after
    assert time.time() >= needed_by.timestamp()  # nothing was shown before its moment


BIDI = "".join(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def test_long_and_bidi_text_leave_the_lists_and_keys_on_screen(seeded, tmux: Tmux) -> None:  # noqa: ANN001
    """A 2,000-character away note and a question full of bidi controls at 80×24: the
    header keeps to its lines, the lists and the key bar stay on screen."""
    ana = actor("ana")
    note = ("at the customer, then the airport; " * 58)[:2000]
    ops.back(seeded, ana, now=NOW)
    ops.away(seeded, ana, until="tomorrow 09:00", delegate="bruno", note=note, now=NOW)
    ops.ask(seeded, actor("bruno"), f"{BIDI}Mirror{BIDI} me{BIDI}" * 20, now=NOW)
    tmux.start(tmux.env(seeded.path, STANDUP_NOW=NOW.isoformat()), (80, 24))
    screen = tmux.wait_for("Open questions (3)", "Blocked (2)", "? help", "you: carla")
    lines = screen.splitlines()
    assert "you: carla" in lines[0], screen
    assert lines[2].startswith("─Open questions (3)"), screen  # the header kept to 2 lines
    assert "Blocked (2)" in screen and "Mirror" in screen, screen
    assert lines[-1].startswith("? help"), screen


def test_bidi_controls_never_reach_the_terminal(seeded, tmux: Tmux) -> None:  # noqa: ANN001
    """Every user string on the board goes through ``text.one_line``/``clean``: typed
    bidi controls (a question, a name, an away note, a blocker) never reach the terminal."""
    ana, bruno = actor("ana"), actor("bruno")
    ops.back(seeded, ana, now=NOW)
    ops.away(seeded, ana, until="tomorrow 09:00", delegate="bruno", note=f"{BIDI}x", now=NOW)
    ops.ask(seeded, bruno, f"{BIDI}Mirror{BIDI} me", fallback=f"{BIDI}go", now=NOW)
    ops.block(seeded, bruno, f"{BIDI}Stuck", on=f"{BIDI}them", now=NOW)
    ops.add_note(seeded, ana, f"{BIDI}Pinned", now=NOW)
    tmux.start(tmux.env(seeded.path, STANDUP_NOW=NOW.isoformat()), (120, 40))
    screen = tmux.wait_for("Mirror", "Stuck", "Pinned", "? help")
    assert "Mirror" in screen and "Stuck" in screen and "Pinned" in screen, screen
    assert not any(ch in screen for ch in BIDI), "a bidi control reached the terminal"
