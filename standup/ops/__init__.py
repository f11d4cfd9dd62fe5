"""The operations people do, as plain functions over the store.

Each one validates its input before it writes, runs as one locked transaction, and is
shared by the CLI and the full-screen board.
"""

from standup.ops.common import Actor
from standup.ops.items import block, unblock
from standup.ops.notes import add_note, remove_note
from standup.ops.people import add_person, away, back, set_hours
from standup.ops.questions import answer, ask, review, withdraw

__all__ = [
    "Actor",
    "add_note",
    "add_person",
    "answer",
    "ask",
    "away",
    "back",
    "block",
    "remove_note",
    "review",
    "set_hours",
    "unblock",
    "withdraw",
]
