"""Moving closed records from the board to its yearly archives (:mod:`standup.archives`).

:func:`move` moves closed records out of the live file; it runs inside the board's own
locked transaction, by itself at most once a day on a write (:func:`daily`, a date in
``meta``: no extra read on the common path) and on demand (``standup archive``).

**What is closed, and when** (a record moves when its closing is older than the cutoff,
to the archive of its closing's year, in UTC; the closing is the latest time recorded in
it, its edits' times included):

* a question that reads answered, assumed or withdrawn — an assumption taken by the clock
  too (still ``open`` in storage: its closing is its needed-by), and an answer still
  waiting for the PM's review: once older than the cutoff it is history, not a briefing
  item, and it keeps ``reviewed: false`` in its archive. A question still open (no
  answer, no fallback taken; a reopened one) never moves;
* a blocked item that reads unblocked (by hand, or its question answered or assumed —
  a withdrawn question does not unblock it). An item waiting on a question moves only
  *with* that question, and the question only with every item waiting on it (their
  closing is the latest of them): an open item never refers to an archived question,
  and an archived question's items read as they did;
* an absence that has ended, a note removed, a stand-up ended, a check-in;
* an event of the log, by its age alone — even one about a record still open: the live
  log keeps what is recent (inboxes, ``events --follow``), :func:`read_all` the rest.
  Nothing on the board reads an old event to decide anything.

People, the team's settings and ``meta`` never move; ids are counted in the live
``meta`` (checked before anything moves), so no id is ever reused. A damaged record
never moves (its closing cannot be read): it stays, byte for byte.

**One move, SIGKILL at any moment.** Under the board's lock: every archive that changes
is written whole (temp file, fsync, ``os.replace``, fsync the directory), and only then
the live file without the moved records. A kill in between leaves records in both
places; a read takes the live copy (it is the newer, should it have changed since),
and the next move finishes: a record found in an archive and on the board is written
where it belongs now, or dropped from the archive if it no longer moves. So afterwards
every record is in exactly one place.

**Sealed years.** Once every record closed in a year has had its chance to move (the
run's cutoff and the team's ``archive_after_days`` are past the year's end), the year's
archive is marked ``sealed`` in its ``meta``: standup adds nothing more to it (a
straggler stays on the board and is counted), and only rewrites it to finish an
interrupted move. An archive is never a board: the store refuses to write one.
"""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import msgspec

from standup import files
from standup.archives import _read_archive, archive_files, archive_path
from standup.errors import DamagedRecord, StandupError, StoreError
from standup.fileformat import _ENCODER, META, SCHEMA, record_id

if TYPE_CHECKING:
    from standup.ops.common import Actor
    from standup.store import Store, Tx

# Tables whose closed records move.
MOVABLE = ("questions", "blocked", "absences", "notes", "standups", "checkins", "events")
KILL_ENV = "STANDUP_TEST_KILL_AT"  # tests only: SIGKILL this process at step N of a move
_steps = 0


class Moved(msgspec.Struct):
    """What one :func:`move` did."""

    cutoff: datetime
    by_year: dict[int, int] = msgspec.field(default_factory=dict)  # records moved
    paths: dict[int, str] = msgspec.field(default_factory=dict)
    kept: int = 0  # archivable, but their year's archive is sealed or unusable
    finished: int = 0  # copies left by an interrupted move, now in one place
    problems: list[str] = msgspec.field(default_factory=list)  # unusable archives


# -- what moves --------------------------------------------------------------------------


def _latest(record: Any) -> datetime:
    """The latest time recorded in ``record``, its history's times included."""
    times = [
        v for v in (getattr(record, n) for n in record.__struct_fields__) if type(v) is datetime
    ]
    for entry in getattr(record, "history", ()):
        at = entry.get("at") if type(entry) is dict else None
        if isinstance(at, str):
            with contextlib.suppress(ValueError):
                moment = datetime.fromisoformat(at)
                if moment.tzinfo is not None:
                    times.append(moment)
    return max(times)


def _records(tx: Tx, table: str, kind: Any) -> dict[int, Any]:
    out = {}
    for key, doc in tx.all(table).items():
        if type(key) is int:
            with contextlib.suppress(DamagedRecord):
                out[key] = kind.from_doc(doc, key)
    return out


