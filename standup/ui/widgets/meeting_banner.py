""" "Stand-up in progress — Carla speaking (1:23)" on every open board.

Read from the shared file like everything else (the board's view carries the running
stand-up, see :mod:`standup.ui.state`), so every board shows a speaker change within the
board's poll; the m:ss then ticks on this board's own clock, once a second, only while
a stand-up runs. Hidden (not laid out) otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from standup.ui import safe
from standup.view import BoardView

if TYPE_CHECKING:
    from standup.records import Standup

TICK_S = 1.0


def running(view: BoardView) -> Standup | None:
    """The stand-up running on the view's board. With no stand-up on the board (the
    board's first frame, most days) :mod:`standup.meeting` is not even imported."""
    if not view.board.standups:
        return None
    from standup import meeting

    return meeting.running(view.board)


def banner_line(view: BoardView, now_seconds: int | None = None) -> str | None:
    """The banner's words for ``view``, or ``None`` when no stand-up runs."""
    standup = running(view)
    if standup is None:
        return None
    from standup import meeting

    speaker = standup.speaker
    if speaker is None:
        return f"Stand-up in progress ({standup.key}) — between speakers · m to follow it"
    seconds = (
        now_seconds if now_seconds is not None else meeting.speaking_seconds(standup, view.now)
    )
    name = view.board.name_of(speaker) or speaker
    return (
        f"Stand-up in progress — {name} speaking ({meeting.clock_text(seconds)}) · m to follow it"
    )


class MeetingBanner(Static):
    """One line under the header while a stand-up runs on this board."""

    DEFAULT_CSS = """
    MeetingBanner { display: none; height: 1; padding: 0 1; background: $accent-muted; }
    MeetingBanner.-shown { display: block; }
    """

    view: reactive[BoardView | None] = reactive(None, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._timer: Timer | None = None

    def on_mount(self) -> None:
        self.show()

    def watch_view(self) -> None:
        self.show()

    def show(self) -> None:
        """Redraw from the view at this board's clock now."""
        view = self.view
        standup = running(view) if view is not None else None
        if view is None or standup is None:
            self.set_class(False, "-shown")
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            return
        from standup import meeting

        clock = getattr(self.app, "clock", None)
        seconds = meeting.speaking_seconds(standup, clock()) if clock else None
        line = banner_line(view, seconds)
        self.update(safe.join(("● ", "bold"), safe.line(line)))
        self.set_class(True, "-shown")
        if self._timer is None:
            self._timer = self.set_interval(TICK_S, self.show)
