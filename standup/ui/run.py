"""``standup`` with no command: open the board. Imported by the CLI, so it stays light —
Textual is imported only inside :func:`run_board`, when the board really opens."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def run_board(
    *, db: str | None = None, user: str | None = None, theme: str | None = None, demo: bool = False
) -> int:
    """Open the full-screen board on ``db`` (or a sample team with ``demo``) as ``user``.

    Bad input (``--user``) raises :class:`standup.errors.BadInput` for the CLI to print.
    """
    from standup import clock, ops
    from standup.locations import config_dir, db_path
    from standup.store import Store

    actor = ops.Actor.from_env(user)
    clock.now()  # a bad $STANDUP_NOW is one line and exit 2 here, not a notice on screen
    if demo:
        with tempfile.TemporaryDirectory(prefix="standup-demo-") as folder:
            from standup.ui.demo import build_demo

            store = Store(Path(folder) / "board.json")
            build_demo(store, actor, clock.now())
            return _run(store, actor, theme, config_dir())
    return _run(Store(db_path(db)), actor, theme, config_dir())


def _run(store, actor, theme: str | None, config: Path) -> int:  # noqa: ANN001
    from standup import clock
    from standup.ui.app import StandupApp

    # Textual hands each frame to a writer thread. With CPython's default 5 ms switch
    # interval a busy event loop keeps a finished frame from the terminal for ~5 ms
    # (measured at the first frame, which is followed by a burst of work); at 1 ms the
    # writer gets the GIL as soon as a frame is queued, as in an idle hello-world app.
    sys.setswitchinterval(0.001)

    app = StandupApp(store=store, actor=actor, clock=clock.now, theme=theme, config_dir=config)
    app.run()
    return app.return_code or 0