def plan(tx: Tx, cutoff: datetime, now: datetime) -> dict[str, dict[str, int]]:
    """What moves: ``{table: {key: year}}`` (see the module's docstring)."""
    from standup.model import (
        OPEN,
        UNBLOCKED,
        Absence,
        BlockedItem,
        Event,
        Note,
        Question,
    )
    from standup.records import Checkin, Standup
    from standup.view import item_state, question_state

    closing: dict[str, dict[int, datetime]] = {t: {} for t in MOVABLE}
    states = {k: question_state(q, now) for k, q in _records(tx, "questions", Question).items()}
    live_questions = {k for k in tx.all("questions") if type(k) is int}
    for qid, state in states.items():
        if state.status != OPEN:  # answered, assumed (stored or by the clock), withdrawn
            closing["questions"][qid] = _latest(state.q)
    waiting: dict[int, list[int]] = {}
    for bid, item in _records(tx, "blocked", BlockedItem).items():
        on = item.on_question
        if on is not None and on in live_questions:
            waiting.setdefault(on, []).append(bid)
        if item_state(item, states.get(on) if on else None, now).status == UNBLOCKED:
            closing["blocked"][bid] = _latest(item)
    for qid, bids in waiting.items():  # a question and its items move together
        group = [closing["questions"].get(qid)] + [closing["blocked"].get(b) for b in bids]
        if any(c is None for c in group):
            closing["questions"].pop(qid, None)
            for b in bids:
                closing["blocked"].pop(b, None)
        else:
            latest = max(group)  # type: ignore[type-var]
            closing["questions"][qid] = latest
            for b in bids:
                closing["blocked"][b] = latest
    for a in _records(tx, "absences", Absence).values():
        if a.end is not None:
            closing["absences"][a.id] = _latest(a)
    for nid, n in _records(tx, "notes", Note).items():
        if n.removed_at is not None:
            closing["notes"][nid] = _latest(n)
    for s in _records(tx, "standups", Standup).values():
        if s.ended_at is not None:
            closing["standups"][s.id] = _latest(s)
    for c in _records(tx, "checkins", Checkin).values():
        closing["checkins"][c.id] = _latest(c)
    moves: dict[str, dict[str, int]] = {}
    for table, closed in closing.items():
        moves[table] = {str(k): c.astimezone(UTC).year for k, c in closed.items() if c < cutoff}
    for eid, event in _records(tx, "events", Event).items():  # the log: by age alone
        if event.at < cutoff:
            moves["events"][str(eid)] = event.at.astimezone(UTC).year
    return {t: m for t, m in moves.items() if m}


# -- moving ----------------------------------------------------------------------------


def _step() -> None:
    """A moment a move can be killed at; ``$STANDUP_TEST_KILL_AT=N`` kills it at the
    N-th (the SIGKILL tests). Inert otherwise."""
    global _steps
    _steps += 1
    if os.environ.get(KILL_ENV) == str(_steps):
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def _team_days(tx: Tx) -> int:
    from standup.records import TEAM_KEY, Team

    doc = tx.get("team", TEAM_KEY)
    try:
        return (Team.from_doc(doc, TEAM_KEY) if doc is not None else Team()).archive_after_days
    except DamagedRecord:
        return Team().archive_after_days


def _sealable(year: int, cutoff: datetime, now: datetime, days: int) -> bool:
    """Every record closed in ``year`` has had its chance to move."""
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    return cutoff >= end and now - timedelta(days=days) >= end


