"""Metrics over a window of the board's history (``standup metrics``, the ``h`` screen).

:func:`compute` returns exactly the ``metrics --json`` shape of product.md ("Metrics,
precisely"). It reads a snapshot as :func:`standup.archives.read_all` returns it (the
board and its archives), so archived history counts like live history.

Choices the spec leaves open, decided here (and in the report of the branch):

- Questions are those asked in ``[since, until)``, each as it reads at ``now`` (an open
  question past its needed-by with a fallback reads *assumed*, as everywhere).
- ``answered_by_needed_by_share``: of those with a needed-by, leaving out the withdrawn
  and those still open whose needed-by is ahead of ``now`` (not decided yet either way).
- Time to answer is split by the addressee *when asked* (the first ``to`` in the
  question's history, before any edit or re-route); a question to nobody in particular
  counts in ``all`` only.
- Blocked time is counted up to ``min(until, now)``; an item edited to wait on something
  else has each stretch attributed to what it waited on then.
- People at a past moment are rebuilt from their ``history`` (role, zone, hours,
  delegate, on or off the board), so coverage uses the PM, the hours and the delegate
  chain of that moment. Coverage counts only time when the team has a PM; ``null`` when
  there is none, or nobody else keeps office hours in the window.
- ``weekly`` covers every ISO week (in the reader's zone) that meets the window, empty
  weeks included; a week's ``asked``/``answered``/``median_answer_seconds`` are about
  the questions asked that week, ``blocked_seconds`` the blocked time inside it.

Everything is worked out on epoch seconds and intervals (sweeps over boundaries, never
sampling), so years of history cost milliseconds per thousand records; the records
themselves are decoded fast by :mod:`standup.metrics_load`.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from standup.board import Board
from standup.coverage import Team, at_of
from standup.metrics_load import load, no_gc  # load: importable here, as it always was
from standup.model import ANSWERED, ASSUMED, OPEN, UNBLOCKED, WITHDRAWN, BlockedItem, Question
from standup.view import item_state, question_state

INF = math.inf
Interval = tuple[float, float]


def compute(
    snapshot: Any,
    *,
    since: datetime | None,
    until: datetime | None,
    now: datetime,
    tz: tzinfo | None = None,
    board: Board | None = None,
    loaded_since: datetime | None = None,
) -> dict[str, Any]:
    """The metrics of ``[since, until)`` as ``metrics --json`` prints them.

    ``since`` None: from the first record; ``until`` None: ``now``. ``tz`` is the
    reader's zone (times in the result, ISO weeks of ``weekly``); None is UTC.
    ``board`` is the snapshot already loaded (questions and blocked items), if the
    caller has it; damaged records are left out (``Board.damaged`` names them).
    ``loaded_since``: that board was loaded with :func:`load` ``(since=...)``; it must
    be no later than ``since``.
    """
    with no_gc():
        return _compute(snapshot, since, until, now, tz or UTC, board, loaded_since)


def _compute(
    snapshot: Any,
    since: datetime | None,
    until: datetime | None,
    now: datetime,
    tz: tzinfo,
    board: Board | None,
    loaded_since: datetime | None,
) -> dict[str, Any]:
    if board is None:
        board, loaded_since = load(snapshot, since=since), since
    now_t = now.timestamp()
    until = until or now
    first = _first_moment(board)
    if loaded_since is not None:
        # records before ``loaded_since`` were not loaded: the board may have begun
        # before it (starting there instead changes nothing: weeks and timelines start
        # at the window's own start when the board is older than it)
        first = min(first or loaded_since, loaded_since, key=lambda m: m.timestamp())
    if since is None:
        since = min(first or until, until, key=lambda m: m.timestamp())
    lo, hi = since.timestamp(), until.timestamp()
    # Nothing happened before the first record: weeks and timelines start there (a
    # window from 1970 costs what the board's own history costs).
    start = min(max(lo, first.timestamp() if first else hi), hi)
    end = max(min(hi, now_t), start)  # blocked time and availability: what has happened
    team = Team(board, start, end)
    questions = [q for q in board.questions.values() if lo <= q.asked_at.timestamp() < hi]
    states = _States(board, now)
    weeks = _weeks(start, hi, tz)
    q_part, tta, weekly_tta = _questions(questions, states, team, now_t, weeks)
    b_part, weekly_blocked = _blocked(board, states, now, start, end, weeks)
    weekly = []
    for n, (monday, _) in enumerate(weeks):
        asked, answered, durations = weekly_tta[n]
        iso_year, iso_week, _ = datetime.fromtimestamp(monday, tz).isocalendar()
        weekly.append(
            {
                "week": f"{iso_year}-W{iso_week:02d}",
                "asked": asked,
                "answered": answered,
                "median_answer_seconds": _rank(sorted(durations), 50),
                "blocked_seconds": round(weekly_blocked[n]),
            }
        )
    return {
        "since": _iso(lo, tz),
        "until": _iso(hi, tz),
        "questions": q_part,
        "time_to_answer_seconds": tta,
        "blocked": b_part,
        "pm_coverage_share": team.coverage(start, end),
        "weekly": weekly,
    }


class _States(dict):
    """Each question as it reads at ``now``, worked out when first asked for (a short
    window needs a few of years of questions)."""

    def __init__(self, board: Board, now: datetime) -> None:
        super().__init__()
        self.questions, self.now = board.questions, now

    def __missing__(self, qid: int) -> Any:
        q = self.questions.get(qid)
        state = self[qid] = None if q is None else question_state(q, self.now)
        return state


# --- questions -----------------------------------------------------------------------


def _questions(
    questions: list[Question], states: _States, team: Team, now_t: float, weeks: list[Interval]
) -> tuple[dict[str, Any], dict[str, Any], list[tuple[int, int, list[int]]]]:
    counts = {ANSWERED: 0, ASSUMED: 0, WITHDRAWN: 0, OPEN: 0}
    with_deadline = met = 0
    split: dict[str, list[int]] = {"all": [], "addressee_available": [], "addressee_away": []}
    starts = [s for s, _ in weeks]
    weekly: list[tuple[int, int, list[int]]] = [(0, 0, []) for _ in weeks]
    for q in questions:
        st = states[q.id]
        counts[st.status] += 1
        asked = q.asked_at.timestamp()
        w = bisect_right(starts, asked) - 1
        asked_n, answered_n, durations = weekly[w]
        asked_n += 1
        decided = st.status != OPEN or (q.needed_by and q.needed_by.timestamp() <= now_t)
        if q.needed_by is not None and st.status != WITHDRAWN and decided:
            with_deadline += 1
            if st.status == ANSWERED and st.answered_at <= q.needed_by:
                met += 1
        if st.status == ANSWERED:
            seconds = round(st.answered_at.timestamp() - asked)
            answered_n += 1
            durations.append(seconds)
            split["all"].append(seconds)
            to = _asked_of(q)
            if to is not None:
                here = team.available(to, asked)
                split["addressee_available" if here else "addressee_away"].append(seconds)
        weekly[w] = (asked_n, answered_n, durations)
    part = {
        "asked": len(questions),
        "answered": counts[ANSWERED],
        "assumed": counts[ASSUMED],
        "withdrawn": counts[WITHDRAWN],
        "open": counts[OPEN],
        "answered_by_needed_by_share": met / with_deadline if with_deadline else None,
    }
    tta = {}
    for key, values in split.items():
        values.sort()
        tta[key] = {"count": len(values), "median": _rank(values, 50), "p90": _rank(values, 90)}
    return part, tta, weekly


def _asked_of(q: Question) -> str | None:
    """Whom ``q`` was addressed to when asked: the old ``to`` kept by its first edit
    or re-route that changed it, else its ``to`` now."""
    for entry in q.history:
        if isinstance(entry, dict) and "to" in entry and entry.get("action") != "override":
            value = entry["to"]
            return value if isinstance(value, str) or value is None else q.to
    return q.to


def _rank(values: list[int], p: int) -> int | None:
    """Nearest-rank percentile of sorted ``values``: the smallest value with at least
    ``p`` % of them at or below it (``None`` for none)."""
    if not values:
        return None
    return values[max(1, math.ceil(p * len(values) / 100)) - 1]


# --- blocked items -------------------------------------------------------------------


def _blocked(
    board: Board, states: _States, now: datetime, lo: float, end: float, weeks: list[Interval]
) -> tuple[dict[str, Any], list[float]]:
    opened: list[float] = []
    closed: list[float] = []
    items = 0
    total = on_questions = 0.0
    by_question: dict[str, float] = {}
    by_person: dict[str, float] = {}
    for item in board.blocked.values():
        since = item.since.timestamp()
        done = item.unblocked_at if item.status == UNBLOCKED else None
        if since >= end or (done is not None and done.timestamp() <= lo):
            continue  # (unblocked by hand before the window: nothing to derive)
        q = item.on_question
        st = item_state(item, states[q] if q is not None else None, now)
        stop = st.unblocked_at.timestamp() if st.unblocked_at else now.timestamp()
        a, b = max(since, lo), min(stop, end)
        if b <= a:
            continue
        items += 1
        for s, e, on, kind in _waits(item, since, stop):
            s, e = max(s, a), min(e, b)
            if e <= s:
                continue
            seconds = e - s
            total += seconds
            who = on if kind == "person" else None
            if kind == "question" and on:
                on_questions += seconds
                by_question[on] = by_question.get(on, 0.0) + seconds
                asked = board.questions.get(int(on[1:]))
                who = _to_at(asked, s) if asked is not None else None
            if who:
                by_person[who] = by_person.get(who, 0.0) + seconds
            opened.append(s)
            closed.append(e)
    weekly = _per_week(opened, closed, weeks)
    return {
        "items": items,
        "seconds": round(total),
        "on_questions_seconds": round(on_questions),
        "by_question": {k: round(v) for k, v in sorted(by_question.items(), key=_by_number)},
        "by_person": {k: round(v) for k, v in sorted(by_person.items())},
    }, weekly


def _per_week(opened: list[float], closed: list[float], weeks: list[Interval]) -> list[float]:
    """The blocked time inside each week: with ``F(t)`` the blocked time before ``t``
    (every stretch that opened before ``t`` counts ``t - start``, minus ``t - end``
    for every one that also closed), a week's share is ``F(end) - F(start)``."""
    from itertools import accumulate

    opened.sort()
    closed.sort()
    open_sums = [0.0, *accumulate(opened)]
    close_sums = [0.0, *accumulate(closed)]

    def before(t: float) -> float:
        i, j = bisect_right(opened, t), bisect_right(closed, t)
        return (t * i - open_sums[i]) - (t * j - close_sums[j])

    return [before(e) - before(s) for s, e in weeks]


