"""Snapshots of the board (pytest-textual-snapshot): 80×24 and 120×40, every dialog, help,
the placeholder, a damaged file, and each shipped theme — at a fixed clock, so they are
deterministic. Review changes with ``pytest tests/ui --snapshot-update`` and the report."""

from __future__ import annotations

import tempfile
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
    ],
    ids=["ask", "answer", "block", "unblock", "away", "back", "help", "meeting"],
)
def test_screens(seeded, make_app, snap_compare, keys, user) -> None:  # noqa: ANN001
    app = make_app(seeded, user=user)
    assert snap_compare(app, terminal_size=(80, 24), run_before=after(*keys))


def test_refused_ask(seeded, make_app, snap_compare) -> None:  # noqa: ANN001
    async def run_before(pilot) -> None:  # noqa: ANN001
        await after("a")(pilot)
        await pilot.press(*"When?", "tab", "tab", *"3/4", "enter")
        await wait_for(
            pilot, lambda: pilot.app.screen.query_one("#dialog-error").has_class("-shown")
        )

    assert snap_compare(make_app(seeded), terminal_size=(80, 24), run_before=run_before)


def test_damaged_file(make_app, snap_compare) -> None:  # noqa: ANN001
    # The message names the file: a fixed path keeps the image the same from run to run.
    board_path = Path(tempfile.gettempdir()) / "standup-ui-snapshot" / "board.json"
    board_path.parent.mkdir(parents=True, exist_ok=True)
    board_path.write_bytes(b"{ not json")

    async def run_before(pilot) -> None:  # noqa: ANN001
        await wait_for(pilot, lambda: pilot.app.board_screen.has_class("-broken"))
        await pilot.pause()

    app = make_app(Store(board_path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
