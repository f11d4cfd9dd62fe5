"""The one board file: the only module that touches TinyDB.

TinyDB is not safe across processes by itself, and its per-process caches (next
document id, query results) go stale when another process writes. So:

* **One write path.** :meth:`Store.transaction` takes an exclusive ``flock`` on a
  sidecar lock file (opened with ``O_NOFOLLOW``, never replaced or deleted), reads the
  file afresh *inside* the lock, builds a brand-new TinyDB over that data (so no cache
  can be stale), lets the caller change it, then writes a temp file in the same
  directory, ``fsync``\\s it, ``os.replace``\\s it over the board and ``fsync``\\s the
  directory. A crash at any moment leaves either the old or the new file; temp files
  left by a killed writer are removed by the next writer, under the lock.
* **Readers never lock and never hold the file open**: ``os.replace`` is atomic, so a
  read sees a whole file, old or new. :meth:`Store.signature` (inode, mtime, size) is
  the cheap "did it change?" check the board polls.
* **Nothing damaged is ever overwritten**: a file that does not parse, or is not a
  standup board, raises :class:`DamagedFile` before anything is written.
* **Schema versions**: the ``meta`` table carries ``schema``; older files are migrated
  under the lock with a backup kept beside them; newer ones are refused.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from standup.errors import DamagedFile, LockBusy, NewerSchema, StoreError, UnsafePermissions

SCHEMA = 1
TABLES = ("people", "absences", "questions", "blocked", "notes", "standups")
META = "meta"
# Kinds of ids counted on the board; ids are never reused, even after archiving.
ID_KINDS = {"Q": "questions", "B": "blocked", "N": "notes", "A": "absences", "S": "standups"}
FILE_MODE = 0o660
LOCK_TIMEOUT_S = 10.0

Signature = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The board as read at one moment. ``data`` is TinyDB's layout; do not mutate it."""

    data: dict[str, dict[str, dict[str, Any]]]
    signature: Signature | None

    @property
    def meta(self) -> dict[str, Any]:
        return self.data.get(META, {}).get("1", {})

    @property
    def revision(self) -> int:
        return int(self.meta.get("revision", 0))

    def table(self, name: str) -> dict[int, dict[str, Any]]:
        """Documents of ``name`` by id, in id order."""
        return _by_id(self.data.get(name, {}))


