"""``standup`` on the command line: a thin argparse front over :mod:`standup.ops`.

It never imports Textual (only ``standup`` with no command, which opens the board,
does), so ``standup ask`` stays fast. Every failure is one line on stderr and a
non-zero exit; nothing is written unless the whole command is valid.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from standup import __version__, clock, ops
from standup.errors import BadInput, StandupError
from standup.text import one_line

if TYPE_CHECKING:
    import argparse

Handler = Callable[["argparse.Namespace"], int]


def _parser(**kw: Any) -> argparse.ArgumentParser:
    """argparse, imported here: ``standup`` with no arguments opens the board without it."""
    import argparse

    class _Formatter(argparse.HelpFormatter):
        """argparse's help layout, sized without importing shutil (start-up time)."""

        def __init__(
            self, prog: str, indent_increment: int = 2, max_help_position: int = 24
        ) -> None:
            try:
                width = os.get_terminal_size().columns - 2
            except OSError:
                width = 78
            super().__init__(prog, indent_increment, max_help_position, max(width, 40))

    class _Parser(argparse.ArgumentParser):
        """argparse, but a mistake is one line (what was wrong, where to look), exit 2."""

        def __init__(self, *args: Any, **kw: Any) -> None:
            kw.setdefault("formatter_class", _Formatter)
            super().__init__(*args, **kw)

        def error(self, message: str) -> NoReturn:
            self.exit(2, f"standup: {message} (see: {self.prog} --help)\n")

    return _Parser(**kw)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH", help="the board file (else $STANDUP_DB)")
    p.add_argument("--user", metavar="LOGIN", help="act as LOGIN (else $STANDUP_USER)")


def _json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON")


class _Skipped:
    """Stands in for a subcommand's parser that this run does not need."""

    def add_argument(self, *args: Any, **kw: Any) -> None:
        pass


GLOBAL_VALUED = ("--db", "--user", "--theme")


def _command_in(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv``, if any (skipping global options)."""
    it = iter(argv)
    for token in it:
        if token in GLOBAL_VALUED:
            next(it, None)
        elif not token.startswith("-"):
            return token
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole CLI; with ``only``, just that subcommand is filled in (building all
    of them costs a few milliseconds that ``standup ask`` should not pay); with ``""``,
    none of them."""
    parser = _parser(
        prog="standup",
        description="A shared stand-up board: open questions for the PM, who decides "
        "when the PM is away, and what is blocked. With no command, opens the board.",
    )
    parser.add_argument("--version", action="version", version=f"standup {__version__}")
    _common(parser)
    parser.add_argument("--theme", help="board theme (dark, light, high-contrast, …)")
    parser.add_argument("--demo", action="store_true", help="open a board on a sample team")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Handler, help: str, **kw: Any) -> Any:
        if only is not None and name != only:
            return _Skipped()
        p = sub.add_parser(name, help=help, description=help, **kw)
        _common(p)
        p.set_defaults(handler=handler)
        return p

    p = command("ask", _ask, "ask the PM (or anyone) a question")
    p.add_argument("text")
    p.add_argument("--to", metavar="WHO", help="addressee (default: the team's PM)")
    p.add_argument(
        "--by", metavar="WHEN", help='when the answer is needed ("fri 5pm", "4 working hours")'
    )
    p.add_argument(
        "--fallback", metavar="TEXT", help="what the team does if no answer comes by then"
    )
    p.add_argument(
        "--one-way", action="store_true", help="a one-way door: never falls back on its own"
    )
    p.add_argument(
        "--blocks", metavar="B<n>", action="append", default=[], help="an item this question blocks"
    )
    _json_flag(p)

    p = command("answer", _answer, "answer a question")
    p.add_argument("id", metavar="Q<n>")
    p.add_argument("text")
    _json_flag(p)

    p = command("withdraw", _withdraw, "withdraw an open question")
    p.add_argument("id", metavar="Q<n>")

    p = command("review", _review, "the return briefing: confirm, reopen or override answers")
    p.add_argument("id", metavar="Q<n>", nargs="?")
    p.add_argument("action", nargs="?", choices=("confirm", "reopen", "override"))
    p.add_argument("text", nargs="?")
    _json_flag(p)

    p = command("block", _block, "record a blocked item")
    p.add_argument("title")
    p.add_argument("--on", metavar="Q<n>|WHO|TEXT", help="what it waits on")
    p.add_argument("--owner", metavar="WHO", help="whose work it is (default: you)")
    p.add_argument("--note", metavar="TEXT")
    _json_flag(p)

    p = command("unblock", _unblock, "mark a blocked item unblocked")
    p.add_argument("id", metavar="B<n>")

    p = command("away", _away, "mark someone away (until back, or until WHEN)")
    p.add_argument("--until", metavar="WHEN")
    p.add_argument("--from", dest="start", metavar="WHEN")
    p.add_argument("--delegate", metavar="WHO", help="who decides meanwhile")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--kind", default="away", help="away, ooo, meeting, focus or sick")
    p.add_argument("--who", metavar="WHO")

    p = command("back", _back, "end someone's current absence")
    p.add_argument("--who", metavar="WHO")

    p = command("hours", _hours, 'set office hours, e.g. "mon-fri 09:00-17:30" ("any" clears)')
    p.add_argument("spec")
    p.add_argument("--who", metavar="WHO")

    p = command("person", _person, "add a person to the board")
    p.add_argument("action", choices=("add",))
    p.add_argument("login")
    p.add_argument("--name")
    p.add_argument("--role", help="pm, lead, eng, design, …")
    p.add_argument("--tz", metavar="ZONE", help="IANA zone (default: yours)")
    p.add_argument("--delegate", metavar="WHO")
    p.add_argument("--hours", metavar="SPEC")

    p = command("note", _note, "pin a note to the board, or remove one")
    p.add_argument("text", nargs="?")
    p.add_argument("--remove", metavar="N")

    p = command("status", _status, "the board as text or JSON")
    _json_flag(p)
    p.add_argument("--brief", action="store_true", help="two lines for a login message")

    p = command("list", _list, "list questions, blocked items or people")
    p.add_argument("what", choices=("questions", "blocked", "people"))
    p.add_argument("--all", action="store_true", help="include closed ones")
    _json_flag(p)
    return parser


