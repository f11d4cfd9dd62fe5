"""The commands that show the board: ``status``, ``list`` and ``serve`` (registered
in :data:`standup.cli.commands.HANDLERS`)."""

from __future__ import annotations

import argparse
import sys
from functools import partial

from standup import clock
from standup.cli.commands import _actor, _print_json, _say, _store, _view, _warn_damaged
from standup.errors import BadInput


def status(args: argparse.Namespace) -> int:
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


def list_command(args: argparse.Namespace) -> int:
    from standup import render
    from standup.serialize import item_json, person_json, question_json

    if args.what == "checkins":
        from standup.cli.checkins import list_command as list_checkins

        return list_checkins(args)
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


def serve(args: argparse.Namespace) -> int:
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
