"""Unblock the selected item (``u``): a confirmation that names the item, since the key
acts on whatever row is selected."""

from __future__ import annotations

from textual.app import ComposeResult

from standup import ops
from standup.ui.dialogs.base import FormDialog
from standup.ui.widgets.detail import item_detail
from standup.view import BoardView, ItemState


class UnblockDialog(FormDialog[ops.Done | None]):
    """The form of ``standup unblock B<n>``."""

    SAVE_WORD = "unblock"

    def __init__(self, item: ItemState, view: BoardView, me: str | None = None) -> None:
        super().__init__()
        self.item = item
        self.view = view
        self.me = me  # the login at this board: the item reads "you" as on the board

    def heading(self) -> str:
        return f"Unblock {self.item.item.key}?"

    def fields(self) -> ComposeResult:
        yield self.context(item_detail(self.item, self.view, self.me))

    async def save(self) -> ops.Done | None:
        return await self.writer.write(ops.unblock, self.item.item.key)
