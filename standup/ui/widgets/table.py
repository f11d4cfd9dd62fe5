"""A light row-cursor table, drawn line by line: its rows are on the board's first frame,
and the selected row and the scroll position survive every reload.

Why not ``DataTable`` or ``OptionList``: ``DataTable`` renders every cell through Rich,
which made the board's first paint ~1.9× a hello-world app and a ``j`` keypress ~40 ms;
an ``OptionList`` needs its lines laid out at a known width, so the rows came one frame
(~50 ms) after the rest of the board. The board's tables are small (open items only) and
one line per row, so this one keeps ``(key, cells)`` pairs and lays a row out only when
the row is drawn (Textual's line API, :meth:`render_line`), at the width it is drawn at.
Cells are :class:`~textual.content.Content`, or plain ``(text, style)`` pairs drawn
straight as segments (the board's own tables: no Content made for a row that is never
drawn, ~2x cheaper to draw); either way user text is never parsed as markup (it comes
through :mod:`standup.ui.safe`), and colours are theme variables.

The column titles are the first line and stay put; rows scroll under them. The board
reloads whenever anyone writes: :meth:`show` takes the new rows and the cursor follows
its row by key (or keeps its place when its row went, which selects the next one).

The text columns take the room there is: columns whose cells are short give the rest of
their share to those that are cut (:func:`fit`), and when every row fits the table's
height with its text wrapped (up to :data:`ROW_LINES` lines a row), the text columns wrap
instead of being cut — a few questions on a tall screen are read whole, next to no blank
rows. A table with more rows than that keeps one line per row, and scrolls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import msgspec
from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from standup.ui.keys import TABLE

GAP = 2  # spaces between columns
MARGIN = 1  # space before the first column
SCROLLBAR = 1  # room always kept for the scrollbar, so columns never jump
ROW_LINES = 3  # a wrapped row takes at most this many lines


class Col(msgspec.Struct, frozen=True):
    """A column: key, header, and width (``0``: takes a share of the space left; with
    ``fit``, at least ``width`` and as wide as its longest cell, for ids that grow).
    ``wrap``: its text wraps when the table has the height for it (see the module)."""

    key: str
    label: str
    width: int = 0
    share: int = 1
    min_width: int = 8
    fit: bool = False
    wrap: bool = False


def fit(cols: Sequence[Col], longest: Sequence[int], width: int) -> list[int]:
    """Column widths for a table ``width`` cells wide.

    Fixed columns as they are; the others share what is left by their ``share``, but a
    column never takes more than its longest cell (or title) needs: what it leaves goes
    to the others (water-filling). When everything fits, the room left over is shared out
    too, so the table fills its width.
    """
    fixed = [max(c.width, n) if c.fit else c.width for c, n in zip(cols, longest, strict=True)]
    free = max(0, width - sum(fixed) - GAP * (len(cols) - 1) - MARGIN - SCROLLBAR)
    flex = [n for n, c in enumerate(cols) if not fixed[n]]
    want = {n: max(cols[n].min_width, longest[n], len(cols[n].label)) for n in flex}
    widths = dict(enumerate(fixed))
    if sum(want.values()) <= free:  # all whole: share out the rest
        extra, shares = free - sum(want.values()), sum(cols[n].share for n in flex) or 1
        for n in flex:
            widths[n] = want[n] + extra * cols[n].share // shares
        return [widths[n] for n in range(len(cols))]
    active, room = list(flex), free
    while active:
        shares = sum(cols[n].share for n in active) or 1
        whole = [n for n in active if want[n] <= room * cols[n].share // shares]
        if not whole:
            break
        for n in whole:  # these get what they need; the rest share what they leave
            widths[n] = want[n]
            room -= want[n]
            active.remove(n)
    shares = sum(cols[n].share for n in active) or 1
    for n in active:
        widths[n] = max(cols[n].min_width, room * cols[n].share // shares)
    return [widths[n] for n in range(len(cols))]


Plain = tuple[str, str]  # a cell's text, literal (user text through safe.cell), and style
Cell = Content | Plain
Row = tuple[str, Sequence[Cell]]  # (row key, one cell per column)


def _content(cell: Cell) -> Content:
    return cell if isinstance(cell, Content) else Content.styled(*cell)


def _length(cell: Cell) -> int:
    return cell.cell_length if isinstance(cell, Content) else cell_len(cell[0])


class Layout(msgspec.Struct, frozen=True):
    """How rows are drawn at one size: column widths, and each row's lines when the rows
    wrap (empty: one line a row)."""

    widths: list[int]
    wrapped: list[list[Content]]


class BoardTable(ScrollView, can_focus=True):
    """Rows of fixed-width columns under a title line, with a row cursor."""

    BINDINGS = TABLE
    COMPONENT_CLASSES: ClassVar[set[str]] = {"board-table--header", "board-table--cursor"}

    class Highlighted(Message):
        """The cursor is on another row (``key`` is ``None`` when the table is empty)."""

        def __init__(self, table: BoardTable, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

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
        self._lines: dict[tuple[int, int, int, bool, bool], Strip] = {}  # see render_line
        self._styles: dict[tuple[str, str, bool], RichStyle] = {}  # see _plain_style
        self._laid: tuple[tuple[int, int], Layout] | None = None  # (width, height): layout
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
        return _content(next(cells for key, cells in self._rows if key == row_key)[column])

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
            max((_length(cells[n]) for _, cells in self._rows), default=0)
            for n in range(len(self._cols))
        ]
        self._lines.clear()
        self._laid = None
        keys = self.row_keys
        row = keys.index(selected) if selected in keys else min(index, max(0, len(keys) - 1))
        self.virtual_size = Size(0, len(self._rows) + 1)
        # fewer rows now: the old cursor may point past the last one (no key to read there)
        self._cursor = min(self._cursor, max(0, len(self._rows) - 1))
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

    def _layout(self, width: int, height: int) -> Layout:
        """Column widths, and each row's lines when they all fit ``height`` wrapped."""
        if self._laid is not None and self._laid[0] == (width, height):
            return self._laid[1]
        widths = fit(self._cols, self._longest, width)
        wrapped: list[list[Content]] = []
        if any(c.wrap for c in self._cols) and len(self._rows) < height:
            used = 0
            for _key, cells in self._rows:
                lines = self._wrap([_content(cell) for cell in cells], widths)
                used += len(lines)
                if used > height - 1:  # they do not all fit: one line a row
                    wrapped = []
                    break
                wrapped.append(lines)
        laid = Layout(widths, wrapped)
        self._laid = ((width, height), laid)
        return laid

    def _wrap(self, cells: Sequence[Content], widths: Sequence[int]) -> list[Content]:
        """A row's lines with its wrapping columns wrapped (at most :data:`ROW_LINES`)."""
        columns: list[list[Content]] = []
        for col, cell, width in zip(self._cols, cells, widths, strict=True):
            if not col.wrap or cell.cell_length <= width:
                columns.append([cell.truncate(width, ellipsis=True, pad=True)])
                continue
            lines = cell.wrap(width)
            if len(lines) > ROW_LINES:
                last = Content.assemble(*lines[ROW_LINES - 1 :])
                lines = [*lines[: ROW_LINES - 1], last]
            columns.append([line.truncate(width, ellipsis=True, pad=True) for line in lines])
        height = max(len(lines) for lines in columns)
        out = []
        for y in range(height):
            parts: list[Content] = [Content(" " * MARGIN)]
            for n, (lines, width) in enumerate(zip(columns, widths, strict=True)):
                if n:
                    parts.append(Content(" " * GAP))
                parts.append(lines[y] if y < len(lines) else Content(" " * width))
            out.append(Content.assemble(*parts))
        return out

    def _strip(self, content: Content, width: int, *components: str) -> Strip:
        """One line of ``content`` (a wrapped row's line, laid out by :meth:`_wrap`) on
        this table's (or a component's) style, ``width`` wide.

        The line is already wrapped, so this skips the wrapping and alignment that
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

    def _row_strip(
        self, cells: Sequence[Cell], widths: Sequence[int], width: int, *components: str
    ) -> Strip:
        """A row (or the column titles) on one line, each cell cut or padded to its
        column with :data:`GAP` between them, made straight from the cells: a plain cell
        is one segment (cut with an ellipsis, as ``Content.truncate`` cuts) and its
        padding another; a Content cell is truncated and rendered."""
        base = self.get_visual_style(*components)
        plain = base.rich_style
        runs: list[tuple[str, RichStyle]] = [(" " * MARGIN, plain)]
        for n, (cell, cut) in enumerate(zip(cells, widths, strict=True)):
            if n:
                runs.append((" " * GAP, plain))
            if isinstance(cell, Content):
                cell = cell.truncate(cut, ellipsis=True, pad=True)
                runs += [(t, s.rich_style) for t, s in cell.render(base, end="")]
                continue
            text, style = cell
            length = cell_len(text)
            if length > cut:
                text = set_cell_size(text, cut - 1) + "…" if cut else ""
            if text:
                runs.append((text, self._plain_style(base, components, style) if style else plain))
            if length < cut:
                runs.append((" " * (cut - length), plain))
        segments: list[Segment] = []
        for text, style in runs:  # one segment a style, as Content.render gives them
            if segments and segments[-1].style is style:
                segments[-1] = Segment(segments[-1].text + text, style)
            else:
                segments.append(Segment(text, style))
        strip = Strip(segments)
        return strip.extend_cell_length(width, plain).crop(0, width)

    def _plain_style(self, base: Style, components: Sequence[str], style: str) -> RichStyle:
        """The Rich style of a plain cell's ``style`` on ``base`` (kept per component and
        style until the table's style changes, as the drawn lines are)."""
        key = (" ".join(components), style, self.has_focus)
        if (found := self._styles.get(key)) is None:
            found = self._styles[key] = (base + Style.parse(style)).rich_style
        return found

    def _row_at(self, y: int, layout: Layout) -> tuple[int, int]:
        """The row drawn on line ``y`` (under the titles) and which of its lines."""
        if not layout.wrapped:
            return y - 1 + round(self.scroll_y), 0
        top = 0
        for row, lines in enumerate(layout.wrapped):
            if y - 1 < top + len(lines):
                return row, y - 1 - top
            top += len(lines)
        return len(self._rows), 0

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        layout = self._layout(width, self.scrollable_content_region.height)
        if y == 0:
            titles = [(c.label, "") for c in self._cols]
            return self._row_strip(titles, layout.widths, width, "board-table--header")
        row, sub = self._row_at(y, layout)
        if row >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        cursor = row == self._cursor
        key = (row, sub, width, cursor, self.has_focus)
        if (strip := self._lines.get(key)) is None:
            components = ["board-table--cursor"] if cursor else []
            if layout.wrapped:
                strip = self._strip(layout.wrapped[row][sub], width, *components)
            else:
                strip = self._row_strip(self._rows[row][1], layout.widths, width, *components)
            self._lines[key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()  # focus, theme: the cursor's colours changed
        self._styles.clear()

    def on_resize(self, _event: events.Resize) -> None:
        self._lines.clear()  # rows may wrap, or stop wrapping, at the new size
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
        region = self.scrollable_content_region
        row, _sub = self._row_at(event.y, self._layout(region.width, region.height))
        if event.y >= 1 and row < len(self._rows):
            self._move(row, announce=False)
