"""The command line's grammar: argparse, built for one subcommand at a time.

Building every subcommand's parser costs a few milliseconds that ``standup ask`` should
not pay, so :func:`build_parser` fills in only the one named; :func:`parser_needed` says
which one a command line needs. Handlers live in :mod:`standup.cli.commands`, by name.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from typing import Any, NoReturn

from standup import __version__


def _parser(**kw: Any) -> argparse.ArgumentParser:
    """argparse, with one-line mistakes and a width that needs no ``shutil``."""

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
            # argparse quotes some arguments with repr() and others raw ("unrecognized
            # arguments: …"): escape what a terminal would act on, keep it one line.
            from standup.text import escaped

            self.exit(2, f"standup: {escaped(message)} (see: {self.prog} --help)\n")

    return _Parser(**kw)


def _common(p: argparse.ArgumentParser, *, default: Any = None) -> None:
    """``--db``, ``--user`` and ``--read-only``, on the main parser and again on every subcommand's.

    A subcommand's parser fills its own namespace, which argparse then copies over the
    main one: a default there would overwrite ``standup --db X ask …``'s X. So the
    subcommands' copies default to ``SUPPRESS`` (set only when given) and either place
    means the same.
    """
    p.add_argument(
        "--db", metavar="PATH", default=default, help="the board file (else $STANDUP_DB)"
    )
    p.add_argument(
        "--user", metavar="LOGIN", default=default, help="act as LOGIN (else $STANDUP_USER)"
    )
    p.add_argument(
        "--read-only",
        action="store_true",
        default=False if default is None else default,
        help="refuse every change to the board (a wall screen): commands that write fail",
    )


def _json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON")


class _Skipped:
    """Stands in for a subcommand's parser that this run does not need."""

    def add_argument(self, *args: Any, **kw: Any) -> None:
        pass

    def add_mutually_exclusive_group(self, **kw: Any) -> _Skipped:
        return self


GLOBAL_VALUED = ("--db", "--user", "--theme")


