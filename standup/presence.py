"""Who has the board open: a heartbeat beside the board that never writes the board.

An open board keeps a small file named after its user in a directory beside the board
file (``board.json.presence/ana``) and sets its modification time every :data:`BEAT_S`
seconds; a reader counts a person as *on the board* while that time is less than
:data:`STALE_S` old. On exit the file is renamed ``ana~`` (the board's mark goes at
once, and ``seen_at`` still says when Ana last had it open); a board killed outright
leaves a heartbeat that goes stale by itself. The board file is never written for
presence, so an open board costs the shared file nothing, and other boards notice a
board opening or closing by the directory's modification time (one ``stat``).

The directory is shared like the board (``2770``, files ``0660``, the board's group) and
may hold anything a group member — or a stranger, through a careless mode — planted:
every path is reached from a descriptor of the directory, opened without following a
link or blocking on a FIFO, and must be what it should be (a directory no other user
may write; a regular file with one link) or it is refused in one line and ignored. A
login names a file only once it passes the same check as ``--user``.

Times come from the caller (the board's injected clock): the heartbeat's time *is*
``now`` as the board sees it, so a board at a fixed ``STANDUP_NOW`` and its readers
agree. Pure OS calls, no Textual: the CLI's JSON reads it too.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import threading
from collections.abc import Iterable
from datetime import UTC, datetime

import msgspec

from standup.files import FILE_MODE, kind_of, os_problem
from standup.ops.common import LOGIN

BEAT_S = 30.0  # an open board touches its heartbeat this often
STALE_S = 90.0  # a heartbeat this old (or older) means the board is no longer open
SUFFIX = ".presence"  # board.json -> board.json.presence/
LEFT = "~"  # ana~: when ana last closed the board ("~" is never part of a login)
DIR_MODE = 0o2770  # shared through the board's group, which files made in it keep
UNAFFECTED = "the board itself is not affected"

_DIR_OPEN = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_FILE_OPEN = os.O_RDWR | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


class Problem(Exception):
    """One line: why presence cannot be read or written (the board works regardless)."""


class Seen(msgspec.Struct, frozen=True):
    """One person's presence: the last heartbeat, and whether it is fresh."""

    at: datetime
    on_board: bool


class Presence(msgspec.Struct, frozen=True):
    """Who has the board open, as read at one moment; ``problem`` is one line when the
    presence directory (or this board's own heartbeat) could not be used."""

    seen: dict[str, Seen] = msgspec.field(default_factory=dict)
    problem: str | None = None

    def on_board(self, login: str) -> bool:
        seen = self.seen.get(login)
        return seen is not None and seen.on_board

    def seen_at(self, login: str) -> datetime | None:
        seen = self.seen.get(login)
        return seen.at if seen is not None else None

    @property
    def on(self) -> frozenset[str]:
        """The logins on the board."""
        return frozenset(login for login, seen in self.seen.items() if seen.on_board)


def directory(board_path: str | os.PathLike[str]) -> str:
    """The presence directory of the board at ``board_path``."""
    return os.path.abspath(os.fspath(board_path)) + SUFFIX


def fresh(at: datetime, now: datetime) -> bool:
    """Is a heartbeat made at ``at`` still fresh at ``now``? (A little in the future is
    another board's clock running ahead; far in the future is not believed.)"""
    return abs((now - at).total_seconds()) < STALE_S


def signature(board_path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """(inode, mtime_ns) of the presence directory: it changes when a board opens or
    closes (a file is created or renamed), not at each heartbeat. None if absent or
    unreadable (the next read says why)."""
    try:
        st = os.stat(directory(board_path), follow_symlinks=False)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns)


