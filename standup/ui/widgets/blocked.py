"""Blocked items: how long (a colour *and* a symbol that grows ·, ◔, ◑, ●; see
``look.LEGEND``), what they wait on, whose they are."""

from __future__ import annotations

from textual.content import Content

from standup import rows
from standup.ui import safe
from standup.ui.look import age_look
from standup.ui.widgets.sections import Section
from standup.ui.widgets.table import BoardTable, Col, Row
from standup.view import BoardView, ItemState

COLUMNS = (
    Col("age", "Age", 6),
    Col("id", "Id", 4, fit=True),
    Col("owner", "Owner", 0, share=2, min_width=6),
    Col("on", "Waits on", 0, share=3, min_width=8, wrap=True),
    Col("title", "Item", 0, share=6, min_width=12, wrap=True),
)


def waits_on(s: ItemState, view: BoardView, me: str | None = None) -> str:
    """The "Waits on" cell: ``you``, a name, ``Q3``, free text, or ``—``."""
    return rows.waits_on(s, view, me).cell


def item_row(s: ItemState, view: BoardView, me: str | None = None) -> Row:
    """An item as a row; ``me`` (the login at this board) reads "you" when it is them.
    The cells are :func:`standup.rows.item_row`'s; only their styles are chosen here."""
    row = rows.item_row(s, view, me)
    symbol, variable = age_look(row.age_seconds)
    return (
        row.key,
        [
            (f"{symbol} {row.age}", f"${variable}"),
            (row.key, "$standup-id"),
            safe.cell(row.owner.short),
            safe.cell(row.on.cell, "$standup-id" if row.on.kind == rows.QUESTION else ""),
            safe.cell(row.title),
        ],
    )


class BlockedSection(Section, BoardTable):
    """The blocked items box."""

    BORDER_TITLE = "Blocked"

    def __init__(self, me: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(COLUMNS, id=id, classes=classes)
        self.me = me

    def render_view(self, view: BoardView) -> None:
        states = view.blocked_items
        self.border_title = Content(f"Blocked ({len(states)})")
        self.show([item_row(s, view, self.me) for s in states])
