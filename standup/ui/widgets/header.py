"""The header: is the PM here, until when, and who decides now — the board's first line.

The words come from :func:`standup.render.pm_line` (the same line ``standup status``
prints); the header adds the status symbol and colour, and on the right who you are acting
as and the board's clock.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from standup.render import pm_line
from standup.ui import safe
from standup.ui.look import status_look
from standup.view import BoardView


class PmHeader(Horizontal):
    """One line (two when narrow): the PM's status and the route to a decision."""

    view: reactive[BoardView | None] = reactive(None, init=False)

    def __init__(self, login: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.login = login

    def compose(self) -> ComposeResult:
        yield Static(Content("Reading the board…"), id="pm-line")
        yield Static(id="me")

    def on_mount(self) -> None:
        self.watch_view(self.view)

    def watch_view(self, view: BoardView | None) -> None:
        if view is None or not self.is_mounted:
            return
        pm = view.pm
        if pm is None:
            line = safe.join(("○ ", "$standup-muted"), pm_line(view))
        else:
            symbol, variable = status_look(pm.status.status)
            line = safe.join((f"{symbol} ", f"${variable}"), (pm_line(view), "bold"))
        self.query_one("#pm-line", Static).update(line)
        clock = view.now.astimezone(view.tz).strftime("%a %H:%M")
        self.query_one("#me", Static).update(safe.join((f"you: {self.login} · {clock}", "")))
