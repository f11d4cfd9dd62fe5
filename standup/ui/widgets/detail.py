"""The selected row in full: a table cell is cut to fit 80 columns, this line is not.

Shows everything the row stands for — who asked, when it is needed, the fallback, what
it blocks — so the person who presses ``r`` or ``u`` sees exactly what they act on.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from standup.render import age, when, who
from standup.ui import safe
from standup.ui.look import YOU
from standup.view import BoardView, ItemState, QuestionState

SEP = (" · ", "$standup-muted")


def _who(view: BoardView, login: str | None, me: str | None) -> str:
    return YOU if me is not None and login == me else who(view, login)


def question_detail(s: QuestionState, view: BoardView, me: str | None = None) -> Content:
    """The question in full; ``me`` (the login at this board) reads "you"."""
    q = s.q
    parts: list[safe.Part] = [
        (q.key, "bold $standup-id"),
        SEP,
        f"asked by {_who(view, q.asked_by, me)} {age(s.age_seconds)} ago",
        SEP,
        f"to {_who(view, q.to, me)}",
    ]
    if q.to and s.ask_now != q.to:
        if s.ask_now is None:
            parts += [SEP, "nobody can answer now"]
        elif s.ask_now == me:
            parts += [SEP, ("you can answer it now", "bold")]
        else:
            parts += [SEP, f"ask {who(view, s.ask_now)} now"]
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


def item_detail(s: ItemState, view: BoardView, me: str | None = None) -> Content:
    """The item in full; ``me`` (the login at this board) reads "you"."""
    item = s.item
    if item.on and item.on_kind == "person" and item.on == me:
        on = Content(YOU)
    else:
        on = safe.line(item.on) if item.on else Content("nothing named")
    parts: list[safe.Part] = [
        (item.key, "bold $standup-id"),
        SEP,
        "yours" if item.owner == me else f"{who(view, item.owner)}'s",
        f", blocked {age(s.age_seconds)} (since ",
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
