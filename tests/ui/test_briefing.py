"""The return briefing: it opens first for the PM with answers and fallbacks to review,
and for nobody else; ``c`` / ``o`` / ``x`` change the stored question exactly as
``standup review`` does (compared with the installed CLI run on a copy of the board);
``escape`` leaves the rest for later and ``v`` brings it back; it follows reviews made
elsewhere, and closes itself when nothing is left. Snapshots at 80×24 and 120×40.
"""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from standup import ops
from standup.store import Store
from standup.ui.screens.board import BoardScreen
from standup.ui.screens.briefing import BriefingScreen, OverrideDialog
from standup.ui.widgets.table import BoardTable
from tests.conftest import Cli

from .conftest import NOW, actor, hours_ago, loaded, screen_text, seed_team, settled, wait_for

LATER = NOW + timedelta(hours=8)  # 18:00: Q1's fallback (needed by 17:00) is taken


def seed_return(store: Store) -> None:
    """The team, with Ana back to: Q1 answered by Bruno (her delegate) — it unblocked B1 —
    and Q3 fallen back on its own an hour ago, which unblocked B3."""
    seed_team(store)
    ops.answer(store, actor("bruno"), "Q1", "CSV only", now=NOW - timedelta(minutes=30))
    ops.ask(
        store, actor("carla"), "Blue or green for the export button?", by="in 1 hour",
        fallback="blue, as the other buttons", now=hours_ago(2),
    )  # fmt: skip
    ops.block(store, actor("carla"), "Button colour", on="Q3", now=hours_ago(1.5))


def briefing(app) -> BriefingScreen | None:  # noqa: ANN001
    screen = app.screen
    return screen if isinstance(screen, BriefingScreen) else None


def rows(app) -> list[str]:  # noqa: ANN001
    screen = briefing(app)
    return screen.query_one(BoardTable).row_keys if screen is not None else []


async def opened(pilot) -> BriefingScreen:  # noqa: ANN001
    await loaded(pilot)
    await wait_for(pilot, lambda: briefing(pilot.app) is not None)
    await settled(pilot, pilot.app.screen)
    screen = briefing(pilot.app)
    assert screen is not None
    return screen


async def test_it_opens_first_for_the_pm_with_what_was_decided(store, make_app) -> None:  # noqa: ANN001
    seed_return(store)
    app = make_app(store, user="ana")
    async with app.run_test(size=(140, 40)) as pilot:
        await opened(pilot)
        assert rows(app) == ["Q1", "Q3"]
        text = screen_text(app)
        assert "While you were away: 2 to review" in text
        q1 = next(line for line in text.splitlines() if line.lstrip().startswith("Q1 "))
        assert "Which export format" in q1 and "CSV only" in q1 and "Bruno" in q1 and "B1" in q1
        q3 = next(line for line in text.splitlines() if line.lstrip().startswith("Q3 "))
        assert "blue, as the other" in q3 and "fallback taken" in q3 and "B3" in q3
        # the selected one in full: who decided and what it unblocked, by name
        assert "answered by Bruno" in text and "unblocked: B1 Export button" in text
        await pilot.press("j")
        await settled(pilot, app.screen)
        text = screen_text(app)
        assert "fallback taken at its needed-by" in text
        assert "unblocked: B3 Button colour" in text
        keys = text.splitlines()[-1]
        assert "c confirm" in keys and "o override" in keys and "x reopen" in keys
        assert "esc later" in keys


@pytest.mark.parametrize("user", ["bruno", "carla"])
async def test_others_never_see_the_pms_briefing(store, make_app, user) -> None:  # noqa: ANN001
    seed_return(store)
    app = make_app(store, user=user)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await settled(pilot, app.screen)
        assert app.screen is app.board_screen
        assert app.board_screen.check_action("review", ()) is False  # no v key, no command
        assert "v review" not in screen_text(app)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert not [c for c in commands if "the return briefing" in c]
        await pilot.press("v")
        await settled(pilot, app.screen)
        assert app.screen is app.board_screen


async def test_an_addressee_other_than_the_pm_reviews_only_their_own(store, make_app) -> None:  # noqa: ANN001
    seed_return(store)
    ops.ask(store, actor("bruno"), "Tabs or spaces?", to="carla", now=hours_ago(1))
    ops.answer(store, actor("bruno"), "Q4", "spaces", now=NOW)  # not Carla's answer: to review
    app = make_app(store, user="carla")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        assert rows(app) == ["Q4"]
        assert "your questions" in screen_text(app)


