"""``standup export``: the board and its archives as one JSON dump to restore
(:func:`dump_json`, read back by :mod:`standup.importing`), or as Markdown to read
(:mod:`standup.digest`); and the one safe way to write either to a file
(:func:`write_output`).

**The JSON dump** is lossless: every table's documents exactly as stored (fields in
their stored order, tables in a fixed order, documents in id order), the live board
merged with its yearly archives (:func:`standup.archives.read_all`), so a board
restored from it holds everything. A *damaged* record is dumped as it is — a dump that
dropped it would lose what someone may still want to repair; :mod:`standup.importing`
refuses it, naming it, until it is fixed in the dump. Beside the tables: a format marker,
the schema version, the id counters (``next``: the id each kind gives next, never below
one past the highest present, so an id is not reused after an import), ``since`` and a
top-level ``exported_at`` — the only thing that differs between two exports of the same
board. No revision, write time or path: those belong to one file, not to the board.

``--since WHEN`` keeps the records *touched* since WHEN: those carrying any time at or
after it (asked, answered, closed, reviewed, added, removed, a deadline, an absence's
start or end, a stand-up's start or end, the time of each change in its history, an
event's time). The old values a history entry keeps are not times the record was
touched (a deadline moved to the stand-up by "fall back now" was never reached): so
every such time is one archiving reads for the record's closing, and an archive of a
year that ended before WHEN holds nothing the dump keeps — it is not read
(:func:`standup.archives.read_all`). A record carrying no time that can be read (the
team settings, a damaged record) is always kept. Such a dump names its ``since`` and is
not a whole board: import refuses it.

No Textual here: this is core.
"""

from __future__ import annotations

import contextlib
import os
import stat
from datetime import datetime
from typing import Any

import msgspec

from standup import files
from standup.errors import BadInput, NotRegularFile, StoreError
from standup.fileformat import ID_KINDS, META, SCHEMA, TABLES, record_id
from standup.model import _TIME_FIELDS
from standup.text import escaped, json_safe

FORMAT = "standup-export"
OUTPUT_MODE = 0o600  # a new export file: the whole board, readable by its writer only


def counters(data: dict[str, dict[str, Any]]) -> dict[str, int]:
    """The id each kind gives next: the board's own counter, never below one past the
    highest id present (archives included). Kinds the board does not count are kept."""
    stored = data.get(META, {}).get("1", {}).get("next", {})
    out = {}
    for kind, table in ID_KINDS.items():
        highest = max(filter(None, map(record_id, data.get(table, {}))), default=0)
        out[kind] = max(stored.get(kind, 1), highest + 1)
    out.update((k, v) for k, v in sorted(stored.items()) if k not in out)
    return out


def table_names(data: dict[str, Any]) -> list[str]:
    """Tables in a fixed order: the known ones, then any others a newer writer added."""
    return [*TABLES, *sorted(n for n in data if n not in TABLES and n != META)]


def dump(data: dict[str, dict[str, Any]], now: datetime, since: datetime | None = None) -> dict:
    """The export of ``data`` (the board as read, in TinyDB's layout) as a dict."""
    from standup.clock import iso
    from standup.fileformat import _by_id

    tables: dict[str, dict[str, Any]] = {}
    for name in table_names(data):
        docs = _by_id(data.get(name, {}))  # id order; keys that are not ids last, as they are
        tables[name] = {
            str(key): doc for key, doc in docs.items() if since is None or touched(doc, since)
        }
    return {
        "format": FORMAT,
        "schema": SCHEMA,
        "exported_at": iso(now),
        "since": iso(since),
        "next": counters(data),
        "tables": tables,
    }


def dump_json(
    data: dict[str, dict[str, Any]], now: datetime, since: datetime | None = None
) -> bytes:
    """:func:`dump` as indented JSON (DEL, C1 and bidi controls escaped, so printing it
    to a terminal is safe; the strings it holds are unchanged)."""
    raw = msgspec.json.format(msgspec.json.encode(dump(data, now, since)), indent=2)
    return json_safe(raw) + b"\n"


def touched(doc: Any, since: datetime) -> bool:
    """Whether a stored document was touched at or after ``since`` (see the module's
    docstring); a document with no readable time is kept."""
    found = False
    for moment in _times(doc):
        found = True
        if moment >= since:
            return True
    return not found


def _times(doc: Any) -> list[datetime]:
    """The readable times a document carries, and when each change in its history was
    made (an entry's ``at``; the old values it keeps are not touches)."""
    if type(doc) is not dict:
        return []
    out = []
    for key, value in doc.items():
        if key in _TIME_FIELDS and type(value) is str:
            _add_time(out, value)
        elif key == "history" and type(value) is list:
            for entry in value:
                at = entry.get("at") if type(entry) is dict else None
                if type(at) is str:
                    _add_time(out, at)
    return out


def _add_time(out: list[datetime], value: str) -> None:
    with contextlib.suppress(ValueError):
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            out.append(moment)


# -- writing a file --------------------------------------------------------------------


def write_output(path: str, payload: bytes, board: str) -> None:
    """Write ``payload`` to ``path`` atomically: a temp file beside it, synced, then
    renamed over it — a reader sees the old file or the whole new one, never half.

    The target is checked like the board (:mod:`standup.files`): a symbolic link, FIFO,
    directory or device there is refused with one line, never followed or opened for
    writing (the rename replaces a name, and never writes through one). An existing
    file keeps its mode; a new one is ``0600``. The board itself (``board``) and the
    files beside it that standup keeps are refused: an export must never replace them.
    """
    if not path.strip():
        raise BadInput("--output is empty: it names no file", "--output standup-export.json")
    path = os.path.abspath(os.path.expanduser(path))
    board = os.path.abspath(board)
    stem = board[:-5] if board.endswith(".json") else board
    if path == board or path.startswith((board + ".", stem + ".archive-")):
        raise BadInput(
            f"--output {escaped(path)} is the board or a file standup keeps beside it; "
            "nothing was written",
            "--output ~/standup-export.json",
        )
    mode = OUTPUT_MODE
    fd = files.open_regular(path, "the output file")  # refuses links, FIFOs, directories
    if fd is not None:
        try:
            st = os.fstat(fd)
            if _same(st, board):
                raise BadInput(
                    f"--output {escaped(path)} is the board itself; nothing was written",
                    "--output ~/standup-export.json",
                )
            mode = stat.S_IMODE(st.st_mode)
        finally:
            os.close(fd)
    directory, name = os.path.split(path)
    tmp = os.path.join(directory, f".{name}.tmp-{os.getpid()}-{os.urandom(4).hex()}")
    try:
        files.replace_atomically(tmp, path, payload, mode=mode, gid=-1)
    except IsADirectoryError:  # made a directory since it was checked
        raise NotRegularFile(
            f"the output file {escaped(path)} is a directory, not a regular file; "
            f"nothing was written"
        ) from None
    except OSError as exc:
        raise StoreError(
            files.os_problem("write the export", escaped(path), exc, files.NOTHING_WRITTEN)
        ) from None
    files.sync_dir(directory, path)


def _same(st: os.stat_result, path: str) -> bool:
    try:
        there = os.stat(path)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) == (there.st_dev, there.st_ino)
