"""What each ``standup`` subcommand does: a few lines over :mod:`standup.ops` each.

Each handler takes the parsed arguments and returns the exit code; bad input raises
:class:`~standup.errors.BadInput` (or another ``StandupError``), which
:func:`standup.cli.main` prints as one line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from standup import clock, ops
from standup.errors import BadInput
from standup.text import json_safe, one_line

Handler = Callable[[argparse.Namespace], int]


def _store(args: argparse.Namespace):  # noqa: ANN202
    from standup.locations import db_path
    from standup.store import Store

    return Store(db_path(args.db), read_only=getattr(args, "read_only", False))


def _actor(args: argparse.Namespace) -> ops.Actor:
    return ops.Actor.from_env(args.user)


def _view(args: argparse.Namespace):  # noqa: ANN202
    from standup.board import Board
    from standup.view import BoardView

    snapshot = _store(args).read()
    board = Board.load(snapshot, snapshot.revision)
    actor = _actor(args)
    return BoardView(board, clock.now(), board.zone_of(actor.login)), actor


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


def _show_record(args: argparse.Namespace, key: str, message: str) -> int:
    """After a write: the record as JSON with ``--json``, else one line."""
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
    q = ops.ask(
        _store(args),
        _actor(args),
        args.text,
        to=args.to,
        by=args.by,
        fallback=args.fallback,
        one_way=args.one_way,
        blocks=args.blocks,
    )
    return _show_record(args, q.key, f"{q.key} asked of {q.to or 'the team'}")


def _answer(args: argparse.Namespace) -> int:
    q = ops.answer(_store(args), _actor(args), args.id, args.text)
    note = " (to be reviewed by " + q.to + ")" if q.reviewed is False and q.to else ""
    return _show_record(args, q.key, f"{q.key} answered{note}")


def _withdraw(args: argparse.Namespace) -> int:
    q = ops.withdraw(_store(args), _actor(args), args.id)
    _say(f"{q.key} withdrawn")
    return 0


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
                _say(f"  {render.question_line(s, view)}  — by {one_line(by)}")
        return 0
    if args.action is None:
        raise BadInput("say what to do with the answer", f"standup review {args.id} confirm")
    q = ops.review(_store(args), _actor(args), args.id, args.action, args.text)
    return _show_record(args, q.key, f"{q.key} {args.action}ed".replace("ee", "e"))


def _block(args: argparse.Namespace) -> int:
    item = ops.block(
        _store(args), _actor(args), args.title, on=args.on, owner=args.owner, note=args.note
    )
    return _show_record(
        args, item.key, f"{item.key} blocked" + (f" on {one_line(item.on)}" if item.on else "")
    )


def _unblock(args: argparse.Namespace) -> int:
    item, changed = ops.unblock(_store(args), _actor(args), args.id)
    _say(f"{item.key} unblocked" if changed else f"{item.key} is not blocked; nothing changed")
    return 0


def _away(args: argparse.Namespace) -> int:
    store, actor, now = _store(args), _actor(args), clock.now()
    a = ops.away(
        store,
        actor,
        now=now,
        until=args.until,
        start=args.start,
        delegate=args.delegate,
        note=args.note,
        who=args.who,
        kind=args.kind,
    )
    from standup import render
    from standup.board import Board

    tz = Board.load(store.read(), parts=()).zone_of(actor.login)
    start = f" from {render.when(a.start, now, tz)}" if a.start > now else ""
    until = f" until {render.when(a.end, now, tz)}" if a.end else " until back"
    meanwhile = f"; {a.delegate} decides meanwhile" if a.delegate else ""
    _say(f"{a.who} {a.kind}{start}{until}{meanwhile}")
    return 0


def _back(args: argparse.Namespace) -> int:
    actor = _actor(args)
    ended = ops.back(_store(args), actor, who=args.who)
    login = ended[0].who if ended else args.who or actor.login
    _say(f"{login} is back" if ended else f"{login} is not away; nothing changed")
    return 0


def _hours(args: argparse.Namespace) -> int:
    person = ops.set_hours(_store(args), _actor(args), args.spec, who=args.who)
    _say(f"{person.login}: office hours {person.hours or 'any time'} ({person.tz})")
    return 0


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
    p = ops.add_person(
        store,
        _actor(args),
        args.login,
        name=args.name,
        role=args.role,
        tz=args.tz,
        delegate=args.delegate,
        hours=args.hours,
    )
    _say(f"added {p.login} ({p.role}, {p.tz})")
    _person_notes(store, p)
    return 0


def _person_set(args: argparse.Namespace) -> int:
    from standup.board import Board

    store = _store(args)
    before = Board.load(store.read(), parts=())
    p = ops.set_person(
        store,
        _actor(args),
        args.login,
        name=args.name,
        role=args.role,
        tz=args.tz,
        delegate=args.delegate,
        git=args.git,
    )
    was = before.people.get(p.login)
    changed = [
        f"{k} {getattr(p, k) or 'none'}"
        for k in ("name", "role", "tz", "delegate", "git")
        if was is None or getattr(was, k) != getattr(p, k)
    ]
    _say(f"{p.login}: " + (", ".join(changed) if changed else "nothing changed"))
    if changed:
        _person_notes(store, p, pm_before=before.pm.login if before.pm else "")
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
    r = ops.remove_person(_store(args), _actor(args), args.login)
    _say(f"{r.person.login} removed from the board (their records are kept)")
    if r.moved:
        to = r.to or "nobody in particular (no PM)"
        _say(f"{', '.join(r.moved)} now go{'es' * (len(r.moved) == 1)} to {to}")
    return 0


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
            record = ops.edit_question(
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
            record = ops.edit_item(
                store, actor, args.id, title=args.title, owner=args.owner, on=args.on
            )
    except ops.Unchanged as same:
        return _show_record(args, same.record.key, one_line(same.message))
    from standup.ops.edit import changed

    return _show_record(args, record.key, f"{record.key} edited: {changed(record)}")


def _note(args: argparse.Namespace) -> int:
    if args.remove is not None:
        if args.text is not None:
            raise BadInput("give either a note or --remove N, not both", "standup note --remove 2")
        note = ops.remove_note(_store(args), _actor(args), args.remove)
        _say(f"note {note.id} removed")
        return 0
    if args.text is None:
        raise BadInput("the note is missing", 'standup note "Goal this sprint: the export"')
    note = ops.add_note(_store(args), _actor(args), args.text)
    _say(f"note {note.id} pinned")
    return 0


def _status(args: argparse.Namespace) -> int:
    from standup import render

    view, actor = _view(args)
    if args.json:
        from standup.serialize import status_json

        _print_json(status_json(view))
    elif args.brief:
        _warn_damaged(view)
        _say(render.brief(view, actor.login))
    else:
        _say(render.status_text(view))
    return 0


def _list(args: argparse.Namespace) -> int:
    from standup import render
    from standup.serialize import item_json, person_json, question_json

    view, _ = _view(args)
    _warn_damaged(view)
    if args.what == "questions":
        rows = list(view.questions.values()) if args.all else view.open_questions
        to_json, line = question_json, render.question_line
    elif args.what == "blocked":
        rows = list(view.blocked.values()) if args.all else view.blocked_items
        to_json, line = item_json, render.item_line
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
    "serve": _serve,
}
