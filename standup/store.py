"""The one board file, in TinyDB's layout (any TinyDB or JSON tool reads it).

TinyDB is not safe across processes by itself, and its per-process caches (next
document id, query results) go stale when another process writes; its tables also turn
every key into an ``int`` on each change, so one key that is not an id (``"²"``) would
stop every write. So the store keeps TinyDB's layout but does the few changes it needs
itself:

* **One write path.** :meth:`Store.transaction` takes an exclusive ``flock`` on a
  sidecar lock file (opened with ``O_NOFOLLOW``, never replaced or deleted), reads the
  file afresh *inside* the lock (so no cache can be stale), lets the caller change
  documents in a :class:`Tx`, then writes a temp file in the same
  directory, ``fsync``\\s it, ``os.replace``\\s it over the board and ``fsync``\\s the
  directory. A crash at any moment leaves either the old or the new file; temp files
  left by a killed writer are removed by the next writer, under the lock.
* **Readers never lock and never hold the file open**: ``os.replace`` is atomic, so a
  read sees a whole file, old or new. :meth:`Store.signature` (inode, mtime, size) is
  the cheap "did it change?" check the board polls.
* **Nothing damaged is ever overwritten**: a file that does not parse, or is not a
  standup board, raises :class:`DamagedFile` before anything is written; a damaged
  *record* of a readable board is written back exactly as it was read.
* **Schema versions**: the ``meta`` table carries ``schema``; older files are migrated
  under the lock with a backup kept beside them; newer ones are refused.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, overload

if TYPE_CHECKING:
    from pathlib import Path

    from standup.snapshot import LazySnapshot

import msgspec

from standup.errors import LockBusy, StoreError, UnsafePermissions
from standup.fileformat import (  # the format; SCHEMA etc. stay importable here
    _DECODER,
    _ENCODER,
    ID_KINDS,
    META,
    MIGRATIONS,
    SCHEMA,
    Signature,
    _by_id,
    _migrate_0_to_1,
    _parse,
    _schema,
    record_id,
)

FILE_MODE = 0o660
LOCK_TIMEOUT_S = 10.0


class Snapshot(msgspec.Struct, frozen=True):
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


class Tx:
    """One locked read-change-write of the board. Made by :meth:`Store.transaction`.

    Documents stay undecoded (``msgspec.Raw``, exactly the bytes read) until they are
    touched, and untouched ones are written back byte for byte: adding a question to a
    board with years of history decodes a few small tables, not the history, and a
    damaged record (see :class:`standup.model.Damage`) is never re-encoded.
    """

    def __init__(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data  # table -> key -> Raw | dict
        self.changed = False

    def _doc(self, table: str, doc_id: int) -> dict[str, Any] | None:
        docs = self.data.get(table, {})
        doc = docs.get(str(doc_id))
        if type(doc) is msgspec.Raw:
            doc = docs[str(doc_id)] = _DECODER.decode(doc)
        return doc

    def all(self, table: str) -> dict[Any, dict[str, Any]]:
        """Every document of ``table``, decoded, by id (a key that is not an id stays a
        ``str``, see :func:`~standup.fileformat._by_id`). The table itself stays as read,
        so documents nobody changes are written back byte for byte — a damaged one too."""
        docs = self.data.get(table, {})
        if any(type(v) is msgspec.Raw for v in docs.values()):
            docs = _DECODER.decode(_ENCODER.encode(docs))
        else:
            docs = {k: dict(v) for k, v in docs.items()}
        return _by_id(docs)

    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        doc = self._doc(table, doc_id)
        return dict(doc) if doc is not None else None

    def insert(self, table: str, doc: dict[str, Any], doc_id: int | None = None) -> int:
        """Insert ``doc``, with ``doc_id`` (from :meth:`next_id`) or the next free id
        (one past the highest, as TinyDB counts; keys that are not ids do not count)."""
        docs = self.data.setdefault(table, {})
        if doc_id is None:
            doc_id = max(filter(None, map(record_id, docs)), default=0) + 1
        if str(doc_id) in docs:
            raise ValueError(f"{table} {doc_id} already exists")
        self.changed = True
        docs[str(doc_id)] = dict(doc)
        return doc_id

    def update(self, table: str, doc_id: int, fields: dict[str, Any]) -> None:
        """Change some fields of one document."""
        doc = self._doc(table, doc_id)
        if doc is None:
            raise KeyError(f"{table} {doc_id} does not exist")
        self.changed = True
        doc.update(fields)

    def remove(self, table: str, doc_id: int) -> None:
        """Remove one document (the others are left exactly as they are)."""
        if self.data.get(table, {}).pop(str(doc_id), None) is not None:
            self.changed = True

    def next_id(self, kind: str) -> int:
        """A fresh id of ``kind`` (``Q``, ``B``, …), counted in the file, never reused."""
        meta = self._doc(META, 1)
        assert meta is not None
        counters = meta.setdefault("next", {})
        existing = self.data.get(ID_KINDS[kind], {})
        n = counters.get(kind)
        if type(n) is not int or n < 1:  # a hand-edited file: count again
            n = max(filter(None, map(record_id, existing)), default=0) + 1
        while str(n) in existing:
            n += 1
        counters[kind] = n + 1
        self.changed = True
        return n


class Store:
    """The board file at ``path`` and its lock file beside it."""

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = LOCK_TIMEOUT_S):
        # Plain strings inside: pathlib costs `standup ask` a few milliseconds to import.
        self._path = os.path.abspath(os.fspath(path))
        self._lock = self._path + ".lock"
        self._dir, self._name = os.path.split(self._path)
        self.lock_timeout = lock_timeout

    @property
    def path(self) -> Path:
        import pathlib

        return pathlib.Path(self._path)

    @property
    def lock_path(self) -> Path:
        import pathlib

        return pathlib.Path(self._lock)

    def __repr__(self) -> str:
        return f"Store({self._path!r})"

    # -- reading -----------------------------------------------------------------------

    def signature(self) -> Signature | None:
        """(inode, mtime_ns, size) of the file now, or None if it does not exist."""
        try:
            st = os.stat(self._path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read the board {self._path}: {exc.strerror}") from None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    @overload
    def read(self, *, lazy: Literal[False] = ...) -> Snapshot: ...
    @overload
    def read(self, *, lazy: Literal[True]) -> LazySnapshot: ...
    def read(self, *, lazy: bool = False) -> Snapshot | LazySnapshot:
        """The board now, without locking. Migrates an older file first.

        ``lazy`` returns a :class:`~standup.snapshot.LazySnapshot`: the file is checked
        as thoroughly, but documents are decoded only when asked for (the board screen).
        """
        raw, sig = self._load()
        data = _parse(raw, self._path, lazy=lazy)
        if sig is None:  # no board yet: an empty one, without creating the file
            _migrate_0_to_1(data)
        elif _schema(data) < SCHEMA:
            with self.transaction():
                pass  # the transaction migrates under the lock
            return self.read(lazy=lazy)
        if lazy:
            from standup.snapshot import LazySnapshot

            return LazySnapshot(data, sig, raw)
        return Snapshot(data, sig)

    def _load(self) -> tuple[bytes, Signature | None]:
        """The file's bytes and signature, read through one short-lived descriptor."""
        try:
            fd = os.open(self._path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            return b"", None
        except OSError as exc:
            raise StoreError(_os_problem("read", self._path, exc)) from None
        try:
            st = os.fstat(fd)
            _refuse_world_writable(self._path, st)
            chunks = []
            while chunk := os.read(fd, max(st.st_size + 1, 65536)):  # usually one read
                chunks.append(chunk)
            raw = b"".join(chunks) if len(chunks) != 1 else chunks[0]
        finally:
            os.close(fd)
        return raw, (st.st_ino, st.st_mtime_ns, st.st_size)

    # -- writing -----------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Tx]:
        """Lock, read afresh, yield a :class:`Tx`, and write if it changed anything.

        An exception inside the block writes nothing.
        """
        os.makedirs(self._dir, exist_ok=True)
        with self._locked():
            self._remove_stale_temps()
            raw, _sig = self._load()
            data = _parse(raw, self._path, lazy=True)
            migrated = self._migrate(data)
            tx = Tx(data)
            yield tx
            if tx.changed or migrated:
                meta = tx._doc(META, 1)
                assert meta is not None
                meta["revision"] = int(meta.get("revision", 0)) + 1
                meta["written_at"] = datetime.now(UTC).isoformat(timespec="seconds")
                self._write_atomic(_ENCODER.encode(tx.data))

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
                            f"the board is locked by another process ({self._lock}) "
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
            fd = os.open(self._lock, flags | os.O_CREAT | os.O_EXCL, FILE_MODE)
            os.fchmod(fd, FILE_MODE)
        except FileExistsError:
            try:
                fd = os.open(self._lock, flags)
            except OSError as exc:
                raise StoreError(_os_problem("open the lock file", self._lock, exc)) from None
        except OSError as exc:
            raise StoreError(_os_problem("create the lock file", self._lock, exc)) from None
        try:
            _refuse_world_writable(self._lock, os.fstat(fd))
        except UnsafePermissions:
            os.close(fd)
            raise
        return fd

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

    def _write_atomic(self, payload: bytes) -> None:
        directory = self._dir
        tmp = os.path.join(directory, f"{self._temp_prefix()}{os.getpid()}-{os.urandom(4).hex()}")
        mode, gid = FILE_MODE, -1
        with contextlib.suppress(FileNotFoundError):
            st = os.stat(self._path)
            mode, gid = stat.S_IMODE(st.st_mode), st.st_gid
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
        except OSError as exc:
            raise StoreError(_os_problem("write", self._path, exc)) from None
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
            os.replace(tmp, self._path)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if isinstance(exc, OSError):
                raise StoreError(_os_problem("write", self._path, exc)) from None
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
        import shutil

        for name, docs in data.items():  # migrations see plain documents
            data[name] = _DECODER.decode(_ENCODER.encode(docs))
        if os.path.exists(self._path) and os.path.getsize(self._path) > 0:
            backup = f"{self._path}.v{version}.bak"
            n = 1
            while os.path.exists(backup):
                backup = f"{self._path}.v{version}.{n}.bak"
                n += 1
            shutil.copy2(self._path, backup)
        while version < SCHEMA:
            MIGRATIONS[version](data)
            version += 1
            data[META]["1"]["schema"] = version
        return True


def _refuse_world_writable(path: str, st: os.stat_result) -> None:
    if st.st_mode & stat.S_IWOTH:
        raise UnsafePermissions(
            f"{path} is writable by every user on this machine, so anyone could rewrite the "
            f"board; share it through a group instead: chmod o-w {path}"
        )


def _os_problem(what: str, path: str, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return f"cannot {what} {path}: it is a symbolic link, which standup refuses to follow"
    if isinstance(exc, PermissionError):
        return (
            f"cannot {what} {path}: permission denied — the board is shared through its "
            f"directory's group; ask its owner to add you to that group"
        )
    return f"cannot {what} {path}: {exc.strerror or exc}"
