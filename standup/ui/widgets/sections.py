"""A titled box on the board that re-renders itself from the view.

Each section owns one reactive ``view`` (bound from the board screen with ``data_bind``)
and one explicit :meth:`render_view` — no chains of watchers.
"""

from __future__ import annotations

from textual.containers import Vertical
from textual.reactive import reactive

from standup.view import BoardView


class Section(Vertical):
    """Base class: a bordered box with a title, fed a :class:`BoardView`."""

    view: reactive[BoardView | None] = reactive(None, init=False)

    def on_mount(self) -> None:
        if self.view is not None:
            self.render_view(self.view)

    def watch_view(self, view: BoardView | None) -> None:
        if view is not None and self.is_mounted:  # else on_mount renders it
            self.render_view(view)

    def render_view(self, view: BoardView) -> None:
        raise NotImplementedError
