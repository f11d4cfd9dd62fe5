"""Reading the board for the screen: one snapshot, cut down to what the board shows.

A board file can hold years of history (10,000 closed records), and turning all of it
into typed records costs ~100 ms per reload, on every open board, on every write. The
screen shows open items only, so :func:`load` keeps just the records that can read open
now — only a stored ``open`` question can read open (the view derives *assumed* from
it, never the reverse), and likewise only a stored ``blocked`` item can read blocked (and
not one on a question answered and reviewed) — plus the questions those items wait on
(their answer unblocks them), plus answers the
PM has not reviewed yet (counted on the board), plus the records in
``watch`` (open on the previous view, so their closing can be announced), plus any
record whose head does not read as one standup closed (an unknown status, a key that
is not an id): decoded in full, a damaged one is then named in the banner. The
:class:`BoardView` built on that slice has the same open lists as one built on the whole
file; the history screen, when it comes, will read the whole file itself.

Everything here runs in a worker thread; nothing touches Textual.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import msgspec

from standup.board import PARTS, Board
from standup.fileformat import all_ids, record_id
from standup.model import ANSWERED, ASSUMED, OPEN, UNBLOCKED, WITHDRAWN, Time
from standup.snapshot import Head, LazySnapshot
from standup.store import Signature, Store
from standup.view import WHOLE_TEAM, BoardView

if TYPE_CHECKING:
    from standup.presence import Heartbeat

CLOSED = (ANSWERED, ASSUMED, WITHDRAWN)  # stored statuses of questions the board hides
FEW = 6  # the reader's own reviews decoded, of each kind: For you shows at most this many


class Watch(msgspec.Struct, frozen=True):
    """Ids of records to keep even when closed: the ones notifications compare."""

    questions: frozenset[int] = msgspec.field(default_factory=frozenset)
    items: frozenset[int] = msgspec.field(default_factory=frozenset)

    @classmethod
    def of(cls, view: BoardView | None) -> Watch:
        if view is None:
            return cls()
        return cls(
            frozenset(s.q.id for s in view.open_questions),
            frozenset(s.item.id for s in view.blocked_items),
        )


class Loaded(msgspec.Struct, frozen=True):
    """A view of the board, the file signature it was read at, and the next moment the
    board reads differently by the clock alone (see :func:`next_change`)."""

    view: BoardView
    signature: Signature | None
    changes_at: datetime | None = None


class Slice:
    """The parts of a :class:`LazySnapshot` the board shows, with the same ``table()``.

    The filter reads only each record's :class:`~standup.snapshot.Head`; only the
    records kept are decoded in full. Answers and assumptions waiting for someone
    else's review are counted, not decoded (:attr:`elsewhere`): the board shows only
    how many wait for the PM; For you and the return briefing list the reader's own.
    """

    def __init__(
        self,
        snapshot: LazySnapshot,
        watch: Watch,
        now: datetime,
        login: str,
        reviews: int | None = FEW,
    ) -> None:
        self._snapshot = snapshot
        # Every test below is a set look-up or a compare: this runs over every record
        # of years of history at each start and reload (record_id per key cost ~2 ms).
        qheads = snapshot.heads("questions")
        watched = _keys(watch.questions)
        # Questions that read answered or assumed from now on whatever the clock says,
        # and that nothing on this board lists: those reviewed, and those waiting for
        # someone else's review (an open one past its needed-by reads assumed and waits
        # for review too: on a board of years, most stored-open questions are these).
        # Stored-blocked items on them read unblocked (For you lists the items an
        # answer moved on for the reader's own reviews only), so neither is decoded.
        # The reader's own (asked of them, or of the whole team) are decoded, the first
        # ``reviews`` of each kind in the file's order, which is the order For you and
        # the briefing list them in: For you shows a few; the briefing reads them all
        # (``reviews=None``) when it opens. A PM back after months has hundreds.
        settled: set[str] = set()
        elsewhere: dict[str, str] = {}  # key -> the addressee who reviews it (WHOLE_TEAM: all)
        own = {login: 0, WHOLE_TEAM: 0}  # the reader's own decoded so far, by kind
        for k, h in qheads.items():
            if h.status in (ANSWERED, ASSUMED):
                if h.reviewed is not False:
                    settled.add(k)
                    continue
            elif h.status != OPEN or not _assumed(h, now):
                continue
            if k in watched:
                continue
            to = WHOLE_TEAM if h.to is None else h.to
            if type(to) is not str or (to == WHOLE_TEAM and h.to is not None):
                continue  # not as standup writes it: decoded (a damaged one is named)
            if to in own and (reviews is None or own[to] < reviews):
                own[to] += 1
                continue
            settled.add(k)
            elsewhere[k] = to
        heads = snapshot.heads("blocked")
        odd = _not_ids(heads)  # damaged: Board.load tells which
        watched_items = _keys(watch.items)
        refs = frozenset(f"Q{k}" for k in settled)
        blocked = [
            k
            for k, h in heads.items()
            if (h.status != UNBLOCKED and not (h.on_kind == "question" and h.on in refs))
            or k in watched_items
            or k in odd  # damaged
        ]
        keep = watched | _keys(_question_id(heads[k].on) for k in blocked)
        odd = _not_ids(qheads)
        questions = [
            k
            for k, h in qheads.items()
            if ((h.status not in CLOSED or h.reviewed is False) and k not in elsewhere)
            # open or damaged; or for this reader's review (For you, the briefing)
            or k in keep
            or k in odd
        ]
        counted = Counter(to for k, to in elsewhere.items() if k not in keep and k not in odd)
        self.elsewhere: dict[str, int] = dict(counted)
        self._tables: dict[str, dict[int, dict[str, Any]]] = {
            "blocked": snapshot.docs("blocked", blocked),
            "questions": snapshot.docs("questions", questions),
        }
        # The stand-up running now, if any (for the banner and the meeting screen), and
        # the check-ins of its date: not the years of past meetings.
        running = _running_standups(snapshot)
        self._tables["standups"] = snapshot.docs("standups", running)
        dates = {d.get("date") for d in self._tables["standups"].values() if type(d) is dict}
        self._tables["checkins"] = snapshot.docs("checkins", _checkins_of(snapshot, dates))

    def table(self, name: str) -> dict[int, dict[str, Any]]:
        if name in self._tables:
            return self._tables[name]
        return self._snapshot.table(name)


_TIME = msgspec.json.Decoder(Time)


def _assumed(h: Head, now: datetime) -> bool:
    """Whether a stored-open question reads *assumed* at ``now`` by its head alone (see
    :attr:`standup.model.Question.falls_back`); ``False`` when a field is not as
    standup writes it (the question is then decoded, and a damaged one named)."""
    if h.reversible is not True or type(h.fallback) is not str or h.reopened_at is not None:
        return False
    try:
        return now >= _TIME.decode(h.needed_by)
    except msgspec.ValidationError:
        return False


class _StandupHead(msgspec.Struct):
    ended_at: Any = None


_STANDUP_HEADS = msgspec.json.Decoder(dict[str, _StandupHead])


def _running_standups(snapshot: LazySnapshot) -> list[str]:
    """Keys of the stand-ups not ended (a damaged one too: Board.load names it)."""
    raw = snapshot.raw("standups")
    if raw in (b"{}", b""):
        return []
    try:
        heads = _STANDUP_HEADS.decode(raw)
    except msgspec.ValidationError:  # a document that is not an object: decode them all
        return list(msgspec.json.decode(raw))
    return [k for k, h in heads.items() if h.ended_at is None or record_id(k) is None]


class _CheckinHead(msgspec.Struct):
    date: Any = None


_CHECKIN_HEADS = msgspec.json.Decoder(dict[str, _CheckinHead])


def _checkins_of(snapshot: LazySnapshot, dates: set[Any]) -> list[str]:
    """Keys of the check-ins of ``dates`` (none when no stand-up runs)."""
    if not dates:
        return []
    raw = snapshot.raw("checkins")
    try:
        heads = _CHECKIN_HEADS.decode(raw)
    except msgspec.ValidationError:
        return list(msgspec.json.decode(raw))
    return [k for k, h in heads.items() if h.date in dates or record_id(k) is None]


def _keys(ids: Iterable[int | None]) -> frozenset[str]:
    """The table keys of ``ids``: an id's key is its decimal digits, as TinyDB writes it
    (a key written any other way is not an id; see :func:`_not_ids`)."""
    return frozenset(str(i) for i in ids if i is not None)


def _not_ids(keys: Collection[str]) -> frozenset[str]:
    """The keys that are not ids (see :func:`standup.fileformat.record_id`): in the usual
    case, all digits and none with a leading 0 or too long, told in C at once."""
    if all_ids(keys):
        return frozenset()
    return frozenset(k for k in keys if record_id(k) is None)


def _question_id(on: object) -> int | None:
    if isinstance(on, str) and on[:1] == "Q":
        return record_id(on[1:])
    return None


def warm(view: BoardView) -> BoardView:
    """Compute the view's derived parts now (in the worker), not while painting."""
    for state in view.open_questions:
        if state.q.to:
            view.person(state.q.to)
        if state.ask_now:
            view.person(state.ask_now)
    view.blocked_items  # noqa: B018 - computes and caches
    view.people  # noqa: B018
    if view.pm is not None:
        view.route(view.pm.login)
    return view


