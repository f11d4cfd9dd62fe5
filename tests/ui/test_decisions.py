"""The decision round's screen (issue 10, item 5) through Pilot: one question at a time in
the agenda's order, a per-question timer read from the injected clock (moved by the test,
never waited for), every key — ``a`` (the form), ``f``, ``p``, ``g``, ``n``, ``space``,
``escape`` — and what each writes (the question as the operation leaves it, the decision
in the stand-up); the palette opens it outside a stand-up, and on a read-only board no
key writes. A snapshot of the round at 80×24."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from textual.widgets import Digits, Static

from standup import ops
from standup.records import Standup
from standup.store import Store
from standup.ui import keys
from standup.ui.dialogs.base import FormDialog
from standup.ui.screens.board import BoardScreen
from standup.ui.screens.decisions import DecisionRound, RoundAnswerDialog
from standup.ui.screens.help import help_text
from tests.ui.conftest import NOW, actor, loaded, screen_text, seed_team, settled, wait_for


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def seed_round(store: Store) -> None:
    """The UI team (Q1 blocks B1 and has a fallback; Q2 a one-way door), four more
    questions for Ana, younger each, and a running stand-up S1."""
    seed_team(store)
    carla = actor("carla")
    for n, text in enumerate(["Rename the app?", "Dark mode now?", "Ship on Friday?",
                              "Which font?"], start=3):  # fmt: skip
        ops.ask(store, carla, text, now=NOW - timedelta(minutes=60 - 10 * n))
    with store.transaction() as tx:
        sid = tx.next_id("S")
        doc = Standup(id=sid, date="2026-11-25", started_at=NOW, facilitator="carla").to_doc()
        tx.insert("standups", doc, sid)


def stored(store: Store) -> dict:
    return json.loads(store.path.read_bytes())


def shown(app) -> str | None:  # noqa: ANN001
    screen = app.screen
    return screen._current if isinstance(screen, DecisionRound) else None


def timer(app) -> str:  # noqa: ANN001
    return str(app.screen.query_one("#round-timer", Digits).value)


async def test_every_key_of_the_round_in_a_standup(store: Store, make_app) -> None:  # noqa: ANN001
    seed_round(store)
    clock = Clock(NOW)
    app = make_app(store, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        app.open_decision_round(1)  # as the meeting's d does
        await wait_for(pilot, lambda: shown(app) == "Q1")  # it blocks B1: first
        round_ = app.screen
        text = screen_text(app)
        assert "Decision round in stand-up S1" in text and "6 questions for the PM" in text
        assert "fallback: CSV first" in text and "blocks B1 Export button" in text
        assert "Bruno decides now" in text and "the PM's delegate: Bruno" in text
        assert timer(app) == "1:00"
        clock.now = NOW + timedelta(seconds=35)
        await wait_for(pilot, lambda: timer(app) == "0:25")
        clock.now = NOW + timedelta(seconds=70)
        await wait_for(pilot, lambda: timer(app) == "+0:10")
        assert round_.query_one("#round-timer").has_class("-over")
        assert "over time" in screen_text(app)

        await pilot.press("f")  # Q1: the fallback, now
        await wait_for(pilot, lambda: shown(app) == "Q2")
        assert timer(app) == "1:00"  # a new question, a new timer
        assert round_.check_action("fallback", ()) is None  # one-way: dimmed
        await pilot.press("f")
        await settled(pilot, round_)
        assert shown(app) == "Q2"
        await pilot.press("g")  # Q2 to Bruno, Ana's delegate
        await wait_for(pilot, lambda: shown(app) == "Q3")
        await pilot.press("n")
        await wait_for(pilot, lambda: shown(app) == "Q4")
        await pilot.press("space")
        await wait_for(pilot, lambda: shown(app) == "Q5")
        await pilot.press("p")
        await wait_for(pilot, lambda: shown(app) == "Q6")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, RoundAnswerDialog))
        await pilot.press(*"Inter", "enter")
        await wait_for(pilot, lambda: app.screen is round_ and shown(app) is None)
        assert "That was every question for the PM" in screen_text(app)
        title = str(round_.query_one("#round-title", Static).content)
        assert title.endswith("0 questions for the PM · 1 answered, 1 fallback taken, "
                              "1 parked, 1 handed on"), title  # fmt: skip
        assert any("Carla answered Q6" in s.message for s in app.said)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
    data = stored(store)
    later = (NOW + timedelta(seconds=70)).isoformat()
    assert data["standups"]["1"]["decisions"] == [
        {"question": "Q1", "outcome": "assumed", "by": "carla", "os_login": "tester"},
        {"question": "Q2", "outcome": "delegated", "by": "carla", "os_login": "tester"},
        {"question": "Q5", "outcome": "parked", "by": "carla", "os_login": "tester"},
        {"question": "Q6", "outcome": "answered", "by": "carla", "os_login": "tester"},
    ]
    questions = data["questions"]
    assert questions["1"]["needed_by"] == later and questions["2"]["to"] == "bruno"
    assert (questions["6"]["answer"], questions["6"]["answered_by"]) == ("Inter", "carla")
    for skipped in ("3", "4", "5"):  # n, space and park leave a question as it is
        assert questions[skipped]["status"] == "open" and "history" not in questions[skipped]


async def test_the_palette_opens_it_and_a_read_only_board_writes_nothing(
    store: Store, make_app
) -> None:  # noqa: ANN001
    from textual.command import CommandPalette

    seed_round(store)
    before = store.path.read_bytes()
    app = make_app(Store(store.path, read_only=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"decision round")
        commands = app.screen.query_one("CommandList")
        await wait_for(pilot, lambda: commands.option_count > 0)
        assert "Decision round" in str(commands.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await wait_for(pilot, lambda: shown(app) == "Q1")
        round_ = app.screen
        assert "outside a stand-up" in screen_text(app)
        footer = screen_text(app).splitlines()[-1]
        for action in ("answer", "fallback", "park", "delegate"):
            assert round_.check_action(action, ()) is False
        assert "answer" not in footer and "park" not in footer and "esc back" in footer
        await pilot.press("a", "f", "p", "g")
        await settled(pilot, round_)
        assert app.screen is round_ and shown(app) == "Q1"
    assert store.path.read_bytes() == before


def test_help_lists_the_round_keys() -> None:
    text = str(help_text({}, None))
    assert "In the decision round" in text
    for binding in keys.DECISIONS:
        assert binding.id and binding.tooltip and binding.tooltip in text


async def test_a_refused_answer_stays_in_the_form(store: Store, make_app) -> None:  # noqa: ANN001
    seed_round(store)
    before = store.path.read_bytes()
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        app.open_decision_round(None)
        await wait_for(pilot, lambda: shown(app) == "Q1")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, FormDialog))
        await pilot.press("enter")  # empty
        error = app.screen.query_one("#dialog-error")
        await wait_for(pilot, lambda: error.has_class("-shown"))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DecisionRound))
        assert shown(app) == "Q1"
    assert store.path.read_bytes() == before


def test_snapshot_decision_round(store: Store, make_app, snap_compare) -> None:  # noqa: ANN001
    seed_round(store)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await loaded(pilot)
        pilot.app.open_decision_round(1)
        await wait_for(pilot, lambda: shown(pilot.app) == "Q1")
        await pilot.pause()

    assert snap_compare(make_app(store), terminal_size=(80, 24), run_before=run_before)
