"""The selected row in full: a table cell is cut to fit 80 columns, this line is not.

Shows everything the row stands for — who asked, when it is needed, the fallback, what
it blocks — so the person who presses ``r`` or ``u`` sees exactly what they act on.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from standup.render import age, when, who
from standup.ui import safe
from standup.view import BoardView, ItemState, QuestionState

SEP = (" · ", "$standup-muted")


def question_detail(s: QuestionState, view: BoardView) -> Content:
    q = s.q
    parts: list[safe.Part] = [
        (q.key, "bold $standup-id"),
        SEP,
        f"asked by {who(view, q.asked_by)} {age(s.age_seconds)} ago",
        SEP,
        f"to {who(view, q.to)}",
    ]
    if q.to and s.ask_now != q.to:
        parts += [SEP, f"ask {who(view, s.ask_now)} now" if s.ask_now else "nobody can answer now"]
    if q.needed_by is not None:
        style = "bold $standup-overdue" if s.overdue else "$standup-due"
        mark = "⚠ OVERDUE — " if s.overdue else ""
        parts += [SEP, (f"{mark}needed by {when(q.needed_by, view.now, view.tz)}", style)]
    if not q.reversible:
        parts += [SEP, ("one-way door: never falls back", "$standup-away")]
    elif q.fallback:
        parts += [SEP, "fallback: ", safe.line(q.fallback, "italic")]
    if s.blocks:
        parts += [SEP, "blocks " + ", ".join(f"B{b}" for b in s.blocks)]
    parts += ["\n", safe.line(q.text, "bold")]
    return safe.join(*parts)


def item_detail(s: ItemState, view: BoardView) -> Content:
    item = s.item
    on = safe.line(item.on) if item.on else Content("nothing named")
    parts: list[safe.Part] = [
        (item.key, "bold $standup-id"),
        SEP,
        f"{who(view, item.owner)}'s, blocked {age(s.age_seconds)} (since ",
        when(item.since, view.now, view.tz),
        ")",
        SEP,
        "waits on ",
        on,
    ]
    if item.note:
        parts += [SEP, "note: ", safe.line(item.note, "italic")]
    parts += ["\n", safe.line(item.title, "bold")]
    return safe.join(*parts)


class Detail(Static):
    """Two lines under the tables about the row the cursor is on."""

    def clear(self, hint: str) -> None:
        self.update(Content.styled(hint, "$standup-muted"))
