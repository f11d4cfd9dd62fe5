"""A titled box on the board that re-renders itself from the view.

:class:`Section` is a mixin for the widget that *is* the box (a table, a text panel):
one reactive ``view`` (bound from the board screen with ``data_bind``) and one explicit
:meth:`render_view` — no chains of watchers, and no wrapper widget around each box, since
every widget on the first screen costs start-up time (styling, layout, painting).
"""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from standup.view import BoardView


class Section:
    """Mixin: a box fed a :class:`BoardView`. Mix in before the widget class."""

    view: reactive[BoardView | None] = reactive(None, init=False)
    is_mounted: bool

    def on_mount(self) -> None:
        if self.view is not None:
            self.render_view(self.view)

    def watch_view(self, view: BoardView | None) -> None:
        if view is not None and self.is_mounted:  # else on_mount renders it
            self.render_view(view)

    def render_view(self, view: BoardView) -> None:
        raise NotImplementedError


class TextSection(Section, Static):
    """A box of text lines (people, notes)."""
