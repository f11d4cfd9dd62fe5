"""The board's yearly archives (``board.archive-2025.json`` beside ``board.json``).

:func:`read_all` is how every reader of history — ``list --all``, metrics, history,
exports — sees the board *and* its archives, as one snapshot in TinyDB's layout. Each
archive is opened like the board (never through a link, a regular file only); one that
cannot be used is named, never fatal to the live board.

What moves, when, and how a move survives a kill: :mod:`standup.archiving`.
"""

from __future__ import annotations

import contextlib
import os
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import msgspec

from standup import files
from standup.errors import DamagedFile, StandupError, StoreError
from standup.fileformat import META, _parse
from standup.snapshot import LazySnapshot

if TYPE_CHECKING:
    from standup.store import Snapshot, Store


# -- paths -----------------------------------------------------------------------------


def _stem(board: str) -> tuple[str, str]:
    directory, name = os.path.split(os.path.abspath(board))
    return directory, name[:-5] if name.endswith(".json") else name


def archive_path(board: str | os.PathLike[str], year: int) -> str:
    """``/x/board.archive-2025.json`` for the board ``/x/board.json``."""
    directory, stem = _stem(os.fspath(board))
    return os.path.join(directory, f"{stem}.archive-{year:04d}.json")


def archive_files(board: str | os.PathLike[str]) -> dict[int, str]:
    """The archives beside ``board`` (whatever they are: a link is refused when
    opened), by year."""
    directory, stem = _stem(os.fspath(board))
    pattern = re.compile(rf"{re.escape(stem)}\.archive-([0-9]{{4}})\.json")
    found = {}
    with contextlib.suppress(FileNotFoundError, NotADirectoryError), os.scandir(directory) as it:
        for entry in it:
            m = pattern.fullmatch(entry.name)
            if m:
                found[int(m.group(1))] = entry.path
    return dict(sorted(found.items()))


def _read_archive(path: str, year: int, *, lazy: bool) -> dict[str, Any] | None:
    """The tables of the archive at ``path`` (None if there is none), or
    :class:`StoreError` naming it: not a regular file, unreadable, damaged, or not an
    archive of ``year``."""
    fd = files.open_regular(path, "the archive")
    if fd is None:
        return None
    try:
        raw = files.read_all(fd, os.fstat(fd).st_size)
    except OSError as exc:
        raise StoreError(files.os_problem("read the archive", path, exc)) from None
    finally:
        os.close(fd)
    try:
        data = _parse(raw, path, lazy=lazy)
    except DamagedFile as exc:
        raise DamagedFile(_damaged(path, exc.message)) from None
    meta = data.get(META, {}).get("1")
    if type(meta) is msgspec.Raw:
        meta = msgspec.json.decode(meta)
    if not isinstance(meta, dict) or meta.get("archive") != year:
        raise DamagedFile(_damaged(path, f"it is not standup's archive of {year} (see its meta)"))
    return data


def _damaged(path: str, why: str) -> str:
    why = why.split(": ", 1)[1].split("; it was left", 1)[0] if ": " in why else why
    return (
        f"the archive {path} cannot be used: {why}; it was left as it is and its records are "
        f"not shown — restore it from a backup or move it aside"
    )


# -- reading ---------------------------------------------------------------------------


def read_all(
    store: Store, *, since: datetime | None = None, lazy: bool = False, live: Any = None
) -> Snapshot | History:
    """The live board merged with its archives, as one snapshot in TinyDB's layout
    (records keep their ids; a record in two places reads from the live board, else from
    the latest year). An archive that cannot be used is left out and named in
    :attr:`~standup.store.Snapshot.problems`, never fatal to the live board.

    ``since``: only what a window starting then needs. A record is archived by the
    year of its *closing*, which is never before it began: an archive of a year that
    ended before ``since`` holds nothing that happened in the window (a question asked
    in 2025 and closed in 2026 is in 2026's archive), so those are not read at all.
    Records of earlier times stay in what is read (a reader of a window filters them).

    ``lazy``: a :class:`History` whose documents stay undecoded until asked for (the
    files are still checked whole), for a reader that needs a few fields of every
    record, or a few records, out of years of them.

    ``live``: the live board as this reader already read it (``store.read(lazy=lazy)``,
    e.g. to find the reader's zone before it knew ``since``): not read again, so what
    is merged is the board the reader saw."""
    from standup.store import Snapshot

    if live is None:
        live = store.read(lazy=lazy)
    found = archive_files(store.path)
    if since is not None:
        first = since.astimezone(UTC).year
        found = {year: path for year, path in found.items() if year >= first}
    if not found and not lazy:
        return live  # type: ignore[return-value]
    tables = live._data if isinstance(live, LazySnapshot) else live.data  # noqa: SLF001
    data = {name: dict(docs) for name, docs in tables.items()}
    problems = []
    for year, path in sorted(found.items(), reverse=True):  # the latest year first
        try:
            archived = _read_archive(path, year, lazy=lazy)
        except StandupError as exc:
            problems.append(exc.line())
            continue
        for name, docs in (archived or {}).items():
            if name == META:
                continue
            target = data.setdefault(name, {})
            for key, doc in docs.items():
                target.setdefault(key, doc)
    if lazy:
        return History(data, live.signature, problems=tuple(problems))
    return Snapshot(data, live.signature, problems=tuple(problems))


def find(
    board: str | os.PathLike[str], table: str, key: int
) -> tuple[tuple[int, str, dict[str, Any]] | None, list[str]]:
    """Where the record ``key`` of ``table`` was archived: ``(year, path, tables)`` of
    the latest year's archive holding it (as :func:`read_all` reads it; its documents
    undecoded), or None; and a line for each archive that could not be searched. Only
    for a record that is not on the board: every archive may be read."""
    problems = []
    for year, path in sorted(archive_files(board).items(), reverse=True):
        try:
            data = _read_archive(path, year, lazy=True) or {}
        except StandupError as exc:
            problems.append(exc.line())
            continue
        if str(key) in data.get(table, {}):
            return (year, path, data), problems
    return None, problems


class History(LazySnapshot):
    """The board and its archives as :func:`read_all` ``(lazy=True)`` reads them: a
    :class:`~standup.snapshot.LazySnapshot` (``table()``, ``raw()``, ``docs()``) that
    also names the archives it could not use, and hands out a table's documents as the
    files hold them (``msgspec.Raw``, or a dict) for a reader to pick from."""

    __slots__ = ("problems",)

    def __init__(
        self, data: dict[str, dict[str, Any]], signature: Any, problems: tuple[str, ...] = ()
    ) -> None:
        super().__init__(data, signature)
        self.problems = problems

    def stored(self, name: str) -> dict[str, Any]:
        """The documents of ``name`` by key (``"12"``), undecoded; do not mutate."""
        return self._data.get(name, {})
