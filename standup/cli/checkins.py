"""``standup checkin`` (your update for today), ``standup list checkins`` and ``standup
team`` (the team's shared settings).

``checkin`` with no option writes nothing: it prints today's check-in — saved, or the
one git suggests — with *yesterday* pre-filled from your commits since your last working
day. With options it saves (the commits found are stored with it). Git is read before
the board is locked, each repository once; one it cannot read is a ``note:`` line on
stderr (``notes`` in ``--json``), never a failure.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import msgspec

from standup import clock, ops
from standup.errors import BadInput
from standup.records import Checkin, Commit
from standup.text import one_line


def _context(args: argparse.Namespace) -> tuple[Any, Any, datetime]:
    from standup.cli.commands import _actor, _store

    return _store(args), _actor(args), clock.now()


def _print_json(value: Any) -> None:
    from standup.cli.commands import _print_json

    _print_json(value)


def _notes(notes: list[str], as_json: bool) -> None:
    if not as_json:
        for note in notes:
            sys.stderr.write(f"standup: note: {one_line(note)}\n")


# -- checkin ---------------------------------------------------------------------------


def checkin_command(args: argparse.Namespace) -> int:
    from standup.board import Board
    from standup.checkins import commits_for, prefill, today_of

    store, actor, now = _context(args)
    snapshot = store.read()
    board = Board.load(snapshot, snapshot.revision, parts=("checkins",))
    tz = board.zone_of(actor.login)
    writing = args.yesterday is not None or args.today is not None or bool(args.blocked)
    if writing:  # refuse bad input before git is read
        _check_texts(args)
    found = commits_for(board, actor.login, now)
    commits = found.commits[actor.login]
    _notes(found.notes, args.json)
    if writing:
        done = ops.checkin(
            store, actor, yesterday=args.yesterday, today=args.today,
            blocked=args.blocked, commits=commits, now=now,
        )  # fmt: skip
        if args.json:
            return _show_json(done.record, tz, found.notes, saved=True)
        for line in done.lines:
            print(one_line(line))
        return 0
    saved = today_of(board, actor.login, now)
    from standup.checkins import local_date

    shown = saved or Checkin(
        id=0, who=actor.login, date=local_date(board, actor.login, now), at=now
    )
    shown = msgspec.structs.replace(
        shown, commits=commits, yesterday=shown.yesterday or prefill(commits)
    )
    if args.json:
        return _show_json(shown, tz, found.notes, saved=saved is not None)
    name = board.name_of(actor.login) or actor.login
    print(_text(shown, name, saved, found.since[actor.login], board.team.repos, tz))
    return 0


def _check_texts(args: argparse.Namespace) -> None:
    from standup.ops.checkins import MAX_BLOCKED
    from standup.ops.common import need_text

    for option, value in (("--yesterday", args.yesterday), ("--today", args.today)):
        if value is not None:
            need_text(value, option, f'{option} "the CSV export"')
    for title in args.blocked:
        need_text(title, "--blocked", '--blocked "the bank\'s sandbox"')
    if len(args.blocked) > MAX_BLOCKED:
        raise BadInput(f"at most {MAX_BLOCKED} --blocked at once", '--blocked "the sandbox"')


def _show_json(c: Checkin, tz: tzinfo, notes: list[str], *, saved: bool) -> int:
    from standup.serialize import checkin_json

    _print_json({**checkin_json(c, tz), "saved": saved, "notes": notes})
    return 0


def _text(
    c: Checkin, name: str, saved: Checkin | None, since: datetime, repos: list[str], tz: tzinfo
) -> str:
    day = datetime.fromisoformat(c.date).strftime("%a %Y-%m-%d")
    state = (
        f"saved {c.key}" if saved is not None else 'not saved: standup checkin --today "…" saves it'
    )
    from_git = (
        f"  (from {len(c.commits)} commit{'s' if len(c.commits) != 1 else ''})"
        if c.commits and (saved is None or not saved.yesterday)
        else ""
    )
    lines = [
        f"Check-in of {one_line(name)} for {day} ({state})",
        f"  yesterday  {one_line(c.yesterday) or '—'}{from_git}",
        f"  today      {one_line(c.today) or '—'}",
        f"  blockers   {', '.join(f'B{i}' for i in c.blockers) or '—'}",
    ]
    if not repos:
        lines.append("No repositories to read commits from (standup team set repos PATH,…)")
        return "\n".join(lines)
    lines.append(f"Commits since {since.strftime('%a %Y-%m-%d')}: {len(c.commits) or 'none'}")
    lines += [f"  {_commit_line(commit, tz)}" for commit in c.commits]
    return "\n".join(lines)


def _commit_line(c: Commit, tz: tzinfo) -> str:
    import os

    at = c.at.astimezone(tz).strftime("%a %H:%M")
    return f"{one_line(os.path.basename(c.repo))}  {c.sha[:8]}  {at}  {one_line(c.subject)}"


# -- list checkins ---------------------------------------------------------------------


def list_command(args: argparse.Namespace) -> int:
    """``list checkins``: today's (each person's today), ``--since WHEN``: from that
    date on, ``--all``: every one. ``--all`` and ``--since`` read the archives too —
    with ``--since``, only the years that can hold a check-in of those dates
    (:func:`_first_moment`)."""
    from standup.archives import read_all
    from standup.board import PARTS, Board
    from standup.serialize import checkin_json

    store, actor, now = _context(args)
    snapshot = store.read()
    start = None
    if args.since is not None:
        from standup.past import past_when

        tz = Board.load(snapshot, snapshot.revision, parts=()).zone_of(actor.login)
        start = past_when(args.since, "--since", now, tz, end=False).astimezone(tz).date()
    if args.all or start is not None:
        snapshot = read_all(store, since=_first_moment(start), live=snapshot)
        for problem in snapshot.problems:
            sys.stderr.write(f"standup: warning: {one_line(problem)}\n")
    board = Board.load(snapshot, snapshot.revision, parts=(*PARTS, "checkins"))  # all named
    tz = board.zone_of(actor.login)
    if board.damaged:
        from standup.render import damaged_summary

        sys.stderr.write(f"standup: warning: {damaged_summary(list(board.damaged))}\n")
    rows = list(board.checkins.values())
    if start is not None:
        rows = [c for c in rows if c.date >= start.isoformat()]
    elif not args.all:
        from standup.checkins import local_date

        rows = [c for c in rows if c.date == local_date(board, c.who, now)]
    if args.json:
        _print_json([checkin_json(c, tz) for c in rows])
        return 0
    for c in rows:
        print(_list_line(c))
    if not rows:
        print("no check-ins" + ("" if args.all or args.since else " today (standup checkin)"))
    return 0


def _first_moment(start: date | None) -> datetime | None:
    """The earliest moment a check-in dated ``start`` or later can have been written: a
    check-in's date is its writer's wall date when they first wrote it, and a day
    begins at most 14 hours before its UTC midnight (UTC+14) — a day of margin. Its
    archive is the year of its last write (:mod:`standup.archiving`), never earlier."""
    if start is None:
        return None
    return datetime.combine(start, time(), UTC) - timedelta(days=1)


def _list_line(c: Checkin) -> str:
    parts = [f"{c.key:>5}  {c.date}  {c.who}"]
    if c.yesterday:
        parts.append(f"yesterday: {one_line(c.yesterday)}")
    if c.today:
        parts.append(f"today: {one_line(c.today)}")
    if c.blockers:
        parts.append("blocked: " + ", ".join(f"B{i}" for i in c.blockers))
    if c.commits:
        parts.append(f"{len(c.commits)} commit{'s' if len(c.commits) != 1 else ''}")
    return "  ".join(parts)


# -- team ------------------------------------------------------------------------------


def team_command(args: argparse.Namespace) -> int:
    from standup.board import Board
    from standup.durations import format_days, format_duration

    if args.action == "set":
        if args.key is None or args.value is None:
            raise BadInput("say which setting and its value", "standup team set speaker-time 90s")
        store, actor, now = _context(args)
        done = ops.set_team(store, actor, args.key, args.value, now=now)
        if args.json:
            from standup.serialize import team_json

            _print_json(team_json(done.record))
            return 0
        for line in done.lines:
            print(one_line(line))
        return 0
    if args.key is not None:
        raise BadInput(
            f"team takes set KEY VALUE, not {one_line(args.key)[:40]!r}",
            "standup team set repos none",
        )
    store, _, _ = _context(args)
    board = Board.load(store.read(), parts=())
    team = board.team
    if board.damage_of("team", 1) is not None:
        from standup.render import damaged_summary

        sys.stderr.write(f"standup: warning: {damaged_summary(list(board.damaged))}\n")
    if args.json:
        from standup.serialize import team_json

        _print_json(team_json(team))
        return 0
    print(f"speaker time   {format_duration(team.speaker_seconds)}")
    print(f"meeting time   {format_duration(team.meeting_seconds)}")
    print(f"repositories   {one_line(', '.join(team.repos)) or 'none'}")
    print(f"archive after  {format_days(team.archive_after_days)}")
    return 0
