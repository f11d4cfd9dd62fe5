"""``w``: mark yourself away (until when, who decides meanwhile, a note) — or, when you
are away now, back. One key, because people think of it as one switch."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content

from standup import ops
from standup.model import ABSENCE_KINDS, Absence
from standup.render import person_status, when, who
from standup.ui import safe
from standup.ui.dialogs.base import FormDialog, field_input, optional
from standup.ui.dialogs.words import FIELD
from standup.view import BoardView, PersonState


def who_decides(view: BoardView, login: str) -> str:
    """The delegate field's placeholder: who decides for ``login`` if they go away now
    and leave the field empty — their standing delegate, or whoever the delegate chain
    reaches (the same route the board shows for questions), or nobody until a time."""
    from standup.availability import who_can_answer

    board = view.board
    gone = Absence(id=0, who=login, start=view.now)  # away from now, until back
    absences = {**board.absences, login: [*board.absences_of(login), gone]}
    route = who_can_answer(login, board.people, absences, view.now, board.zone_of(login))
    person = board.people.get(login)
    standing = person.delegate if person else None
    if route.login is not None:
        if route.login == standing:
            why = "your standing delegate"
        else:  # the chain went past someone
            why = f"{who(view, standing)} is not available" if standing else "delegate chain"
        return f"empty: {who(view, route.login)} decides ({why})"
    if route.at is not None:
        return f"empty: nobody decides until {when(route.at, view.now, view.tz)}"
    if standing is None:
        return "empty: nobody decides (you name no standing delegate)"
    return "empty: nobody decides (your delegates are away)"


class AwayDialog(FormDialog[ops.Done | None]):
    """The form of ``standup away --until … --delegate … --note …``."""

    TITLE_TEXT = "Away"
    SAVE_WORD = "go away"

    def __init__(self, view: BoardView, login: str) -> None:
        super().__init__()
        self.view = view
        self.login = login

    def fields(self) -> ComposeResult:
        blink = self.blink
        others = [login for login in self.view.board.people if login != self.login]
        yield self.row(
            FIELD["--until"],
            field_input(id="until", placeholder="until back · tomorrow 9am · fri 5pm", blink=blink),
        )
        yield self.row(
            FIELD["--delegate"],
            field_input(
                id="delegate",
                placeholder=who_decides(self.view, self.login),
                suggestions=others,
                blink=blink,
            ),
        )
        yield self.row(
            FIELD["--note"], field_input(id="note", placeholder="(optional)", blink=blink)
        )
        yield self.row(
            FIELD["--kind"],
            field_input(
                id="kind",
                placeholder=" · ".join(ABSENCE_KINDS),
                suggestions=ABSENCE_KINDS,
                blink=blink,
            ),
        )

    async def save(self) -> ops.Done | None:
        return await self.writer.write(
            ops.away,
            until=optional(self.value("until")),
            delegate=optional(self.value("delegate")),
            note=optional(self.value("note")),
            kind=self.value("kind").strip() or "away",
        )


class BackDialog(FormDialog[ops.Done | None]):
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

    async def save(self) -> ops.Done | None:
        return await self.writer.write(ops.back)
