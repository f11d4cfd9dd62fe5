"""``standup events`` (the board's log, its yearly archives included — only the years a
``--since`` window can need; ``--follow`` to stream it) and ``standup inbox`` (what
concerns you since you last looked). Reads only: the inbox writes nothing to the
board, only its reader's seen-marks (see :mod:`standup.events`)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, tzinfo
from typing import Any

from standup import clock
from standup.model import Event
from standup.text import json_safe, one_line

FOLLOW_POLL_S = 0.2  # how often --follow checks the file's signature (a stat)
FOLLOW_CLOCK_S = 1.0  # how often it reads the board for fallbacks taken by the clock


def _context(args: argparse.Namespace) -> tuple[Any, Any, datetime, tzinfo, Any]:
    """The store, the actor, now, the reader's zone, and the board as read now."""
    from standup.cli.commands import _actor, _store

    store, actor, now = _store(args), _actor(args), clock.now()
    snapshot = store.read(lazy=True)
    return store, actor, now, _zone_of(snapshot, actor.login), snapshot


def _zone_of(snapshot: Any, login: str) -> tzinfo:
    """The reader's zone, as :meth:`standup.board.Board.zone_of` says, without reading
    (and checking) every person's record: only theirs."""
    for doc in snapshot.table("people").values():
        tz = doc.get("tz") if type(doc) is dict and doc.get("login") == login else None
        if isinstance(tz, str) and clock.is_zone(tz):
            return clock.zone(tz)
    return clock.system_zone()


def _line(event: Event, tz: tzinfo, mark: str = "") -> str:
    at = event.at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return f"{mark}{event.key:>6}  {at}  {one_line(event.text)}"


def _json_line(event: Event, tz: tzinfo, **extra: Any) -> bytes:
    import msgspec

    from standup.events import event_json

    return json_safe(msgspec.json.encode({**event_json(event, tz), **extra}))


def _warn(damaged: list) -> None:
    if damaged:
        from standup.render import damaged_summary

        sys.stderr.write(f"standup: warning: {damaged_summary(damaged)}\n")


def events_command(args: argparse.Namespace) -> int:
    from standup.events import read_log

    store, actor, now, tz, snapshot = _context(args)
    since = None
    if args.since is not None:
        from standup.board import Board
        from standup.past import past_when

        board = Board.load(snapshot, parts=())
        since = past_when(args.since, "--since", now, board.zone_of(actor.login), end=False)
    if since is not None or not args.follow:  # the log, its archived part included
        snapshot = _history(store, snapshot, since)
    log = read_log(snapshot, now, since=since)
    _warn(log.damaged)
    if args.follow:
        # Without --since, only what happens from now on: a bot restarted does not
        # post the whole log again.
        return _follow(store, args.json, tz, log.events if since is not None else [], log.events)
    if args.json:
        body = b",\n".join(b"  " + _json_line(e, tz) for e in log.events)
        sys.stdout.buffer.write(b"[\n" + body + b"\n]\n" if body else b"[]\n")
        sys.stdout.flush()
    else:
        for event in log.events:
            print(_line(event, tz))
        if not log.events:
            print("no events" + (f" since {args.since}" if since else " yet"))
    return 0


def _history(store: Any, live: Any, since: datetime | None) -> Any:
    """The live board (as read) and the archives a log from ``since`` can need: an
    event is archived by its own time's year, and an ``assumed`` event (derived from a
    question, at its needed-by) lies before its question's closing, so a year that
    ended before ``since`` holds none of them (:func:`standup.archives.read_all`). An
    archive that cannot be read is named on stderr."""
    from standup.archives import read_all

    snapshot = read_all(store, since=since, lazy=True, live=live)
    for problem in snapshot.problems:
        sys.stderr.write(f"standup: warning: {one_line(problem)}\n")
    return snapshot


def _follow(store: Any, as_json: bool, tz: tzinfo, first: list[Event], known: list[Event]) -> int:
    """Print ``first``, then every event written (or taken by the clock) from now on,
    one line each, flushed, until SIGINT, SIGTERM or a closed pipe: then exit 0.

    It polls the file's signature (one ``stat``) every :data:`FOLLOW_POLL_S` and reads
    the board only when it changed, or every :data:`FOLLOW_CLOCK_S` for the fallbacks
    the clock takes (derived events, see :func:`standup.events.derived`)."""
    import os
    import signal
    import time

    from standup.events import read_log

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    out = sys.stdout.buffer
    shown = {e.key for e in known}

    def emit(events: list[Event]) -> None:
        for event in events:
            line = _json_line(event, tz) if as_json else _line(event, tz).encode()
            out.write(line + b"\n")
            out.flush()

    try:
        emit(first)
        signature = store.signature()
        read_at = time.monotonic()
        while True:
            time.sleep(FOLLOW_POLL_S)
            now_sig = store.signature()
            if now_sig == signature and time.monotonic() - read_at < FOLLOW_CLOCK_S:
                continue
            signature, read_at = now_sig, time.monotonic()
            log = read_log(store.read(lazy=True), clock.now())
            new = [e for e in log.events if e.key not in shown]
            shown.update(e.key for e in new)
            emit(new)
    except KeyboardInterrupt:
        return 0
    except BrokenPipeError:
        # the reader went away: nothing more to say, and nothing to flush at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 0


def inbox_command(args: argparse.Namespace) -> int:
    from standup.events import mark_seen, read_log, seen_marks

    store, actor, now, tz, snapshot = _context(args)
    seen = seen_marks(store, actor.login)
    log = read_log(snapshot, now, login=actor.login, skip=() if args.all else seen)
    _warn(log.damaged)
    new = [e for e in log.events if e.key not in seen]
    shown = log.events if args.all else new
    if args.json:
        body = b",\n".join(b"  " + _json_line(e, tz, new=e.key not in seen) for e in shown)
        sys.stdout.buffer.write(b"[\n" + body + b"\n]\n" if body else b"[]\n")
        sys.stdout.flush()
    elif shown:
        for event in shown:
            mark = ("* " if event.key not in seen else "  ") if args.all else ""
            print(_line(event, tz, mark))
    else:
        print(
            f"nothing new for {actor.login}"
            + ("" if args.all else " (standup inbox --all shows what you have seen)")
        )
    if new and not args.peek:
        mark_seen(store, actor.login, [e.key for e in new])
    return 0


def new_count(store: Any, snapshot: Any, login: str, now: datetime) -> int:
    """How many events concern ``login`` that they have not seen (``status --brief``)."""
    from standup.events import inbox, seen_marks

    return len(inbox(snapshot, login, now, seen=seen_marks(store, login)))
