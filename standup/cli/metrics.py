"""``standup metrics [--since WHEN] [--until WHEN] [--json]``: how long questions wait and
what waiting costs, over a window of the board's history and its archives (default: the
last 14 days). Reads only.

A metrics window lies in the past, so ``--since``/``--until`` read past phrases (the
board's ``WHEN`` looks forward: ``fri`` is the *next* Friday there):

- ``now``; ``N minutes|hours|days|weeks|months ago`` (days and longer keep the clock
  time across DST changes, as ``in N days`` does);
- a day — ``today``, ``yesterday``, a weekday (``mon``: the last Monday, today if it is
  Monday; ``last mon``: the one before today), an ISO date ``2026-01-01`` — means the
  whole day: ``--since`` its start (00:00), ``--until`` its end (the next 00:00), so
  ``--since mon --until fri`` includes Friday;
- anything else is read as the board reads ``WHEN`` (``2026-11-02 14:00``,
  ``2026-11-02 14:00 Europe/Berlin``).

All in the caller's zone. ``--until`` alone keeps a 14-day window ending there.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from typing import Any

from standup import clock
from standup.errors import BadInput
from standup.past import past_when
from standup.text import one_line

DEFAULT_DAYS = 14


def metrics_command(args: argparse.Namespace) -> int:
    from standup import metrics
    from standup.archives import read_all
    from standup.board import Board
    from standup.cli.commands import _actor, _print_json, _store

    store, actor, now = _store(args), _actor(args), clock.now()
    # people never move to an archive: the live board knows the reader's zone
    tz = Board.load(store.read(lazy=True), parts=()).zone_of(actor.login)
    until = past_when(args.until, "--until", now, tz, end=True) if args.until else now
    if args.since:
        since = past_when(args.since, "--since", now, tz, end=False)
    else:
        since = until - timedelta(days=DEFAULT_DAYS)
    if since >= until:
        raise BadInput(
            f"--since {args.since or '(14 days before --until)'} is not before "
            f"--until {args.until or 'now'}",
            "--since 2026-11-01 --until 2026-11-15",
        )
    # only the archives and the records the window needs (issue 12: years of history)
    snapshot = read_all(store, since=since, lazy=True)
    board = metrics.load(snapshot, since=since)
    result = metrics.compute(
        snapshot, since=since, until=until, now=now, tz=tz, board=board, loaded_since=since
    )
    _warn(board.damaged, getattr(snapshot, "problems", ()))
    if args.json:
        _print_json(result)
    else:
        print("\n".join(summary(result)))
    return 0


def _warn(damaged: Any, problems: Any) -> None:
    """What was left out (damaged records, archives that cannot be read): one line."""
    said = []
    if damaged:
        from standup.render import damaged_summary

        said.append(damaged_summary(list(damaged)))
    said += [str(p) for p in problems]
    if said:
        sys.stderr.write(f"standup: warning: {one_line('; '.join(said))}\n")


# --- the text summary -----------------------------------------------------------------


def summary(m: dict[str, Any]) -> list[str]:
    """A few readable lines of ``metrics --json``."""
    q, tta, b = m["questions"], m["time_to_answer_seconds"], m["blocked"]
    lines = [f"Metrics from {_when(m['since'])} to {_when(m['until'])}"]
    lines.append(
        f"Questions: {q['asked']} asked · {q['answered']} answered · {q['assumed']} assumed"
        f" (fallback taken) · {q['withdrawn']} withdrawn · {q['open']} open"
    )
    lines.append(f"Answered by their needed-by: {_share(q['answered_by_needed_by_share'])}")
    a = tta["all"]
    line = f"Time to answer: median {_span(a['median'])}, p90 {_span(a['p90'])} ({a['count']})"
    for key, label in (("addressee_available", "addressee here"), ("addressee_away", "away")):
        part = tta[key]
        if part["count"]:
            line += f" · {label}: median {_span(part['median'])} ({part['count']})"
    lines.append(line)
    blocked = f"Blocked: {b['items']} items, {_span(b['seconds'])} in all"
    if b["on_questions_seconds"]:
        blocked += f", {_span(b['on_questions_seconds'])} on questions"
    if b["by_person"]:
        who, seconds = max(b["by_person"].items(), key=lambda kv: kv[1])
        blocked += f"; most waiting on {who} ({_span(seconds)})"
    lines.append(blocked)
    lines.append(f"PM coverage of the team's office hours: {_share(m['pm_coverage_share'])}")
    weeks = [w for w in m["weekly"] if w["asked"] or w["blocked_seconds"]][-8:]
    if weeks:
        lines.append("Weekly (asked / answered / median answer / blocked):")
        for w in weeks:
            lines.append(
                f"  {w['week']}  {w['asked']:>4} / {w['answered']:>4} / "
                f"{_span(w['median_answer_seconds']):>7} / {_span(w['blocked_seconds'])}"
            )
    return lines


def _when(value: str) -> str:
    return value[:16].replace("T", " ")


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _span(seconds: int | None) -> str:
    """``2d 3h``, ``3h 20m``, ``45m``, ``30s``; ``–`` for none."""
    if seconds is None:
        return "–"
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m" if minutes else f"{int(seconds)}s"
