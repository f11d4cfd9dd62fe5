"""``standup`` with no command: open the board. Imported by the CLI, so it stays light —
Textual is imported only inside :func:`run_board`, when the board really opens."""

from __future__ import annotations

import os
import signal
import sys
from typing import TYPE_CHECKING

from standup.errors import StandupError

if TYPE_CHECKING:
    from pathlib import Path

    from standup.ui.early import Early

# Signals that end the board the way ctrl+q does: the terminal is restored, and the
# ``--demo`` board's temporary folder is removed. SIGHUP comes when the terminal (an ssh
# session, a tmux window) goes away; SIGTERM from ``kill`` or a shutdown.
QUIT_SIGNALS = (signal.SIGHUP, signal.SIGTERM)
# After such a signal the board gets this long to close as ctrl+q closes it; then the
# process ends at once (its presence mark taken away first). A terminal that went away
# can leave Textual's shutdown waiting forever on an output queue nobody drains (seen
# in tmux: ~1 board in 3 killed with its session just after the first frame stayed,
# idle, holding its memory), so the signal alone must be enough to end the process.
GRACE_S = 1.0  # an unarchived board of 100,000 records closes in ~0.13 s


class NotATerminal(StandupError):
    """The full-screen board was asked for where there is no terminal to draw it on."""


# What ``textual-serve`` sets for each browser session it starts (textual_serve's
# AppService): the app then talks to the browser through its stdin and stdout, which are
# pipes, not a terminal. ``standup serve`` runs the board that way (see standup.serve).
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


def served() -> bool:
    """True in a browser session started by ``standup serve`` (textual-serve's driver)."""
    return os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


def need_terminal() -> None:
    """Refuse at once (never hang) unless stdin and stdout are both a terminal, or the
    board is being served to a browser (:func:`served`)."""
    if served():
        return
    missing = [
        name for name, stream in (("stdin", sys.stdin), ("stdout", sys.stdout)) if not _tty(stream)
    ]
    if missing:
        raise NotATerminal(
            f"the board needs a terminal, and {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not one; for the board as text, "
            "run: standup status"
        )


def _tty(stream: object) -> bool:
    try:
        return bool(stream is not None and stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False


def run_board(
    *,
    db: str | None = None,
    user: str | None = None,
    theme: str | None = None,
    demo: bool = False,
    read_only: bool = False,
) -> int:
    """Open the full-screen board on ``db`` (or a sample team with ``demo``) as ``user``;
    ``read_only``: no key writes, and the store refuses every write.

    Bad input (``--user``) raises :class:`standup.errors.BadInput` for the CLI to print;
    no terminal raises :class:`NotATerminal`.
    """
    need_terminal()
    path = first = None
    if not demo:
        from standup.locations import db_path
        from standup.ui import early

        # The first read starts now, in a child process, while this one imports the
        # core and Textual (a bad --user or file: the child gives nothing, and the
        # lines below say what is wrong, as they would without it).
        path = db_path(db)
        first = early.start(path, user)
    try:
        return _open(path, user=user, theme=theme, read_only=read_only, first=first)
    finally:
        if first is not None:
            first.cancel()  # a no-op once the app took it


def _open(
    path: str | None,
    *,
    user: str | None,
    theme: str | None,
    read_only: bool,
    first: Early | None,
) -> int:
    """The board on the file at ``path``, or (``None``) on a sample team: ``--demo``."""
    from standup import clock, ops
    from standup.locations import config_dir
    from standup.store import Store

    actor = ops.Actor.from_env(user)
    clock.now()  # a bad $STANDUP_NOW is one line and exit 2 here, not a notice on screen
    if path is None:
        import shutil
        import tempfile
        from functools import partial
        from pathlib import Path

        # Until the board's event loop takes the signals over, a signal while the sample
        # team is written unwinds the ``with`` as well (SystemExit), so the folder goes.
        for signum in QUIT_SIGNALS:
            signal.signal(signum, _exit_now)
        with tempfile.TemporaryDirectory(prefix="standup-demo-") as folder:
            from standup.ui.demo import build_demo

            build_demo(Store(Path(folder) / "board.json"), actor, clock.now())
            store = Store(Path(folder) / "board.json", read_only=read_only)
            gone = partial(shutil.rmtree, folder, ignore_errors=True)
            return _run(store, actor, theme, config_dir(), gone)
    store = Store(path, read_only=read_only, archive_daily=True)
    return _run(store, actor, theme, config_dir(), first=first)


def _exit_now(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _end_now(app, code: int, cleanup) -> None:  # noqa: ANN001
    """End the process now: a signal asked the board to close :data:`GRACE_S` ago and
    it has not. Its mark on the board goes first (best effort), and ``cleanup`` runs."""
    try:
        app.heartbeat.leave(app.clock())
        if cleanup is not None:
            cleanup()
    finally:
        os._exit(code)


def _run(store, actor, theme: str | None, config: Path, cleanup=None, first=None) -> int:  # noqa: ANN001
    """Run the board until it is closed; ``cleanup`` (the demo's folder) also runs if a
    signal has to end the process (see :data:`GRACE_S`); ``first`` is the first read,
    started early (see :mod:`standup.ui.early`)."""
    import asyncio
    import threading

    from standup import clock
    from standup.locations import cache_dir
    from standup.ui.app import StandupApp
    from standup.ui.csscache import NAME

    # Textual hands each frame to a writer thread. With CPython's default 5 ms switch
    # interval a busy event loop keeps a finished frame from the terminal for ~5 ms
    # (measured at the first frame, which is followed by a burst of work); at 1 ms the
    # writer gets the GIL as soon as a frame is queued, as in an idle hello-world app.
    sys.setswitchinterval(0.001)

    app = StandupApp(
        store=store,
        actor=actor,
        clock=clock.now,
        theme=theme,
        config_dir=config,
        read_only=store.read_only,
        served=served(),
        first=first,
        css_cache=os.path.join(cache_dir(), NAME),
    )
    ended_by: list[int] = []

    def on_signal(signum: int) -> None:
        ended_by.append(signum)
        app.exit(return_code=128 + signum)
        if len(ended_by) == 1:
            watchdog = threading.Timer(GRACE_S, _end_now, (app, 128 + signum, cleanup))
            watchdog.daemon = True  # an ordinary close ends the process before it fires
            watchdog.start()

    async def run_app() -> None:
        # ``App.run`` is ``run_async`` in a new event loop; here the loop also turns
        # SIGHUP/SIGTERM into an ordinary exit, so ``run_board``'s ``with`` blocks unwind.
        loop = asyncio.get_running_loop()
        for signum in QUIT_SIGNALS:
            loop.add_signal_handler(signum, on_signal, signum)
        try:
            await app.run_async()
        finally:
            for signum in QUIT_SIGNALS:
                loop.remove_signal_handler(signum)

    asyncio.run(run_app())
    if ended_by:
        return 128 + ended_by[0]
    return app.return_code or 0
