"""``standup export`` (JSON to restore, Markdown to read) and ``standup import FILE``.

Both read the board *and* its archives (:func:`standup.archives.read_all`); the work
is in the core (:mod:`standup.exporting`, :mod:`standup.digest`,
:mod:`standup.importing`), this module only reads the options and prints.
"""

from __future__ import annotations

import argparse
import sys

from standup import clock


def export_command(args: argparse.Namespace) -> int:
    from standup.archives import read_all
    from standup.board import PARTS, Board
    from standup.cli.commands import _actor, _store

    store, actor, now = _store(args), _actor(args), clock.now()
    snapshot = read_all(store)
    # md names damaged records as `list` does: those of every table the board reads
    parts = (*PARTS, "standups") if args.format == "md" else ()
    board = Board.load(snapshot, snapshot.revision, parts=parts)
    since = None
    if args.since is not None:
        from standup.past import past_when

        since = past_when(args.since, "--since", now, board.zone_of(actor.login), end=False)
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
