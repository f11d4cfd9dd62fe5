"""The meeting's small forms: ask *for* the speaker (the ``a`` form, written in the
speaker's name — the OS login still records who typed it), block an item the speaker
owns (the ``b`` form with the owner filled in), and park a topic (``x``)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from textual.app import ComposeResult

from standup import ops
from standup.ui.dialogs.ask import AskDialog
from standup.ui.dialogs.base import FormDialog, field_input
from standup.ui.dialogs.block import BlockDialog
from standup.view import BoardView


class _AsSpeaker:
    """The app's ``write``, acting as ``login`` (the speaker) instead of this board's
    user; ``os_login`` stays the real one."""

    def __init__(self, app: Any, login: str) -> None:
        self.app = app
        self.login = login
        self.blink = getattr(app, "blink", True)

    async def write(self, op: Any, *args: Any, **kwargs: Any) -> Any:
        login = self.login

        @wraps(op)
        def as_speaker(store: Any, actor: ops.Actor, *a: Any, **kw: Any) -> Any:
            return op(store, ops.Actor(login, actor.os_login), *a, **kw)

        return await self.app.write(as_speaker, *args, **kwargs)


class AskForSpeaker(AskDialog):
    """``a`` in the meeting: a question asked by the current speaker."""

    def __init__(self, view: BoardView, speaker: str) -> None:
        super().__init__(view)
        self.speaker = speaker

    def heading(self) -> str:
        return f"Ask a question for {self.view.board.name_of(self.speaker)}"

    @property
    def writer(self) -> Any:
        return _AsSpeaker(self.app, self.speaker)


class BlockForSpeaker(BlockDialog):
    """``b`` in the meeting: an item the current speaker owns is stuck."""

    def __init__(self, view: BoardView, speaker: str) -> None:
        super().__init__(view)
        self.speaker = speaker
        self.initial["owner"] = speaker

    def heading(self) -> str:
        return f"Record a blocked item for {self.view.board.name_of(self.speaker)}"


class ParkDialog(FormDialog[ops.Done | None]):
    """``x``: a topic for after the stand-up, kept in its record."""

    TITLE_TEXT = "Park a topic"
    SAVE_WORD = "park"

    def fields(self) -> ComposeResult:
        yield self.row(
            "Topic",
            field_input(id="topic", placeholder="what to talk about afterwards", blink=self.blink),
        )

    async def save(self) -> ops.Done | None:
        return await self.writer.write(ops.park, self.value("topic"))
