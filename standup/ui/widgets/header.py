"""The header: is the PM here, until when, and who decides now — the board's first line.

The words come from :func:`standup.render.pm_line` (the same line ``standup status``
prints); the header adds the status symbol and colour, and on the right who you are acting
as and the board's clock. One widget, laid out when it is drawn: the PM's line wraps in
the room the right part leaves it, as two columns would.
"""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from standup.render import pm_line
from standup.ui import safe
from standup.ui.look import status_look
from standup.view import BoardView

GAP = 2  # at least this many spaces between the PM's line and "you: …"
NARROWEST = 20  # the PM's line gets at least this many columns, else "you: …" moves down


class PmHeader(Widget):
    """One line (more when narrow): the PM's status and the route to a decision."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"pm-header--me"}

    view: reactive[BoardView | None] = reactive(None, init=False, layout=True)

    def __init__(self, login: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.login = login
        self._width = 0  # the width of the last layout, which the header is drawn at

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Keep the width: looking up our region from ``render`` while the screen is being
        # laid out would make Textual lay the whole screen out again, recursively.
        self._width = width
        return super().get_content_height(container, viewport, width)

    def parts(self) -> tuple[Content, Content]:
        """The PM's line, and who you are with the board's clock."""
        view = self.view
        if view is None:
            return Content("Reading the board…"), Content("")
        pm = view.pm
        if pm is None:
            left = safe.join(("○ ", "$standup-muted"), pm_line(view))
        else:
            symbol, variable = status_look(pm.status.status)
            left = safe.join((f"{symbol} ", f"${variable}"), (pm_line(view), "bold"))
        clock = view.now.astimezone(view.tz).strftime("%a %H:%M")
        me = self.get_visual_style("pm-header--me")  # whole: "auto" colours need the background
        return left, Content.styled(safe.message(f"you: {self.login} · {clock}"), me)

    def render(self) -> Content:
        left, right = self.parts()
        width = self._width or self.size.width
        if not right:
            return left
        room = width - right.cell_length - GAP
        if left.cell_length <= room:
            return _spread(left, right, width)
        if room < NARROWEST:
            return Content.assemble(left, "\n", _spread(Content(""), right, width))
        first, *rest = left.wrap(room)
        return Content("\n").join([_spread(first, right, width), *rest])


def _spread(left: Content, right: Content, width: int) -> Content:
    """``left`` at the start of a ``width``-wide line and ``right`` at its end."""
    return Content.assemble(left, " " * max(0, width - left.cell_length - right.cell_length), right)
