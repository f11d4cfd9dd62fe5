"""A light row-cursor table, drawn line by line: its rows are on the board's first frame,
and the selected row and the scroll position survive every reload.

Why not ``DataTable`` or ``OptionList``: ``DataTable`` renders every cell through Rich,
which made the board's first paint ~1.9× a hello-world app and a ``j`` keypress ~40 ms;
an ``OptionList`` needs its lines laid out at a known width, so the rows came one frame
(~50 ms) after the rest of the board. The board's tables are small (open items only) and
one line per row, so this one keeps ``(key, cells)`` pairs and lays a row out only when
the row is drawn (Textual's line API, :meth:`render_line`), at the width it is drawn at.
Cells are :class:`~textual.content.Content`, so user text is never parsed as markup and
colours are theme variables.

The column titles are the first line and stay put; rows scroll under them. The board
reloads whenever anyone writes: :meth:`show` takes the new rows and the cursor follows
its row by key (or keeps its place when its row went, which selects the next one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import msgspec
from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from standup.ui.keys import TABLE

GAP = 2  # spaces between columns
MARGIN = 1  # space before the first column
SCROLLBAR = 1  # room always kept for the scrollbar, so columns never jump


class Col(msgspec.Struct, frozen=True):
    """A column: key, header, and width (``0``: takes a share of the space left; with
    ``fit``, at least ``width`` and as wide as its longest cell, for ids that grow)."""

    key: str
    label: str
    width: int = 0
    share: int = 1
    min_width: int = 8
    fit: bool = False


Row = tuple[str, Sequence[Content]]  # (row key, one Content per column)


class BoardTable(ScrollView, can_focus=True):
    """Rows of fixed-width columns under a title line, with a row cursor."""

    BINDINGS = TABLE
    COMPONENT_CLASSES: ClassVar[set[str]] = {"board-table--header", "board-table--cursor"}

    @dataclass
    class Highlighted(Message):
        """The cursor is on another row (``key`` is ``None`` when the table is empty)."""

        table: BoardTable
        key: str | None

        @property
        def control(self) -> BoardTable:
            return self.table

    def __init__(
        self, columns: Sequence[Col], *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._cols = list(columns)
        self._rows: list[Row] = []
        self._cursor = 0
        self._longest = [0] * len(self._cols)  # per column: its longest cell
        self._lines: dict[tuple[int, int, bool, bool], Strip] = {}  # drawn rows, see render_line
        self.virtual_size = Size(0, 1)

    # -- what is selected --------------------------------------------------------------

    @property
    def row_keys(self) -> list[str]:
        return [key for key, _ in self._rows]

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor (``None`` when empty)."""
        return self._rows[self._cursor][0] if self._rows else None

    def cell(self, row_key: str, column_key: str) -> Content:
        """What the table holds in one cell (whole: before it is cut to its column)."""
        column = next(n for n, col in enumerate(self._cols) if col.key == column_key)
        return next(cells for key, cells in self._rows if key == row_key)[column]

    # -- showing rows ------------------------------------------------------------------

    def show(self, rows: Sequence[Row]) -> None:
        """Make the table show ``rows`` (in order), keeping the selection by key.

        Works before the table is laid out (rows are drawn at whatever width they get).
        """
        selected, index = self.selected_key, self._cursor
        new = list(rows)
        if new == self._rows:
            return  # nothing moved: keep every line drawn
        self._rows = new
        self._longest = [
            max((cells[n].cell_length for _, cells in self._rows), default=0)
            for n in range(len(self._cols))
        ]
        self._lines.clear()
        keys = self.row_keys
        row = keys.index(selected) if selected in keys else min(index, max(0, len(keys) - 1))
        self.virtual_size = Size(0, len(self._rows) + 1)
        self._move(row, announce=self.selected_key != selected)
        self.refresh()

    def _move(self, row: int, *, announce: bool = True) -> None:
        """Put the cursor on ``row`` (clamped), keep it in view, say so when it moved."""
        row = max(0, min(row, len(self._rows) - 1))
        moved = row != self._cursor
        if moved:  # drawn lines stay valid: whether a row has the cursor is part of their key
            self._cursor = row
            self.refresh()
        self._keep_cursor_in_view()
        if moved or announce:
            self.post_message(self.Highlighted(self, self.selected_key))

    def _keep_cursor_in_view(self) -> None:
        visible = self.scrollable_content_region.height - 1  # under the titles
        if visible <= 0:
            return
        top = round(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + visible:
            self.scroll_to(y=self._cursor - visible + 1, animate=False, immediate=True)

    # -- drawing -----------------------------------------------------------------------

    def _fit(self, width: int) -> list[int]:
        """Fixed columns as they are; the rest share what is left (room is kept for a
        scrollbar, so the table never needs to scroll sideways)."""
        cols = zip(self._cols, self._longest, strict=True)
        fixed = [max(c.width, n) if c.fit else c.width for c, n in cols]
        free = max(0, width - sum(fixed) - GAP * (len(self._cols) - 1) - MARGIN - SCROLLBAR)
        shares = sum(c.share for c in self._cols if not c.width) or 1
        return [
            w or max(c.min_width, free * c.share // shares)
            for c, w in zip(self._cols, fixed, strict=True)
        ]

    def _line(self, cells: Sequence[Content], widths: Sequence[int]) -> Content:
        parts: list[Content] = [Content(" " * MARGIN)]
        for n, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            if n:
                parts.append(Content(" " * GAP))
            parts.append(cell.truncate(width, ellipsis=True, pad=True))
        return Content.assemble(*parts)

    def _strip(self, content: Content, width: int, *components: str) -> Strip:
        """One line of ``content`` on this table's (or a component's) style, ``width`` wide.

        Rows never wrap, so this skips the wrapping and alignment that
        ``Visual.to_strips`` does for any Content (about half of a row's cost, profiled).
        ``Content.render`` without ``parse_style`` resolves the theme's ``$variables``
        through the running app's stylesheet (public API; the widget's own style parser
        only adds ``.component`` look-ups, which no cell uses)."""
        style = self.get_visual_style(*components)
        segments = [
            Segment(text, (style + text_style).rich_style)
            for text, text_style in content.render(style, end="")
        ]
        strip = Strip(segments, content.cell_length)
        return strip.extend_cell_length(width, style.rich_style).crop(0, width)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            titles = [Content(c.label) for c in self._cols]
            return self._strip(self._line(titles, self._fit(width)), width, "board-table--header")
        row = y - 1 + round(self.scroll_y)
        if row >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        cursor = row == self._cursor
        key = (row, width, cursor, self.has_focus)
        if (strip := self._lines.get(key)) is None:
            line = self._line(self._rows[row][1], self._fit(width))
            strip = self._strip(line, width, *(["board-table--cursor"] if cursor else []))
            self._lines[key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()  # focus, theme: the cursor's colours changed

    def on_resize(self, _event: events.Resize) -> None:
        self._keep_cursor_in_view()

    # -- keys and mouse ----------------------------------------------------------------

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_cursor_down(self) -> None:
        self._move(self._cursor + 1, announce=False)

    def action_cursor_up(self) -> None:
        self._move(self._cursor - 1, announce=False)

    def action_page_down(self) -> None:
        self._move(self._cursor + self._page(), announce=False)

    def action_page_up(self) -> None:
        self._move(self._cursor - self._page(), announce=False)

    def action_first(self) -> None:
        self._move(0, announce=False)

    def action_last(self) -> None:
        self._move(len(self._rows) - 1, announce=False)

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1 and (row := event.y - 1 + round(self.scroll_y)) < len(self._rows):
            self._move(row, announce=False)
