"""The core and the CLI never import Textual (that also keeps `standup ask` fast)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "standup.cli",
    "standup.cli.parser",
    "standup.cli.commands",
    "standup.cli.questions",
    "standup.cli.people",
    "standup.cli.show",
    "standup.cli.log",
    "standup.cli.meeting",
    "standup.meeting",
    "standup.ops.meeting",
    "standup.records",
    "standup.cli.metrics",
    "standup.cli.archive",
    "standup.archives",
    "standup.archiving",
    "standup.metrics",
    "standup.coverage",
    "standup.events",
    "standup.ops.common",
    "standup.ops.decide",
    "standup.decisions",
    "standup.model",
    "standup.recordbase",
    "standup.scan",
    "standup.store",
    "standup.documents",
    "standup.metrics_load",
    "standup.calendar",
    "standup.ics",
    "standup.fileformat",
    "standup.snapshot",
    "standup.clock",
    "standup.when",
    "standup.hours",
    "standup.availability",
    "standup.board",
    "standup.view",
    "standup.ops",
    "standup.render",
    "standup.serialize",
    "standup.presence",
    "standup.text",
    "standup.ui.run",
    "standup.cli.checkins",
    "standup.checkins",
    "standup.gitlog",
    "standup.durations",
    "standup.ops.checkins",
    "standup.ops.team",
    "standup.exporting",
    "standup.importing",
    "standup.digest",
    "standup.cli.exports",
]


@pytest.mark.parametrize("module", CORE)
def test_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules, 'rich' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"], f"{module} pulls in the UI"


def test_cli_command_does_not_import_textual_or_the_date_parser(cli) -> None:  # noqa: ANN001
    """A whole `standup ask` run: no textual, and dateutil.parser only when a phrase
    needs it."""
    code = (
        "import sys; from standup.cli import main; main(['ask', 'x']); "
        "print('textual' in sys.modules, 'dateutil.parser' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=cli.env, check=True
    )
    assert out.stdout.split()[-2:] == ["False", "False"]


def test_inbox_loads_neither_the_board_nor_typing_extensions(cli) -> None:  # noqa: ANN001
    """`standup inbox` (bench/bench_cli.py: <= 2.5x `import tinydb`) reads the log, not
    the board's records; msgspec is imported without ``typing_extensions`` (and the
    ``inspect`` it loads), which a command never needs (see ``cli.import_msgspec``)."""
    cli("ask", "Which font?")
    code = (
        "import sys; from standup.cli import main; main(['inbox']); "
        "print(*(m in sys.modules for m in ('standup.board', 'typing_extensions', 'inspect')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=cli.env, check=True
    )
    assert out.stdout.split()[-3:] == ["False", "False", "False"], out.stdout


def test_a_write_on_a_board_archived_today_does_not_import_archiving(tmp_path) -> None:  # noqa: ANN001
    """The daily archiving check reads only the board's meta: on every write but the
    day's first, no archive file is read and ``standup.archiving`` is not imported."""
    code = (
        "import sys; from standup import ops; from standup.store import Store\n"
        f"store = Store({str(tmp_path / 'board.json')!r}, archive_daily=True)\n"
        "ops.ask(store, ops.Actor('ana', 'ana'), 'first?')\n"  # the day's first: archives
        "print('standup.archiving' in sys.modules, store.read().meta.get('archived_on'))\n"
        "del sys.modules['standup.archiving']\n"
        "ops.ask(store, ops.Actor('ana', 'ana'), 'second?')\n"
        "print('standup.archiving' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "", "STANDUP_NOW": "2026-11-30T10:00:00+00:00"},
    ).stdout.split()
    assert out == ["True", "2026-11-30", "False"]
