"""Open questions, oldest first: age, who can answer now, needed-by, the text, the fallback.

Only open questions are rows (a board's closed history can be 10,000 records). A past
needed-by reads ``⚠ OVERDUE`` in the overdue colour — a word and a symbol, not colour
alone.
"""

from __future__ import annotations

from textual.content import Content

from standup import rows
from standup.text import one_line
from standup.ui import safe
from standup.ui.look import DEADLINE_STYLE, FALLBACK_STYLE, WHO_STYLE
from standup.ui.widgets.sections import Section
from standup.ui.widgets.table import BoardTable, Col, Row
from standup.view import BoardView, QuestionState

COLUMNS = (
    Col("id", "Id", 4, fit=True),
    Col("age", "Age", 4),
    Col("ask", "Ask now", 0, share=2, min_width=8),
    Col("by", "Needed by", 11),
    Col("text", "Question", 0, share=6, min_width=12, wrap=True),
    Col("fallback", "Fallback", 0, share=3, min_width=8, wrap=True),
)


def question_row(s: QuestionState, view: BoardView, me: str | None = None) -> Row:
    """A question as a row; ``me`` (the login at this board) reads "you" when it is them.
    The cells are :func:`standup.rows.question_row`'s; only their styles are chosen here."""
    row = rows.question_row(s, view, me)
    return (
        row.key,
        [
            (row.key, "$standup-id"),
            (row.age, ""),
            safe.cell(row.ask_now.short, WHO_STYLE[row.ask_now.kind]),
            (row.needed_by.short, DEADLINE_STYLE[row.needed_by.kind]),
            safe.cell(row.text),
            safe.cell(row.fallback.cell, FALLBACK_STYLE[row.fallback.kind]),
        ],
    )


class QuestionsSection(Section, BoardTable):
    """The open questions box: a table of them."""

    BORDER_TITLE = "Open questions"

    def __init__(self, me: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(COLUMNS, id=id, classes=classes)
        self.me = me

    def render_view(self, view: BoardView) -> None:
        states = view.open_questions
        title = f"Open questions ({len(states)})"
        if view.pm is not None and (todo := view.review_count(view.pm.login)):
            title += f" · {todo} answered or assumed for {one_line(view.pm.name)} to review"
        self.border_title = Content(title)
        self.show([question_row(s, view, self.me) for s in states])
