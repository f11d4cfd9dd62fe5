"""The board in a browser (``standup serve``) and the read-only board (``--read-only``).

Both are the ordinary :class:`BoardScreen` with one line above it saying how this board
acts — every browser session acts as the login that started ``serve``, so the page says
whose name its changes carry — and, when read-only, with every key that writes turned off
through :meth:`check_action` (hidden from the footer, ``?`` help and the palette). The
keys are only the visible half: the store itself refuses every write
(``Store(read_only=True)``), so nothing reaches the file even by a path that forgot to ask.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from standup.text import one_line
from standup.ui.screens.board import WRITES, BoardScreen


def banner_text(login: str, *, served: bool, read_only: bool) -> str:
    """The line above the board, or "" when it needs none (a terminal, writable)."""
    who = one_line(login)
    if served and read_only:
        return f"in a browser as {who} · read-only: nothing can be changed here"
    if served:
        return f"in a browser as {who} · every change here is made as {who}"
    if read_only:
        return f"read-only board (as {who}): nothing can be changed here"
    return ""


class ServedBanner(Static):
    """One line: in a browser as whom, and whether the board is read-only."""

    DEFAULT_CSS = """
    ServedBanner {
        height: 1;
        padding: 0 1;
        background: $accent-muted;
        color: $text;
    }
    """


class LimitedBoard(BoardScreen):
    """The board with the banner on top; read-only, no key that writes is active."""

    def __init__(self, login: str, view=None, *, banner: str, read_only: bool) -> None:  # noqa: ANN001
        super().__init__(login, view)
        self.banner = banner
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        yield ServedBanner(self.banner, id="served", markup=False)
        yield from super().compose()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.read_only and action in WRITES:
            return False  # hidden: this board cannot write, whatever is selected
        return super().check_action(action, parameters)
