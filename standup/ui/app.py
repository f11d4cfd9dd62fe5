"""The board app: keeps one :class:`BoardView` current and hands it to the screen.

Everything it needs is injected — the store, who acts, the clock, the config dir — so
tests run it on a temporary file at a fixed moment. It polls the store's cheap change
check (``os.stat``) a few times a second; when the file changed it re-reads it in a
worker thread and posts the new view. Without a write the board still moves on with the
clock: a timer set for the next moment anything changes by the clock alone (a needed-by,
an absence or office hours starting or ending; see :func:`state.next_change`) reloads it
then, so every open board shows a fallback taken at its needed-by, not up to a minute
later; a minute tick moves ages on. Writes go through :meth:`write`: an
:mod:`standup.ops` function in a worker thread, with this board's store, actor and clock.

Once the first frame is painted the board marks its user as on it (a heartbeat beside
the board file, every 30 s, in a worker; see :mod:`standup.presence` and
:mod:`standup.ui.heartbeat`) and takes the mark away when it closes. The poll also
watches the presence directory, so another board opening or closing shows within a poll.

Elsewhere: the themes are set up by :func:`standup.ui.themes.start_with`; what only runs
after the first frame is imported then: the palette's commands (:mod:`standup.ui.palette`),
the heartbeat's round, the inbox's news (:mod:`standup.ui.news`).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import WorkerFailed, get_current_worker

from standup import clock as standup_clock
from standup import presence
from standup.errors import StandupError
from standup.ops import Actor
from standup.store import Signature, Store
from standup.text import one_line
from standup.ui import keys, settings, state, themes
from standup.ui.early import Early
from standup.ui.look import VARIABLE_DEFAULTS
from standup.ui.messages import BoardLoaded, BoardProblem, PresenceChanged
from standup.ui.screens.board import BoardScreen
from standup.ui.widgets.foryou import not_read
from standup.view import BoardView

T = TypeVar("T")

HERE = Path(__file__).parent
POLL_S = 0.25  # the change check: an os.stat, ~0.07 % of a core at this rate
TICK_S = 60.0  # ages move on even when nobody writes
LATE_S = 0.02  # a clock-change timer fires this much after the moment, never before it
SOONEST_S = 0.1  # and never sooner than this: a fixed clock may sit just before a change


class StandupApp(App[None]):
    """The full-screen board on one store."""

    TITLE = "standup"
    CSS_PATH = HERE / "board.tcss"  # absolute: subclasses move; dialogs bring their own
    BINDINGS = keys.APP
    NOTIFICATION_TIMEOUT = 8

    def __init__(
        self,
        *,
        store: Store,
        actor: Actor,
        clock: Callable[[], datetime] = standup_clock.now,
        theme: str | None = None,
        config_dir: Path | None = None,
        poll_s: float = POLL_S,
        tick_s: float = TICK_S,
        blink: bool = True,
        read_only: bool = False,
        served: bool = False,
        first: Early | None = None,
        css_cache: str | None = None,
    ) -> None:
        self._variables_later = True  # see get_css_variables
        super().__init__()
        self._variables_later = False
        if css_cache is not None:  # the CSS parsed at the last start (see csscache)
            from standup.ui.csscache import CachedStylesheet

            self.stylesheet = CachedStylesheet.adopt(self.stylesheet, css_cache)
        from standup.locations import config_dir as default_config_dir

        self.store = store
        self.actor = actor
        self.clock = clock
        self.config_dir = config_dir if config_dir is not None else default_config_dir()
        self.poll_s = poll_s
        self.tick_s = tick_s
        self.blink = blink  # text cursors blink (tests turn it off)
        # ``standup serve``: in a browser as the login that started it; ``--read-only``:
        # no key writes (the store refuses too, see ``Store(read_only=True)``).
        self.read_only = read_only or getattr(store, "read_only", False)
        self.served = served
        self.view: BoardView | None = None
        self._signature: Signature | None = None
        self._pending: Signature | None | bool = False  # signature being loaded
        self._own: set[str] = set()  # record keys this board wrote since the last load
        self._change_timer: Timer | None = None  # reloads at the next change by the clock
        self._startup_notices: list[str] = []
        # Who has the board open: this board's heartbeat starts after the first frame.
        self.heartbeat = presence.Heartbeat(store.path, actor.login)
        self._board_path = str(store.path)
        self._presence_signature = presence.signature(self._board_path)
        self._theme_ready = False
        # ``first``: the files read by a child process while this one imported Textual
        start = first.result() if first is not None else None
        problems, flag_theme = themes.start_with(self, theme, self.config_dir, start)
        self._startup_notices += problems
        self._flag_theme = flag_theme  # a --theme to remember, once the board is up
        keymap, problems = keys.load_keymap(self.config_dir)
        self._startup_notices += problems
        self.keymap_overrides = keymap
        if keymap:
            self.set_keymap(keymap)
        # The first read happens here, before the first frame: painting an empty board
        # and then the real one would cost a second full render at start-up.
        self._changes_at: datetime | None = None
        self._reviews: int | None = state.FEW  # own reviews read in full (None: all)
        early = start.loaded if start is not None else None
        self._first: state.Loaded | str = early if early is not None else self._read()
        self._news: list[str] = []  # what this board has shown of the inbox, newest last
        self.inbox_turn = threading.Lock()  # one look at the inbox at a time (ui.news)
        self._briefed = False  # the return briefing opens once, with the first view

    # -- themes ------------------------------------------------------------------------

    def get_css_variables(self) -> dict[str, str]:
        """The theme's CSS variables; none while ``App.__init__`` makes the stylesheet
        with Textual's default theme, which :func:`themes.start_with` replaces at once
        with the board's own (computing them costs ~1 ms at every start)."""
        return {} if self._variables_later else super().get_css_variables()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(VARIABLE_DEFAULTS)

    def watch_theme(self, name: str) -> None:
        """Remember the theme chosen in the palette for next time."""
        if self._theme_ready:
            self._remember_theme(name)

    def _remember_theme(self, name: str) -> None:
        """Save ``name`` as the theme to start with (``--theme`` or the palette chose it)."""
        try:
            settings.remember_theme(self.config_dir, name)
        except OSError as exc:
            self.notify(
                f"cannot remember the theme in {self.config_dir}: {exc.strerror or exc}",
                severity="warning",
                markup=False,
            )

    # -- screens and commands ----------------------------------------------------------

    def get_default_screen(self) -> Screen:
        first, self._first = self._first, ""
        if isinstance(first, state.Loaded):
            self.view, self._signature = first.view, first.signature
            self._changes_at = first.changes_at  # timed in on_mount, when timers can run
            return self._board_screen(first.view)
        screen = self._board_screen(None)
        if first:
            screen.set_reactive(BoardScreen.problem, first)
            screen.set_class(True, "-broken")
        return screen

    def _board_screen(self, view: BoardView | None) -> BoardScreen:
        """The board; served or read-only, with the line that says so on top."""
        login = self.actor.login
        if not (self.served or self.read_only):
            return BoardScreen(login, view)
        from standup.ui.served import LimitedBoard, banner_text

        banner = banner_text(login, served=self.served, read_only=self.read_only)
        return LimitedBoard(login, view, banner=banner, read_only=self.read_only)

    @property
    def board_screen(self) -> BoardScreen:
        """The board (the first screen) while the app runs; see :meth:`_board`."""
        screen = self._board()
        assert screen is not None, "the board screen is gone: the app has closed"
        return screen

    def _board(self) -> BoardScreen | None:
        """The board screen, or ``None`` once the app is closing: its screens are gone
        while a reload worker may still deliver a view or a problem."""
        stack = self.screen_stack
        screen = stack[0] if stack else None
        return screen if isinstance(screen, BoardScreen) else None

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every board action in the palette (those that can run now), then Textual's
        (see :mod:`standup.ui.palette`)."""
        from standup.ui.palette import system_commands

        return system_commands(self, screen, super().get_system_commands(screen))

    def open_decision_round(self, standup_id: int | None = None) -> None:
        """The decision round, recorded in the stand-up ``standup_id`` when given."""
        from standup.ui.screens.decisions import DecisionRound

        self.push_screen(DecisionRound(standup_id))

    # -- loading -----------------------------------------------------------------------

    def on_mount(self) -> None:
        self._theme_ready = True
        if self._flag_theme:  # after the first frame: a file write is not worth delaying it
            self.call_after_refresh(self._remember_theme, self._flag_theme)
        # ``standup`` starts with the garbage collector off (see ``cli.run``): back on
        # once the first frame is painted.
        self.call_after_refresh(gc.enable)
        for problem in self._startup_notices:
            self.notify(one_line(problem), severity="warning", markup=False, timeout=12)
        if self.view is None:
            self.reload()
        else:
            self._time_next_change(self._changes_at)
            # The board is seen for a frame, then the briefing comes up over it, before
            # any key: its imports and compose are not on the way to the first frame.
            self.call_after_refresh(self._brief)
            self.call_after_refresh(self._look_at_inbox)  # not on the way to the first frame
        self.set_interval(self.poll_s, self._poll)
        self.set_interval(self.tick_s, self.reload)
        self.call_after_refresh(self._start_heartbeat)  # not on the way to the first frame
        self.call_after_refresh(self._keep_css)

    def _keep_css(self) -> None:
        """The CSS parsed for the first frame, kept for the next start (if it was parsed:
        see :mod:`standup.ui.csscache`)."""
        save = getattr(self.stylesheet, "save", None)
        if save is not None:
            save()

    def _start_heartbeat(self) -> None:
        self._beat()
        self.set_interval(presence.BEAT_S, self._beat)

    @work(thread=True, exclusive=True, group="presence", exit_on_error=False)
    def _beat(self) -> None:
        """Mark this board as open now; read the board again if who is on it changed
        (see :func:`standup.ui.heartbeat.beat`)."""
        from standup.ui import heartbeat

        heartbeat.beat(self)

    def on_presence_changed(self, _message: PresenceChanged) -> None:
        self.reload()

    def on_unmount(self) -> None:
        """The board closes (ctrl+q, SIGHUP, SIGTERM): its mark goes with it."""
        self.heartbeat.leave(self.clock())

    def _time_next_change(self, moment: datetime | None) -> None:
        """Reload at ``moment``, the next change by the clock (replacing an earlier timer).

        The delay is measured on the board's clock, so a fixed ``STANDUP_NOW`` just sees
        the same moment again at each reload (an unchanged view: nothing is redrawn).
        """
        if self._change_timer is not None:
            self._change_timer.stop()
            self._change_timer = None
        if moment is None:
            return
        delay = (moment - self.clock()).total_seconds()
        self._change_timer = self.set_timer(max(delay + LATE_S, SOONEST_S), self.reload)

    def _poll(self) -> None:
        seen = presence.signature(self._board_path)
        if seen != self._presence_signature:  # a board opened or closed: read again
            self._presence_signature = seen
            self.reload()
            return
        try:
            signature = self.store.signature()
        except StandupError as exc:
            self.post_message(BoardProblem(exc.line()))
            return
        if signature != self._signature and signature != self._pending:
            self._pending = signature
            self._load()

    def reload(self) -> None:
        """Read the board again now (after a write, on a tick, at a change by the clock)."""
        self._pending = False
        self._load()

    def _read(self) -> state.Loaded | str:
        """The board now, or the one line that says why it cannot be read."""
        try:
            return state.load(
                self.store,
                self.clock(),
                self.actor.login,
                state.Watch.of(self.view),
                self.heartbeat,
                self._reviews,
            )
        except StandupError as exc:
            return exc.line()
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            # valid JSON, but a record is not what standup writes: say so, keep going
            return (
                f"the board {self.store.path} has a record standup cannot read "
                f"({type(exc).__name__}: {exc}); the file was left as it is"
            )

    def read_every_review(self, every: bool = True) -> None:
        """While the return briefing is open the board reads every answer and assumption
        this person has to review (the board itself shows a few and counts the rest)."""
        wanted = None if every else state.FEW
        if wanted != self._reviews:
            self._reviews = wanted
            view = self.view
            if every and view is not None and not_read(view, self.actor.login):
                self.reload()

    @work(thread=True, exclusive=True, group="preload", exit_on_error=False)
    def _preload(self) -> None:
        """Import the meeting's and the history's screens in the background."""
        import standup.ops.meeting
        import standup.ui.screens.history
        import standup.ui.screens.meeting  # noqa: F401

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        result = self._read()
        if isinstance(result, str):
            self.post_message(BoardProblem(result))
        elif not get_current_worker().is_cancelled:
            self.post_message(BoardLoaded(result))

    def on_board_loaded(self, message: BoardLoaded) -> None:
        board = self._board()
        if board is None:  # quitting: the worker finished after the screens went
            return
        loaded = message.loaded
        old, new = self.view, loaded.view
        self.view = new
        if old is None:  # once the board is drawn: m and h then import nothing
            self.call_after_refresh(self._preload)
        self._signature = loaded.signature
        if self._pending == loaded.signature:
            self._pending = False
        if old is not None:
            from standup.ui import notices  # not needed before the first reload

            for n in notices.notices(old, new, self.actor.login, self._own):
                self.notify(n.message, title=n.title, severity=n.severity, markup=False)  # type: ignore[arg-type]
        self._own.clear()
        board.problem = ""
        board.view = new
        self._time_next_change(loaded.changes_at)
        if old is None:
            self._brief()
        self._look_at_inbox()

    @work(thread=True, exclusive=True, group="inbox", exit_on_error=False)
    def _look_at_inbox(self) -> None:
        """What is new in this person's inbox joins the For-you section, and is marked
        seen (see :mod:`standup.ui.news`). Off the first frame's path, in a worker, after
        each read; a read-only board (a wall screen) shows nothing of anyone's inbox and
        writes no marks."""
        if self.read_only:
            return
        from standup.ui import news

        news.look(self)

    def _brief(self) -> None:
        """The return briefing first, once, when there is anything for this person to
        review (the board's ``v``: it opens only then)."""
        board = self._board()
        if board is not None and not self._briefed:
            self._briefed = True
            # asked first: the briefing's module is imported only when it opens
            if board.check_action("review", ()):
                board.action_review()

    def on_board_problem(self, message: BoardProblem) -> None:
        board = self._board()
        if board is None:  # quitting
            return
        self._pending = False
        if board.problem != message.problem:
            board.problem = message.problem
            if self.view is not None:  # else the problem fills the screen already
                self.notify(one_line(message.problem), severity="error", markup=False, timeout=15)
        try:
            self._signature = self.store.signature()  # retry when the file changes again
        except StandupError:
            self._signature = None

    # -- writing -----------------------------------------------------------------------

    async def write(self, op: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``op(store, actor, *args, now=…, **kwargs)`` in a worker thread.

        Raises what the operation raises (``BadInput`` and other ``StandupError``\\ s
        carry the one line to show); on success the board reloads at once.
        """
        call = partial(op, self.store, self.actor, *args, now=self.clock(), **kwargs)
        worker = self.run_worker(
            call, thread=True, exit_on_error=False, group="write", name=op.__name__
        )
        try:
            result = await worker.wait()
        except WorkerFailed as failed:
            raise failed.error from None
        # The records this board wrote: their live notices are not announced back to it.
        record = getattr(result, "record", result)  # ops.Done, the shape every write returns
        for one in record if isinstance(record, list) else [record]:
            key = getattr(one, "key", None)
            if isinstance(key, str):
                self._own.add(key)
        self.reload()
        return result
