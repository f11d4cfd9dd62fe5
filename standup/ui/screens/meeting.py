"""The stand-up meeting (``m``): the speaker large, their timer, their update, the order.

One board runs the meeting (its ``runner``): its keys move the speaker, park topics,
ask and block for the speaker, and end it, each one write of :mod:`standup.ops.meeting`
through the app. Any other board that presses ``m`` follows it: the same screen, from
the shared file, without the keys that change it (``check_action`` hides them); when
the running board has given no sign of life for a minute, ``t`` takes it over.

Timers read the app's clock (injected in tests), once a second while the screen is up;
the stored record holds when the speaker started, so every board shows the same time.
``escape`` goes back to the board; the meeting keeps running and the board shows it.

This module holds what the screen shows; its keys are in
:mod:`standup.ui.screens.meeting_keys`, the words it draws in
:mod:`standup.ui.screens.meeting_text`.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, Static

from standup import meeting, ops
from standup.errors import StandupError
from standup.records import Standup
from standup.text import one_line
from standup.ui import keys, safe
from standup.ui.screens.meeting_keys import MeetingKeys
from standup.ui.screens.meeting_text import (
    breakpoint,
    clocks,
    order_lines,
    parked_line,
    speaker_update,
)
from standup.ui.widgets.keybar import KeyBar
from standup.view import BoardView

if TYPE_CHECKING:
    from standup.ui.screens.board import BoardScreen

TICK_S = 1.0
CSS = Path(__file__).parent.parent / "meeting.tcss"


async def open_meeting(board: BoardScreen) -> None:
    """``m`` on the board: start the stand-up when none runs, else open the running one
    (run from here when this board's user runs it, else followed)."""
    app: Any = board.app
    view = board.view
    if view is None:
        board.notify("the board has not been read yet; try m again in a moment", markup=False)
        return
    running = meeting.running(view.board)
    if running is not None:
        app.push_screen(MeetingScreen(board, running))
        return
    if app.read_only:
        board.notify("no stand-up is running (this board is read-only)", markup=False)
        return
    if not view.board.people:  # refused: the write says why, with an example
        try:
            await app.write(ops.start_standup)
        except StandupError as exc:
            board.notify(exc.line(), severity="error", markup=False)
        return
    # Drawn at once from the plan the start will store, then written in the background
    # (the locked write of the whole board made the first ``m`` cost it); the written
    # record replaces it, a refused start goes back to the board with its line.
    from standup.ops.meeting import planned

    absent = [p.login for p in view.people if not p.status.available]
    preview = planned(view.board, app.actor, app.clock(), absent=absent)
    app.push_screen(MeetingScreen(board, preview, starting=True))


class MeetingScreen(MeetingKeys, Screen[None]):
    """The running stand-up, run from this board or followed."""

    BINDINGS = keys.MEETING
    CSS_PATH = CSS
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012

    def __init__(self, board: BoardScreen, standup: Standup, *, starting: bool = False) -> None:
        # The breakpoint class the first resize would give it, given at once: added then,
        # it restyles every widget and lays the screen out again.
        wide = breakpoint(self.HORIZONTAL_BREAKPOINTS, board.app.size.width)
        super().__init__(classes=f"meeting-screen {wide}")
        self.board = board
        self.login = board.login
        self.standup = standup
        self.selected: int | None = standup.current
        self.ended = False
        self._timer: Timer | None = None
        self._busy = False
        self._writing = asyncio.Lock()  # the meeting's writes, one at a time, in key order
        self._moves = 0  # speaker changes shown whose write has not finished
        self._written = standup  # as last read or written by this board
        self._shown: dict[str, tuple[str, list[Any]]] = {}  # widget id -> what it shows
        self.starting = starting  # shown from the plan; the start not yet written

    def _put(self, widget_id: str, content: Content) -> None:
        """Show ``content`` in the Static ``widget_id``, only if it changed: each update
        lays the screen out again and redraws it, and most calls (a tick, a reload after
        this board's own write, another board's write) change one line or nothing."""
        shown = (content.plain, list(content.spans))
        if self._shown.get(widget_id) == shown:
            return
        self._shown[widget_id] = shown
        self.query_one(f"#{widget_id}", Static).update(content)

    # -- state -------------------------------------------------------------------------

    @property
    def view(self) -> BoardView | None:
        return self.board.view

    @property
    def runs_it(self) -> bool:
        """Does this board run the meeting (else it follows)?"""
        app: Any = self.app
        return (self.standup.runner or self.standup.facilitator) == self.login and not (
            app.read_only or self.ended
        )

    def now(self):  # noqa: ANN201
        return self.app.clock()  # type: ignore[attr-defined]

    def silent(self) -> bool:
        """Has the running board given no sign of life for a minute?"""
        view = self.view
        runner = self.standup.runner or self.standup.facilitator
        seen = view.presence.seen_at(runner) if view and view.presence else None
        return not meeting.alive(self.standup, self.now(), seen)

    def compose(self) -> ComposeResult:
        yield Static(id="meeting-title")
        with Horizontal(id="meeting-body"):
            with Vertical(id="meeting-now"):
                yield Static(id="speaker-name")
                with Horizontal(id="speaker-timer"):
                    yield Digits("0:00", id="speaker-clock")
                    yield Static(id="speaker-box")
                yield Static(id="speaker-update")
            yield Static(id="meeting-order")
        yield Static(id="meeting-parked")
        yield KeyBar(id="meeting-keys")

    def on_mount(self) -> None:
        self.watch(self.board, "view", self._view_changed, init=False)
        self._timer = self.set_interval(TICK_S, self.tick)
        self.show()
        if self.starting:
            self.run_worker(self._start, group="meeting-moves")

    async def _start(self) -> None:
        """Write the start shown from the plan (first of the meeting's writes, so a key
        pressed meanwhile is written after it); refused (someone started one a moment
        before, the file cannot be written): back to the board, with the line."""
        done = await self._drive(ops.start_standup)
        self.starting = False
        if done is None and self.is_current:
            self.dismiss(None)

    def _view_changed(self, view: BoardView | None) -> None:
        if view is None:
            return
        found = view.board.standups.get(self.standup.id)
        if self.starting:  # the start is being written: this view was read before it
            self.show()
            return
        if found is None or not found.running:
            if not self.ended and self.standup.running and not self._busy:
                self._check_ended()  # ended elsewhere? (a view read before it began: no)
        elif not self._moves and (found.beat_at or found.started_at) >= (
            self.standup.beat_at or self.standup.started_at
        ):
            # never an older read over this board's own write, or over a move shown
            self.standup = self._written = found
        self.show()

    @work(thread=True, exclusive=True, group="meeting-ended", exit_on_error=False)
    def _check_ended(self) -> None:
        """Read this stand-up from the file itself: the board's view carries running
        stand-ups only, and one read before this meeting began does not have it yet."""
        app: Any = self.app
        try:
            doc = app.store.read(lazy=True).table("standups").get(self.standup.id)
        except StandupError:
            return  # the board's own read says what is wrong with the file
        if doc is None or doc.get("ended_at") is not None:
            self.app.call_from_thread(self._ended_elsewhere)

    def _ended_elsewhere(self) -> None:
        self.ended = True
        self.show()

    def _took(self, standup: Standup) -> None:
        self.standup = standup
        self.show()

    def tick(self) -> None:
        """The clocks move on (the app's clock: a test sets it and calls this)."""
        self.show_clocks()
        silent = self.silent()
        if silent != getattr(self, "_silent", None):
            self._silent = silent
            self.refresh_bindings()
            self.show_title()

    # -- drawing -----------------------------------------------------------------------

    def show(self) -> None:
        self.show_title()
        self.show_clocks()
        self.show_speaker()
        self.show_order()
        self.show_parked()
        self.refresh_bindings()

    def called(self, login: str | None) -> str:
        view = self.view
        if login is None:
            return "nobody"
        return one_line((view.board.name_of(login) if view else None) or login)

    def show_title(self) -> None:
        s = self.standup
        runner = s.runner or s.facilitator
        parts: list[Any] = [(f"Stand-up {s.key}" if s.id else "Stand-up", "bold")]
        parts.append(f" · facilitator {self.called(s.facilitator)}")
        if self.ended:
            parts.append((" · ended", "bold"))
        elif self.runs_it:
            parts.append(" · you run it")
        elif self.silent():
            parts.append((f" · run by {self.called(runner)}, silent: t takes over", "bold"))
        else:
            parts.append(f" · run by {self.called(runner)} — you follow it")
        self._put("meeting-title", safe.join(*parts))

    def show_clocks(self) -> None:
        team = self.view.board.team if self.view else None
        text, over, box = clocks(self.standup, team, self.now())
        digits = self.query_one("#speaker-clock", Digits)
        if digits.value != text:
            digits.update(text)
        digits.set_class(over, "-over")
        self._put("speaker-box", box)

    def show_speaker(self) -> None:
        s, view = self.standup, self.view
        if s.speaker is None:
            done = bool(s.spoke or s.skipped) or self.ended
            said = "Everyone has spoken" if done else "Nobody speaks"
            self._put("speaker-name", Content.styled(said, "bold"))
            hint = "e ends the stand-up; p goes back" if self.runs_it and done else ""
            self._put("speaker-update", Content(hint))
            return
        self._put(
            "speaker-name", safe.join(("▶ ", "bold"), (self.called(s.speaker), "bold $accent"))
        )
        self._put("speaker-update", speaker_update(view, s.speaker) if view else Content(""))

    def show_order(self) -> None:
        selected = self.selected if self.runs_it else None
        lines = order_lines(self.standup, selected, self.called)
        self._put("meeting-order", lines)

    def show_parked(self) -> None:
        self._put("meeting-parked", parked_line(self.standup, self.ended))
