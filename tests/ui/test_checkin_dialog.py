"""``c``: the check-in form. It opens at once; the commits arrive from a worker and fill
*yesterday* (never over what was typed); enter saves through ``ops.checkin``, escape
writes nothing. (On a read-only board ``c`` is hidden: tests/ui/test_read_only.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from standup import ops
from standup.board import Board
from standup.ui.dialogs.checkin import CheckinDialog
from standup.ui.screens.board import BoardScreen
from tests.test_checkins import make_repo
from tests.ui.conftest import actor, hours_ago, loaded, wait_for

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def value(app, input_id: str) -> str:  # noqa: ANN001
    return app.screen.query_one(f"#{input_id}", Input).value


async def test_c_prefills_yesterday_from_git_and_saves(seeded, make_app, tmp_path: Path) -> None:  # noqa: ANN001
    repo = make_repo(tmp_path / "app", [
        ("Carla <carla@corp.example>", "2026-11-24T15:00:00+00:00", "export [bold]query[/]"),
        ("Bruno <bruno@corp.example>", "2026-11-24T16:00:00+00:00", "not carla's"),
        ("Carla <carla@corp.example>", "2026-11-23T16:00:00+00:00", "monday's, too old"),
    ])  # fmt: skip
    ops.set_team(seeded, actor("ana"), "repos", f"{repo},{tmp_path / 'gone'}", now=hours_ago(1))
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinDialog))
        dialog = app.screen
        await wait_for(pilot, lambda: dialog.read_done)
        assert value(app, "yesterday") == "export [bold]query[/]"  # literally, as committed
        commits = str(dialog.query_one("#checkin-commits", Static).render())
        assert "1 commit of yours" in commits and "export [bold]query[/]" in commits
        assert f"skipped {tmp_path / 'gone'}: no such directory" in commits
        await pilot.press("tab", *"the CSV export", "tab", *"sandbox; legal", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await wait_for(pilot, lambda: any("checked in" in n.message for n in app.said))
    board = Board.load(seeded.read(), parts=("checkins", "blocked"))
    [c] = board.checkins.values()
    assert (c.who, c.date, c.yesterday, c.today) == (
        "carla", "2026-11-25", "export [bold]query[/]", "the CSV export",
    )  # fmt: skip
    assert [board.blocked[i].title for i in c.blockers] == ["sandbox", "legal"]
    assert [(commit.subject, commit.repo) for commit in c.commits] == [
        ("export [bold]query[/]", str(repo))
    ]


async def test_what_was_typed_stays_and_escape_writes_nothing(seeded, make_app) -> None:  # noqa: ANN001
    ops.checkin(seeded, actor("carla"), yesterday="saved", today="saved today", now=hours_ago(1))
    before = seeded.path.read_bytes()
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinDialog))
        dialog = app.screen
        await wait_for(pilot, lambda: dialog.read_done)
        assert (value(app, "yesterday"), value(app, "today")) == ("saved", "saved today")
        dialog.query_one("#today", Input).value = "typed meanwhile"
        dialog._arrived(dialog.saved, [], [])  # a late answer never overwrites typing
        assert value(app, "today") == "typed meanwhile"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
    assert seeded.path.read_bytes() == before
