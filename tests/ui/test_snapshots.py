"""Snapshots of the board (pytest-textual-snapshot): 80×24 and 120×40, every dialog
(the edit forms too), help, the placeholder, a damaged file, and each shipped theme — at a
fixed clock, so they are deterministic. Review changes with ``pytest tests/ui
--snapshot-update`` and the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from standup.store import Store
from standup.ui.screens.board import BoardScreen
from tests.ui.conftest import loaded, wait_for


def after(*keys: str, user_screen: bool = False):  # noqa: ANN201
    """A ``run_before`` that waits for the board, presses ``keys`` and waits for the screen
    they open."""

    async def run_before(pilot) -> None:  # noqa: ANN001
        await loaded(pilot)
        if keys:
            await pilot.press(*keys)
            await wait_for(pilot, lambda: not isinstance(pilot.app.screen, BoardScreen))
            # the meeting is drawn from its plan at once; its start then written
            await wait_for(pilot, lambda: not getattr(pilot.app.screen, "starting", False))
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_board(seeded, make_app, snap_compare, size) -> None:  # noqa: ANN001
    assert snap_compare(make_app(seeded), terminal_size=size, run_before=after())


@pytest.mark.parametrize("theme", ["light", "high-contrast"])
def test_board_theme(seeded, make_app, snap_compare, theme) -> None:  # noqa: ANN001
    assert snap_compare(make_app(seeded, theme=theme), terminal_size=(80, 24), run_before=after())


@pytest.mark.parametrize(
    "keys, user",
    [
        (("a",), "carla"),
        (("r",), "bruno"),
        (("j", "b"), "carla"),
        (("tab", "u"), "carla"),
        (("w",), "carla"),
        (("w",), "ana"),  # Ana is away: w offers "back"
        (("question_mark",), "carla"),
        (("m",), "carla"),
        (("e",), "carla"),  # Q1 selected: the ask form, filled in
        (("tab", "e"), "carla"),  # B1 selected: the block form, filled in
    ],
    ids=[
        "ask", "answer", "block", "unblock", "away", "back", "help", "meeting",
        "edit-question", "edit-item",
    ],
)  # fmt: skip
def test_screens(seeded, make_app, snap_compare, keys, user) -> None:  # noqa: ANN001
    # `?` shows where the keymap file lives: a fixed path (never created), so the image
    # does not depend on the length of the test's temporary directory.
    app = make_app(seeded, user=user, config=Path("/nonexistent/standup-config"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=after(*keys))


def test_refused_ask(seeded, make_app, snap_compare) -> None:  # noqa: ANN001
    async def run_before(pilot) -> None:  # noqa: ANN001
        await after("a")(pilot)
        await pilot.press(*"When?", "tab", "tab", *"3/4", "enter")
        await wait_for(
            pilot, lambda: pilot.app.screen.query_one("#dialog-error").has_class("-shown")
        )

    assert snap_compare(make_app(seeded), terminal_size=(80, 24), run_before=run_before)


def test_damaged_file(make_app, snap_compare, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    # The message names the file, so the image needs a path that is the same on every run
    # — yet private to this test, not a fixed name in the shared temp dir that another
    # run (or user) could hold or link elsewhere. /proc/self/cwd is that path: the kernel
    # resolves it to this process's working directory, here this test's own tmp_path.
    private = Path("/proc/self/cwd")
    if not private.is_dir():
        pytest.skip("needs Linux's /proc/self/cwd for a fixed, private path")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "board.json").write_bytes(b"{ not json")

    async def run_before(pilot) -> None:  # noqa: ANN001
        await wait_for(pilot, lambda: pilot.app.board_screen.has_class("-broken"))
        await pilot.pause()

    app = make_app(Store(private / "board.json"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_checkin_form(seeded, make_app, snap_compare, tmp_path) -> None:  # noqa: ANN001
    """``c`` after the commits arrived: yesterday filled from git, the commits listed
    (the repository by its folder's name, so the image does not depend on tmp_path)."""
    from standup import ops
    from tests.test_checkins import make_repo
    from tests.ui.conftest import actor, hours_ago

    repo = make_repo(tmp_path / "app", [
        ("Carla <carla@corp.example>", "2026-11-24T15:00:00+00:00", "Export query for CSV"),
        ("Carla <carla@corp.example>", "2026-11-24T17:30:00+00:00", "CSV header row"),
    ])  # fmt: skip
    ops.set_team(seeded, actor("ana"), "repos", str(repo), now=hours_ago(1))

    async def run_before(pilot) -> None:  # noqa: ANN001
        await after("c")(pilot)
        await wait_for(pilot, lambda: pilot.app.screen.read_done)
        await pilot.pause()

    assert snap_compare(make_app(seeded), terminal_size=(80, 24), run_before=run_before)