COMMANDS = (
    "ask", "answer", "withdraw", "review", "block", "unblock", "away", "back", "hours",
    "person", "note", "status", "list",
)  # fmt: skip


# -- plumbing --------------------------------------------------------------------------


def _store(args: argparse.Namespace):  # noqa: ANN202
    from standup.locations import db_path
    from standup.store import Store

    return Store(db_path(args.db))


def _actor(args: argparse.Namespace) -> ops.Actor:
    return ops.Actor.from_env(args.user)


def _view(args: argparse.Namespace):  # noqa: ANN202
    from standup.board import Board
    from standup.view import BoardView

    snapshot = _store(args).read()
    board = Board.load(snapshot, snapshot.revision)
    actor = _actor(args)
    return BoardView(board, clock.now(), board.zone_of(actor.login)), actor


def _print_json(value: Any) -> None:
    import msgspec

    text = msgspec.json.format(msgspec.json.encode(value), indent=2)
    sys.stdout.buffer.write(text + b"\n")
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
    a = ops.away(
        _store(args),
        _actor(args),
        until=args.until,
        start=args.start,
        delegate=args.delegate,
        note=args.note,
        who=args.who,
        kind=args.kind,
    )
    until = f" until {clock.iso(a.end)}" if a.end else " until back"
    _say(f"{a.who} {a.kind}{until}" + (f"; {a.delegate} decides meanwhile" if a.delegate else ""))
    return 0


def _back(args: argparse.Namespace) -> int:
    actor = _actor(args)
    ended = ops.back(_store(args), actor, who=args.who)
    login = args.who or actor.login
    _say(f"{login} is back" if ended else f"{login} is not away; nothing changed")
    return 0


def _hours(args: argparse.Namespace) -> int:
    person = ops.set_hours(_store(args), _actor(args), args.spec, who=args.who)
    _say(f"{person.login}: office hours {person.hours or 'any time'} ({person.tz})")
    return 0


def _person(args: argparse.Namespace) -> int:
    p = ops.add_person(
        _store(args),
        _actor(args),
        args.login,
        name=args.name,
        role=args.role,
        tz=args.tz,
        delegate=args.delegate,
        hours=args.hours,
    )
    _say(f"added {p.login} ({p.role}, {p.tz})")
    if p.role == "pm":
        from standup.board import Board

        pm = Board.load(_store(args).read(), parts=()).pm
        if pm is not None and pm.login != p.login:
            _say(f"note: {pm.login} stays the team's PM (the first pm added); questions")
            _say(f"without --to still go to {pm.login}; ask {p.login} with --to {p.login}")
    return 0


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
        _say(render.brief(view, actor.login))
    else:
        _say(render.status_text(view))
    return 0


def _list(args: argparse.Namespace) -> int:
    from standup import render
    from standup.serialize import item_json, person_json, question_json

    view, _ = _view(args)
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


def _board(args: argparse.Namespace) -> int:
    from standup.ui.run import run_board

    return run_board(db=args.db, user=args.user, theme=args.theme, demo=args.demo)


def _parser_needed(argv: Sequence[str]) -> str | None:
    """Which subcommand's parser ``argv`` needs: its own, none (``""``) to open the board,
    all (``None``) for help or to name the choices after a mistyped command."""
    command = _command_in(argv)
    if command in COMMANDS:
        return command
    if command is None and not any(t.startswith(("-h", "--h")) for t in argv):
        return ""  # the board: building thirteen unused parsers would delay its first frame
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args: Any
    if argv:
        args = build_parser(_parser_needed(argv)).parse_args(argv)
    else:  # the board with no options: argparse (~2 ms to import) is not needed
        from types import SimpleNamespace

        args = SimpleNamespace(db=None, user=None, theme=None, demo=False)
    handler: Handler = getattr(args, "handler", _board)
    try:
        return handler(args)
    except StandupError as exc:
        sys.stderr.write(f"standup: {one_line(exc.line())}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 141


def run() -> NoReturn:
    """The console script: :func:`main`, then exit without tearing the interpreter down.

    A CLI process lives for one command; freeing every object of a large board at exit
    and collecting garbage along the way cost `standup ask` ~10 ms for nothing. Output is
    flushed first, and every file and lock was already closed by the command itself.
    """
    import gc

    # One command, then exit: no collection needed. The board: none until its first
    # frame is on screen (importing Textual and building the screen allocate enough to
    # set off collections worth ~10 ms); the app turns it back on then.
    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = code or 141
    sys.stderr.flush()
    os._exit(code)
