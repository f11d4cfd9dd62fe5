"""The one board file, in TinyDB's layout (any TinyDB or JSON tool reads it).

TinyDB is not safe across processes by itself, and its per-process caches (next
document id, query results) go stale when another process writes; its tables also turn
every key into an ``int`` on each change, so one key that is not an id (``"²"``) would
stop every write. So the store keeps TinyDB's layout but does the few changes it needs
itself:

* **One write path.** :meth:`Store.transaction` takes an exclusive ``flock`` on a
  sidecar lock file and on the board file itself (each checked, once held, to still be
  the file at its path — see :meth:`Store._locked`), reads the file afresh *inside*
  the lock (so no cache can be stale), lets the caller change documents in a
  :class:`~standup.documents.Tx`, then writes a temp file in the same directory, ``fsync``\\s it,
  ``os.replace``\\s it over the board and ``fsync``\\s the directory. A crash at any
  moment leaves either the old or the new file; temp files left by a killed writer are
  removed by the next writer, under the lock.
* **Readers never lock, never write and never hold the file open**: ``os.replace`` is
  atomic, so a read sees a whole file, old or new. :meth:`Store.signature` (inode,
  mtime, size) is the cheap "did it change?" check the board polls.
* **Nothing damaged is ever overwritten**: a file that does not parse, is not a standup
  board, or whose bookkeeping (``meta``) is damaged raises :class:`DamagedFile` for
  every reader and writer, before anything is written (:func:`~standup.fileformat._parse`
  decides it, once); a damaged *record* of a readable board is written back exactly as
  it was read.
* **Only regular files** (:mod:`standup.files`): the board, lock, temp and backup paths
  are opened without following links or blocking on FIFOs, and anything else is one
  line. OS errors are one line too, saying whether the change was written.
* **Schema versions**: the ``meta`` table carries ``schema``; a read migrates an older
  file in memory only, the first write migrates it on disk with a backup kept beside
  it; newer ones are refused.
* **Yearly archives** (:mod:`standup.archives`): a store made with ``archive_daily``
  (the CLI's and the board's) moves old closed records out on the first write of each
  day, inside that write's transaction (archives written first, then the board), and
  :meth:`Store.transaction` refuses a file whose ``meta`` marks it an archive.
* **Read-only boards** (``Store(path, read_only=True)``, ``standup serve --read-only``
  for a wall screen): :meth:`Store.transaction` refuses before it creates a directory or
  takes a lock, so no operation, whichever front calls it, can write through that store.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal, overload

if TYPE_CHECKING:
    from pathlib import Path

    from standup.snapshot import LazySnapshot

from standup import files
from standup.documents import Snapshot, Tx  # the documents in memory; importable here
from standup.errors import StoreError, WrittenNotSynced
from standup.fileformat import _ENCODER, META, SCHEMA, Signature, _parse, migrate
from standup.files import FILE_MODE, NOTHING_WRITTEN

LOCK_TIMEOUT_S = 10.0
READ_ONLY = "this board is read-only ({path}); nothing was written"


class Store:
    """The board file at ``path`` and its lock file beside it."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock_timeout: float = LOCK_TIMEOUT_S,
        read_only: bool = False,
        archive_daily: bool = False,
    ):
        # Plain strings inside: pathlib costs `standup ask` a few milliseconds to import.
        self._path = os.path.abspath(os.fspath(path))
        self._lock = self._path + ".lock"
        self._dir, self._name = os.path.split(self._path)
        self.lock_timeout = lock_timeout
        self.read_only = read_only  # every transaction is refused (see transaction)
        # The first write of each day also archives old closed records (the board's
        # fronts say so; a Store made for a seen-marks file or a test does not).
        self.archive_daily = archive_daily

    @property
    def path(self) -> Path:
        import pathlib

        return pathlib.Path(self._path)

    @property
    def lock_path(self) -> Path:
        import pathlib

        return pathlib.Path(self._lock)

    def __repr__(self) -> str:
        return f"Store({self._path!r}{', read_only=True' if self.read_only else ''})"

    # -- reading -----------------------------------------------------------------------

    def signature(self) -> Signature | None:
        """(inode, mtime_ns, size) of the file now, or None if it does not exist."""
        try:
            st = os.stat(self._path, follow_symlinks=False)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(files.os_problem("read the board", self._path, exc)) from None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    @overload
    def read(self, *, lazy: Literal[False] = ...) -> Snapshot: ...
    @overload
    def read(self, *, lazy: Literal[True]) -> LazySnapshot: ...
    def read(self, *, lazy: bool = False) -> Snapshot | LazySnapshot:
        """The board now, without locking and without ever writing.

        An older schema is migrated in memory only: the file keeps its version until the
        first write (which keeps a backup). ``lazy`` returns a
        :class:`~standup.snapshot.LazySnapshot`: the file is checked as thoroughly, but
        documents are decoded only when asked for (the board screen).
        """
        raw, st = self._load()
        sig = _signature(st) if st is not None else None
        data = _parse(raw, self._path, lazy=lazy)
        if migrate(data) < SCHEMA:
            raw = b""  # the snapshot must not read fields from the old layout's bytes
        if lazy:
            from standup.snapshot import LazySnapshot

            return LazySnapshot(data, sig, raw)
        return Snapshot(data, sig)

    def _load(self) -> tuple[bytes, os.stat_result | None]:
        """The file's bytes and ``fstat``, read through one short-lived descriptor."""
        fd = files.open_regular(self._path, "the board")
        if fd is None:
            return b"", None
        try:
            st = os.fstat(fd)
            return files.read_all(fd, st.st_size), st
        except OSError as exc:
            raise StoreError(files.os_problem("read the board", self._path, exc)) from None
        finally:
            os.close(fd)

    # -- writing -----------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Tx]:
        """Lock, read afresh, yield a :class:`Tx`, and write if it changed anything.

        An exception inside the block writes nothing: not the change, not a migration of
        an older schema, not its backup. A transaction that changes nothing writes
        nothing either; the first one that does migrates the file (backup first).

        A read-only store raises :class:`StoreError` here, before anything is created,
        locked or read: a wall screen's board cannot write even through a key or an
        operation that forgot to check.
        """
        if self.read_only:
            raise StoreError(READ_ONLY.format(path=self._path))
        files.make_dirs(self._dir)
        with self._locked() as board_fd:
            self._remove_stale_temps()
            raw, st = b"", None
            if board_fd is not None:
                try:
                    st = os.fstat(board_fd)
                    raw = files.read_all(board_fd, st.st_size)
                except OSError as exc:
                    raise StoreError(
                        files.os_problem("read the board", self._path, exc, NOTHING_WRITTEN)
                    ) from None
            data = _parse(raw, self._path, lazy=True)
            version = migrate(data)
            tx = Tx(data, self._path)
            if "archive" in (tx._doc(META, 1) or {}):
                raise StoreError(
                    f"{self._path} is a yearly archive of a board, which standup never "
                    f"changes; {NOTHING_WRITTEN} — name the board itself with --db"
                )
            yield tx
            if not tx.changed:
                return
            if self.archive_daily and _archive_due(tx):
                from standup.archiving import daily  # once a day: not on every write

                daily(self, tx)
            meta = tx._doc(META, 1)
            assert meta is not None
            meta["revision"] = meta.get("revision", 0) + 1
            meta["written_at"] = datetime.now(UTC).isoformat(timespec="seconds")
            payload = _ENCODER.encode(tx.data)
            backup = self._backup(raw, version, st) if version < SCHEMA and raw.strip() else None
            try:
                self._write_atomic(payload, st)
            except WrittenNotSynced:
                raise  # the board holds the change: its backup is needed
            except BaseException:
                if backup is not None:  # the board is unchanged: a retry makes its own
                    with contextlib.suppress(OSError):
                        os.unlink(backup)
                raise

    @contextlib.contextmanager
    def _locked(self) -> Iterator[int | None]:
        """Hold the lock file and the board file itself; yield the board's descriptor
        (None while there is no board yet).

        Both locks are checked, once held, to still be the files at their paths, and
        taken again if not. The lock file alone would let a second writer in if someone
        deletes it while it is held (a cleanup script): the newcomer creates a fresh lock
        file and locks that. The board is locked too, so the newcomer then waits for the
        board the first writer holds; the first writer replaces it (a new inode) and the
        waiter, finding its locked inode gone from the path, locks the new board and
        reads that. Only the very first write, before any board exists, relies on the
        lock file alone.
        """
        deadline = time.monotonic() + self.lock_timeout
        lock_fd = self._lock_at_path(self._lock, "the lock file", deadline, create=True)
        assert lock_fd is not None
        try:
            board_fd = self._lock_at_path(self._path, "the board", deadline, create=False)
            try:
                yield board_fd
            finally:
                if board_fd is not None:
                    os.close(board_fd)
        finally:
            os.close(lock_fd)  # closing releases the lock

    def _lock_at_path(self, path: str, what: str, deadline: float, *, create: bool) -> int | None:
        while True:
            fd = files.open_regular(path, what, create=create, after=NOTHING_WRITTEN)
            if fd is None:
                return None
            try:
                files.flock_until(fd, deadline, path, self.lock_timeout)
                if files.same_file(fd, path):
                    return fd
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)  # removed or replaced while we waited: lock the file there now

    def _temp_prefix(self) -> str:
        return f".{self._name}.tmp-"

    def _remove_stale_temps(self) -> None:
        """Under the lock no other writer exists, so any temp file is a killed writer's."""
        prefix = self._temp_prefix()
        with contextlib.suppress(OSError), os.scandir(self._dir) as entries:
            for entry in entries:
                if entry.name.startswith(prefix):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def _write_atomic(self, payload: bytes, st: os.stat_result | None) -> None:
        """Temp file, fsync, replace, fsync the directory. ``st`` is the board as
        locked and read (its mode and group carry over), None for a new board."""
        tmp = os.path.join(self._dir, f"{self._temp_prefix()}{os.getpid()}-{os.urandom(4).hex()}")
        mode, gid = (stat.S_IMODE(st.st_mode), st.st_gid) if st is not None else (FILE_MODE, -1)
        try:
            files.replace_atomically(tmp, os.fspath(self._path), payload, mode=mode, gid=gid)
        except OSError as exc:
            raise StoreError(
                files.os_problem(
                    "write", self._path, exc, f"{NOTHING_WRITTEN} (the board is as it was)"
                )
            ) from None
        files.sync_dir(self._dir, self._path)

    # -- schema ------------------------------------------------------------------------

    def _backup(self, raw: bytes, version: int, st: os.stat_result | None) -> str:
        """Keep the file as read (``raw``, schema ``version``) beside it before the first
        write migrates it: ``board.json.v0.bak`` (``.v0.1.bak`` … beside older ones),
        never more open than the board (see :func:`standup.files.write_numbered`)."""
        mode, gid = (stat.S_IMODE(st.st_mode), st.st_gid) if st is not None else (FILE_MODE, -1)
        return files.write_numbered(f"{self._path}.v{version}", ".bak", raw, mode=mode, gid=gid)


def _archive_due(tx: Tx) -> bool:
    """False when the board was archived today already (``meta.archived_on``), as on
    every write but a day's first: told from the meta just read, with no archive file
    read and :mod:`standup.archiving` not imported; else its ``daily`` decides."""
    from standup import clock
    from standup.errors import StandupError

    meta = tx._doc(META, 1)
    try:
        today = clock.now().astimezone(UTC).date().isoformat()
    except StandupError:  # a bad $STANDUP_NOW: ``daily`` skips the move, as here
        return False
    return meta is not None and meta.get("archived_on") != today


def _signature(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_mtime_ns, st.st_size)