def command_in(argv: Sequence[str]) -> str | None:
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

    def command(name: str, help: str, **kw: Any) -> Any:
        if only is not None and name != only:
            return _Skipped()
        p = sub.add_parser(name, help=help, description=help, **kw)
        _common(p, default=argparse.SUPPRESS)
        return p

    p = command("ask", "ask the PM (or anyone) a question")
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

    p = command("answer", "answer a question")
    p.add_argument("id", metavar="Q<n>")
    p.add_argument("text")
    _json_flag(p)

    p = command("withdraw", "withdraw an open question")
    p.add_argument("id", metavar="Q<n>")

    p = command("review", "the return briefing: confirm, reopen or override answers")
    p.add_argument("id", metavar="Q<n>", nargs="?")
    p.add_argument("action", nargs="?", choices=("confirm", "reopen", "override"))
    p.add_argument("text", nargs="?")
    _json_flag(p)

    p = command("block", "record a blocked item")
    p.add_argument("title")
    p.add_argument("--on", metavar="Q<n>|WHO|TEXT", help="what it waits on")
    p.add_argument("--owner", metavar="WHO", help="whose work it is (default: you)")
    p.add_argument("--note", metavar="TEXT")
    _json_flag(p)

    p = command("unblock", "mark a blocked item unblocked")
    p.add_argument("id", metavar="B<n>")

    p = command("away", "mark someone away (until back, or until WHEN), or import a calendar")
    p.add_argument("--until", metavar="WHEN")
    p.add_argument("--from", dest="start", metavar="WHEN")
    p.add_argument("--delegate", metavar="WHO", help="who decides meanwhile")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--kind", help="away (default), ooo, meeting, focus or sick")
    p.add_argument("--who", metavar="WHO")
    p.add_argument(
        "--ics",
        metavar="FILE",
        help="absences from a calendar export (iCalendar): its busy events, next 60 days",
    )

    p = command("back", "end someone's current absence")
    p.add_argument("--who", metavar="WHO")

    p = command("hours", 'set office hours, e.g. "mon-fri 09:00-17:30" ("any" clears)')
    p.add_argument("spec")
    p.add_argument("--who", metavar="WHO")

    p = command("person", "add, change or remove a person (add | set | remove LOGIN)")
    p.add_argument("action", choices=("add", "set", "remove"))
    p.add_argument("login")
    p.add_argument("--name")
    p.add_argument("--role", help="pm, lead, eng, design, …")
    p.add_argument("--tz", metavar="ZONE", help="IANA zone (add: default yours)")
    p.add_argument(
        "--delegate", metavar="WHO", help="who decides when they are away (set: none clears)"
    )
    p.add_argument("--hours", metavar="SPEC", help="add: office hours (see: standup hours)")
    p.add_argument("--git", metavar="PATTERN", help="set: their commits' author (none clears)")

    p = command("edit", "fix a question (Q<n>) or a blocked item (B<n>); old values are kept")
    p.add_argument("id", metavar="Q<n>|B<n>")
    p.add_argument("--text", metavar="T", help="Q: the question")
    p.add_argument("--to", metavar="WHO", help="Q: the addressee")
    p.add_argument("--by", metavar="WHEN|none", help="Q: when the answer is needed")
    p.add_argument("--fallback", metavar="T|none", help="Q: what the team does without one")
    door = p.add_mutually_exclusive_group()
    door.add_argument(
        "--one-way", dest="one_way", action="store_const", const=True, help="Q: a one-way door"
    )
    door.add_argument(
        "--two-way", dest="one_way", action="store_const", const=False, help="Q: a two-way door"
    )
    p.add_argument("--title", metavar="T", help="B: what is stuck")
    p.add_argument("--owner", metavar="WHO", help="B: whose work it is")
    p.add_argument("--on", metavar="Q<n>|WHO|TEXT", help="B: what it waits on")
    _json_flag(p)

    p = command("note", "pin a note to the board, or remove one")
    p.add_argument("text", nargs="?")
    p.add_argument("--remove", metavar="N")

    p = command("status", "the board as text or JSON")
    _json_flag(p)
    p.add_argument("--brief", action="store_true", help="two lines for a login message")

    p = command("inbox", "what happened that concerns you since you last looked")
    _json_flag(p)
    p.add_argument("--peek", action="store_true", help="show, without marking them seen")
    p.add_argument("--all", action="store_true", help="include those you have seen")

    p = command("events", "the board's log (every write, and the fallbacks taken)")
    p.add_argument("--since", metavar="WHEN", help='only events at or after WHEN ("mon 9am")')
    p.add_argument(
        "--follow", action="store_true", help="keep printing new events as they are written"
    )
    _json_flag(p)
    p = command("metrics", "how long questions waited and what waiting cost, over a window")
    p.add_argument("--since", metavar="WHEN", help='from WHEN ("2026-11-01", "mon", "3 weeks ago")')
    p.add_argument("--until", metavar="WHEN", help="up to WHEN (default: now; a day includes it)")
    _json_flag(p)

    p = command("serve", "the board in a browser (on 127.0.0.1 unless --host says otherwise)")
    p.add_argument(
        "--host", metavar="ADDR", default="127.0.0.1", help="address to listen on (127.0.0.1)"
    )
    p.add_argument("--port", metavar="N", default="8000", help="port to listen on (8000)")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when behind a reverse proxy (https://board.example.com)",
    )

    p = command("list", "list questions, blocked items, people, check-ins or stand-ups")
    p.add_argument("what", choices=("questions", "blocked", "people", "checkins", "standups"))
    p.add_argument("--all", action="store_true", help="include closed ones (check-ins: all)")
    p.add_argument("--since", metavar="WHEN", help="check-ins: from that day on")
    _json_flag(p)

    p = command("archive", "move old closed records to yearly archive files")
    p.add_argument(
        "--older-than",
        metavar="DURATION",
        help="closed longer ago than this (90d, 30 days, 12w; default: the team's setting)",
    )

    p = command("checkin", "your update for today (no option: show it, yesterday from git)")
    p.add_argument("--yesterday", metavar="T", help="what you did since your last working day")
    p.add_argument("--today", metavar="T", help="what you will do today")
    p.add_argument(
        "--blocked", metavar="T", action="append", default=[], help="record a blocked item"
    )
    _json_flag(p)

    p = command("team", "the team's settings; team set KEY VALUE changes one")
    p.add_argument("action", nargs="?", choices=("set",))
    p.add_argument("key", nargs="?", help="speaker-time, meeting-time, repos or archive-after")
    p.add_argument("value", nargs="?", help='e.g. 90s, "15 min", /srv/git/app,/srv/git/api, 90d')
    _json_flag(p)

    p = command("export", "the board and its archives as JSON (to import) or Markdown (to read)")
    p.add_argument(
        "--format", required=True, choices=("json", "md"), help="json: everything; md: a digest"
    )
    p.add_argument("--since", metavar="WHEN", help="only what was touched at or after WHEN")
    p.add_argument("--output", metavar="FILE", help="write FILE (atomically), not stdout")

    p = command("import", "restore a JSON export into an empty or missing board")
    p.add_argument("file", metavar="FILE")
    return parser


COMMANDS = (
    "ask", "answer", "withdraw", "review", "block", "unblock", "away", "back", "hours",
    "person", "note", "status", "list", "edit", "inbox", "events", "checkin", "team",
    "export", "import", "metrics", "archive",
)  # fmt: skip
# Commands that run until stopped. Kept apart from COMMANDS, which the fuzz and the
# test matrices run as one-shot commands; tests/test_serve.py covers these.
SERVERS = ("serve",)


def parser_needed(argv: Sequence[str]) -> str | None:
    """Which subcommand's parser ``argv`` needs: its own, none (``""``) to open the board,
    all (``None``) for help or to name the choices after a mistyped command."""
    command = command_in(argv)
    if command in COMMANDS or command in SERVERS:
        return command
    if command is None and not any(t.startswith(("-h", "--h")) for t in argv):
        return ""  # the board: building thirteen unused parsers would delay its first frame
    return None