def read(
    board_path: str | os.PathLike[str],
    logins: Iterable[str],
    now: datetime,
    *,
    me: str | None = None,
) -> Presence:
    """The presence of ``logins`` at ``now``; ``me`` (the board reading it, whose
    heartbeat is running) is on the board whatever its file says yet.

    Never raises for the directory's state: a missing directory is nobody on the board,
    a hostile one is ``problem``. Only the named logins are looked at (two ``stat``\\ s
    each), so whatever else lies in the directory costs nothing.
    """
    seen: dict[str, Seen] = {}
    problem = None
    try:
        dfd = _open_dir(directory(board_path))
    except Problem as exc:
        dfd, problem = None, str(exc)
    if dfd is not None:
        try:
            for login in set(logins):
                if not LOGIN.match(login):
                    continue
                beat, left = _mtime(dfd, login), _mtime(dfd, login + LEFT)
                if beat is not None and fresh(beat, now):
                    seen[login] = Seen(beat, True)
                elif beat is not None or left is not None:
                    seen[login] = Seen(max(t for t in (beat, left) if t is not None), False)
        finally:
            os.close(dfd)
    if me is not None and not (me in seen and seen[me].on_board):
        seen[me] = Seen(now, True)
    return Presence(seen, problem)


def _mtime(dfd: int, name: str) -> datetime | None:
    """The modification time of the regular file ``name`` in the directory ``dfd``;
    anything else there (a link, a FIFO, a directory) is ignored."""
    try:
        st = os.stat(name, dir_fd=dfd, follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return datetime.fromtimestamp(st.st_mtime_ns / 1e9, UTC)


def _open_dir(path: str, *, create: bool = False, gid: int = -1) -> int | None:
    """A descriptor of the presence directory; None if there is none (and not
    ``create``, or the board's own directory is missing). Raises :class:`Problem`."""
    try:
        return _checked_dir(os.open(path, _DIR_OPEN), path)
    except FileNotFoundError:
        if not create:
            return None
    except OSError as exc:
        raise Problem(_dir_problem(path, exc)) from None
    try:
        os.mkdir(path, 0o700)  # opened up below, once it is ours and checked
    except FileNotFoundError:
        return None  # no board directory yet: nothing to be on
    except FileExistsError:
        pass  # another board made it (or something was planted): checked below
    except OSError as exc:
        raise Problem(_dir_problem(path, exc)) from None
    else:
        try:
            fd = _checked_dir(os.open(path, _DIR_OPEN), path)
        except OSError as exc:
            raise Problem(_dir_problem(path, exc)) from None
        if gid != -1:
            with contextlib.suppress(OSError):
                os.fchown(fd, -1, gid)
        with contextlib.suppress(OSError):
            os.fchmod(fd, DIR_MODE)
        return fd
    try:
        return _checked_dir(os.open(path, _DIR_OPEN), path)
    except OSError as exc:
        raise Problem(_dir_problem(path, exc)) from None


def _checked_dir(fd: int, path: str) -> int:
    st = os.fstat(fd)
    if st.st_mode & stat.S_IWOTH:
        os.close(fd)
        raise Problem(
            f"the presence directory {path} is writable by every user on this machine, so "
            f"anyone could mark anyone as on the board; standup ignores it — share it "
            f"through a group instead: chmod o-w {path} ({UNAFFECTED})"
        )
    return fd


def _dir_problem(path: str, exc: OSError) -> str:
    if exc.errno in (errno.ELOOP, errno.ENOTDIR):
        try:
            what = kind_of(os.stat(path, follow_symlinks=False).st_mode)
        except OSError:
            what = "not a directory"
        return (
            f"the presence directory {path} is {what}, not a directory; standup refuses to "
            f"use it, so nobody is shown as on the board — move it aside ({UNAFFECTED})"
        )
    return os_problem("use the presence directory", path, exc, UNAFFECTED)


class Heartbeat:
    """This board's mark in the presence directory: :meth:`beat` every :data:`BEAT_S`
    seconds (from a worker thread), :meth:`leave` once on exit. Thread-safe: a beat that
    comes after :meth:`leave` does nothing.

    Each board holds a shared ``flock`` on its heartbeat file, so on exit a board can tell
    whether another board of the same person is still open (it then leaves the file to
    that one) — two terminals, one person, one mark.
    """

    def __init__(self, board_path: str | os.PathLike[str], login: str) -> None:
        self.board_path = os.path.abspath(os.fspath(board_path))
        self.directory = directory(self.board_path)
        self.login = login
        self.problem: str | None = None  # the last beat's, None when it worked
        self._fd: int | None = None
        self._closed = False
        self._lock = threading.Lock()

    @property
    def path(self) -> str:
        return os.path.join(self.directory, self.login)

    def beat(self, now: datetime) -> str | None:
        """Mark the board as open at ``now``; the one line that says why it cannot, or
        None. Never raises for what lies in the directory."""
        with self._lock:
            if self._closed:
                return self.problem
            try:
                self._beat(now)
                self.problem = None
            except Problem as exc:
                self.problem = str(exc)
            except OSError as exc:
                self.problem = os_problem(
                    "mark you as on the board in", self.directory, exc, UNAFFECTED
                )
            return self.problem

    def _beat(self, now: datetime) -> None:
        if not LOGIN.match(self.login):
            raise Problem(
                f"{self.login!r} is not a login name, so it names no file; you are not "
                f"shown as on the board ({UNAFFECTED})"
            )
        dfd = _open_dir(self.directory, create=True, gid=self._board_gid())
        if dfd is None:
            return  # no board yet
        try:
            fd = self._open_mine(dfd)
            t = int(now.timestamp() * 1e9)
            try:
                os.utime(fd, ns=(t, t))
            except PermissionError:  # someone else's file (acting as this login): replace it
                os.close(fd)
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.login, dir_fd=dfd)
                fd = self._open_mine(dfd)
                os.utime(fd, ns=(t, t))
        finally:
            os.close(dfd)
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        old, self._fd = self._fd, fd
        if old is not None:
            os.close(old)

    def _open_mine(self, dfd: int) -> int:
        """The heartbeat file, made if missing; refused unless it is a regular file with
        one link (never followed, never a FIFO that would block)."""
        name = self.login
        try:
            there = os.stat(name, dir_fd=dfd, follow_symlinks=False)
        except FileNotFoundError:
            there = None
        if there is not None and not stat.S_ISREG(there.st_mode):
            raise Problem(self._refusal(kind_of(there.st_mode)))
        try:
            fd = os.open(name, _FILE_OPEN | os.O_CREAT, FILE_MODE, dir_fd=dfd)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
                raise Problem(self._refusal("not a regular file")) from None
            raise
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
            os.close(fd)
            what = kind_of(st.st_mode) if not stat.S_ISREG(st.st_mode) else "a hard link"
            raise Problem(self._refusal(what))
        if st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) != FILE_MODE:
            with contextlib.suppress(OSError):
                os.fchmod(fd, FILE_MODE)  # whatever the umask said: shared through the group
        return fd

    def _refusal(self, what: str) -> str:
        return (
            f"your presence file {self.path} is {what}, not a regular file; standup refuses "
            f"to use it, so you are not shown as on the board — move it aside ({UNAFFECTED})"
        )

    def _board_gid(self) -> int:
        try:
            st = os.stat(self.board_path, follow_symlinks=False)
        except OSError:
            return -1
        return st.st_gid if stat.S_ISREG(st.st_mode) else -1

    def leave(self, now: datetime) -> None:
        """The board closes: its mark goes (the file is renamed ``login~`` at ``now``),
        unless another board of the same person still holds it. Best effort, never
        raises: a mark left behind goes stale by itself after :data:`STALE_S`."""
        with self._lock:
            self._closed = True
            fd, self._fd = self._fd, None
            if fd is None:
                return
            try:
                self._leave(fd, now)
            except (OSError, Problem):
                pass  # the heartbeat stops either way; its mark goes stale in STALE_S
            finally:
                os.close(fd)

    def _leave(self, fd: int, now: datetime) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # another board of this person is open: it keeps the mark fresh
        dfd = _open_dir(self.directory)
        if dfd is None:
            return
        try:
            mine, there = os.fstat(fd), os.stat(self.login, dir_fd=dfd, follow_symlinks=False)
            if (mine.st_dev, mine.st_ino) != (there.st_dev, there.st_ino):
                return  # replaced by another board of this person: theirs now
            t = int(now.timestamp() * 1e9)
            with contextlib.suppress(OSError):
                os.utime(fd, ns=(t, t))
            try:
                os.rename(self.login, self.login + LEFT, src_dir_fd=dfd, dst_dir_fd=dfd)
            except OSError:  # something planted at login~: the mark must go all the same
                os.unlink(self.login, dir_fd=dfd)
        finally:
            os.close(dfd)
