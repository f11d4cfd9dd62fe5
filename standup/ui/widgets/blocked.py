"""Blocked items: how long (a colour *and* a symbol that grows ·, ◔, ◑, ●), what they
wait on, whose they are."""

from __future__ import annotations

from textual.content import Content

from standup.render import age, who
from standup.ui import safe
from standup.ui.look import age_look, first_name
from standup.ui.widgets.sections import Section
from standup.ui.widgets.table import BoardTable, Col, Row
from standup.view import BoardView, ItemState

COLUMNS = (
    Col("age", "Age", 6),
    Col("id", "Id", 4, fit=True),
    Col("owner", "Owner", 0, share=2, min_width=6),
    Col("on", "Waits on", 0, share=3, min_width=8),
    Col("title", "Item", 0, share=6, min_width=12),
)


def waits_on(s: ItemState, view: BoardView) -> str:
    item = s.item
    if item.on is None:
        return "—"
    if item.on_kind == "person":
        return who(view, item.on)
    return item.on


def item_row(s: ItemState, view: BoardView) -> Row:
    item = s.item
    symbol, variable = age_look(s.age_seconds)
    return (
        item.key,
        [
            Content.styled(f"{symbol} {age(s.age_seconds)}", f"${variable}"),
            Content.styled(item.key, "$standup-id"),
            safe.line(first_name(view, item.owner)),
            safe.line(waits_on(s, view), "$standup-id" if item.on_question else ""),
            safe.line(item.title),
        ],
    )


class BlockedSection(Section, BoardTable):
    """The blocked items box."""

    BORDER_TITLE = "Blocked"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(COLUMNS, id=id, classes=classes)

    def render_view(self, view: BoardView) -> None:
        states = view.blocked_items
        self.border_title = Content(f"Blocked ({len(states)})")
        self.show([item_row(s, view) for s in states])
