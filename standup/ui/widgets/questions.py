"""Open questions, oldest first: age, who can answer now, needed-by, the text, the fallback.

Only open questions are rows (a board's closed history can be 10,000 records). A past
needed-by reads ``⚠ OVERDUE`` in the overdue colour — a word and a symbol, not colour
alone.
"""

from __future__ import annotations

from textual.content import Content

from standup.render import age
from standup.text import one_line
from standup.ui import safe
from standup.ui.look import OVERDUE, first_name, short_time
from standup.ui.widgets.sections import Section
from standup.ui.widgets.table import BoardTable, Col, Row
from standup.view import BoardView, QuestionState

COLUMNS = (
    Col("id", "Id", 4, fit=True),
    Col("age", "Age", 4),
    Col("ask", "Ask now", 0, share=2, min_width=8),
    Col("by", "Needed by", 11),
    Col("text", "Question", 0, share=6, min_width=12),
    Col("fallback", "Fallback", 0, share=3, min_width=8),
)
MUTED = "$standup-muted"


def question_row(s: QuestionState, view: BoardView) -> Row:
    q = s.q
    if s.ask_now:
        ask = safe.line(first_name(view, s.ask_now))
    elif q.to is None:
        ask = Content.styled("anyone", MUTED)
    else:
        ask = Content.styled("nobody now", "$standup-away")
    if s.overdue:
        by = Content.styled(OVERDUE, "bold $standup-overdue")
    elif q.needed_by is not None:
        by = Content.styled(short_time(q.needed_by, view.now, view.tz), "$standup-due")
    else:
        by = Content.styled("—", MUTED)
    if not q.reversible:
        fallback = Content.styled("one-way: none", "$standup-away")
    elif q.fallback:
        fallback = safe.line(q.fallback, MUTED)
    else:
        fallback = Content.styled("—", MUTED)
    return (
        q.key,
        [
            Content.styled(q.key, "$standup-id"),
            Content(age(s.age_seconds)),
            ask,
            by,
            safe.line(q.text),
            fallback,
        ],
    )


class QuestionsSection(Section, BoardTable):
    """The open questions box: a table of them."""

    BORDER_TITLE = "Open questions"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(COLUMNS, id=id, classes=classes)

    def render_view(self, view: BoardView) -> None:
        states = view.open_questions
        title = f"Open questions ({len(states)})"
        if view.pm is not None and (todo := len(view.unreviewed(view.pm.login))):
            title += f" · {todo} answered or assumed for {one_line(view.pm.name)} to review"
        self.border_title = Content(title)
        self.show([question_row(s, view) for s in states])
