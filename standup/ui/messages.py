"""Messages the loader worker posts to the app (coalesced).

Plain classes, not dataclasses: making a dataclass runs ``exec`` (~0.8 ms each), and
this module is imported before the board's first frame."""

from __future__ import annotations

from textual.message import Message

from standup.ui.state import Loaded


class BoardLoaded(Message):
    """A fresh view of the board. A newer one replaces one still waiting in the queue."""

    def __init__(self, loaded: Loaded) -> None:
        super().__init__()
        self.loaded = loaded

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, BoardLoaded)


class BoardProblem(Message):
    """The board file could not be read (damaged, unreadable, lock busy): one line."""

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, BoardProblem)


class PresenceChanged(Message):
    """Someone opened or closed the board, a heartbeat went stale, or this board's own
    heartbeat started or stopped working: the board is read again."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, PresenceChanged)
