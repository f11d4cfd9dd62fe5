"""What the history screen (``h``) shows, gathered in a worker thread: no Textual here.

:func:`gather` reads the board *and its archives* through
:func:`standup.archives.read_all` (the one way readers of history see them) — only the
archives the window needs (``since``), their documents undecoded until read
(``lazy``) — then for the chosen window:

- the metrics, exactly as ``standup metrics --json`` computes them
  (:func:`standup.metrics.compute`, same ``since``/``until``/``now``/zone);
- the decision log: the log's ``answered``, ``overridden``, ``reopened`` and
  ``confirmed`` events and the derived ``assumed`` ones (a fallback taken by the clock),
  newest first, at most :data:`DECISIONS_SHOWN` of them;
- the past stand-ups, newest first.

Years of history are tens of thousands of events: only the kind and the time of each
are looked at to pick the decisions, and only the ones shown are decoded into
:class:`~standup.model.Event`; of the questions, only those whose needed-by falls in the
window can have fallen back in it, so only those are handed to
:func:`standup.events.derived`.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import msgspec

from standup.model import Event

DECISIONS_SHOWN = 200  # the newest; the window chooser narrows it further
STANDUPS_SHOWN = 200
DAY = timedelta(days=1)
DECIDED = ("answered", "overridden", "reopened", "confirmed")  # written; "assumed" is derived


@dataclass(frozen=True)
class Window:
    """A window the screen offers: the last ``days`` days, or everything (``None``)."""

    key: str  # the key that chooses it
    id: str
    label: str
    days: int | None

    def since(self, now: datetime) -> datetime | None:
        return None if self.days is None else now - timedelta(days=self.days)


WINDOWS = (
    Window("1", "weeks", "last 2 weeks", 14),  # `standup metrics`'s default window
    Window("2", "quarter", "last quarter", 91),  # 13 weeks
    Window("3", "all", "all time", None),
)


@dataclass(frozen=True)
class StandupRow:
    """A past stand-up as the screen lists it (names already looked up)."""

    key: str  # "S3"
    date: str
    started_at: datetime
    facilitator: str
    spoke: list[tuple[str, int]]  # (name, seconds)
    absent: list[str]
    duration_seconds: int | None  # None while it runs


@dataclass(frozen=True)
class History:
    """Everything the screen shows for one window, at one moment."""

    window: Window
    since: datetime | None
    until: datetime
    metrics: dict[str, Any]
    decisions: list[Event]  # newest first
    more_decisions: bool  # more than DECISIONS_SHOWN in the window
    standups: list[StandupRow]  # newest first
    names: dict[str, str] = field(default_factory=dict)  # login -> display name

    def name(self, login: str | None) -> str:
        if login is None:
            return "anyone"
        return self.names.get(login, login)


def gather(store: Any, window: Window, now: datetime, tz: tzinfo) -> History:
    """The history of ``window`` up to ``now``, read from ``store`` and its archives.

    The collector is off meanwhile: reading years of history builds hundreds of
    thousands of small objects and no cycles, and each full collection it would trigger
    walks all of them (and the app's own) for nothing — 10 to 30 % of a fill."""
    was = gc.isenabled()
    gc.disable()
    try:
        return _gather(store, window, now, tz)
    finally:
        if was:
            gc.enable()


def _gather(store: Any, window: Window, now: datetime, tz: tzinfo) -> History:
    from standup.archives import read_all
    from standup.board import Board
    from standup.metrics import compute

    since = window.since(now)
    # only the archives the window needs, each document decoded only when read
    snapshot = read_all(store, since=since, lazy=True)
    metrics = compute(snapshot, since=since, until=now, now=now, tz=tz)
    decisions, more = decision_log(snapshot, since, now)
    board = Board.load(snapshot, parts=("standups",))
    names = {login: p.name for login, p in {**board.former, **board.people}.items()}
    standups = [
        StandupRow(
            key=s.key,
            date=s.date,
            started_at=s.started_at,
            facilitator=names.get(s.facilitator, s.facilitator),
            spoke=[(names.get(x.who, x.who), x.seconds) for x in s.spoke],
            absent=[names.get(login, login) for login in s.absent],
            duration_seconds=s.duration_seconds,
        )
        for s in sorted(board.standups.values(), key=lambda s: s.started_at, reverse=True)
        if (since is None or s.started_at >= since) and s.started_at <= now
    ][:STANDUPS_SHOWN]
    return History(window, since, now, metrics, decisions, more, standups, names)


# -- the decision log ------------------------------------------------------------------


def decision_log(
    snapshot: Any, since: datetime | None, until: datetime, limit: int = DECISIONS_SHOWN
) -> tuple[list[Event], bool]:
    """The decisions taken in ``[since, until]``, newest first (at most ``limit``), and
    whether there were more. A damaged event is left out (``standup events`` names it)."""
    from standup.errors import DamagedRecord
    from standup.fileformat import record_id

    events = stored(snapshot, "events")
    heads = [
        (h.at, key)
        for key, h in _heads(events, _EventHead)
        if h.kind in DECIDED and type(h.at) is str
    ]
    written, more = _newest(heads, since, until, limit)
    out: list[Event] = []
    for _at, key in written:
        eid = record_id(key) if type(key) is str else key
        try:
            if eid is None:  # not an id: named by `standup events`
                continue
            out.append(Event.from_doc(_decoded(events[key]), eid))
        except DamagedRecord:  # kept as it is, and named by `standup events`
            continue
    assumed, more_assumed = _assumed(snapshot, since, until, limit)
    merged = sorted([*out, *assumed], key=lambda e: e.at, reverse=True)
    return merged[:limit], more or more_assumed or len(merged) > limit


def _newest(
    heads: list[tuple[str, Any]], since: datetime | None, until: datetime, limit: int
) -> tuple[list[tuple[datetime, Any]], bool]:
    """Of ``(ISO time, key)`` pairs, those in ``[since, until]``, newest first, at most
    ``limit``; and whether the window held more.

    Years of log are tens of thousands of times: parsing each would cost more than the
    rest of the screen. A time's first ten characters are its local date, at most a day
    off its UTC date, so a time whose date is more than two days before another's is
    older than it, whatever their offsets: the dates pick the few to parse.
    """
    low = None if since is None else (since - 2 * DAY).date().isoformat()
    high = (until + 2 * DAY).date().isoformat()
    near = [(at, key) for at, key in heads if at[:10] <= high and (low is None or at[:10] >= low)]
    if len(near) > limit:  # only the newest dates can hold the newest `limit` times
        dates = sorted((at[:10] for at, _ in near), reverse=True)
        cut = (date.fromisoformat(dates[limit - 1]) - 2 * DAY).isoformat()
        kept = [(at, key) for at, key in near if at[:10] >= cut]
    else:
        kept = near
    picked = []
    for at, key in kept:
        moment = _moment(at)
        if moment is not None and moment <= until and (since is None or moment >= since):
            picked.append((moment, key))
    picked.sort(key=lambda pair: pair[0], reverse=True)
    more = len(picked) > limit or (len(kept) < len(near) and len(picked) >= limit)
    return picked[:limit], more


def _assumed(
    snapshot: Any, since: datetime | None, until: datetime, limit: int
) -> tuple[list[Event], bool]:
    """The fallbacks taken in the window (derived from the questions, as the log does:
    at their needed-by), newest first, at most ``limit``; and whether there were more."""
    from standup.events import derived

    heads = [
        (h.needed_by, key)
        for key, h in _heads(stored(snapshot, "questions"), _QuestionHead)
        if h.fallback is not None and type(h.needed_by) is str
    ]
    candidates, _ = _newest(heads, since, until, len(heads))  # each may not have fallen back
    found: list[Event] = []
    start = 0
    while start < len(candidates) and len(found) <= limit:  # newest first, a batch at a time
        batch = [key for _, key in candidates[start : start + limit + 1]]
        start += limit + 1
        part = _Questions(snapshot, batch)
        found += [e for e in derived(part, until) if since is None or since <= e.at <= until]
    found.sort(key=lambda e: e.at, reverse=True)
    return found[:limit], len(found) > limit


def stored(snapshot: Any, name: str) -> dict[Any, Any]:
    """The documents of ``name`` as the file holds them, unsorted (keys ``"12"``), when
    the snapshot has them so (a :class:`~standup.store.Snapshot`'s ``data``, or
    :class:`standup.archives.History`'s undecoded documents); else its ``table()``.
    Putting tens of thousands of events in id order to pick the newest few by time
    would cost more than picking them."""
    if hasattr(snapshot, "stored"):
        return snapshot.stored(name)
    data = getattr(snapshot, "data", None)
    return data.get(name, {}) if isinstance(data, dict) else snapshot.table(name)


class _EventHead(msgspec.Struct):
    kind: Any = None
    at: Any = None


class _ItemHead(msgspec.Struct):
    on: Any = None


class _QuestionHead(msgspec.Struct):
    needed_by: Any = None
    fallback: Any = None


def _heads(docs: dict[Any, Any], head: type) -> list[tuple[Any, Any]]:
    """``(key, head)`` of every document: the few fields ``head`` names, decoded in one
    typed pass over undecoded documents (the rest of each is skipped, not built); a
    document that is not an object is left out (its reader names it)."""
    if any(type(doc) is msgspec.Raw for doc in docs.values()):
        raw = {k: doc for k, doc in docs.items() if type(doc) in (msgspec.Raw, dict)}
        return list(msgspec.json.decode(msgspec.json.encode(raw), type=dict[str, head]).items())
    fields = head.__struct_fields__
    return [
        (key, head(**{f: doc.get(f) for f in fields}))
        for key, doc in docs.items()
        if type(doc) is dict
    ]


def _decoded(doc: Any) -> Any:
    return msgspec.json.decode(doc) if type(doc) is msgspec.Raw else doc


class _Questions:
    """Some of a snapshot's questions, the items waiting on them, and the people: what
    :func:`standup.events.derived` reads, without every other question and item."""

    def __init__(self, snapshot: Any, keys: list[Any]) -> None:
        from standup.fileformat import record_id

        self._snapshot = snapshot
        questions = stored(snapshot, "questions")
        self._questions = {
            (record_id(k) if type(k) is str else k) or k: _decoded(questions[k]) for k in keys
        }
        refs = {f"Q{k}" for k in self._questions}
        blocked = stored(snapshot, "blocked")
        self._blocked = {
            (record_id(k) if type(k) is str else k) or k: _decoded(blocked[k])
            for k, h in _heads(blocked, _ItemHead)
            if h.on in refs
        }

    def table(self, name: str) -> dict[Any, Any]:
        if name == "questions":
            return self._questions
        return self._blocked if name == "blocked" else self._snapshot.table(name)


def _moment(value: Any) -> datetime | None:
    if type(value) is not str:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        return None
    return at if at.tzinfo is not None else None
