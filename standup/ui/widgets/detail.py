"""The selected row in full: a table cell is cut to fit 80 columns, this line is not.

Shows everything the row stands for — who asked, when it is needed, the fallback, what
it blocks — so the person who presses ``r`` or ``u`` sees exactly what they act on.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from standup import rows
from standup.ui import safe
from standup.ui.look import DEADLINE_STYLE, FALLBACK_STYLE
from standup.view import BoardView, ItemState, QuestionState

SEP = (" · ", "$standup-muted")


def question_detail(s: QuestionState, view: BoardView, me: str | None = None) -> Content:
    """The question in full; ``me`` (the login at this board) reads "you". The phrases
    are :func:`standup.rows.question_row`'s, as ``standup list`` prints them."""
    row = rows.question_row(s, view, me)
    parts: list[safe.Part] = [(row.key, "bold $standup-id"), SEP, row.asked_phrase, SEP]
    parts.append(row.to_phrase)
    if row.ask_now_phrase:
        parts += [SEP, (row.ask_now_phrase, "bold" if row.ask_now.kind == rows.YOU else "")]
    if row.needed_by.phrase:
        parts += [SEP, (row.needed_by.phrase, DEADLINE_STYLE[row.needed_by.kind])]
    if row.fallback.kind == rows.FALLBACK:
        parts += [SEP, rows.FALLBACK_LABEL, safe.line(row.fallback.text, "italic")]
    elif row.fallback.phrase:
        parts += [SEP, (row.fallback.phrase, FALLBACK_STYLE[row.fallback.kind])]
    if row.blocks_phrase:
        parts += [SEP, row.blocks_phrase]
    parts += ["\n", safe.line(row.text, "bold")]
    return safe.join(*parts)


def item_detail(s: ItemState, view: BoardView, me: str | None = None) -> Content:
    """The item in full; ``me`` (the login at this board) reads "you"."""
    row = rows.item_row(s, view, me)
    parts: list[safe.Part] = [(row.key, "bold $standup-id"), SEP, row.blocked_phrase, SEP]
    parts.append(safe.line(row.on.phrase))
    if row.note:
        parts += [SEP, rows.NOTE_LABEL, safe.line(row.note, "italic")]
    parts += ["\n", safe.line(row.title, "bold")]
    return safe.join(*parts)


class Detail(Static):
    """Two lines under the tables about the row the cursor is on."""

    def clear(self, hint: str) -> None:
        self.update(Content.styled(hint, "$standup-muted"))