def move(
    store: Store,
    tx: Tx,
    now: datetime,
    older_than: timedelta | None = None,
    actor: Actor | None = None,
    *,
    log: bool = True,
) -> Moved:
    """Move the records closed before ``now - older_than`` (default: the team's
    ``archive_after_days``) from the board in ``tx`` to their yearly archives.

    Runs inside ``store``'s transaction ``tx`` (the board's lock is held): the archives
    are written here, first; the live file without the moved records is written by the
    transaction when it ends. An archive that cannot be used (damaged, a link, a FIFO)
    keeps its year's records on the board and is named in :attr:`Moved.problems`.
    A move that moves something appends an ``archived`` event (by ``actor``, else the
    OS login), which concerns nobody's inbox — unless ``log`` is false (an import puts
    the records back where the product keeps them: the log stays as it was exported).
    """
    days = _team_days(tx)
    cutoff = now - (older_than if older_than is not None else timedelta(days=days))
    done = Moved(cutoff=cutoff)
    moves = plan(tx, cutoff, now)
    _step()
    board = os.fspath(store.path)
    found = archive_files(board)
    years = set(found) | {y for m in moves.values() for y in m.values()}
    archives: dict[int, dict[str, Any]] = {}
    bad: set[int] = set()
    for year in sorted(years):
        path = found.get(year) or archive_path(board, year)
        try:
            archives[year] = _read_archive(path, year, lazy=True) or {}
        except StandupError as exc:
            bad.add(year)
            done.problems.append(exc.line())
    dirty: set[int] = set()
    # An interrupted move left copies: the live one wins (written again below if it
    # moves now, else dropped from the archive).
    for year, data in archives.items():
        for table, docs in data.items():
            if table == META:
                continue
            live = tx.data.get(table, {})
            for key in [k for k in docs if k in live]:
                if moves.get(table, {}).get(key) != year:
                    del docs[key]
                    dirty.add(year)
                    done.finished += 1
    for table, keys in moves.items():
        live = tx.data[table]
        for key, year in list(keys.items()):
            data = archives.get(year)
            meta = _archive_meta(data) if data is not None else {}
            if year in bad or (meta.get("sealed") and key not in data.get(table, {})):
                del keys[key]
                done.kept += 1
                continue
            assert data is not None
            if key in data.get(table, {}):
                done.finished += 1
            data.setdefault(table, {})[key] = live[key]
            dirty.add(year)
            done.by_year[year] = done.by_year.get(year, 0) + 1
    for year, data in archives.items():
        meta = _archive_meta(data)
        if (
            year not in bad
            and not meta.get("sealed")
            and data
            and _sealable(year, cutoff, now, days)
        ):
            dirty.add(year)
    if dirty:
        st = os.stat(board, follow_symlinks=False) if os.path.exists(board) else None
        gid = st.st_gid if st is not None else -1
        for year in sorted(dirty):
            data = archives[year]
            meta = _archive_meta(data)
            meta.update(schema=SCHEMA, archive=year, board=os.path.basename(board))
            meta["revision"] = meta.get("revision", 0) + 1
            if _sealable(year, cutoff, now, days):
                meta["sealed"] = True
            data[META] = {"1": meta}
            path = found.get(year) or archive_path(board, year)
            _write(store, path, data, gid)
            done.paths[year] = path
    _step()
    moved = {t: k for t, k in moves.items() if k}
    if moved:
        _keep_counters(tx)
        for table, keys in moved.items():
            for key in keys:
                tx.remove(table, int(key))
        if log:
            _log(tx, done, now, actor)
    meta = tx._doc(META, 1)
    if meta is not None and (moved or tx.changed):
        meta["archived_on"] = now.astimezone(UTC).date().isoformat()
    return done


def _log(tx: Tx, done: Moved, now: datetime, actor: Actor | None) -> None:
    from standup import events
    from standup.ops.common import Actor, _os_login

    if actor is None:  # the daily move, on someone's write
        try:
            actor = Actor.from_env()
        except StandupError:
            actor = Actor(_os_login(), _os_login())
    where = ", ".join(
        f"{n} to {os.path.basename(done.paths[y])}" for y, n in sorted(done.by_year.items())
    )
    total = sum(done.by_year.values())
    said = f"archived {total} record(s) closed before {done.cutoff.date().isoformat()}: {where}"
    events.append(tx, actor, "archived", None, said, now=now)


def _archive_meta(data: dict[str, Any]) -> dict[str, Any]:
    meta = data.get(META, {}).get("1", {})
    if type(meta) is msgspec.Raw:
        meta = msgspec.json.decode(meta)
    return dict(meta)


def _keep_counters(tx: Tx) -> None:
    """Every id kind counted in ``meta`` past the highest id on the board, before any
    record leaves it: counting from what is left would reuse an archived id."""
    from standup.fileformat import ID_KINDS

    meta = tx._doc(META, 1)
    assert meta is not None
    counters = meta.setdefault("next", {})
    for kind, table in ID_KINDS.items():
        top = max(filter(None, map(record_id, tx.data.get(table, {}))), default=0)
        if counters.get(kind, 0) <= top:
            counters[kind] = top + 1


def _write(store: Store, path: str, data: dict[str, Any], gid: int) -> None:
    """``data`` to the archive at ``path``, atomically: temp, fsync, replace, fsync the
    directory. The temp is named like the board's, so the next writer removes it if
    this one is killed."""
    directory = os.path.dirname(path)
    tmp = os.path.join(
        directory,
        f".{store.path.name}.tmp-archive-{os.getpid()}-{os.urandom(4).hex()}",
    )
    payload = _ENCODER.encode(data)
    _step()
    try:
        files.replace_atomically(tmp, path, payload, mode=files.FILE_MODE, gid=gid, written=_step)
    except OSError as exc:
        raise StoreError(
            files.os_problem("write the archive", path, exc, "the board was not changed")
        ) from None
    _step()
    files.sync_dir(directory, path)
    _step()


def daily(store: Store, tx: Tx) -> None:
    """On a write: :func:`move` once a day (``meta.archived_on``, already read — no
    extra file on the common path). A problem with an archive never fails the write
    that triggered it: its records stay, and ``standup archive`` names it."""
    meta = tx._doc(META, 1)
    if meta is None:
        return
    from standup import clock

    try:
        now = clock.now()
    except StandupError:
        return
    today = now.astimezone(UTC).date().isoformat()
    if meta.get("archived_on") == today:
        return
    with contextlib.suppress(StoreError):
        move(store, tx, now)
    meta["archived_on"] = today