def _by_number(kv: tuple[str, float]) -> int:
    return int(kv[0][1:])


def _waits(item: BlockedItem, since: float, stop: float) -> list[tuple[float, float, Any, str]]:
    """What ``item`` waited on over ``[since, stop)``, stretch by stretch (edits of
    ``--on`` keep the old values in its history)."""
    out = []
    on, kind, hi = item.on, item.on_kind, stop
    for entry in reversed(item.history):
        at = at_of(entry)
        if at is None or "on_kind" not in entry or at <= since:
            continue
        out.append((at, hi, on, kind))
        on, kind, hi = entry.get("on"), entry.get("on_kind"), at
    out.append((since, hi, on, kind))
    return out


def _to_at(q: Question, moment: float) -> str | None:
    """``q``'s addressee at ``moment`` (edits and re-routes keep the old ``to``)."""
    to = q.to
    for entry in reversed(q.history):
        at = at_of(entry)
        if at is not None and at > moment and "to" in entry and entry.get("action") != "override":
            to = entry["to"] if isinstance(entry["to"], str) else None
    return to


# --- time ------------------------------------------------------------------------------


def _first_moment(board: Board) -> datetime | None:
    moments = [q.asked_at for q in board.questions.values()]
    moments += [i.since for i in board.blocked.values()]
    moments += [p.added_at for p in (*board.people.values(), *board.former.values()) if p.added_at]
    return min(moments, key=lambda m: m.timestamp()) if moments else None


def _weeks(lo: float, hi: float, tz: tzinfo) -> list[Interval]:
    """The ISO weeks (Monday 00:00 in ``tz``) that meet ``[lo, hi)``, as epoch spans."""
    from standup.hours import _instant

    if lo >= hi:
        return []
    day = datetime.fromtimestamp(lo, tz).date()
    monday = day - timedelta(days=day.weekday())
    out: list[Interval] = []
    start = _midnight(monday, tz, _instant)
    while True:
        monday += timedelta(days=7)
        stop = _midnight(monday, tz, _instant)
        out.append((start, stop))
        if stop >= hi:
            return out
        start = stop


def _midnight(day: date, tz: tzinfo, instant: Any) -> float:
    return instant(datetime.combine(day, time()), tz).timestamp()


def _iso(moment: float, tz: tzinfo) -> str:
    from standup.clock import iso

    return iso(datetime.fromtimestamp(moment, UTC), tz)  # type: ignore[return-value]
