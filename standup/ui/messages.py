"""Messages the loader worker posts to the app (small dataclasses, coalesced)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from standup.ui.state import Loaded


@dataclass
class BoardLoaded(Message):
    """A fresh view of the board. A newer one replaces one still waiting in the queue."""

    loaded: Loaded

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, BoardLoaded)


@dataclass
class BoardProblem(Message):
    """The board file could not be read (damaged, unreadable, lock busy): one line."""

    problem: str

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, BoardProblem)


@dataclass
class PresenceChanged(Message):
    """Someone opened or closed the board, a heartbeat went stale, or this board's own
    heartbeat started or stopped working: the board is read again."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, PresenceChanged)
