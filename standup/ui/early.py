"""The board's first read, done by a forked child while the parent imports Textual.

Opening the board imports Textual (~150 ms of one core) and reads the file (~25 ms
on a board of years: the read, the slice, the statuses) and its TOML files (themes,
settings: ~3 ms with ``tomllib``'s import). Neither needs the other, and
the machine the board runs on has more than one core; Python threads would take turns
on one of them, so :func:`start` forks: the child reads the board as the app would
(:func:`standup.ui.state.load`, :func:`standup.ui.themefiles.read_all`,
:func:`standup.ui.settings.read`) and sends the result back pickled through a pipe (~35
KB on the archived 100,000-record benchmark board), and the app takes it instead of
reading again (:meth:`Early.result`, ~1 ms to unpickle, and the zoneinfo import).

Anything out of the ordinary gives ``None`` and the app reads the file itself, as it
did before this module: the read failed (a damaged file, a busy lock: the app's own
read then says why, in its words), the child died or took longer than
:data:`WAIT_S`, or there is no ``fork``. The result is never older than the file it
read: the app compares the file's signature at its first poll, as after any read.

Imported by the CLI on the way to the board: it stays light (no Textual, no core).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from standup.ui.settings import Settings
    from standup.ui.state import Loaded
    from standup.ui.themefiles import Table

WAIT_S = 5.0  # longer than the parent could take itself only on a file it would
# also read slowly; then the parent reads it (the child is killed)


class Start:
    """What the child read: the board (``None`` when that read failed: the app reads it
    again, and says why), the theme files and the settings (TOML, parsed)."""

    __slots__ = ("loaded", "settings", "themes")

    def __init__(
        self,
        loaded: Loaded | None,
        themes: tuple[list[tuple[str, Table | str]], list[str]],
        settings: Settings,
    ) -> None:
        self.loaded = loaded
        self.themes = themes
        self.settings = settings


class Early:
    """A read of the board running in a child process; :meth:`result` takes it once."""

    def __init__(self, pid: int, fd: int, wait: float | None = None) -> None:
        self._pid = pid
        self._fd = fd
        self._wait = WAIT_S if wait is None else wait  # seconds :meth:`result` waits

    def result(self) -> Start | None:
        """The child's read (waiting for it), or ``None`` when it has none to give."""
        if self._fd < 0:
            return None
        fd, self._fd = self._fd, -1
        chunks: list[bytes] = []
        deadline = time.monotonic() + self._wait
        try:
            while (left := deadline - time.monotonic()) > 0:
                if not select.select([fd], [], [], left)[0]:
                    break  # too slow: given up below
                chunk = os.read(fd, 1 << 20)
                if not chunk:  # the child is done
                    return _loads(b"".join(chunks))
                chunks.append(chunk)
            os.kill(self._pid, signal.SIGKILL)
            return None
        except OSError:
            return None
        finally:
            os.close(fd)
            _reap(self._pid)

    def cancel(self) -> None:
        """Not needed after all: end the child and forget its read."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
            _reap(self._pid)


def start(path: str, user: str | None, config_dir: Path | None = None) -> Early | None:
    """Fork a child that reads the board at ``path`` as the board of ``user`` (``--user``,
    else as :meth:`standup.ops.Actor.from_env` finds it) would now, and the theme and
    settings files in ``config_dir`` (default: :func:`standup.locations.config_dir`);
    ``None`` when this system cannot fork (the app then reads the files itself).

    Called as early as the board is known to open, before the core is imported: the
    child imports what it needs on its own core, and the parent, still small, has few
    pages to copy on write while the two share them (forking after the core's imports
    cost the parent ~5 ms more until its first frame, measured).
    """
    return fork(lambda _pipe: _read(path, user, config_dir))


def fork(work: Callable[[int], bytes], wait: float | None = None) -> Early | None:
    """Fork a child that runs ``work`` (given the fd of its end of the pipe) and sends
    the bytes it returns back, then leaves without running any exit code; ``None`` when
    this system cannot fork. ``wait``: how long :meth:`Early.result` waits for it."""
    if not hasattr(os, "fork"):
        return None
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child
        code = 1
        try:
            os.close(read)
            _send(write, work(write))
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return Early(pid, read, wait)


def _read(path: str, user: str | None, config_dir: Path | None) -> bytes:
    from standup.cli import import_msgspec

    import_msgspec()  # as a command does: this process never needs typing_extensions
    from standup import clock, ops, presence
    from standup.locations import config_dir as default_config_dir
    from standup.store import Store
    from standup.ui import settings, state, themefiles

    config = config_dir if config_dir is not None else default_config_dir()
    themes, prefs = themefiles.read_all(config), settings.read(config)
    try:
        login = ops.Actor.from_env(user).login  # a bad one: the parent says so, and ends
        store = Store(path)
        loaded = state.load(
            store, clock.now(), login, state.Watch(), presence.Heartbeat(store.path, login)
        )
    except Exception:  # noqa: BLE001 - whatever it was, the app's own read says it
        loaded = None
    return pickle.dumps(Start(loaded, themes, prefs), protocol=pickle.HIGHEST_PROTOCOL)


def _send(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.close(fd)


def _loads(data: bytes) -> Any:
    if not data:  # the child's read failed: the parent reads, and says why
        return None
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - a read cut short is no read
        return None


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
