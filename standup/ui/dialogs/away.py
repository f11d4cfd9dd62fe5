"""``w``: mark yourself away (until when, who decides meanwhile, a note) — or, when you
are away now, back. One key, because people think of it as one switch."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content

from standup import ops
from standup.model import ABSENCE_KINDS, Absence
from standup.render import person_status
from standup.ui import safe
from standup.ui.dialogs.base import FormDialog, field_input, optional
from standup.view import BoardView, PersonState


class AwayDialog(FormDialog[Absence | None]):
    """The form of ``standup away --until … --delegate … --note …``."""

    TITLE_TEXT = "Away"
    SAVE_WORD = "go away"

    def __init__(self, view: BoardView, login: str) -> None:
        super().__init__()
        self.view = view
        self.login = login

    def fields(self) -> ComposeResult:
        blink = self.blink
        me = self.view.person(self.login)
        standing = me.person.delegate if me.person else None
        others = [login for login in self.view.board.people if login != self.login]
        yield self.row(
            "Until",
            field_input(id="until", placeholder="until back · tomorrow 9am · fri 5pm", blink=blink),
        )
        yield self.row(
            "Delegate",
            field_input(
                id="delegate",
                placeholder=f"who decides meanwhile ({standing or 'nobody named'})",
                suggestions=others,
                blink=blink,
            ),
        )
        yield self.row("Note", field_input(id="note", placeholder="(optional)", blink=blink))
        yield self.row(
            "Kind",
            field_input(
                id="kind",
                placeholder=" · ".join(ABSENCE_KINDS),
                suggestions=ABSENCE_KINDS,
                blink=blink,
            ),
        )

    async def save(self) -> Absence | None:
        return await self.writer.write(
            ops.away,
            until=optional(self.value("until")),
            delegate=optional(self.value("delegate")),
            note=optional(self.value("note")),
            kind=self.value("kind").strip() or "away",
        )


class BackDialog(FormDialog[list[Absence] | None]):
    """The form of ``standup back``: ends the absence in force now."""

    TITLE_TEXT = "Back?"
    SAVE_WORD = "I am back"

    def __init__(self, me: PersonState, view: BoardView) -> None:
        super().__init__()
        self.me = me
        self.view = view

    def fields(self) -> ComposeResult:
        yield self.context(
            safe.join(
                "You are ",
                safe.line(person_status(self.me, self.view), "bold"),
                Content(".\nMark yourself back now? Your office hours still apply."),
            )
        )

    async def save(self) -> list[Absence] | None:
        return await self.writer.write(ops.back)