def _by_id(raw: dict[str, dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return dict(sorted((int(k), v) for k, v in raw.items()))


class _Memory(Storage):
    """TinyDB storage over one transaction's in-memory copy of the file."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data


class Tx:
    """One locked read-change-write of the board. Made by :meth:`Store.transaction`."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._db = TinyDB(data, storage=_Memory)
        self.changed = False

    @property
    def data(self) -> dict[str, Any]:
        return self._db.storage.data  # type: ignore[attr-defined]

    def snapshot(self) -> Snapshot:
        """The data as it stands inside this transaction (for validation)."""
        return Snapshot(self.data, None)

    def _table(self, name: str):  # noqa: ANN202 - a TinyDB Table stays private here
        return self._db.table(name, cache_size=0)

    def all(self, table: str) -> dict[int, dict[str, Any]]:
        return _by_id(self.data.get(table, {}))

    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        doc = self.data.get(table, {}).get(str(doc_id))
        return dict(doc) if doc is not None else None

    def insert(self, table: str, doc: dict[str, Any], doc_id: int | None = None) -> int:
        self.changed = True
        if doc_id is None:
            return self._table(table).insert(doc)
        return self._table(table).insert(Document(doc, doc_id=doc_id))

    def update(self, table: str, doc_id: int, fields: dict[str, Any]) -> None:
        self.changed = True
        self._table(table).update(fields, doc_ids=[doc_id])

    def remove(self, table: str, doc_id: int) -> None:
        self.changed = True
        self._table(table).remove(doc_ids=[doc_id])

    def next_id(self, kind: str) -> int:
        """A fresh id of ``kind`` (``Q``, ``B``, …), counted in the file, never reused."""
        meta = self.data[META]["1"]
        counters = meta.setdefault("next", {})
        existing = self.data.get(ID_KINDS[kind], {})
        n = max(int(counters.get(kind, 1)), max(map(int, existing), default=0) + 1)
        counters[kind] = n + 1
        self.changed = True
        return n


class Store:
    """The board file at ``path`` and its lock file beside it."""

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = LOCK_TIMEOUT_S):
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.lock_timeout = lock_timeout

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -- reading -----------------------------------------------------------------------

    def signature(self) -> Signature | None:
        """(inode, mtime_ns, size) of the file now, or None if it does not exist."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read the board {self.path}: {exc.strerror}") from None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def read(self) -> Snapshot:
        """The board now, without locking. Migrates an older file first."""
        data, sig = self._load()
        if sig is None:  # no board yet: an empty one, without creating the file
            _migrate_0_to_1(data)
        elif _schema(data) < SCHEMA:
            with self.transaction():
                pass  # the transaction migrates under the lock
            data, sig = self._load()
        return Snapshot(data, sig)

    def _load(self) -> tuple[dict[str, Any], Signature | None]:
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            return _empty(), None
        except OSError as exc:
            raise StoreError(_os_problem("read", self.path, exc)) from None
        try:
            st = os.fstat(fd)
            _refuse_world_writable(self.path, st)
            with os.fdopen(fd, "rb", closefd=False) as fh:
                raw = fh.read()
        finally:
            os.close(fd)
        return _parse(raw, self.path), (st.st_ino, st.st_mtime_ns, st.st_size)

    # -- writing -----------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Tx]:
        """Lock, read afresh, yield a :class:`Tx`, and write if it changed anything.

        An exception inside the block writes nothing.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked():
            self._remove_stale_temps()
            data, _sig = self._load()
            migrated = self._migrate(data)
            tx = Tx(data)
            yield tx
            if tx.changed or migrated:
                meta = tx.data[META]["1"]
                meta["revision"] = int(meta.get("revision", 0)) + 1
                meta["written_at"] = datetime.now(UTC).isoformat(timespec="seconds")
                self._write_atomic(orjson.dumps(tx.data))

    def update(self, change: Callable[[Tx], Any]) -> Any:
        """Run ``change(tx)`` in one transaction and return its result."""
        with self.transaction() as tx:
            return change(tx)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        fd = self._open_lock()
        try:
            deadline = time.monotonic() + self.lock_timeout
            pause = 0.001
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise LockBusy(
                            f"the board is locked by another process ({self.lock_path}) "
                            f"for more than {self.lock_timeout:g} s; try again in a moment"
                        ) from None
                    time.sleep(pause)
                    pause = min(pause * 2, 0.02)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _open_lock(self) -> int:
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            fd = os.open(self.lock_path, flags | os.O_CREAT | os.O_EXCL, FILE_MODE)
            os.fchmod(fd, FILE_MODE)
        except FileExistsError:
            try:
                fd = os.open(self.lock_path, flags)
            except OSError as exc:
                raise StoreError(_os_problem("open the lock file", self.lock_path, exc)) from None
        except OSError as exc:
            raise StoreError(_os_problem("create the lock file", self.lock_path, exc)) from None
        try:
            _refuse_world_writable(self.lock_path, os.fstat(fd))
        except UnsafePermissions:
            os.close(fd)
            raise
        return fd

    def _temp_prefix(self) -> str:
        return f".{self.path.name}.tmp-"

    def _remove_stale_temps(self) -> None:
        """Under the lock no other writer exists, so any temp file is a killed writer's."""
        prefix = self._temp_prefix()
        with contextlib.suppress(OSError), os.scandir(self.path.parent) as entries:
            for entry in entries:
                if entry.name.startswith(prefix):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def _write_atomic(self, payload: bytes) -> None:
        directory = self.path.parent
        tmp = directory / f"{self._temp_prefix()}{os.getpid()}-{os.urandom(4).hex()}"
        mode, gid = FILE_MODE, -1
        with contextlib.suppress(FileNotFoundError):
            st = os.stat(self.path)
            mode, gid = stat.S_IMODE(st.st_mode), st.st_gid
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
        except OSError as exc:
            raise StoreError(_os_problem("write", self.path, exc)) from None
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
            os.replace(tmp, self.path)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if isinstance(exc, OSError):
                raise StoreError(_os_problem("write", self.path, exc)) from None
            raise
        dir_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    # -- schema ------------------------------------------------------------------------

    def _migrate(self, data: dict[str, Any]) -> bool:
        """Bring ``data`` (read under the lock) to the current schema, in place."""
        version = _schema(data)
        if version == SCHEMA:
            return False
        if self.path.exists() and self.path.stat().st_size > 0:
            backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
            n = 1
            while backup.exists():
                backup = self.path.with_name(f"{self.path.name}.v{version}.{n}.bak")
                n += 1
            shutil.copy2(self.path, backup)
        while version < SCHEMA:
            MIGRATIONS[version](data)
            version += 1
            data[META]["1"]["schema"] = version
        return True


def _migrate_0_to_1(data: dict[str, Any]) -> None:
    """Version 0: a plain TinyDB file (or a new one) with no ``meta`` record."""
    for name in TABLES:
        data.setdefault(name, {})
    counters = {
        kind: max(map(int, data.get(table, {})), default=0) + 1 for kind, table in ID_KINDS.items()
    }
    data[META] = {"1": {"schema": 1, "revision": 0, "next": counters}}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], None]] = {0: _migrate_0_to_1}


