"""History (``h``): drawn at once with "computing…", then filled in from a worker; the
numbers are exactly :func:`standup.metrics.compute`'s for the chosen window on the same
board (read through :func:`standup.archives.read_all`); ``1``/``2``/``3`` switch the
window; the decision log lists answers, overrides and fallbacks taken, newest first,
literally; past stand-ups by date; a write elsewhere shows up; ``escape`` goes back; and
nothing of it is imported on the board's start path. Snapshots at 80×24 and 120×40.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from standup import ops
from standup.archives import read_all
from standup.clock import zone
from standup.metrics import compute
from standup.records import Spoke, Standup
from standup.store import Store
from standup.ui.screens import history as history_module
from standup.ui.screens.board import BoardScreen
from standup.ui.screens.history import COMPUTING, HistoryScreen
from standup.ui.widgets.history_numbers import numbers
from standup.ui.widgets.table import BoardTable

from .conftest import NOW, TZ, actor, hours_ago, loaded, screen_text, wait_for

DAY = timedelta(days=1)
MARKUP = "[bold]CSV[/] only [@click=app.quit]"


def seed_history(store: Store) -> None:
    """Seven months of a team's history, each window holding something of its own:

    - 200 days ago (all time only): Q1 asked by Carla, answered by Ana herself;
    - 40 days ago (the quarter): Q2 answered by Bruno for Ana, then overridden by her;
    - 3 days ago (2 weeks): Q3 answered by Bruno with markup in the answer, overridden
      by Ana a day later;
    - today: Q4 fell back on its fallback 2 h ago (unblocking B1); Q5 still open;
      B2 blocked on the bank for 5 days;
    - stand-ups yesterday (S2) and 30 days ago (S1).
    """
    ana, bruno, carla = actor("ana"), actor("bruno"), actor("carla")
    then = NOW - 300 * DAY
    ops.add_person(store, ana, "bruno", name="Bruno", role="lead", tz=TZ, now=then)
    ops.add_person(store, ana, "ana", name="Ana", role="pm", tz=TZ, delegate="bruno", now=then)
    ops.add_person(store, ana, "carla", name="Carla", role="eng", tz=TZ, now=then)
    ops.ask(store, carla, "Which logo do we keep?", now=NOW - 200 * DAY)
    ops.answer(store, ana, "Q1", "the round one", now=NOW - 199 * DAY)
    ops.ask(store, carla, "Monthly or yearly plans first?", now=NOW - 40 * DAY)
    ops.answer(store, bruno, "Q2", "monthly", now=NOW - 39 * DAY)
    ops.review(store, ana, "Q2", "override", "yearly", now=NOW - 38 * DAY)
    ops.ask(
        store, carla, "Which export format do we ship first?", fallback="CSV first",
        now=NOW - 3 * DAY,
    )  # fmt: skip
    ops.answer(store, bruno, "Q3", MARKUP, now=NOW - 2 * DAY)
    ops.review(store, ana, "Q3", "override", "PDF first", now=NOW - DAY)
    ops.ask(
        store, carla, "Blue or green for the export button?", by="in 1 hour",
        fallback="blue, as the other buttons", now=hours_ago(3),
    )  # fmt: skip
    ops.block(store, carla, "Button colour", on="Q4", now=hours_ago(2.5))
    ops.block(store, bruno, "Payment sandbox access", on="the bank", now=NOW - 5 * DAY)
    ops.ask(store, bruno, "Can we drop the 2019 file format?", now=hours_ago(1))
    with store.transaction() as tx:
        for days, facilitator, spoke, absent in (
            (30, "bruno", [Spoke("carla", 95), Spoke("bruno", 130)], ["ana"]),
            (1, "carla", [Spoke("ana", 60), Spoke("bruno", 75), Spoke("carla", 121)], []),
        ):
            start = NOW - days * DAY - timedelta(hours=0.5)
            sid = tx.next_id("S")
            record = Standup(
                id=sid, date=start.date().isoformat(), started_at=start, facilitator=facilitator,
                ended_at=start + timedelta(minutes=9), order=[s.who for s in spoke],
                spoke=spoke, absent=absent,
            )  # fmt: skip
            tx.insert("standups", record.to_doc(), sid)


@pytest.fixture
def history_board(store: Store) -> Store:
    seed_history(store)
    return store


def history_screen(app) -> HistoryScreen | None:  # noqa: ANN001
    screen = app.screen
    return screen if isinstance(screen, HistoryScreen) else None


async def filled(pilot, window: str = "weeks") -> HistoryScreen:  # noqa: ANN001
    """Wait until the history screen shows ``window``, computed."""

    def done() -> bool:
        screen = history_screen(pilot.app)
        return (
            screen is not None
            and screen.history is not None
            and (screen.history.window.id == window)
        )

    await wait_for(pilot, done)
    await pilot.pause()
    screen = history_screen(pilot.app)
    assert screen is not None
    return screen


def expected(store: Store, days: int | None) -> dict:
    since = None if days is None else NOW - timedelta(days=days)
    return compute(read_all(store), since=since, until=NOW, now=NOW, tz=zone(TZ))


def rows(screen: HistoryScreen, table: str) -> list[str]:
    return screen.query_one(f"#history-{table}", BoardTable).row_keys


def cells(screen: HistoryScreen, table: str, column: str) -> list[str]:
    t = screen.query_one(f"#history-{table}", BoardTable)
    return [t.cell(key, column).plain for key in t.row_keys]


class HeldStore(Store):
    """A real store whose reads wait, while ``hold`` is set, until ``go`` is: the
    history's worker is then caught in the middle of its read."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.hold = False
        self.go = threading.Event()

    def read(self, **kwargs):  # noqa: ANN003, ANN201
        if self.hold:
            self.go.wait(30)
        return super().read(**kwargs)


