"""The header: is the PM here, until when, and who decides now — the board's first line.

The words come from :func:`standup.rows.pm_line` (the same line ``standup status``
prints, "you decide for Ana now" when the PM's route leads to you); the header adds the
status symbol and colour, says so when the PM has the board open (``◆ on the board``),
and on the right who you are acting as and the board's clock. One widget, laid out when
it is drawn: the PM's line wraps in the room the right part leaves it, as two columns
would.

It never grows past :data:`MAX_PM_LINES` lines of the PM's line (plus one for "you: …"
when that cannot sit beside it): a long away note is cut first (with "…"), so who decides
now stays in view; anything still too long (a name of 2,000 characters) is cut at the
end. The lists and the key bar below stay on screen whatever people type.

Laid out by a :class:`~textual.visual.Visual` (Textual's public protocol for something
drawn at a width it is given): Textual asks it for its height at a width, then to draw
at that width, so the header need not remember a width from layout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.content import Content
from textual.css.styles import RulesMap
from textual.reactive import reactive
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget

from standup.rows import pm_line
from standup.text import one_line
from standup.ui import safe
from standup.ui.look import ON_BOARD, status_look
from standup.view import BoardView

GAP = 2  # at least this many spaces between the PM's line and "you: …"
NARROWEST = 20  # the PM's line gets at least this many columns, else "you: …" moves down
MAX_PM_LINES = 2  # the PM's line never takes more lines than this
ELLIPSIS = "…"


class Laid(Visual):
    """Lines laid out by ``lay(width)`` at the width they are drawn at (cached per width)."""

    def __init__(self, lay: Callable[[int], list[Content]]) -> None:
        self._lay = lay
        self._laid: tuple[int, list[Content]] | None = None

    def lines(self, width: int) -> list[Content]:
        if self._laid is None or self._laid[0] != width:
            self._laid = (width, self._lay(width))
        return self._laid[1]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        lines = self.lines(width)
        if height is not None:
            lines = lines[:height]
        strips: list[Strip] = []
        for line in lines:  # each fits the width already: one strip each
            strips += line.render_strips(width, 1, style, options) or [Strip.blank(width)]
        return strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))


class PmHeader(Widget):
    """One line (more when narrow): the PM's status and the route to a decision."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"pm-header--me"}

    view: reactive[BoardView | None] = reactive(None, init=False, layout=True)

    def __init__(self, login: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.login = login

    def pm_text(self, view: BoardView) -> str:
        """The PM's line, saying "you decide" when the PM's route leads to this person, and
        "◆ on the board" when the PM (someone else) has the board open."""
        line = pm_line(view, self.login)
        pm = view.pm
        if pm is not None and pm.on_board and pm.login != self.login:
            name = f"PM: {one_line(pm.name)} — "
            line = line.replace(name, f"PM: {one_line(pm.name)} {ON_BOARD} on the board — ", 1)
        return line

    def left(self, text: str) -> Content:
        """The PM's line with its status symbol and colour."""
        view = self.view
        pm = view.pm if view is not None else None
        if pm is None:
            return safe.join(("○ ", "$standup-muted"), text)
        symbol, variable = status_look(pm.status.status)
        return safe.join((f"{symbol} ", f"${variable}"), (text, "bold"))

    def parts(self) -> tuple[Content, Content]:
        """The PM's line, and who you are with the board's clock."""
        view = self.view
        if view is None:
            return Content("Reading the board…"), Content("")
        clock = view.now.astimezone(view.tz).strftime("%a %H:%M")
        me = self.get_visual_style("pm-header--me")  # whole: "auto" colours need the background
        right = Content.styled(safe.message(f"you: {self.login} · {clock}"), me)
        return self.left(self.pm_text(view)), right

    def render(self) -> Laid:
        left, right = self.parts()
        return Laid(lambda width: self.lay(left, right, width))

    def lay(self, left: Content, right: Content, width: int) -> list[Content]:
        """The header's lines at ``width``: the PM's line in at most
        :data:`MAX_PM_LINES` lines (the away note cut first), "you: …" at the right."""
        if width <= 0:
            return []
        room = width - right.cell_length - GAP if right else width
        if room < NARROWEST:
            room = width  # "you: …" goes on a line of its own below
        wrapped = left.wrap(room)
        if len(wrapped) > MAX_PM_LINES:
            wrapped = self._shortened(room) or _clip(wrapped, room)
        if not right:
            return wrapped
        if room == width:
            return [*wrapped, _spread(Content(""), right, width)]
        first, *rest = wrapped
        return [_spread(first, right, width), *rest]

    def _shortened(self, room: int) -> list[Content] | None:
        """The PM's line with the away note cut to fit, if that is what is too long."""
        view = self.view
        pm = view.pm if view is not None else None
        absence = pm.status.absence if pm is not None else None
        if view is None or absence is None or not absence.note:
            return None
        text, note = self.pm_text(view), f" — {one_line(absence.note)}"
        if note not in text:
            return None

        def lines(keep: int) -> list[Content]:
            cut = note[:keep].rstrip() + ELLIPSIS if keep < len(note) else note
            return self.left(text.replace(note, cut, 1)).wrap(room)

        low, high = 0, len(note)  # the longest piece of the note that fits: bisect
        while low < high:
            middle = (low + high + 1) // 2
            if len(lines(middle)) <= MAX_PM_LINES:
                low = middle
            else:
                high = middle - 1
        shortest = lines(low)
        return shortest if len(shortest) <= MAX_PM_LINES else None


def _clip(lines: list[Content], width: int) -> list[Content]:
    """The first :data:`MAX_PM_LINES` of ``lines``, the last one ending in "…"."""
    kept = lines[:MAX_PM_LINES]
    last = kept[-1].truncate(max(0, width - 1))
    return [*kept[:-1], Content.assemble(last.rstrip(), ELLIPSIS)]


def _spread(left: Content, right: Content, width: int) -> Content:
    """``left`` at the start of a ``width``-wide line and ``right`` at its end."""
    return Content.assemble(left, " " * max(0, width - left.cell_length - right.cell_length), right)
