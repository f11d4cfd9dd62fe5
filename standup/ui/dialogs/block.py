"""Record a blocked item (``b``): what is stuck, on what (a question, a person or
anything outside), whose work it is. Opened from a selected question, it waits on it."""

from __future__ import annotations

from textual.app import ComposeResult

from standup import ops
from standup.model import BlockedItem
from standup.ui.dialogs.base import FormDialog, field_input, optional
from standup.view import BoardView


class BlockDialog(FormDialog[BlockedItem | None]):
    """The form of ``standup block TITLE --on … --owner …``."""

    TITLE_TEXT = "Record a blocked item"
    SAVE_WORD = "block"

    def __init__(self, view: BoardView, *, on: str | None = None) -> None:
        super().__init__()
        self.view = view
        self.on = on

    def fields(self) -> ComposeResult:
        blink = self.blink
        logins = list(self.view.board.people)
        open_ids = [s.q.key for s in self.view.open_questions]
        yield self.row("Item", field_input(id="title", placeholder="what is stuck?", blink=blink))
        yield self.row(
            "Waits on",
            field_input(
                id="on",
                value=self.on or "",
                placeholder="Q<n>, a person, or what (e.g. the vendor API)",
                suggestions=[*open_ids, *logins],
                blink=blink,
            ),
        )
        yield self.row(
            "Owner",
            field_input(id="owner", placeholder="you", suggestions=logins, blink=blink),
        )
        yield self.row("Note", field_input(id="note", placeholder="(optional)", blink=blink))

    async def save(self) -> BlockedItem | None:
        return await self.writer.write(
            ops.block,
            self.value("title"),
            on=optional(self.value("on")),
            owner=optional(self.value("owner")),
            note=optional(self.value("note")),
        )