async def test_h_draws_at_once_then_fills_in_the_numbers_of_metrics(
    board_path, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:  # noqa: ANN001
    # the held read must happen in this process: the fill is computed in the worker's
    # thread here, not in a forked child (whose copy of the store would wait alone)
    monkeypatch.setattr(history_module, "apart", lambda fn, *args: fn(*args))
    store = HeldStore(board_path)
    seed_history(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        store.hold = True
        await pilot.press("h")
        await wait_for(pilot, lambda: history_screen(app) is not None)
        await pilot.pause()
        text = screen_text(app)
        assert COMPUTING in text and "Decision log" in text  # drawn, not yet filled in
        store.go.set()
        screen = await filled(pilot)
        metrics = expected(store, 14)
        assert screen.history is not None and screen.history.metrics == metrics
        shown = screen.query_one("#history-numbers").render()
        assert shown.plain == numbers(screen.history).plain  # type: ignore[attr-defined]
        q = metrics["questions"]
        text = screen_text(app)
        assert COMPUTING not in text
        assert f"{q['asked']} asked · {q['answered']} answered · {q['assumed']} fell back" in text
        assert "from 11 Nov 2026 to now" in text


async def test_windows_switch_with_1_2_3_and_escape_goes_back(history_board, make_app) -> None:  # noqa: ANN001
    app = make_app(history_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("h")
        screen = await filled(pilot, "weeks")
        assert screen.history is not None
        assert screen.history.metrics == expected(history_board, 14)
        assert rows(screen, "standups") == ["S2"]
        await pilot.press("2")
        screen = await filled(pilot, "quarter")
        assert screen.history is not None
        assert screen.history.metrics == expected(history_board, 91)
        assert rows(screen, "standups") == ["S2", "S1"]
        assert "Q2" in cells(screen, "decisions", "ref")
        assert "Q1" not in cells(screen, "decisions", "ref")
        await pilot.press("3")
        screen = await filled(pilot, "all")
        assert screen.history is not None
        assert screen.history.metrics == expected(history_board, None)
        assert cells(screen, "decisions", "ref")[-1] == "Q1"  # the oldest, last
        assert "from the first record to now" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))


async def test_the_decision_log_says_who_decided_and_what_was_overridden(
    history_board, make_app
) -> None:  # noqa: ANN001
    app = make_app(history_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("h")
        screen = await filled(pilot)
        # newest first: Q4's fallback (2 h ago), Ana's override of Q3, Bruno's answer
        assert cells(screen, "decisions", "ref") == ["Q4", "Q3", "Q3"]
        assert cells(screen, "decisions", "kind") == ["↷ fell back", "✗ overridden", "✓ answered"]
        texts = cells(screen, "decisions", "text")
        assert "fell back at its needed-by" in texts[0] and "blue, as the other" in texts[0]
        assert texts[1].startswith("Ana overrode Q3") and "“PDF first”" in texts[1]
        assert "was “[bold]CSV[/] only [@click=app.quit]” by Bruno" in texts[1]  # literally
        assert texts[2].startswith("Bruno answered Q3")
        await pilot.press("j")
        await pilot.pause()
        text = screen_text(app)
        assert "by Ana (typed by the OS login tester)" in text
        assert "[@click=app.quit]" in text  # on screen as typed, never run
        # past stand-ups: the facilitator and who spoke, by name
        standup = screen.query_one("#history-standups", BoardTable)
        assert standup.cell("S2", "facilitator").plain == "Carla"
        assert standup.cell("S2", "spoke").plain == "Ana 1:00, Bruno 1:15, Carla 2:01"


async def test_a_board_without_history_says_so(store, make_app) -> None:  # noqa: ANN001
    ops.add_person(store, actor("ana"), "ana", name="Ana", role="pm", tz=TZ, now=hours_ago(5))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("h")
        await filled(pilot)
        text = screen_text(app)
        assert "Decision log — no decisions in this window" in text
        assert "Past stand-ups — no stand-ups yet" in text
        assert "0 asked" in text


async def test_a_write_elsewhere_shows_up(history_board, make_app) -> None:  # noqa: ANN001
    app = make_app(history_board, poll_s=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("h")
        screen = await filled(pilot)
        ops.answer(history_board, actor("ana"), "Q5", "yes, drop it", now=NOW)
        await wait_for(pilot, lambda: "Q5" in cells(screen, "decisions", "ref"))
        assert screen.history is not None
        assert screen.history.metrics == expected(history_board, 14)


async def test_a_board_that_cannot_be_read_is_said_in_one_line(history_board, make_app) -> None:  # noqa: ANN001
    app = make_app(history_board)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        history_board.path.write_bytes(b"{ not json")  # a hand edit gone wrong
        await pilot.press("h")
        await wait_for(pilot, lambda: history_screen(app) is not None)
        screen = history_screen(app)
        assert screen is not None
        await wait_for(pilot, lambda: screen.problem != "")
        assert "is damaged: it is not valid JSON" in screen.problem
        assert "cannot show it" in screen_text(app).splitlines()[0]


def test_history_is_not_on_the_boards_start_path() -> None:
    code = (
        "import sys; import standup.ui.app, standup.ui.screens.board; "
        "print(any(m in sys.modules for m in ('standup.ui.screens.history', "
        "'standup.metrics', 'textual.widgets._sparkline')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot(history_board, make_app, snap_compare, size) -> None:  # noqa: ANN001
    async def run_before(pilot) -> None:  # noqa: ANN001
        await loaded(pilot)
        await pilot.press("h")
        await filled(pilot)

    assert snap_compare(make_app(history_board), terminal_size=size, run_before=run_before)


async def test_a_history_computed_before_its_screen_is_mounted_fills_it_in(
    history_board, make_app
) -> None:  # noqa: ANN001
    """The fill starts as the screen is made (``h``), before it is mounted; when it is
    done first, the screen fills itself in as it mounts."""
    app = make_app(history_board)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        with app._context():  # as the board's ``h`` makes it, inside the app
            screen = HistoryScreen(app.board_screen)
        await wait_for(pilot, lambda: screen._early is not None)  # done, not mounted yet
        assert screen.history is None
        await app.push_screen(screen)
        await pilot.pause()
        assert screen.history is not None and screen._early is None
        text = screen_text(app)
        assert COMPUTING not in text and "Decision log (" in text
