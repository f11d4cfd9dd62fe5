"""The commands that write questions, blocked items and notes: ``ask``, ``answer``,
``withdraw``, ``review``, ``block``, ``unblock``, ``edit`` and ``note`` — a few lines over
:mod:`standup.ops` each (registered in :data:`standup.cli.commands.HANDLERS`)."""

from __future__ import annotations

import argparse

from standup import ops
from standup.cli.commands import (
    _actor,
    _print_json,
    _said,
    _say,
    _show,
    _show_record,
    _store,
    _view,
    _warn_damaged,
)
from standup.errors import BadInput
from standup.text import one_line


def ask(args: argparse.Namespace) -> int:
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


def answer(args: argparse.Namespace) -> int:
    return _show(args, ops.answer(_store(args), _actor(args), args.id, args.text))


def withdraw(args: argparse.Namespace) -> int:
    return _said(ops.withdraw(_store(args), _actor(args), args.id))


def review(args: argparse.Namespace) -> int:
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


def block(args: argparse.Namespace) -> int:
    done = ops.block(
        _store(args), _actor(args), args.title, on=args.on, owner=args.owner, note=args.note
    )
    return _show(args, done)


def unblock(args: argparse.Namespace) -> int:
    return _said(ops.unblock(_store(args), _actor(args), args.id))


def edit(args: argparse.Namespace) -> int:
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


def note(args: argparse.Namespace) -> int:
    if args.remove is not None:
        if args.text is not None:
            raise BadInput("give either a note or --remove N, not both", "standup note --remove 2")
        return _said(ops.remove_note(_store(args), _actor(args), args.remove))
    if args.text is None:
        raise BadInput("the note is missing", 'standup note "Goal this sprint: the export"')
    return _said(ops.add_note(_store(args), _actor(args), args.text))
