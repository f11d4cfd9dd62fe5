"""Work of the running board done in a forked child, on another core.

The history screen's fill (:func:`standup.ui.widgets.history_data.gather`: ~80 ms of
reading and counting on the archived board of years) ran in a worker thread, and Python
threads take turns: the screen drawing its "computing…" frame and the fill slowed each
other down (the fill took ~170 ms in the app against ~90 ms alone). :func:`apart` runs
such a function in a child process forked for it, its result sent back pickled through
a pipe (as :mod:`standup.ui.early` does for the board's first read); the calling thread
only waits on the pipe, without Python's lock, so the app draws on one core while the
child computes on the other.

The child gets nothing but the computation: every file descriptor but the terminal's
and its pipe is closed at once (a board file lock the app holds at that moment is not
kept by the child), and signals end it as the system would. Anything out of the ordinary
(no ``fork``, the child failed, raised, or took longer than ``wait``) makes :func:`apart`
call the function here instead, so its errors reach the caller as they always did.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable
from typing import TypeVar

from standup.ui.early import Early, fork

T = TypeVar("T")

WAIT_S = 60.0  # the child has this long; then it is killed and the work done here


def apart(fn: Callable[..., T], *args: object, wait: float = WAIT_S) -> T:
    """``fn(*args)``, computed in a forked child when it can be (see the module)."""
    child = _fork(fn, args, wait)
    if child is not None:
        result = child.result()  # (fn's value,), so that a None from fn is told apart
        if result is not None:
            return result[0]  # type: ignore[index]
    return fn(*args)


def _fork(fn: Callable[..., object], args: tuple[object, ...], wait: float) -> Early | None:
    def work(pipe: int) -> bytes:
        _alone(pipe)
        return pickle.dumps((fn(*args),), protocol=pickle.HIGHEST_PROTOCOL)

    return fork(work, wait)


def _alone(keep: int) -> None:
    """In the child: close what the app had open (but the terminal and ``keep``), and let
    signals end it plainly (the app's event loop handles them by a pipe the child would
    otherwise write to)."""
    os.closerange(3, keep)
    os.closerange(keep + 1, max(keep + 1, _open_max()))
    for signum in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)
    signal.set_wakeup_fd(-1)


def _open_max() -> int:
    try:
        return min(os.sysconf("SC_OPEN_MAX"), 1 << 20)
    except (ValueError, OSError):
        return 1024
