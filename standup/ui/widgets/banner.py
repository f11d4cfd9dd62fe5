"""A problem with the board file, in words, on top of the last good board.

A damaged or unreadable file, or a lock that stays busy, must never show a traceback or
an empty board that looks like "no questions": the banner says what is wrong, that the
file was left alone, and that the board keeps trying.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from standup.ui import safe


class ProblemBanner(Static):
    """Hidden while there is no problem."""

    problem: reactive[str] = reactive("", init=False)

    def watch_problem(self, problem: str) -> None:
        self.set_class(bool(problem), "-shown")
        if problem:
            self.update(
                safe.join(
                    ("⚠ ", "bold"),
                    safe.line(problem),
                    Content(" — the board reloads as soon as the file changes."),
                )
            )