def copy_board(store: Store, tmp_path: Path, env: dict[str, str]) -> Cli:
    """The installed CLI on a copy of ``store``'s file, as Ana."""
    copy = tmp_path / "copy" / "board.json"
    copy.parent.mkdir()
    shutil.copyfile(store.path, copy)
    return Cli({**env, "STANDUP_DB": str(copy), "STANDUP_USER": "ana"}, copy)


def stored(path: Path) -> dict[str, dict]:
    """The board's questions and blocked items as stored, without the OS login of the
    process that wrote them (the CLI's differs from the test app's)."""

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if "os_login" not in k}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    doc = json.loads(path.read_text())
    return {table: strip(doc.get(table, {})) for table in ("questions", "blocked")}  # type: ignore[misc]


CASES = [
    ("confirm", "Q1", NOW),
    ("override", "Q1", NOW),
    ("reopen", "Q1", NOW),
    ("confirm", "Q3", NOW),  # Q3's fallback, taken an hour ago
    ("override", "Q3", NOW),
    ("reopen", "Q3", NOW),
    ("confirm", "Q1", LATER),  # Q1 answered, and the seed's own fallback questions moved on
]


@pytest.mark.parametrize("action, qid, moment", CASES)
async def test_each_key_changes_the_board_as_standup_review_does(
    store, make_app, cli_env, tmp_path, action, qid, moment
) -> None:  # noqa: ANN001
    seed_return(store)
    cli = copy_board(store, tmp_path, {**cli_env, "STANDUP_NOW": moment.isoformat()})
    text = ["PDF first, CSV next sprint"] if action == "override" else []
    said = cli("review", qid, action, *text).stdout.strip()  # the event's own line
    app = make_app(store, user="ana", clock=lambda: moment)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        if qid != rows(app)[0]:
            await pilot.press("j")
        await settled(pilot, app.screen)
        assert app.screen.selected().q.key == qid  # type: ignore[attr-defined]
        before = len(rows(app))
        await pilot.press({"confirm": "c", "override": "o", "reopen": "x"}[action])
        if action == "override":
            await wait_for(pilot, lambda: isinstance(app.screen, OverrideDialog))
            await pilot.press(*text[0], "enter")
        await wait_for(pilot, lambda: stored(store.path) == stored(cli.db))
        await wait_for(pilot, lambda: len(rows(app)) == before - 1 or briefing(app) is None)
        assert qid not in rows(app)
        past = {"confirm": "confirmed", "override": "overrode", "reopen": "reopened"}[action]
        assert f"{past} {qid}" in said, said
        assert said in [s.message for s in app.said]  # the board says it as the CLI did
    assert stored(store.path) == stored(cli.db)


