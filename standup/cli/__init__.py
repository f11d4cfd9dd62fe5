"""``standup`` on the command line: a thin argparse front over :mod:`standup.ops`.

It never imports Textual (only ``standup`` with no command, which opens the board,
does), so ``standup ask`` stays fast. Every failure is one line on stderr and a
non-zero exit; nothing is written unless the whole command is valid.

:mod:`standup.cli.parser` holds the grammar, :mod:`standup.cli.commands` what each
command does; this module dispatches and is the console script's entry point.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from standup.errors import BadInput, StandupError
from standup.text import escaped, one_line, undecodable


def _board(args: Any) -> int:
    from standup.ui.run import run_board

    return run_board(
        db=args.db, user=args.user, theme=args.theme, demo=args.demo, read_only=args.read_only
    )


def _parse(argv: list[str]) -> Any:
    if not argv:  # the board with no options: argparse (~2 ms to import) is not needed
        from types import SimpleNamespace

        return SimpleNamespace(
            db=None, user=None, theme=None, demo=False, read_only=False, command=None
        )
    for i, arg in enumerate(argv, 1):
        if undecodable(arg):  # bytes that were not UTF-8, kept by Python as surrogates
            shown = escaped(arg[:40]) + ("…" if len(arg) > 40 else "")
            raise BadInput(
                f"argument {i} ('{shown}') is not valid UTF-8; the terminal or script "
                "must send UTF-8 text",
                'standup ask "Which font?"',
            )
    from standup.cli.parser import build_parser, parser_needed

    return build_parser(parser_needed(argv)).parse_args(argv)


def import_msgspec() -> None:
    """Import msgspec for a command without ``typing_extensions``.

    msgspec imports ``typing_extensions`` when it is installed (Textual brings it), for
    its ``get_type_hints`` and ``TypedDict``; standup's records use only ``typing``,
    whose own ``get_type_hints`` msgspec falls back to. Loading it (and ``inspect``,
    which it imports) cost every command ~10 ms, a tenth of ``standup inbox`` on a large
    board. Only the import is hidden, only while msgspec loads: later imports of
    ``typing_extensions`` (the board, ``serve``) work as usual. A process that already
    has either module (the board, the test suite) is left as it is.
    """
    if "msgspec" in sys.modules or "typing_extensions" in sys.modules:
        return
    sys.modules["typing_extensions"] = None  # type: ignore[assignment]  # ImportError
    try:
        import msgspec  # noqa: F401
    except ImportError:  # a msgspec that needs it after all: load it the usual way
        for name in [m for m in sys.modules if m == "msgspec" or m.startswith("msgspec.")]:
            del sys.modules[name]
    finally:
        del sys.modules["typing_extensions"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line; the exit code. argparse's mistakes raise ``SystemExit``."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = _parse(argv)
        if args.command is None:
            return _board(args)
        import_msgspec()
        from standup.cli.commands import HANDLERS

        return HANDLERS[args.command](args)
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
