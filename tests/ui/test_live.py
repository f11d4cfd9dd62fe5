"""Live boards: a write by one board or by the CLI shows on every other board, with the
selected row and the scroll position kept; ages tick over without a write and a
needed-by is seen at its moment; notifications for what concerns you; a damaged file or
a busy lock is explained, never a traceback; quitting never raises.

No test here times anything: how fast a write reaches another board is measured by
``bench/bench_board.py``; these wait (boundedly) for what must happen."""

from __future__ import annotations

import asyncio
import fcntl
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from standup import ops
from standup.store import Store
from standup.ui.dialogs.ask import AskDialog
from standup.ui.screens.board import BoardScreen
from standup.ui.widgets.table import BoardTable
from tests.ui.conftest import NOW, TZ, actor, loaded, seed_questions, wait_for

WAIT_S = 10.0  # a generous bound for a busy machine: these wait, they do not time


def cli(board: Path, *args: str, user: str = "bruno") -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STANDUP_")}
    env.update(STANDUP_DB=str(board), STANDUP_USER=user, STANDUP_NOW=NOW.isoformat(), TZ=TZ)
    subprocess.run(
        [sys.executable, "-m", "standup", *args], env=env, check=True, capture_output=True,
        timeout=60,
    )  # fmt: skip


async def seen(pilot, condition) -> None:  # noqa: ANN001
    """Wait until another process's write shows (the poll notices it within a second)."""
    await wait_for(pilot, condition, timeout=WAIT_S)


def questions(app) -> BoardTable:  # noqa: ANN001
    return app.board_screen.query_one("#questions", BoardTable)


async def test_two_boards_on_one_file(seeded, make_app) -> None:  # noqa: ANN001
    carla, bruno = make_app(seeded), make_app(Store(seeded.path), user="bruno")
    async with carla.run_test(size=(100, 30)) as one, bruno.run_test(size=(100, 30)) as two:
        await loaded(one)
        await loaded(two)
        await one.press("j")
        assert questions(carla).selected_key == "Q2"
        await two.press("a")
        await wait_for(two, lambda: isinstance(bruno.screen, AskDialog))
        await two.press(*"New question from Bruno", "enter")
        await wait_for(two, lambda: isinstance(bruno.screen, BoardScreen))
        await seen(one, lambda: 3 in carla.view.questions)
        await wait_for(one, lambda: questions(carla).row_count == 3)
        assert questions(carla).selected_key == "Q2"  # the selection stayed on its row


async def test_a_cli_write_shows_up_and_keeps_selection_and_scroll(store, make_app) -> None:  # noqa: ANN001
    seed_questions(store, 30)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        table = questions(app)
        for _ in range(20):
            await pilot.press("j")
        await wait_for(pilot, lambda: table.selected_key == "Q21" and table.scroll_y > 0)
        scroll = table.scroll_y
        await asyncio.to_thread(cli, store.path, "ask", "from the command line")
        await seen(pilot, lambda: 31 in app.view.questions)
        await wait_for(pilot, lambda: table.row_count == 31)
        assert table.selected_key == "Q21"
        assert table.scroll_y == scroll
        await asyncio.to_thread(cli, store.path, "withdraw", "Q3", user="carla")
        await seen(pilot, lambda: table.row_count == 30)
        assert table.selected_key == "Q21"  # a row above went: the cursor followed its row


async def test_notifications_for_what_concerns_you(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)  # carla asked Q1, owns B1 (waits on Q1); Q1 is for Ana (away)

    def said(title: str) -> bool:
        return any(title in n.title for n in app.said)

    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await asyncio.to_thread(cli, seeded.path, "back", "--who", "ana")
        await wait_for(pilot, lambda: said("Ana is available now"))
        await asyncio.to_thread(cli, seeded.path, "answer", "Q1", "[bold]CSV[/] first", user="ana")
        await wait_for(pilot, lambda: said("Q1 answered by Ana"))
        await wait_for(pilot, lambda: said("B1 unblocked"))
        note = next(n for n in app.said if "Q1 answered" in n.title)
        assert note.markup is False and "[bold]CSV[/] first" in note.message


async def test_ages_tick_and_deadlines_fall_back_without_a_write(seeded, make_app) -> None:  # noqa: ANN001
    moment = [NOW]
    app = make_app(seeded, clock=lambda: moment[0], tick_s=0.1)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert app.view.questions[1].age_seconds == 2 * 3600
        assert "B1" in [s.item.key for s in app.view.blocked_items]  # it waits on Q1
        moment[0] = NOW + timedelta(hours=8)  # 18:00: Q1's 17:00 deadline has passed
        # The reload that first sees 18:00 watches Q1 (open on the view before) and
        # announces it assumed (it had a fallback). The next reload, a tick later, no
        # longer reads Q1 at all: an assumption for Ana to review is only counted on
        # Carla's board (ui.state.Slice). So the view is not asked about Q1 here.
        await wait_for(pilot, lambda: any("Q1 assumed" in n.title for n in app.said))
        await wait_for(pilot, lambda: app.view.now == moment[0])
        assert [s.q.key for s in app.view.open_questions] == ["Q2"]  # one-way: stays open
        assert "B1" not in [s.item.key for s in app.view.blocked_items]  # moved on with Q1
        await wait_for(pilot, lambda: questions(app).row_count == 1)
        first = app.view
        app.reload()  # the reload that no longer watches Q1 reads the same board
        await wait_for(pilot, lambda: app.view is not first)
        assert [s.q.key for s in app.view.open_questions] == ["Q2"]
        assert "B1" not in [s.item.key for s in app.view.blocked_items]
        assert questions(app).row_count == 1


