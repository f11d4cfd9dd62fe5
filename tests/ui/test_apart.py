"""Work done apart (standup.ui.apart): in a forked child that takes nothing of the app's
with it, the same answer as here, and here whenever the child cannot give one."""

from __future__ import annotations

import fcntl
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from standup.ui import apart as apart_module
from standup.ui.apart import apart

HERE = os.getpid()


def where(x: int) -> tuple[int, int]:
    return os.getpid(), x * 2


def test_the_work_is_done_in_a_child_and_its_result_comes_back() -> None:
    pid, value = apart(where, 21)
    assert value == 42 and pid != os.getpid()


def logs_where(log: Path) -> None:
    with log.open("a") as f:
        f.write(f"{os.getpid()}\n")


def test_a_none_from_the_child_is_its_answer_not_a_reason_to_work_here(tmp_path: Path) -> None:
    log = tmp_path / "ran"
    assert apart(logs_where, log) is None
    [pid] = log.read_text().split()
    assert int(pid) != os.getpid()  # ran once, in the child; not again here


def fails_there(message: str) -> None:
    raise ValueError(f"{message} in {'the app' if os.getpid() == HERE else 'a child'}")


def test_an_error_is_raised_here_as_it_always_was() -> None:
    with pytest.raises(ValueError, match="bad record in the app"):
        apart(fails_there, "bad record")


def slow_there(x: int) -> tuple[int, int]:
    if os.getpid() != HERE:
        time.sleep(30)
    return os.getpid(), x


def test_a_child_too_slow_is_ended_and_the_work_done_here() -> None:
    started = time.monotonic()
    pid, value = apart(slow_there, 7, wait=0.3)
    assert (pid, value) == (os.getpid(), 7)
    assert time.monotonic() - started < 10  # the child was not waited for
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # and it was reaped: no child left


def test_no_fork_means_the_work_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork")
    assert apart(where, 1) == (os.getpid(), 2)


def pause_there(seconds: float) -> str:
    time.sleep(seconds)
    return "done"


def test_the_child_does_not_keep_a_lock_the_app_lets_go(tmp_path: Path) -> None:
    """A board write's ``flock`` held by the app when the child is forked is the app's
    alone: once the app closes its file the lock is free, though the child still runs."""
    lock = tmp_path / "board.json.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    got: list[str] = []
    worker = threading.Thread(target=lambda: got.append(apart(pause_there, 1.5)))
    worker.start()
    time.sleep(0.4)  # the child is forked and sleeping
    os.close(fd)  # the app's write ends
    other = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError if pinned
    finally:
        os.close(other)
        worker.join()
    assert got == ["done"]


def test_signals_end_the_child_plainly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The child does not run the app's signal handling: a SIGTERM ends it, and the work
    is then done here."""
    forked: list[int] = []
    real = apart_module._fork

    def spy(*args: object) -> object:
        child = real(*args)  # type: ignore[arg-type]
        forked.append(child._pid)  # type: ignore[union-attr]
        time.sleep(0.3)
        os.kill(child._pid, signal.SIGTERM)  # type: ignore[union-attr]
        return child

    monkeypatch.setattr(apart_module, "_fork", spy)
    handled = tmp_path / "handled"
    # the app's own handling, which the child must not run
    previous = signal.signal(signal.SIGTERM, lambda *_: handled.write_text(str(os.getpid())))
    try:
        assert apart(slow_there, 3, wait=20) == (os.getpid(), 3)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert forked and not handled.exists()
