"""A light row-cursor table that re-renders in place: the selected row and the scroll
position survive every reload.

Why not ``DataTable``: it renders every cell through Rich, which made the board's first
paint ~1.9× a hello-world app and a ``j`` keypress ~40 ms. The board's tables are
small (open items only) and one line per row, so each row here is one
:class:`~textual.content.Content` line laid out in fixed columns, shown by an
:class:`OptionList` (cursor, scrolling, mouse, per-row render cache). Cells are
``Content``, so user text is never parsed as markup and colours are theme variables.

The board reloads whenever anyone writes, so :meth:`BoardTable.show` diffs by row key
(``Q3``, ``B2``): rows that stay are updated, rows that went are removed, new ones are
added, and the cursor follows its row by key (or keeps its place when its row went,
which selects the next one). Columns are re-fitted only when the width changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from standup.ui.keys import TABLE

GAP = 2  # spaces between columns
MARGIN = 1  # space before the first column


@dataclass(frozen=True)
class Col:
    """A column: key, header, and width (``0``: takes a share of the space left)."""

    key: str
    label: str
    width: int = 0
    share: int = 1
    min_width: int = 8


Row = tuple[str, Sequence[Content]]  # (row key, one Content per column)


class BoardTable(OptionList, inherit_bindings=False):
    """Rows of fixed-width columns with a cursor; ``header`` is its column titles (the
    section composes it above the table)."""

    BINDINGS = TABLE

    def __init__(self, columns: Sequence[Col], *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True)
        self._cols = list(columns)
        self._rows: list[Row] = []
        self._shown: dict[str, Sequence[Content]] = {}
        self._widths: list[int] = []
        self.header = Static(classes="table-header")

    # -- what is selected --------------------------------------------------------------

    @property
    def row_keys(self) -> list[str]:
        return [option.id or "" for option in self.options]

    @property
    def row_count(self) -> int:
        return self.option_count

    @property
    def cursor_row(self) -> int:
        return self.highlighted or 0

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor (``None`` when empty)."""
        option = self.highlighted_option
        return option.id if option is not None else None

    # -- showing rows ------------------------------------------------------------------

    def show(self, rows: Sequence[Row]) -> None:
        """Make the table show ``rows`` (in order), keeping the selection by key."""
        self._rows = list(rows)
        if not self.size.width:
            return  # not laid out yet: on_resize builds it once, at the real width
        if self._fit() != self._widths:
            self._rebuild()
            return
        selected, index = self.selected_key, self.cursor_row
        old, new = self.row_keys, [key for key, _ in rows]
        if old != new and [k for k in old if k in set(new)] != [k for k in new if k in set(old)]:
            self._rebuild()  # the order changed (a reopened question): rare, start over
            return
        wanted = set(new)
        for key in old:
            if key not in wanted:
                self.remove_option(key)
                self._shown.pop(key, None)
        present = set(old)
        for key, cells in rows:
            if key not in present:
                self._insert(key, cells)
            elif self._shown.get(key) != cells:
                self.replace_option_prompt(key, self._line(cells))
                self._shown[key] = cells
        self._restore(selected, index)

    def _insert(self, key: str, cells: Sequence[Content]) -> None:
        """New rows come after the existing ones (ids only grow), except a reopened one,
        which :meth:`show` handles by rebuilding."""
        self.add_option(Option(self._line(cells), id=key))
        self._shown[key] = cells

    def _restore(self, selected: str | None, index: int) -> None:
        if not self.option_count:
            return
        keys = self.row_keys
        row = keys.index(selected) if selected in keys else min(index, len(keys) - 1)
        if row != self.highlighted:
            self.highlighted = row

    def _rebuild(self) -> None:
        selected, index = self.selected_key, self.cursor_row
        self._widths = self._fit()
        self.header.update(self._line([Content(c.label) for c in self._cols]))
        self._shown = {key: cells for key, cells in self._rows}
        self.set_options(Option(self._line(cells), id=key) for key, cells in self._rows)
        self._restore(selected, index)

    def _line(self, cells: Sequence[Content]) -> Content:
        parts: list[Content] = [Content(" " * MARGIN)]
        for n, (cell, width) in enumerate(zip(cells, self._widths, strict=True)):
            if n:
                parts.append(Content(" " * GAP))
            parts.append(cell.truncate(width, ellipsis=True, pad=True))
        return Content.assemble(*parts)

    def _fit(self) -> list[int]:
        """Fixed columns as they are; the rest share what is left (room is kept for a
        scrollbar, so the table never needs to scroll sideways)."""
        width = self.size.width
        fixed = sum(c.width for c in self._cols if c.width)
        free = max(0, width - fixed - GAP * (len(self._cols) - 1) - MARGIN - 2)
        shares = sum(c.share for c in self._cols if not c.width) or 1
        return [c.width or max(c.min_width, free * c.share // shares) for c in self._cols]

    def on_resize(self, _event: events.Resize) -> None:
        if self._fit() != self._widths:
            self._rebuild()
