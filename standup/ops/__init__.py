"""The operations people do, as plain functions over the store.

Each one validates its input before it writes, runs as one locked transaction, and is
shared by the CLI and the full-screen board. Each one appends its events to the board's
log in the same transaction (:func:`standup.events.append`) and returns
:class:`~standup.ops.common.Done`: the record, the events, and a note when nothing
changed.

The operations load on first use (``ops.ask`` imports :mod:`standup.ops.questions`):
the board opens with :class:`Actor` only, and a CLI command imports just its own module.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from standup.ops.common import Actor, Done

if TYPE_CHECKING:
    from standup.ops.absences import away, back, import_absences
    from standup.ops.checkins import checkin
    from standup.ops.decide import decide_answer, decide_assume, decide_delegate, decide_park
    from standup.ops.edit import Unchanged, edit_item, edit_question
    from standup.ops.items import block, unblock
    from standup.ops.meeting import (
        end_standup,
        facilitate,
        move_person,
        next_speaker,
        note_raised,
        park,
        previous_speaker,
        skip_speaker,
        start_standup,
    )
    from standup.ops.notes import add_note, remove_note
    from standup.ops.people import add_person, remove_person, set_hours, set_person
    from standup.ops.questions import answer, ask, review, withdraw
    from standup.ops.team import set_team

_WHERE = {
    "Unchanged": "edit",
    "decide_answer": "decide",
    "decide_assume": "decide",
    "decide_delegate": "decide",
    "decide_park": "decide",
    "edit_item": "edit",
    "edit_question": "edit",
    "block": "items",
    "unblock": "items",
    "start_standup": "meeting",
    "next_speaker": "meeting",
    "previous_speaker": "meeting",
    "skip_speaker": "meeting",
    "move_person": "meeting",
    "park": "meeting",
    "note_raised": "meeting",
    "end_standup": "meeting",
    "facilitate": "meeting",
    "add_note": "notes",
    "remove_note": "notes",
    "add_person": "people",
    "away": "absences",
    "back": "absences",
    "import_absences": "absences",
    "remove_person": "people",
    "set_hours": "people",
    "set_person": "people",
    "answer": "questions",
    "ask": "questions",
    "review": "questions",
    "withdraw": "questions",
    "checkin": "checkins",
    "set_team": "team",
}

__all__ = [
    "Actor",
    "Done",
    "Unchanged",
    "add_note",
    "add_person",
    "answer",
    "ask",
    "away",
    "back",
    "block",
    "checkin",
    "decide_answer",
    "decide_assume",
    "decide_delegate",
    "decide_park",
    "edit_item",
    "edit_question",
    "end_standup",
    "facilitate",
    "move_person",
    "next_speaker",
    "note_raised",
    "park",
    "previous_speaker",
    "skip_speaker",
    "start_standup",
    "import_absences",
    "remove_note",
    "remove_person",
    "review",
    "set_hours",
    "set_person",
    "set_team",
    "unblock",
    "withdraw",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"standup.ops.{module}"), name)
    globals()[name] = value  # once loaded, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
