"""The file system as the store trusts it: regular files only, locks that follow the
file at the path, writes that are atomic, and OS errors as one line each.

Every path standup opens in a shared directory (the board, its lock file, temp files,
migration backups) may have been replaced by anyone who can write there: with a
symbolic link (so a write lands in someone's home), a FIFO (so ``open`` blocks forever),
a directory. So every open here is ``O_NOFOLLOW | O_NONBLOCK`` and is followed by an
``fstat`` that must say "regular file"; anything else is refused with one line before a
byte is read or written. Pure functions over paths and descriptors: the policy (what to
lock, when to write, what to migrate) lives in :mod:`standup.store`.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import itertools
import os
import stat
import time
from collections.abc import Callable

from standup.errors import LockBusy, NotRegularFile, StoreError, UnsafePermissions, WrittenNotSynced

FILE_MODE = 0o660
_OPEN = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
NOTHING_WRITTEN = "nothing was written"


def open_regular(path: str, what: str, *, create: bool = False, after: str = "") -> int | None:
    """A read-only descriptor of the regular file at ``path``; None if there is none
    (unless ``create``: then an empty ``0660`` file is made, exclusively). ``after``
    ends the message of an OS error (a writer's "nothing was written").

    Never follows a symbolic link, never blocks on a FIFO, refuses anything that is not
    a regular file or that every user may write.
    """
    try:
        if create:
            try:
                fd = os.open(path, os.O_RDONLY | _OPEN | os.O_CREAT | os.O_EXCL, FILE_MODE)
                os.fchmod(fd, FILE_MODE)  # whatever the umask says: shared through the group
                return fd
            except FileExistsError:
                pass
        fd = os.open(path, os.O_RDONLY | _OPEN)
    except FileNotFoundError:
        if create:  # a directory on the way is missing
            missing = FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT))
            raise StoreError(os_problem(f"create {what}", path, missing, NOTHING_WRITTEN)) from None
        return None
    except OSError as exc:
        raise StoreError(os_problem(f"open {what}", path, exc, after)) from None
    try:
        check_regular(fd, path, what)
    except BaseException:
        os.close(fd)
        raise
    return fd


def check_regular(fd: int, path: str, what: str) -> os.stat_result:
    """``fstat`` of ``fd``, refusing what is not a regular file or is world-writable."""
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(
            f"{what} {path} is {kind_of(st.st_mode)}, not a regular file; standup refuses "
            f"to use it — move it aside (the board is kept in a regular file)"
        )
    if st.st_mode & stat.S_IWOTH:
        raise UnsafePermissions(
            f"{path} is writable by every user on this machine, so anyone could rewrite the "
            f"board; share it through a group instead: chmod o-w {path}"
        )
    return st


def kind_of(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def read_all(fd: int, size: int) -> bytes:
    """The whole file behind ``fd`` (positioned at its start), usually in one read."""
    chunks = []
    while chunk := os.read(fd, max(size + 1, 65536)):
        chunks.append(chunk)
    return b"".join(chunks) if len(chunks) != 1 else chunks[0]


def same_file(fd: int, path: str) -> bool:
    """Is ``fd`` still the file at ``path`` (not removed, not replaced)?"""
    st = os.fstat(fd)
    try:
        now = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(os_problem("check the lock on", path, exc, NOTHING_WRITTEN)) from None
    return (st.st_dev, st.st_ino) == (now.st_dev, now.st_ino)


def flock_until(fd: int, deadline: float, path: str, timeout: float) -> None:
    """An exclusive ``flock`` on ``fd``, waiting at most until ``deadline`` (the end
    of ``timeout`` seconds, which the message names)."""
    pause = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise LockBusy(
                    f"the board is locked by another process ({path}) for more than "
                    f"{timeout:g} s; "
                    f"{NOTHING_WRITTEN} — try again in a moment"
                ) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.02)


def write_new(path: str, payload: bytes, *, mode: int, gid: int) -> None:
    """Create ``path`` exclusively (never through a link) holding ``payload``, synced.

    On any failure (a full disk, a file-size limit) the partial file is removed: there
    is never a truncated copy left behind.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _OPEN, FILE_MODE)
    try:
        try:
            os.fchmod(fd, mode)
            if gid != -1:
                with contextlib.suppress(PermissionError):
                    os.fchown(fd, -1, gid)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def replace_atomically(
    tmp: str,
    path: str,
    payload: bytes,
    *,
    mode: int,
    gid: int,
    written: Callable[[], None] | None = None,
) -> None:
    """``payload`` to ``path`` whole or not at all: a new temp file ``tmp`` beside it
    (:func:`write_new`: exclusive, no-follow, synced), then ``os.replace``; the temp is
    removed if the replace fails. ``written`` runs between the two (the archive's
    kill-test steps). The caller syncs the directory (:func:`sync_dir`) and turns an
    ``OSError`` into its own one line."""
    write_new(tmp, payload, mode=mode, gid=gid)
    try:
        if written is not None:
            written()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_numbered(stem: str, suffix: str, payload: bytes, *, mode: int, gid: int) -> str:
    """:func:`write_new` at ``stem + suffix``, or ``stem.1 + suffix`` … if a regular
    file is there already; returns the path written. Something else at one of those
    paths (a link, a FIFO, a directory) is refused, never written through."""
    for n in itertools.count():
        path = f"{stem}{f'.{n}' if n else ''}{suffix}"
        try:
            write_new(path, payload, mode=mode, gid=gid)
            return path
        except FileExistsError:
            try:
                there = os.stat(path, follow_symlinks=False)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise StoreError(_backup_problem(path, exc)) from None
            if not stat.S_ISREG(there.st_mode):
                raise NotRegularFile(
                    f"the backup path {path} is {kind_of(there.st_mode)}, not a regular file; "
                    f"standup refuses to write through it — move it aside (the board was not "
                    f"changed)"
                ) from None
        except OSError as exc:
            raise StoreError(_backup_problem(path, exc)) from None
    raise AssertionError("unreachable")


