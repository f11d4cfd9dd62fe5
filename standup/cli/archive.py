"""``standup archive [--older-than DURATION]``: move closed records older than the team's
``archive_after_days`` (or DURATION) to the yearly archives beside the board, now.
The move itself is :func:`standup.archiving.move`; it also runs by itself once a day."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import timedelta

from standup.errors import BadInput

DURATION_EXAMPLE = "standup archive --older-than 90d"
MAX_DAYS = 100 * 366
_UNITS = {"d": 1, "day": 1, "days": 1, "w": 7, "wk": 7, "week": 7, "weeks": 7}
_DURATION = re.compile(r"\s*([0-9]{1,9})\s*([a-z]+)\s*", re.IGNORECASE)


def parse_duration(text: str) -> timedelta:
    """``90d``, ``30 days``, ``12w``, ``2 weeks`` → a whole number of days, or
    :class:`BadInput` (one line, with an example)."""
    m = _DURATION.fullmatch(text or "")
    unit = _UNITS.get(m.group(2).lower()) if m else None
    if m is None or unit is None:
        raise BadInput(
            f"--older-than {text!r} is not a duration in days or weeks", DURATION_EXAMPLE
        )
    days = int(m.group(1)) * unit
    if days > MAX_DAYS:
        raise BadInput(f"--older-than {text!r} is more than 100 years", DURATION_EXAMPLE)
    return timedelta(days=days)


def archive_command(args: argparse.Namespace) -> int:
    import os

    from standup import archiving, clock
    from standup.cli.commands import _actor, _store
    from standup.text import escaped

    older = parse_duration(args.older_than) if args.older_than is not None else None
    now = clock.now()
    store, actor = _store(args), _actor(args)
    with store.transaction() as tx:
        done = archiving.move(store, tx, now, older, actor)
    before = done.cutoff.astimezone(clock.system_zone()).strftime("%Y-%m-%d %H:%M")
    total = sum(done.by_year.values())
    if total:
        where = ", ".join(
            f"{n} to {escaped(os.path.basename(done.paths[y]))}"
            for y, n in sorted(done.by_year.items())
        )
        print(f"archived {total} closed record(s) from before {before}: {where}")
    else:
        print(f"nothing to archive: no record closed before {before} is on the board")
    if done.finished:
        print(f"finished an interrupted move: {done.finished} record(s) now in one place")
    if done.kept:
        print(
            f"{done.kept} record(s) stay on the board (their year's archive is sealed or unusable)"
        )
    for problem in done.problems:
        sys.stderr.write(f"standup: {escaped(problem)}\n")
    return 3 if done.problems else 0
