"""Ask a question: the text, to whom (default the PM), needed by when, the fallback the
team takes if no answer comes, whether it is a one-way door, which items it blocks."""

from __future__ import annotations

import re

from textual.app import ComposeResult

from standup import ops
from standup.model import Question
from standup.render import who
from standup.ui.dialogs.base import FormDialog, Toggle, field_input, optional
from standup.view import BoardView

WHEN_HINT = "fri 5pm · tomorrow 9am · in 2 hours · 4 working hours"


class AskDialog(FormDialog[Question | None]):
    """``a``: the form of ``standup ask``."""

    TITLE_TEXT = "Ask a question"
    SAVE_WORD = "ask"

    def __init__(self, view: BoardView) -> None:
        super().__init__()
        self.view = view

    def fields(self) -> ComposeResult:
        view, blink = self.view, self.blink
        pm = f"the PM, {who(view, view.pm.login)}" if view.pm else "nobody in particular"
        logins = list(view.board.people)
        yield self.row(
            "Question", field_input(id="text", placeholder="what do you need decided?", blink=blink)
        )
        yield self.row("To", field_input(id="to", placeholder=pm, suggestions=logins, blink=blink))
        yield self.row("Needed by", field_input(id="by", placeholder=WHEN_HINT, blink=blink))
        yield self.row(
            "Fallback",
            field_input(
                id="fallback", placeholder="what the team does if no answer comes", blink=blink
            ),
        )
        open_items = [s.item.key for s in view.blocked_items]
        yield self.row(
            "Blocks",
            field_input(
                id="blocks",
                placeholder=", ".join(open_items[:3]) + (" …" if len(open_items) > 3 else "")
                if open_items
                else "B<n> of items waiting on this (optional)",
                blink=blink,
            ),
        )
        yield Toggle("One-way door: never falls back on its own", id="one-way", compact=True)

    async def save(self) -> Question | None:
        blocks = [b for b in re.split(r"[\s,]+", self.value("blocks")) if b]
        return await self.writer.write(
            ops.ask,
            self.value("text"),
            to=optional(self.value("to")),
            by=optional(self.value("by")),
            fallback=optional(self.value("fallback")),
            one_way=self.query_one("#one-way", Toggle).value,
            blocks=blocks,
        )