def _empty() -> dict[str, Any]:
    return {}


def _schema(data: dict[str, Any]) -> int:
    return int(data.get(META, {}).get("1", {}).get("schema", 0))


def _parse(raw: bytes, path: Path) -> dict[str, Any]:
    """The file's data, or :class:`DamagedFile`. An empty file is a new board."""
    if not raw.strip():
        return _empty()
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DamagedFile(_damaged(path, f"it is not valid JSON ({exc})")) from None
    if not isinstance(data, dict):
        raise DamagedFile(_damaged(path, "it is not a TinyDB board (top level is not an object)"))
    for name, table in data.items():
        if not isinstance(table, dict) or not all(
            isinstance(k, str) and k.isdigit() and isinstance(v, dict) for k, v in table.items()
        ):
            raise DamagedFile(_damaged(path, f"its table {name!r} is not in TinyDB's layout"))
    schema = data.get(META, {}).get("1", {}).get("schema", 0)
    if not isinstance(schema, int) or schema < 0:
        raise DamagedFile(_damaged(path, f"its schema version {schema!r} is not a number"))
    if schema > SCHEMA:
        raise NewerSchema(
            f"{path} was written by a newer standup (schema {schema}, this one reads up to "
            f"{SCHEMA}); upgrade standup — the file was not changed"
        )
    return data


def _damaged(path: Path, why: str) -> str:
    return (
        f"the board {path} is damaged: {why}; it was left exactly as it is — "
        f"restore it from a backup or move it aside to start a new board"
    )


def _refuse_world_writable(path: Path, st: os.stat_result) -> None:
    if st.st_mode & stat.S_IWOTH:
        raise UnsafePermissions(
            f"{path} is writable by every user on this machine, so anyone could rewrite the "
            f"board; share it through a group instead: chmod o-w {path}"
        )


def _os_problem(what: str, path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return f"cannot {what} {path}: it is a symbolic link, which standup refuses to follow"
    if isinstance(exc, PermissionError):
        return (
            f"cannot {what} {path}: permission denied — the board is shared through its "
            f"directory's group; ask its owner to add you to that group"
        )
    return f"cannot {what} {path}: {exc.strerror or exc}"
