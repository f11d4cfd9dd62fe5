"""The commands about people and when they are there: ``away`` (``--ics`` too),
``back``, ``hours`` and ``person add|set|remove`` (registered in
:data:`standup.cli.commands.HANDLERS`)."""

from __future__ import annotations

import argparse
from typing import Any

from standup import ops
from standup.cli.commands import _actor, _said, _say, _store
from standup.errors import BadInput


def away(args: argparse.Namespace) -> int:
    if args.ics is not None:
        return _away_ics(args)
    done = ops.away(
        _store(args),
        _actor(args),
        until=args.until,
        start=args.start,
        delegate=args.delegate,
        note=args.note,
        who=args.who,
        kind=args.kind or "away",
    )
    return _said(done)


def _away_ics(args: argparse.Namespace) -> int:
    """``away --ics FILE``: one line saying what the import changed."""
    import os

    from standup.text import escaped

    given = {"--until": args.until, "--from": args.start, "--delegate": args.delegate,
             "--note": args.note, "--kind": args.kind}  # fmt: skip
    wrong = [option for option, value in given.items() if value is not None]
    if wrong:
        raise BadInput(
            f"away --ics takes the times, kinds and notes from the calendar, not {wrong[0]}",
            "standup away --ics ~/calendar.ics --who ana",
        )
    done = ops.import_absences(_store(args), _actor(args), args.ics, who=args.who)
    imported = done.record
    name = escaped(os.path.basename(args.ics) or args.ics)
    _say(f"{imported.who}: absences from {name} over the next 60 days: {imported.summary()}")
    if imported.unreadable:
        _say(f"note: {imported.unreadable} event(s) in it could not be read and were skipped")
    return 0


def back(args: argparse.Namespace) -> int:
    return _said(ops.back(_store(args), _actor(args), who=args.who))


def hours(args: argparse.Namespace) -> int:
    return _said(ops.set_hours(_store(args), _actor(args), args.spec, who=args.who))


def person(args: argparse.Namespace) -> int:
    given = [
        f"--{k}" for k in ("name", "role", "tz", "delegate", "hours", "git") if getattr(args, k)
    ]
    wrong = {"add": {"--git"}, "set": {"--hours"}, "remove": set(given)}[args.action]
    if wrong & set(given):
        option = sorted(wrong & set(given))[0]
        example = {
            "--git": f'standup person set {args.login} --git "{args.login}@"',
            "--hours": f'standup hours "mon-fri 09:00-17:00" --who {args.login}',
        }.get(option, f"standup person remove {args.login}")
        raise BadInput(f"person {args.action} takes no {option}", example)
    return {"add": _person_add, "set": _person_set, "remove": _person_remove}[args.action](args)


def _about(args: argparse.Namespace) -> dict[str, str | None]:
    """What ``person add`` and ``person set`` both say about a person."""
    return {"name": args.name, "role": args.role, "tz": args.tz, "delegate": args.delegate}


def _person_add(args: argparse.Namespace) -> int:
    store = _store(args)
    done = ops.add_person(store, _actor(args), args.login, **_about(args), hours=args.hours)
    _said(done)
    _person_notes(store, done.record)
    return 0


def _person_set(args: argparse.Namespace) -> int:
    from standup.board import Board

    store = _store(args)
    before = Board.load(store.read(), parts=())
    done = ops.set_person(store, _actor(args), args.login, **_about(args), git=args.git)
    _said(done)
    if done.changed:
        _person_notes(store, done.record, pm_before=before.pm.login if before.pm else "")
    return 0


def _person_notes(store: Any, p: Any, *, pm_before: str | None = None) -> None:
    """What an added or changed person means for who is *the* PM (the first person
    added with role pm) and for routing. ``pm_before``: the PM before a ``person set``."""
    from standup.board import Board

    board = Board.load(store.read(), parts=())
    pm = board.pm.login if board.pm else None
    if pm_before is not None and pm != pm_before:
        _say(f"note: the team's PM is now {pm}" if pm else "note: no PM on the board now")
    elif p.role == "pm" and pm is not None and pm != p.login:
        _say(f"note: {pm} stays the team's PM (the first pm added); questions")
        _say(f"without --to still go to {pm}; ask {p.login} with --to {p.login}")
    if p.delegate and p.delegate not in board.people:
        from standup.ops.common import close_people

        close = [c for c in close_people(board, p.delegate) if c != p.login]
        typo = f" (did you mean {' or '.join(close)}?)" if close else ""
        _say(
            f"note: {p.delegate} is not on the board yet{typo}; nothing goes to them until "
            f"`standup person add {p.delegate}`"
        )


def _person_remove(args: argparse.Namespace) -> int:
    return _said(ops.remove_person(_store(args), _actor(args), args.login))
