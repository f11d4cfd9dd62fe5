"""A problem with the board file, in words, on top of the last good board.

A damaged or unreadable file, or a lock that stays busy, must never show a traceback or
an empty board that looks like "no questions": the banner says what is wrong, that the
file was left alone, and that the board keeps trying. A readable board with damaged
*records* shows normally, and the banner names them (the view's ``board.damaged``).
Last comes a presence directory (or heartbeat file) standup refuses to use: the board
works, but who has it open cannot be shown (the view's ``presence.problem``).
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from standup.render import damaged_summary
from standup.ui import safe
from standup.view import BoardView


def has_problem(problem: str, view: BoardView | None) -> bool:
    """Whether the banner has anything to say: a problem with the file, damaged records,
    or a presence problem (the board mounts it only then, see ``BoardScreen``)."""
    if problem:
        return True
    if view is None:
        return False
    return bool(view.board.damaged) or (view.presence is not None and bool(view.presence.problem))


class ProblemBanner(Static):
    """Hidden while there is no problem and no damaged record."""

    problem: reactive[str] = reactive("", init=False)
    view: reactive[BoardView | None] = reactive(None, init=False)

    def watch_problem(self) -> None:
        self._show()

    def watch_view(self) -> None:
        self._show()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        problem = self.problem
        damaged = self.view.board.damaged if self.view is not None else ()
        seen = self.view.presence if self.view is not None else None
        presence = seen.problem if seen is not None else None
        self.set_class(has_problem(problem, self.view), "-shown")
        if problem:  # the file itself: it wins over the last good view's records
            self.update(
                safe.join(
                    ("⚠ ", "bold"),
                    safe.line(problem),
                    Content(" — the board reloads as soon as the file changes."),
                )
            )
        elif damaged:
            self.update(safe.join(("⚠ ", "bold"), safe.line(damaged_summary(damaged))))
        elif presence:
            self.update(safe.join(("⚠ ", "bold"), safe.line(presence)))
