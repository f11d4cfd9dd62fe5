"""The board's command palette (``ctrl+p``): every action that can run now, then Textual's.

Imported when the palette first opens, never on the way to the board's first frame.
A screen with keys of its own (the meeting, its summary) lists them from its
``palette_commands``; under the board, the board's keys come from :data:`keys.BOARD`,
each with the key it has now (a person's keymap may have moved it).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from standup.ui import keys

if TYPE_CHECKING:
    from standup.ui.app import StandupApp
    from standup.ui.screens.board import BoardScreen

THEME_HELP = "Switch theme (dark, light, high-contrast, yours)"


def system_commands(
    app: StandupApp, screen: Screen, textual: Iterable[SystemCommand]
) -> Iterable[SystemCommand]:
    """The commands for ``screen``: its own (or the board's), then ``textual``, Textual's
    own system commands, with the theme switch saying which themes there are."""
    commands = getattr(screen, "palette_commands", None)  # the meeting's own keys
    if commands is not None:
        for title, help_, callback in commands():
            yield SystemCommand(title, help_, callback)
    elif (board := app._board()) is not None:  # else the app is closing
        yield from board_commands(app, board)
    for command in textual:
        if command.title == "Theme":
            yield command._replace(help=THEME_HELP)
        else:
            yield command


def board_commands(app: StandupApp, board: BoardScreen) -> Iterable[SystemCommand]:
    """The board's keys that can run now (a dimmed or hidden key is left out), and the
    decision round, which the board has no key for outside a stand-up."""
    for binding in keys.BOARD:
        if not board.check_action(binding.action, ()):  # hidden, or not here (dimmed)
            continue
        key = keys.key_for(binding, app.keymap_overrides)
        yield SystemCommand(
            binding.tooltip,
            f"key: {key} — {binding.description}",
            partial(board.run_action, binding.action),
        )
    if board.view is not None:  # ``d`` in the meeting; here, outside a stand-up
        yield SystemCommand(
            "Decision round: the open questions for the PM, one at a time",
            "answer, take the fallback now, park or hand to the delegate",
            app.open_decision_round,
        )