def _backup_problem(path: str, exc: OSError) -> str:
    return os_problem(
        "write the backup", path, exc, "the board was not migrated and nothing was written"
    )


def sync_dir(directory: str, path: str) -> None:
    """Flush ``directory`` after ``path`` was replaced in it.

    The replace already happened, so a failure here is :class:`WrittenNotSynced`: the
    message must say the change was written. A file system that cannot sync directories
    at all (``EINVAL``) is not an error.
    """
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        if exc.errno == errno.EINVAL:
            return
        raise WrittenNotSynced(
            f"the change was written to {path}, but the system refused to flush its "
            f"directory to disk ({exc.strerror or exc}), so a crash soon could still undo it; "
            f"do not run the command again — check the disk"
        ) from None


def make_dirs(directory: str) -> None:
    """The board's directory, made if missing (a write's first step)."""
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as exc:
        if isinstance(exc, FileExistsError):  # exist_ok is only for directories
            exc = NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        what = "create the board's directory"
        if isinstance(exc, PermissionError):
            raise StoreError(
                f"cannot {what} {directory}: permission denied — create it (or ask who "
                f"can) or name another board with --db; {NOTHING_WRITTEN}"
            ) from None
        raise StoreError(os_problem(what, directory, exc, NOTHING_WRITTEN)) from None


def os_problem(what: str, path: str, exc: OSError, after: str = "") -> str:
    """One line for an OS error: what standup tried, where, why, and (``after``)
    what that means for the board."""
    if exc.errno == errno.ELOOP:
        why = "it is a symbolic link, which standup refuses to follow"
    elif exc.errno == errno.ENOTDIR:
        why = "a part of that path is a file, not a directory"
    elif exc.errno == errno.ENAMETOOLONG:
        why = "the path is too long for this system"
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
        why = "the disk (or your quota) is full"
    elif exc.errno == errno.EFBIG:
        why = "the file would pass the size limit set for this process"
    elif isinstance(exc, PermissionError):
        why = (
            "permission denied — the board is shared through its directory's group; "
            "ask its owner to add you to that group"
        )
    else:
        why = exc.strerror or str(exc) or type(exc).__name__
    return f"cannot {what} {path}: {why}" + (f"; {after}" if after else "")