async def test_a_needed_by_is_seen_at_its_moment_not_at_the_next_tick(store, make_app) -> None:  # noqa: ANN001
    """The board reloads at the next change by the clock: with the minute tick far away,
    a fallback taken a second after the board opens still shows (a running clock)."""
    start = time.monotonic()

    def running() -> datetime:
        return NOW + timedelta(seconds=time.monotonic() - start)

    carla = actor("carla")
    ops.add_person(store, carla, "carla", role="pm", tz=TZ, now=NOW)
    ops.ask(store, carla, "Ship it?", by="2026-11-25T10:00:01+00:00", fallback="yes", now=NOW)
    ops.block(store, carla, "Release notes", on="Q1", now=NOW)
    app = make_app(store, clock=running)  # tick_s: the default minute
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: app.view.questions[1].status == "assumed", WAIT_S)
        assert app.view.blocked[1].status == "unblocked"
        await wait_for(pilot, lambda: questions(app).row_count == 0)


async def test_quitting_while_a_reload_finishes_never_raises(seeded, make_app) -> None:  # noqa: ANN001
    """30 start/quit cycles (10 of each way out) with a 10 ms tick and poll: reload
    workers finish while the app closes its screens, and must not reach a board that is
    gone (run_test re-raises whatever a handler raised). 100 cycles took 18 s, the
    slowest test of the suite, for the same three ways of quitting."""
    for n in range(30):
        app = make_app(seeded, tick_s=0.01, poll_s=0.01)
        async with app.run_test(size=(80, 24)) as pilot:
            if n % 3 == 0:
                await pilot.press("ctrl+q")
            elif n % 3 == 1:
                app.exit()
            # else: leaving the block closes the app
        assert not app.return_code, n


async def test_a_damaged_file_is_explained_and_the_board_recovers(seeded, make_app) -> None:  # noqa: ANN001
    good = seeded.path.read_bytes()
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert not app.board_screen.query("#problem")  # mounted when first needed
        seeded.path.write_bytes(b'{"questions": [oops')
        await wait_for(pilot, lambda: bool(app.board_screen.query("#problem.-shown")))
        banner = app.board_screen.query_one("#problem")
        assert "damaged" in str(banner.render())
        assert app.board_screen.view is not None  # the last good board stays on screen
        seeded.path.write_bytes(good)
        await wait_for(pilot, lambda: not banner.has_class("-shown"))


async def test_opening_a_damaged_file_shows_a_clear_screen(board_path: Path, make_app) -> None:  # noqa: ANN001
    board_path.parent.mkdir(parents=True)
    board_path.write_bytes(b"not json at all")
    app = make_app(Store(board_path))
    async with app.run_test(size=(80, 24)) as pilot:
        banner = app.board_screen.query_one("#problem")
        await wait_for(pilot, lambda: banner.has_class("-shown"))
        assert app.board_screen.has_class("-broken")
        assert "damaged" in str(banner.render()) and "left exactly as it is" in str(banner.render())
        await pilot.press("a")  # nothing to write to: the key does nothing
        await pilot.pause()  # the key has been handled (a dialog would be open now)
        assert isinstance(app.screen, BoardScreen)
    assert board_path.read_bytes() == b"not json at all"


async def test_a_busy_lock_is_shown_in_the_dialog(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(Store(seeded.path, lock_timeout=0.2))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        fd = os.open(seeded.lock_path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            await pilot.press("a", *"Anyone?", "enter")
            error = app.screen.query_one("#dialog-error")
            await wait_for(pilot, lambda: error.has_class("-shown"))
            assert "locked by another process" in str(error.render())
        finally:
            os.close(fd)
        await pilot.press("enter")  # the lock is free now: it saves
        await wait_for(pilot, lambda: 3 in app.view.questions)


async def test_the_garbage_collector_is_back_on_after_the_first_frame(seeded, make_app) -> None:  # noqa: ANN001
    """``standup`` starts with the collector off (start-up time); the board turns it on."""
    import gc

    app = make_app(seeded)
    gc.disable()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await loaded(pilot)
            await wait_for(pilot, gc.isenabled)
    finally:
        gc.enable()
