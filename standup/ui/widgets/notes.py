"""Pinned notes: context from the PM (goals, what users say), numbered as ``standup note
--remove N`` expects."""

from __future__ import annotations

from textual.content import Content

from standup.ui import safe
from standup.ui.widgets.sections import TextSection
from standup.view import BoardView


class NotesSection(TextSection):
    """The pinned notes box."""

    BORDER_TITLE = "Notes"

    def render_view(self, view: BoardView) -> None:
        notes = list(view.board.notes.values())
        self.border_title = Content(f"Notes ({len(notes)})")
        lines = [safe.join((f"{n.id}. ", "$standup-muted"), safe.line(n.text)) for n in notes]
        if not lines:
            lines = [Content.styled('No pinned notes — standup note "…"', "$standup-muted")]
        self.update(Content("\n").join(lines))
