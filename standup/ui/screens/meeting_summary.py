"""The record of a stand-up just ended (``e`` in the meeting): who spoke for how long,
who was absent or skipped, what was parked, raised and decided, and how long it took.
The same record ``standup list standups`` shows; ``escape`` goes back to the board."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from standup import meeting
from standup.records import Standup
from standup.text import one_line
from standup.ui import safe
from standup.ui.screens.meeting import CSS
from standup.ui.widgets.keybar import KeyBar
from standup.view import BoardView


def summary(standup: Standup, view: BoardView | None) -> Content:
    def name(login: str | None) -> str:
        found = view.board.name_of(login) if view is not None else None
        return one_line(found or login or "nobody")

    s = standup
    took = meeting.clock_text(s.duration_seconds or 0)
    lines: list[Content] = [
        safe.join(
            (f"Stand-up {s.key} · {s.date}", "bold"), f" · facilitator {name(s.facilitator)}"
        ),
        Content(f"Took {took}"),
        Content(""),
        Content.styled("Spoke", "bold"),
    ]
    spoke = meeting.spoken(s)
    for who, seconds in spoke.items():
        lines.append(safe.join(f"  {name(who):<20} ", meeting.clock_text(seconds)))
    if not spoke:
        lines.append(Content("  nobody"))
    for title, logins in (("Absent", s.absent), ("Skipped", s.skipped)):
        if logins:
            lines.append(safe.join((f"{title}: ", "bold"), ", ".join(name(x) for x in logins)))
    if s.parked:
        lines.append(Content.styled("Parked", "bold"))
        lines += [safe.join("  · ", safe.line(p)) for p in s.parked]
    if s.raised:
        lines.append(safe.join(("Raised: ", "bold"), ", ".join(s.raised)))
    if s.decisions:
        lines.append(Content.styled("Decisions", "bold"))
        for d in s.decisions:
            lines.append(Content(f"  {d.question} {d.outcome} ({name(d.by)})"))
    return Content("\n").join(lines)


class SummaryScreen(Screen[None]):
    """The ended stand-up's record."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding(
            "escape,enter",
            "back",
            "board",
            id="summary-back",
            tooltip="Back to the board (the record is kept: standup list standups)",
        )
    ]
    CSS_PATH = CSS

    def __init__(self, standup: Standup, view: BoardView | None) -> None:
        super().__init__(classes="summary-screen")
        self.standup = standup
        self.view_ = view

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Static(summary(self.standup, self.view_), id="summary-text")
        yield KeyBar(id="summary-keys")

    def action_back(self) -> None:
        self.dismiss(None)

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return []
