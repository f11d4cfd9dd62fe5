"""Ask a question: the text, to whom (default the PM), needed by when, the fallback the
team takes if no answer comes, whether it is a one-way door, which items it blocks.

``e`` on a question opens the same form filled in with it: the form of ``standup edit
Q<n>``. Only the fields the person changed are sent (an overdue question whose text is
fixed keeps its past deadline instead of being refused for it); an emptied needed-by or
fallback clears it.
"""

from __future__ import annotations

import re
from typing import Any

from textual.app import ComposeResult

from standup import ops
from standup.ops.edit import CLEAR
from standup.render import who
from standup.ui.dialogs.base import FormDialog, Toggle, field_input, optional
from standup.ui.dialogs.words import FIELD
from standup.view import BoardView, QuestionState

WHEN_HINT = "fri 5pm · tomorrow 9am · in 2 hours · 4 working hours"
TYPED_TIME = "%Y-%m-%d %H:%M"  # a needed-by as the person would type it back


class AskDialog(FormDialog[ops.Done | None]):
    """``a``: the form of ``standup ask``; with ``editing``, of ``standup edit Q<n>``."""

    TITLE_TEXT = "Ask a question"
    SAVE_WORD = "ask"

    def __init__(self, view: BoardView, editing: QuestionState | None = None) -> None:
        super().__init__()
        self.view = view
        self.editing = editing
        self.initial = self._initial()

    def _initial(self) -> dict[str, Any]:
        """The fields as the form opens: empty, or the edited question's values."""
        if self.editing is None:
            return {"text": "", "to": "", "by": "", "fallback": "", "one-way": False}
        q = self.editing.q
        by = q.needed_by.astimezone(self.view.tz).strftime(TYPED_TIME) if q.needed_by else ""
        return {
            "text": q.text,
            "to": q.to or "",
            "by": by,
            "fallback": q.fallback or "",
            "one-way": not q.reversible,
        }

    def heading(self) -> str:
        return f"Edit {self.editing.q.key}" if self.editing else self.TITLE_TEXT

    def fields(self) -> ComposeResult:
        view, blink, initial = self.view, self.blink, self.initial
        pm = f"the PM, {who(view, view.pm.login)}" if view.pm else "nobody in particular"
        logins = list(view.board.people)
        yield self.row(
            FIELD["--text"],
            field_input(
                id="text",
                value=initial["text"],
                placeholder="what do you need decided?",
                blink=blink,
            ),
        )
        yield self.row(
            FIELD["--to"],
            field_input(
                id="to", value=initial["to"], placeholder=pm, suggestions=logins, blink=blink
            ),
        )
        yield self.row(
            FIELD["--by"],
            field_input(id="by", value=initial["by"], placeholder=WHEN_HINT, blink=blink),
        )
        yield self.row(
            FIELD["--fallback"],
            field_input(
                id="fallback",
                value=initial["fallback"],
                placeholder="what the team does if no answer comes",
                blink=blink,
            ),
        )
        if self.editing is None:  # what a question blocks is set from the item (edit B<n>)
            open_items = [s.item.key for s in view.blocked_items]
            yield self.row(
                FIELD["--blocks"],
                field_input(
                    id="blocks",
                    placeholder=", ".join(open_items[:3]) + (" …" if len(open_items) > 3 else "")
                    if open_items
                    else "B<n> of items waiting on this (optional)",
                    blink=blink,
                ),
            )
        yield Toggle(
            "One-way door: never falls back on its own",
            value=initial["one-way"],
            id="one-way",
            compact=True,
        )

    def values(self) -> dict[str, Any]:
        return {
            "text": self.value("text"),
            "to": self.value("to"),
            "by": self.value("by"),
            "fallback": self.value("fallback"),
            "one-way": self.query_one("#one-way", Toggle).value,
        }

    async def save(self) -> ops.Done | None:
        if self.editing is not None:
            return await self._save_edit()
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

    async def _save_edit(self) -> ops.Done | None:
        assert self.editing is not None
        key = self.editing.q.key
        new = {k: v for k, v in self.values().items() if v != self.initial[k]}
        changes: dict[str, Any] = {}
        if "text" in new:
            changes["text"] = new["text"]
        if "to" in new:  # emptied: the PM, as when asking
            pm = self.view.pm.login if self.view.pm else None
            changes["to"] = optional(new["to"]) or pm
        if "by" in new:
            changes["by"] = optional(new["by"]) or CLEAR
        if "fallback" in new:
            changes["fallback"] = optional(new["fallback"]) or CLEAR
        if "one-way" in new:
            changes["one_way"] = new["one-way"]
        try:
            if not any(v is not None for v in changes.values()):
                raise ops.Unchanged(self.editing.q)
            return await self.writer.write(ops.edit_question, key, **changes)
        except ops.Unchanged:
            self.notify(f"{key}: nothing changed", markup=False)
            return None
