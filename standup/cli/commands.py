"""Which code runs each ``standup`` subcommand (:data:`HANDLERS`), and what the
command modules share: the store, the actor, the board as a view, printing.

The handlers live by family, each module imported only by the commands that need it:
:mod:`standup.cli.questions` (ask, answer, withdraw, review, block, unblock, edit,
note), :mod:`standup.cli.people` (away, back, hours, person), :mod:`standup.cli.show`
(status, list, serve), and the modules of the log, check-ins and team, metrics,
exports and archives. Each handler takes the parsed arguments and returns the exit
code; bad input raises :class:`~standup.errors.BadInput` (or another ``StandupError``),
which :func:`standup.cli.main` prints as one line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from standup import clock, ops
from standup.text import json_safe, one_line

Handler = Callable[[argparse.Namespace], int]


def _store(args: argparse.Namespace):  # noqa: ANN202
    from standup.locations import db_path
    from standup.store import Store

    return Store(db_path(args.db), read_only=getattr(args, "read_only", False), archive_daily=True)


def _actor(args: argparse.Namespace) -> ops.Actor:
    return ops.Actor.from_env(args.user)


def _view(  # noqa: ANN202
    args: argparse.Namespace, *, history: bool = False, scan: bool = False
):
    """The board now; with ``history``, merged with its archives (an archive that
    cannot be read is named on stderr); with ``scan``, naming the damaged check-ins and
    stand-ups too (:mod:`standup.scan`), which it does not load."""
    from standup import presence
    from standup.board import Board
    from standup.view import BoardView

    store = _store(args)
    if history:
        from standup.archives import read_all

        snapshot = read_all(store)
        for problem in snapshot.problems:
            sys.stderr.write(f"standup: warning: {one_line(problem)}\n")
    else:  # lazy for status: it decodes the tables it reads, not years of log
        snapshot = store.read(lazy=True) if scan else store.read()
    board = Board.load(snapshot, snapshot.revision)
    if scan:
        from standup.scan import damaged

        found = damaged(snapshot)
        if found:
            import msgspec

            board = msgspec.structs.replace(board, damaged=(*board.damaged, *found))
    actor = _actor(args)
    now = clock.now()
    seen = presence.read(store.path, board.people, now)  # who has the board open
    return BoardView(board, now, board.zone_of(actor.login), seen), actor


def _warn_damaged(view: Any) -> None:
    """A read whose output has no room for them names damaged records on stderr."""
    if view.board.damaged:
        from standup.render import damaged_summary

        sys.stderr.write(f"standup: warning: {damaged_summary(view.board.damaged)}\n")


def _print_json(value: Any) -> None:
    import msgspec

    text = msgspec.json.format(msgspec.json.encode(value), indent=2)
    sys.stdout.buffer.write(json_safe(text) + b"\n")
    sys.stdout.flush()


def _say(line: str) -> None:
    print(line)


def _said(done: ops.Done) -> int:
    """After a write: what it did, in the words of the events it appended (the board
    says the same), or why it changed nothing."""
    for line in done.lines:
        _say(one_line(line))
    return 0


def _show(args: argparse.Namespace, done: ops.Done) -> int:
    """After a write of a question or an item: the record as JSON with ``--json``,
    else what it did."""
    if getattr(args, "json", False):
        return _show_record(args, done.record.key, "")
    return _said(done)


def _show_record(args: argparse.Namespace, key: str, message: str) -> int:
    """The record as JSON with ``--json``, else ``message``."""
    if getattr(args, "json", False):
        from standup.serialize import item_json, question_json

        view, _ = _view(args)
        if key.startswith("Q"):
            _print_json(question_json(view.questions[int(key[1:])], view.tz))
        else:
            _print_json(item_json(view.blocked[int(key[1:])], view.tz))
    else:
        _say(message)
    return 0


def _lazy(module: str, name: str) -> Handler:
    """The handler ``name`` of ``standup.cli.<module>``, imported when it runs: a command
    imports the code of its own family only."""

    def run(args: argparse.Namespace) -> int:
        from importlib import import_module

        return getattr(import_module(f"standup.cli.{module}"), name)(args)

    return run


HANDLERS: dict[str, Handler] = {
    "ask": _lazy("questions", "ask"),
    "answer": _lazy("questions", "answer"),
    "withdraw": _lazy("questions", "withdraw"),
    "review": _lazy("questions", "review"),
    "block": _lazy("questions", "block"),
    "unblock": _lazy("questions", "unblock"),
    "edit": _lazy("questions", "edit"),
    "note": _lazy("questions", "note"),
    "away": _lazy("people", "away"),
    "back": _lazy("people", "back"),
    "hours": _lazy("people", "hours"),
    "person": _lazy("people", "person"),
    "status": _lazy("show", "status"),
    "list": _lazy("show", "list_command"),
    "serve": _lazy("show", "serve"),
    "inbox": _lazy("log", "inbox_command"),
    "events": _lazy("log", "events_command"),
    "archive": _lazy("archive", "archive_command"),
    "metrics": _lazy("metrics", "metrics_command"),
    "checkin": _lazy("checkins", "checkin_command"),
    "team": _lazy("checkins", "team_command"),
    "export": _lazy("exports", "export_command"),
    "import": _lazy("exports", "import_command"),
}
