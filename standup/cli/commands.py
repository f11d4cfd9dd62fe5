"""What each ``standup`` subcommand does: a few lines over :mod:`standup.ops` each.

Each handler takes the parsed arguments and returns the exit code; bad input raises
:class:`~standup.errors.BadInput` (or another ``StandupError``), which
:func:`standup.cli.main` prints as one line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import partial
from typing import Any

from standup import clock, ops
from standup.errors import BadInput
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


# -- commands --------------------------------------------------------------------------


def _ask(args: argparse.Namespace) -> int:
    done = ops.ask(
        _store(args),
        _actor(args),
        args.text,
        to=args.to,
        by=args.by,
        fallback=args.fallback,
        one_way=args.one_way,
        blocks=args.blocks,
    )
    return _show(args, done)


def _answer(args: argparse.Namespace) -> int:
    return _show(args, ops.answer(_store(args), _actor(args), args.id, args.text))


def _withdraw(args: argparse.Namespace) -> int:
    return _said(ops.withdraw(_store(args), _actor(args), args.id))


def _review(args: argparse.Namespace) -> int:
    if args.id is None:
        from standup import render
        from standup.serialize import question_json

        view, actor = _view(args)
        _warn_damaged(view)
        todo = [s for s in view.unreviewed(actor.login)]
        if args.json:
            _print_json([question_json(s, view.tz) for s in todo])
        elif not todo:
            _say(f"Nothing to review for {actor.login}.")
        else:
            _say(f"To review ({len(todo)}): standup review Q<n> confirm|reopen|override TEXT")
            for s in todo:
                by = s.answered_by or "the fallback (assumed)"
                _say(f"  {render.question_line(s, view, actor.login)}  — by {one_line(by)}")
        return 0
    if args.action is None:
        raise BadInput("say what to do with the answer", f"standup review {args.id} confirm")
    return _show(args, ops.review(_store(args), _actor(args), args.id, args.action, args.text))


def _block(args: argparse.Namespace) -> int:
    done = ops.block(
        _store(args), _actor(args), args.title, on=args.on, owner=args.owner, note=args.note
    )
    return _show(args, done)


def _unblock(args: argparse.Namespace) -> int:
    return _said(ops.unblock(_store(args), _actor(args), args.id))


def _away(args: argparse.Namespace) -> int:
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


def _back(args: argparse.Namespace) -> int:
    return _said(ops.back(_store(args), _actor(args), who=args.who))


def _hours(args: argparse.Namespace) -> int:
    return _said(ops.set_hours(_store(args), _actor(args), args.spec, who=args.who))


def _person(args: argparse.Namespace) -> int:
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


def _person_add(args: argparse.Namespace) -> int:
    store = _store(args)
    done = ops.add_person(
        store,
        _actor(args),
        args.login,
        name=args.name,
        role=args.role,
        tz=args.tz,
        delegate=args.delegate,
        hours=args.hours,
    )
    _said(done)
    _person_notes(store, done.record)
    return 0


def _person_set(args: argparse.Namespace) -> int:
    from standup.board import Board

    store = _store(args)
    before = Board.load(store.read(), parts=())
    done = ops.set_person(
        store,
        _actor(args),
        args.login,
        name=args.name,
        role=args.role,
        tz=args.tz,
        delegate=args.delegate,
        git=args.git,
    )
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


def _edit(args: argparse.Namespace) -> int:
    key = args.id.strip()
    kind = key[:1].upper()
    question = {
        "--text": args.text,
        "--to": args.to,
        "--by": args.by,
        "--fallback": args.fallback,
        "--one-way/--two-way": args.one_way,
    }
    item = {"--title": args.title, "--owner": args.owner, "--on": args.on}
    if kind not in ("Q", "B"):
        raise BadInput(f"{args.id!r} is not a question or blocked item id", "standup edit Q3")
    mine, other = (question, item) if kind == "Q" else (item, question)
    example = 'standup edit Q3 --by "fri 5pm"' if kind == "Q" else "standup edit B2 --on Q3"
    wrong = [option for option, value in other.items() if value is not None]
    if wrong:
        what = "blocked items" if kind == "Q" else "questions"
        raise BadInput(f"{wrong[0]} is for {what}; {key} takes {', '.join(mine)}", example)
    if all(value is None for value in mine.values()):
        raise BadInput(f"say what to change in {key}: {', '.join(mine)}", example)
    store, actor = _store(args), _actor(args)
    try:
        if kind == "Q":
            done = ops.edit_question(
                store,
                actor,
                args.id,
                text=args.text,
                to=args.to,
                by=args.by,
                fallback=args.fallback,
                one_way=args.one_way,
            )
        else:
            done = ops.edit_item(
                store, actor, args.id, title=args.title, owner=args.owner, on=args.on
            )
    except ops.Unchanged as same:
        return _show_record(args, same.record.key, one_line(same.message))
    return _show(args, done)


def _note(args: argparse.Namespace) -> int:
    if args.remove is not None:
        if args.text is not None:
            raise BadInput("give either a note or --remove N, not both", "standup note --remove 2")
        return _said(ops.remove_note(_store(args), _actor(args), args.remove))
    if args.text is None:
        raise BadInput("the note is missing", 'standup note "Goal this sprint: the export"')
    return _said(ops.add_note(_store(args), _actor(args), args.text))


def _status(args: argparse.Namespace) -> int:
    from standup import render

    view, actor = _view(args, scan=True)
    if args.json:
        from standup.serialize import status_json

        _print_json(status_json(view))
    elif args.brief:
        from standup.cli.log import new_count

        _warn_damaged(view)
        store = _store(args)
        new = new_count(store, store.read(lazy=True), actor.login, view.now)
        _say(render.brief(view, actor.login, new=new))
    else:
        _say(render.status_text(view, actor.login))
    return 0


def _list(args: argparse.Namespace) -> int:
    from standup import render
    from standup.serialize import item_json, person_json, question_json

    if args.what == "checkins":
        return _checkins().list_command(args)
    if args.what == "standups":
        from standup.cli.meeting import list_standups

        return list_standups(args)
    if args.since is not None:
        raise BadInput(
            f"--since is for check-ins, not {args.what}", "standup list checkins --since mon"
        )
    view, actor = _view(args, history=args.all)
    _warn_damaged(view)
    if args.what == "questions":
        rows = list(view.questions.values()) if args.all else view.open_questions
        to_json, line = question_json, partial(render.question_line, me=actor.login)
    elif args.what == "blocked":
        rows = list(view.blocked.values()) if args.all else view.blocked_items
        to_json, line = item_json, partial(render.item_line, me=actor.login)
    else:
        rows, to_json, line = view.people, person_json, render.person_line
    if args.json:
        _print_json([to_json(r, view.tz) for r in rows])
    else:
        for r in rows:
            _say(line(r, view))
        if not rows:
            _say(f"no {args.what}" if args.all else f"no open {args.what}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    """The board in a browser; every check that can fail comes before it listens."""
    import gc
    import os

    from standup.locations import db_path
    from standup.serve import parse_port, parse_public_url, serve, warning_for
    from standup.store import Store

    port, public_url = parse_port(args.port), parse_public_url(args.public_url)
    login = _actor(args).login
    clock.now()  # a bad $STANDUP_NOW: one line here, not in every browser session
    db = os.path.abspath(db_path(args.db))
    Store(db).read()  # a damaged or unreadable board: one line now, nothing served
    if warning := warning_for(args.host, port, login):
        sys.stderr.write(f"standup: {warning}\n")
    gc.enable()  # `standup` starts with it off (one short command); a server runs for days
    return serve(
        db=db,
        login=login,
        host=args.host,
        port=port,
        public_url=public_url,
        read_only=getattr(args, "read_only", False),
        theme=args.theme,
    )


HANDLERS: dict[str, Handler] = {
    "ask": _ask,
    "answer": _answer,
    "withdraw": _withdraw,
    "review": _review,
    "block": _block,
    "unblock": _unblock,
    "away": _away,
    "back": _back,
    "hours": _hours,
    "person": _person,
    "note": _note,
    "status": _status,
    "list": _list,
    "edit": _edit,
    "inbox": lambda args: _log().inbox_command(args),
    "events": lambda args: _log().events_command(args),
    "archive": lambda args: _archive().archive_command(args),
    "metrics": lambda args: _metrics().metrics_command(args),
    "serve": _serve,
    "checkin": lambda args: _checkins().checkin_command(args),
    "team": lambda args: _checkins().team_command(args),
    "export": lambda args: _exports().export_command(args),
    "import": lambda args: _exports().import_command(args),
}


def _exports():  # noqa: ANN202
    from standup.cli import exports

    return exports


def _archive():  # noqa: ANN202
    from standup.cli import archive

    return archive


def _log():  # noqa: ANN202
    from standup.cli import log

    return log


def _checkins():  # noqa: ANN202
    from standup.cli import checkins

    return checkins


def _metrics():  # noqa: ANN202
    from standup.cli import metrics

    return metrics