async def test_an_empty_override_is_refused_in_the_form(store, make_app) -> None:  # noqa: ANN001
    seed_return(store)
    before = store.path.read_bytes()
    app = make_app(store, user="ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideDialog))
        await pilot.press("enter")
        error = app.screen.query_one("#dialog-error")
        await wait_for(pilot, lambda: error.has_class("-shown"))
        assert "the new answer" in str(error.render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: briefing(app) is not None)
        assert rows(app) == ["Q1", "Q3"]
    assert store.path.read_bytes() == before


async def test_escape_leaves_the_rest_and_v_comes_back(store, make_app) -> None:  # noqa: ANN001
    seed_return(store)
    app = make_app(store, user="ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("c")  # Q1 confirmed
        await wait_for(pilot, lambda: rows(app) == ["Q3"])
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.board_screen)
        assert "1 left to review: v brings the briefing back" in [s.message for s in app.said]
        board: BoardScreen = app.board_screen
        await wait_for(pilot, lambda: board.check_action("review", ()) is True)
        # in the key bar (redrawn when the bindings change: waited for, not assumed)
        await wait_for(pilot, lambda: "v review" in screen_text(app).splitlines()[-1])
        text = screen_text(app)
        assert "Q3 · review · fallback taken" in text  # and For you says so
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Review what was decided for you (the return briefing)" in commands
        await pilot.press("v")
        await wait_for(pilot, lambda: briefing(app) is not None)
        await settled(pilot, app.screen)
        assert rows(app) == ["Q3"]
        await pilot.press("x")  # the last one: the briefing closes itself
        await wait_for(pilot, lambda: app.screen is board)
        await wait_for(pilot, lambda: board.check_action("review", ()) is False)
        await wait_for(pilot, lambda: "v review" not in screen_text(app).splitlines()[-1])
        # reopened: Q3 is open again (and no longer falls back), B3 blocked on it again
        assert "Q3" in board.query_one("#questions", BoardTable).row_keys
        assert "B3" in board.query_one("#blocked", BoardTable).row_keys


async def test_a_review_made_elsewhere_drops_its_row(store, make_app) -> None:  # noqa: ANN001
    seed_return(store)
    app = make_app(store, user="ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        ops.review(store, actor("ana"), "Q3", "confirm", now=NOW)  # another process, say
        await wait_for(pilot, lambda: rows(app) == ["Q1"])
        ops.review(store, actor("ana"), "Q1", "confirm", now=NOW)
        await wait_for(pilot, lambda: app.screen is app.board_screen)


async def test_no_briefing_when_nothing_to_review(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded, user="ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await settled(pilot, app.screen)
        assert app.screen is app.board_screen
        assert app.board_screen.check_action("review", ()) is False


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_briefing(store, make_app, snap_compare, size) -> None:  # noqa: ANN001
    seed_return(store)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await opened(pilot)

    app = make_app(store, user="ana")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_the_selected_last_row_leaving_moves_the_cursor_up(seeded, make_app) -> None:  # noqa: ANN001
    # The briefing's rows leave from under the cursor; so do the board's (a regression:
    # the table read the key under a cursor past its last row, and the board crashed).
    app = make_app(seeded, user="carla")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        table = app.board_screen.query_one("#questions", BoardTable)
        await pilot.press("j")
        await wait_for(pilot, lambda: table.selected_key == "Q2")
        ops.withdraw(seeded, actor("bruno"), "Q2", now=NOW)
        await wait_for(pilot, lambda: table.row_keys == ["Q1"])
        assert table.selected_key == "Q1" and app.is_running


def test_the_installed_board_in_tmux_briefs_the_pm(store, tmp_path: Path) -> None:  # noqa: ANN001
    """A real terminal: Ana's board opens on the briefing; ``c`` confirms Q1 in the file
    (as ``standup review Q1 confirm``); escape shows the board, its For you and ``v``."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    from tests.ui.test_terminal import Tmux

    seed_return(store)
    tmux = Tmux(tmp_path)
    try:
        tmux.start(tmux.env(store.path, STANDUP_USER="ana", STANDUP_NOW=NOW.isoformat()), (120, 30))
        screen = tmux.wait_for("While you were away: 2 to review", "c confirm")
        assert "While you were away: 2 to review" in screen and "CSV only" in screen, screen
        tmux.keys("c")
        screen = tmux.wait_for("While you were away: 1 to review")
        assert "While you were away: 1 to review" in screen, screen
        q1 = json.loads(store.path.read_text())["questions"]["1"]
        assert q1["reviewed"] is True and q1["reviewed_by"] == "ana"
        tmux.keys("Escape")
        screen = tmux.wait_for("For you", "v review")
        assert "Q3 · review · fallback taken" in screen and "v review" in screen, screen
        tmux.keys("C-q")
        assert tmux.closed(), "ctrl+q did not leave the board"
    finally:
        tmux.kill()


async def test_a_long_absence_briefs_every_answer_the_board_only_counted(store, make_app) -> None:  # noqa: ANN001
    """The board reads a few of the PM's reviews (For you shows a few, counts the rest);
    the briefing reads every one of them when it opens, and the board a few again when
    it closes."""
    from standup.ui.state import FEW
    from standup.ui.widgets.foryou import ForYouSection, for_you, not_read

    from .test_state import full_view

    seed_return(store)
    keys = ["Q1", "Q3"]
    for n in range(FEW + 3):
        q = ops.ask(store, actor("carla"), f"while away {n}", to="ana", now=hours_ago(9)).record
        ops.answer(store, actor("bruno"), q.key, f"yes {n}", now=hours_ago(8))
        keys.append(q.key)
    app = make_app(store, user="ana")
    async with app.run_test(size=(140, 40)) as pilot:
        await opened(pilot)
        await wait_for(pilot, lambda: rows(app) == keys)
        assert f"While you were away: {len(keys)} to review" in screen_text(app)
        assert not_read(app.view, "ana") == 0
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.board_screen)
        app.reload()
        await wait_for(pilot, lambda: not_read(app.view, "ana") == len(keys) - FEW)
        await settled(pilot, app.screen)
        foryou = app.board_screen.query_one(ForYouSection)
        whole = full_view(store, app.view.now, "ana")  # every line, as read from the file
        assert foryou.count == len(for_you(whole, "ana", foryou.news)) > foryou.room()
        assert f"… and {foryou.count - foryou.room() + 1} more" in screen_text(app)
        await pilot.press("v")  # back: every one of them again
        await wait_for(pilot, lambda: rows(app) == keys)