def load(
    store: Store,
    now: datetime,
    login: str,
    watch: Watch | None = None,
    heartbeat: Heartbeat | None = None,
    reviews: int | None = FEW,
) -> Loaded:
    """Read the file once and build the view the board shows (raises StoreError).

    ``reviews``: how many of ``login``'s own answers and assumptions to review to read
    in full, of each kind (``None``: all, for the briefing); the rest are counted.

    With this board's ``heartbeat``, the view says who has the board open too (this
    board's own user among them, unless its heartbeat cannot be written: then the
    view's ``presence.problem`` says why)."""
    snapshot = store.read(lazy=True)
    part = Slice(snapshot, watch or Watch(), now, login, reviews)
    board = Board.load(part, snapshot.revision, (*PARTS, "standups", "checkins"))
    seen = None
    if heartbeat is not None:
        from standup import presence

        problem = heartbeat.problem
        seen = presence.read(store.path, [*board.people, login], now, me=None if problem else login)
        if problem and not seen.problem:
            seen = msgspec.structs.replace(seen, problem=problem)
    view = warm(BoardView(board, now, board.zone_of(login), seen, part.elsewhere))
    return Loaded(view, snapshot.signature, next_change(view))


def next_change(view: BoardView) -> datetime | None:
    """The first moment after ``view.now`` at which the board reads differently with no
    write: a needed-by passes (a fallback is taken, or a question turns overdue), or
    someone's status changes (office hours begin or end, an absence starts or ends —
    :attr:`Status.until` tells it, and it is what moves an "ask now" down a delegate
    chain). Ages move on too, but slowly: the board's minute tick covers those.

    Cheap: the people's statuses are computed for the view anyway (see :func:`warm`);
    this adds one pass over the open questions and the absences.
    """
    now = view.now
    moments = [s.q.needed_by for s in view.open_questions if s.q.needed_by is not None]
    moments += [p.status.until for p in view.people if p.status.until is not None]
    for absences in view.board.absences.values():  # logins not on the board too
        for a in absences:
            moments += [a.start] if a.end is None else [a.start, a.end]
    return min((m for m in moments if m > now), default=None)


def rederive(view: BoardView, now: datetime) -> BoardView:
    """The same records at a new moment: ages, statuses and assumptions move on."""
    return warm(BoardView(view.board, now, view.tz, view.presence, view.elsewhere))
