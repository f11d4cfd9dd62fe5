"""``standup export`` (JSON to restore, Markdown to read) and ``standup import FILE``.

Both read the board *and* its archives (:func:`standup.archives.read_all`); the work
is in the core (:mod:`standup.exporting`, :mod:`standup.digest`,
:mod:`standup.importing`), this module only reads the options and prints.
"""

from __future__ import annotations

import argparse
import sys

from standup import clock
from standup.text import one_line


def export_command(args: argparse.Namespace) -> int:
    from standup.archives import read_all
    from standup.board import PARTS, Board
    from standup.cli.commands import _actor, _store

    store, actor, now = _store(args), _actor(args), clock.now()
    since = live = None
    if args.since is None:
        snapshot = read_all(store)
    else:  # only the archives the window can need (see standup.exporting)
        from standup.past import past_when

        live = store.read()
        tz = Board.load(live, live.revision, parts=()).zone_of(actor.login)
        since = past_when(args.since, "--since", now, tz, end=False)
        snapshot = read_all(store, since=since, live=live)
    # md names damaged records as `list` does: those of every table the board reads
    parts = (*PARTS, "standups") if args.format == "md" else ()
    board = Board.load(snapshot, snapshot.revision, parts=parts)
    if since is not None and args.format == "md" and _refers_back(board, since):
        snapshot = read_all(store, live=live)  # what a stand-up names, wherever it is
        board = Board.load(snapshot, snapshot.revision, parts=parts)
    for problem in snapshot.problems:
        sys.stderr.write(f"standup: warning: {one_line(problem)}\n")
    if args.format == "json":
        from standup.exporting import dump_json

        payload = dump_json(snapshot.data, now, since)
        _warn_damaged_json(snapshot)
    else:
        from standup.digest import markdown
        from standup.view import BoardView

        _warn(board.damaged)
        view = BoardView(board, now, board.zone_of(actor.login))
        payload = markdown(view, since).encode()
    if args.output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return 0
    from standup.exporting import write_output

    write_output(args.output, payload, str(store.path))
    return 0


def _refers_back(board: object, since: object) -> bool:
    """Whether a stand-up of the digest's window names a question or blocked item that
    is not in what was read. standup's own stand-ups name only records open during the
    meeting (raised for a speaker, or decided), so their closing — and their archive's
    year — is never before the window; a record named otherwise may be in a year the
    window did not read, and the digest then reads them all."""
    for s in board.standups.values():  # type: ignore[attr-defined]
        if s.started_at < since:
            continue
        for ref in [*s.raised, *(d.question for d in s.decisions)]:
            number = int(ref[1:]) if ref[1:].isdigit() else None
            table = {"Q": board.questions, "B": board.blocked}.get(ref[:1])  # type: ignore[attr-defined]
            if table is not None and number not in table:
                return True
    return False


def import_command(args: argparse.Namespace) -> int:
    from standup.cli.commands import _store
    from standup.importing import restore
    from standup.text import escaped

    store = _store(args)
    done = restore(store, args.file)
    print(f"imported {done.summary()} into {escaped(str(store.path))}")
    return 0


def _warn_damaged_json(snapshot: object) -> None:
    """The dump keeps damaged records as they are; say which, since import refuses
    them until they are fixed in the dump."""
    from standup.board import PARTS, Board
    from standup.errors import DamagedRecord
    from standup.model import Damage, Event

    board = Board.load(snapshot, parts=(*PARTS, "checkins", "standups"))
    damaged = list(board.damaged)
    for key, doc in snapshot.table("events").items():  # type: ignore[attr-defined]
        try:
            if type(key) is not int:
                raise Damage("events", key, "its key is not a record id").refusal()
            Event.from_doc(doc, key)
        except DamagedRecord as exc:
            damaged.append(exc.damage)
    _warn(damaged, " (kept in the export as they are; import refuses them until fixed)")


def _warn(damaged: list | tuple, note: str = "") -> None:
    if damaged:
        from standup.render import damaged_summary
        from standup.text import one_line

        sys.stderr.write(f"standup: warning: {one_line(damaged_summary(damaged) + note)}\n")
