"""Record a blocked item (``b``): what is stuck, on what (a question, a person or
anything outside), whose work it is. Opened from a selected question, it waits on it.

``e`` on a blocked item opens the same form filled in with it: the form of ``standup
edit B<n>`` (title, what it waits on, owner; only the fields changed are sent).
"""

from __future__ import annotations

from textual.app import ComposeResult

from standup import ops
from standup.errors import BadInput
from standup.ui.dialogs.base import FormDialog, field_input, optional
from standup.ui.dialogs.words import FIELD
from standup.view import BoardView, ItemState


class BlockDialog(FormDialog[ops.Done | None]):
    """The form of ``standup block TITLE --on … --owner …``; with ``editing``, of
    ``standup edit B<n>``."""

    TITLE_TEXT = "Record a blocked item"
    SAVE_WORD = "block"

    def __init__(
        self, view: BoardView, *, on: str | None = None, editing: ItemState | None = None
    ) -> None:
        super().__init__()
        self.view = view
        self.on = on
        self.editing = editing
        item = editing.item if editing else None
        self.initial: dict[str, str] = {
            "title": item.title if item else "",
            "on": (item.on or "") if item else (on or ""),
            "owner": item.owner if item else "",
        }

    def heading(self) -> str:
        return f"Edit {self.editing.item.key}" if self.editing else self.TITLE_TEXT

    def fields(self) -> ComposeResult:
        blink, initial = self.blink, self.initial
        logins = list(self.view.board.people)
        open_ids = [s.q.key for s in self.view.open_questions]
        yield self.row(
            FIELD["--title"],
            field_input(
                id="title", value=initial["title"], placeholder="what is stuck?", blink=blink
            ),
        )
        yield self.row(
            FIELD["--on"],
            field_input(
                id="on",
                value=initial["on"],
                placeholder="Q<n>, a person, or what (e.g. the vendor API)",
                suggestions=[*open_ids, *logins],
                blink=blink,
            ),
        )
        yield self.row(
            FIELD["--owner"],
            field_input(
                id="owner",
                value=initial["owner"],
                placeholder="you",
                suggestions=logins,
                blink=blink,
            ),
        )
        if self.editing is None:
            yield self.row(
                FIELD["--note"], field_input(id="note", placeholder="(optional)", blink=blink)
            )

    async def save(self) -> ops.Done | None:
        if self.editing is not None:
            return await self._save_edit()
        return await self.writer.write(
            ops.block,
            self.value("title"),
            on=optional(self.value("on")),
            owner=optional(self.value("owner")),
            note=optional(self.value("note")),
        )

    async def _save_edit(self) -> ops.Done | None:
        """Only what changed is sent; an emptied field is refused (an item always has a
        title and an owner, and waits on something)."""
        assert self.editing is not None
        key = self.editing.item.key
        changes = {
            field: self.value(field)
            for field in ("title", "on", "owner")
            if self.value(field) != self.initial[field]
        }
        if "owner" in changes and not changes["owner"].strip():
            raise BadInput("--owner is empty", "--owner bruno")
        try:
            if not changes:
                raise ops.Unchanged(self.editing.item)
            return await self.writer.write(ops.edit_item, key, **changes)
        except ops.Unchanged:
            self.notify(f"{key}: nothing changed", markup=False)
            return None
