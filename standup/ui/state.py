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

from collections.abc import Collection, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import msgspec

from standup.board import PARTS, Board
from standup.fileformat import MAX_ID_DIGITS, record_id
from standup.model import ANSWERED, ASSUMED, UNBLOCKED, WITHDRAWN
from standup.snapshot import LazySnapshot
from standup.store import Signature, Store
from standup.view import BoardView

if TYPE_CHECKING:
    from standup.presence import Heartbeat

CLOSED = (ANSWERED, ASSUMED, WITHDRAWN)  # stored statuses of questions the board hides


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
    records kept are decoded in full.
    """

    def __init__(self, snapshot: LazySnapshot, watch: Watch) -> None:
        self._snapshot = snapshot
        # Every test below is a set look-up or a compare: this runs over every record
        # of years of history at each start and reload (record_id per key cost ~2 ms).
        qheads = snapshot.heads("questions")
        # Stored-blocked items on a question answered (or assumed) and reviewed read
        # unblocked whatever the clock says, and nothing on the board shows them (For
        # you lists the items an answer moved on only while it waits to be reviewed):
        # on a board of years, most stored-blocked items are these, each costing its
        # own and its question's decoding before the first frame.
        settled = frozenset(
            f"Q{k}"
            for k, h in qheads.items()
            if h.status in (ANSWERED, ASSUMED) and h.reviewed is not False
        )
        heads = snapshot.heads("blocked")
        odd = _not_ids(heads)  # damaged: Board.load tells which
        watched = _keys(watch.items)
        on_settled = _on_settled(snapshot, settled) if settled else frozenset()
        blocked = [
            k
            for k, h in heads.items()
            if (h.status != UNBLOCKED and k not in on_settled)  # may read blocked
            or k in watched
            or k in odd  # damaged
        ]
        keep = _keys({*watch.questions, *(_question_id(heads[k].on) for k in blocked)} - {None})
        heads = qheads
        odd = _not_ids(heads)
        questions = [
            k
            for k, h in heads.items()
            if h.status not in CLOSED  # open, or damaged
            or h.reviewed is False  # the PM's return briefing needs these
            or k in keep
            or k in odd
        ]
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


class _ItemHead(msgspec.Struct):
    on: Any = None
    on_kind: Any = None


_ITEM_HEADS = msgspec.json.Decoder(dict[str, _ItemHead])


def _on_settled(snapshot: LazySnapshot, settled: frozenset[str]) -> frozenset[str]:
    """Keys of the items that wait on a question in ``settled`` (none when a document is
    not an object: then every stored-blocked item is decoded, and Board.load names it)."""
    try:
        heads = _ITEM_HEADS.decode(snapshot.raw("blocked"))
    except msgspec.ValidationError:
        return frozenset()
    return frozenset(k for k, h in heads.items() if h.on_kind == "question" and h.on in settled)


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
    digits = "".join(keys)
    if (
        digits.isascii()
        and digits.isdigit()
        and min(keys)[:1] not in ("", "0")
        and max(map(len, keys)) <= MAX_ID_DIGITS
    ):
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
) -> Loaded:
    """Read the file once and build the view the board shows (raises StoreError).

    With this board's ``heartbeat``, the view says who has the board open too (this
    board's own user among them, unless its heartbeat cannot be written: then the
    view's ``presence.problem`` says why)."""
    snapshot = store.read(lazy=True)
    board = Board.load(
        Slice(snapshot, watch or Watch()), snapshot.revision, (*PARTS, "standups", "checkins")
    )
    seen = None
    if heartbeat is not None:
        from standup import presence

        problem = heartbeat.problem
        seen = presence.read(store.path, [*board.people, login], now, me=None if problem else login)
        if problem and not seen.problem:
            seen = msgspec.structs.replace(seen, problem=problem)
    view = warm(BoardView(board, now, board.zone_of(login), seen))
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
    return warm(BoardView(view.board, now, view.tz, view.presence))
