"""History (``h``): how the team has been doing — the metrics of a window as numbers and
small weekly charts, the decision log (who decided what, what was overridden), and the
past stand-ups by date.

The window is the last 2 weeks (``1``, ``standup metrics``'s default), the last quarter
(``2``) or everything (``3``). The numbers are :func:`standup.metrics.compute`'s for that
window, as ``standup metrics --json`` prints them, so the screen and the CLI agree.

Reading years of history (the board *and* its archives, through
:func:`standup.archives.read_all`) and computing over it takes a moment, so a worker
starts it as the screen is made, in a forked child on another core
(:mod:`standup.ui.apart`; in its own thread it would take turns with the drawing): the
screen is drawn at once with a "computing…" line and filled in when the worker posts
its result. Its modules are imported in a worker once the board is
drawn (``StandupApp._preload``), off the board's first frame, so ``h`` pays no import.
A write anywhere (the board's revision moves) computes the window again. Nothing is
kept between windows: a snapshot of years of history is large, and many boards run side
by side on a shared server.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.containers import Container
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from standup.clock import system_zone
from standup.errors import StandupError
from standup.model import Event
from standup.text import one_line
from standup.ui import keys, safe
from standup.ui.apart import apart
from standup.ui.screens.meeting_text import breakpoint
from standup.ui.widgets.history_charts import HistoryCharts
from standup.ui.widgets.history_data import WINDOWS, History, Window, gather
from standup.ui.widgets.history_numbers import (
    DECISION_COLUMNS,
    STANDUP_COLUMNS,
    decision_detail,
    decision_row,
    numbers,
    standup_row,
    window_line,
)
from standup.ui.widgets.keybar import KeyBar
from standup.ui.widgets.table import BoardTable

if TYPE_CHECKING:
    from standup.store import Store
    from standup.ui.screens.board import BoardScreen
    from standup.view import BoardView

HERE = Path(__file__).resolve().parent.parent  # standup/ui, where the .tcss files are
COMPUTING = "computing…"


class HistoryScreen(Screen[None]):
    """Metrics, decisions and stand-ups of one window of the board's history."""

    BINDINGS = keys.HISTORY
    CSS_PATH = HERE / "history.tcss"  # parsed when history first opens
    AUTO_FOCUS = "#history-decisions"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (120, "-wide")]

    def __init__(self, board: BoardScreen, window: str = WINDOWS[0].id) -> None:
        # The breakpoint class the first resize would give it, given at once: added then,
        # it restyles every widget and lays the screen out again (~60 ms on a 2-core box).
        wide = breakpoint(self.HORIZONTAL_BREAKPOINTS, board.app.size.width)
        super().__init__(classes=f"history-screen {wide}")
        self.board = board
        self.chosen = window
        self.history: History | None = None  # of the chosen window, once computed
        self.problem = ""
        self._revision: int | None = None  # the board's, when the history was read
        self._shown: dict[str, tuple[str, list]] = {}  # Static id -> what it shows
        # The first fill starts now, while the screen is made and mounted (~20 ms), and
        # waits here if it is done first (see _fill).
        self._ready = False
        self._early: History | None = None
        self._start(window)

    def _put(self, widget_id: str, content: Content) -> None:
        """Show ``content`` in the Static ``widget_id`` only if it changed: each update
        lays the whole screen out again."""
        shown = (content.plain, list(content.spans))
        if self._shown.get(widget_id) != shown:
            self._shown[widget_id] = shown
            self.query_one(f"#{widget_id}", Static).update(content)

    # -- what it reads -----------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self.app.store  # type: ignore[attr-defined]

    def now(self) -> datetime:
        return self.app.clock()  # type: ignore[attr-defined]

    @property
    def tz(self) -> tzinfo:
        view: BoardView | None = self.board.view
        return view.tz if view is not None else system_zone()

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="history-window")
        with Container(id="history-top"):
            yield Static(Content(COMPUTING), id="history-numbers")
            yield HistoryCharts(id="history-charts")
        decisions = BoardTable(DECISION_COLUMNS, id="history-decisions", classes="history-box")
        decisions.border_title = "Decision log"
        yield decisions
        yield Static(id="history-detail")
        standups = BoardTable(STANDUP_COLUMNS, id="history-standups", classes="history-box")
        standups.border_title = "Past stand-ups"
        yield standups
        yield KeyBar(id="history-keys")

    def on_mount(self) -> None:
        self.watch(self.board, "view", self._board_changed, init=False)
        self._ready = True
        self._show_window(computing=True)
        if self._early is not None:
            self._fill(self._early)

    def _board_changed(self, view: BoardView | None) -> None:
        """Someone wrote: the history has moved on too (a tick alone changes nothing)."""
        if view is None or self._revision is None:
            return
        if view.board.revision != self._revision:
            self.choose(self.chosen)

    # -- the window --------------------------------------------------------------------

    def window(self, window_id: str) -> Window:
        return next(w for w in WINDOWS if w.id == window_id)

    def choose(self, window_id: str) -> None:
        """Show ``window_id``'s history: at once what is known, then compute it."""
        self._start(window_id)
        self._show_window(computing=True)

    def _start(self, window_id: str) -> None:
        self.chosen = window_id
        self.problem = ""
        view = self.board.view
        self._revision = view.board.revision if view is not None else None
        # the app and its store passed in: the worker's thread may run before this
        # screen is mounted, when it cannot find its app by itself
        self._compute(self.app, self.store, self.window(window_id), self.now(), self.tz)

    def action_window(self, window_id: str) -> None:
        if window_id != self.chosen or self.problem:
            self.choose(window_id)

    def _show_window(self, *, computing: bool = False) -> None:
        line = window_line(self.history, self.chosen, self.tz, self.now())
        if computing:
            line = line + Content.styled(f"  {COMPUTING}", "italic $standup-muted")
        elif self.problem:
            line = line + safe.join(("  cannot show it: ", "bold $standup-overdue"), self.problem)
        self._put("history-window", line)

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def _compute(
        self, app: App, store: Store, window: Window, now: datetime, tz: tzinfo
    ) -> History:
        history = apart(gather, store, window, now, tz)  # on another core
        if not get_current_worker().is_cancelled:
            app.call_from_thread(self._fill, history)
        return history

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "history" or event.state != WorkerState.ERROR:
            return
        error = worker.error
        if isinstance(error, StandupError):
            self.problem = one_line(error.line())
        else:  # a record standup cannot read: say so, and the board keeps going
            self.problem = one_line(f"{type(error).__name__}: {error}")
        self._show_window()
        if self.history is None or self.history.window.id != self.chosen:
            self._put("history-numbers", Content(""))

    # -- filling in --------------------------------------------------------------------

    def _fill(self, history: History) -> None:
        if not self._ready:
            self._early = history  # computed before the screen was mounted: on_mount fills
            return
        self._early = None
        if history.window.id != self.chosen or not self.is_attached:
            return  # another window was chosen meanwhile: its own worker fills it
        self.history = history
        with self.app.batch_update():  # one layout and one frame for the whole fill
            self._show_history(history)

    def _show_history(self, history: History) -> None:
        now, tz = history.until, self.tz
        self._show_window()
        self._put("history-numbers", numbers(history))
        self.query_one(HistoryCharts).show(history.metrics.get("weekly", []))
        decisions = self.query_one("#history-decisions", BoardTable)
        decisions.show([decision_row(e, history, now, tz) for e in history.decisions])
        shown = len(history.decisions)
        if not shown:
            decisions.border_title = "Decision log — no decisions in this window"
        else:
            more = f"the newest {shown}" if history.more_decisions else str(shown)
            decisions.border_title = f"Decision log ({more}, newest first)"
        standups = self.query_one("#history-standups", BoardTable)
        standups.show([standup_row(s, now, tz) for s in history.standups])
        standups.border_title = (
            f"Past stand-ups ({len(history.standups)}, newest first)"
            if history.standups
            else "Past stand-ups — no stand-ups yet"
        )
        self.show_detail()

    def selected_decision(self) -> Event | None:
        key = self.query_one("#history-decisions", BoardTable).selected_key
        if self.history is None or key is None:
            return None
        return next((e for e in self.history.decisions if e.key == key), None)

    def show_detail(self) -> None:
        detail = Content("")
        if self.history is not None:
            detail = decision_detail(self.selected_decision(), self.history, self.tz)
        self._put("history-detail", detail)

    def on_board_table_highlighted(self, event: BoardTable.Highlighted) -> None:
        if event.table.id == "history-decisions":
            self.show_detail()

    # -- keys --------------------------------------------------------------------------

    async def action_move(self, action: str) -> None:
        focused = self.focused
        table = focused if isinstance(focused, BoardTable) else None
        if table is None:
            table = self.query_one("#history-decisions", BoardTable)
        await table.run_action(action)

    def action_close(self) -> None:
        self.dismiss(None)
