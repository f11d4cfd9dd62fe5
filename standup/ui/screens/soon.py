"""A clearly labelled placeholder for a screen whose own issue has not landed yet
(``m`` the stand-up meeting, ``h`` history) — the key works and says so, rather than
doing nothing."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from standup.ui.look import DIALOGS_CSS


class SoonScreen(ModalScreen[None]):
    """Title, a paragraph, and the way back."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape,enter,q", "close", "close", id="soon-close", tooltip="Back to the board")
    ]
    CSS_PATH = DIALOGS_CSS  # parsed when first opened, not before the board

    def __init__(self, title: str, body: str) -> None:
        super().__init__(classes="soon-screen")
        self.heading = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="soon") as box:
            box.border_title = Content(self.heading)
            box.border_subtitle = Content("escape: back")
            yield Static(Content(self.heading), id="soon-title")
            yield Static(Content(self.body), id="soon-body")

    def action_close(self) -> None:
        self.dismiss(None)
