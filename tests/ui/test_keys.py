"""Every key flow through Pilot: ask, answer, block, unblock, away/back, help, palette,
the placeholders, and a refused form that writes nothing."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from textual.widgets import Input

from standup import ops
from standup.board import Board
from standup.ui.dialogs.answer import AnswerDialog
from standup.ui.dialogs.ask import AskDialog
from standup.ui.dialogs.away import AwayDialog, BackDialog
from standup.ui.dialogs.block import BlockDialog
from standup.ui.dialogs.unblock import UnblockDialog
from standup.ui.screens.board import BoardScreen
from standup.ui.screens.help import HelpScreen
from standup.ui.widgets.keybar import KeyBar
from standup.ui.widgets.table import BoardTable
from standup.view import BoardView
from tests.ui.conftest import NOW, TZ, actor, hours_ago, loaded, screen_text, wait_for, workers_done


async def written(pilot) -> None:  # noqa: ANN001
    """Wait for a dialog's write and the reload it started (workers awaited, then their
    messages handled): the board shows what was written."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BoardScreen))
    await workers_done(pilot)
    await pilot.pause()


async def type_into(pilot, input_id: str, text: str) -> None:  # noqa: ANN001
    widget = pilot.app.screen.query_one(f"#{input_id}", Input)
    widget.focus()
    await pilot.pause()
    widget.value = text
    await pilot.pause()


async def test_ask_from_the_keyboard(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AskDialog))
        await pilot.press(*"Ship on Friday?")
        await type_into(pilot, "by", "fri 5pm")
        await type_into(pilot, "fallback", "ship on Monday")
        await pilot.press("enter")  # from the fallback field
        await written(pilot)
        assert 3 in app.view.questions
        q = app.view.questions[3].q
        assert (q.text, q.to, q.fallback, q.asked_by) == (
            "Ship on Friday?",
            "ana",
            "ship on Monday",
            "carla",
        )
        assert q.needed_by.isoformat() == "2026-11-27T17:00:00+00:00"
        table = app.board_screen.query_one("#questions", BoardTable)
        assert table.row_keys == ["Q1", "Q2", "Q3"]


async def test_a_refused_form_writes_nothing_and_says_why(
    seeded, make_app, board_path: Path
) -> None:  # noqa: ANN001
    before = board_path.read_bytes()
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AskDialog))
        await pilot.press(*"When?")
        await type_into(pilot, "by", "3/4")  # ambiguous: refused by standup.when
        await pilot.press("enter")
        error = app.screen.query_one("#dialog-error")
        await wait_for(pilot, lambda: error.has_class("-shown"))
        assert "Needed by" in str(error.render())  # the field, not the flag --by
        assert isinstance(app.screen, AskDialog)  # still open, input kept
        assert app.screen.query_one("#text", Input).value == "When?"
        await type_into(pilot, "to", "nobody-here")
        await type_into(pilot, "by", "")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "nobody-here" in str(error.render()))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
    assert board_path.read_bytes() == before


async def test_reply_answers_the_selected_question(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded, user="bruno")  # Bruno decides while Ana is away
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("j")  # Q1 -> Q2
        await pilot.press("k")  # back to Q1
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, AnswerDialog))
        assert "Which export format" in str(app.screen.query_one(".dialog-context").render())
        await pilot.press(*"CSV first", "enter")
        await written(pilot)
        assert [s.q.key for s in app.view.open_questions] == ["Q2"]
        # from the file: the board keeps an answer waiting for Ana's review only until its
        # next read (see standup.ui.state.Slice), which a heartbeat can bring at any time
        whole = BoardView(Board.load(seeded.read(), 0), NOW, ZoneInfo(TZ))
        assert whole.questions[1].status == "answered"
        assert whole.questions[1].answer == "CSV first"
        assert whole.questions[1].answered_by == "bruno"
        assert whole.blocked[1].status == "unblocked"  # B1 waited on Q1


async def test_block_and_unblock(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "b")  # on Q2: the form proposes to wait on it
        await wait_for(pilot, lambda: isinstance(app.screen, BlockDialog))
        assert app.screen.query_one("#on", Input).value == "Q2"
        await pilot.press(*"Import of old files", "enter")
        await written(pilot)
        assert 3 in app.view.blocked
        item = app.view.blocked[3].item
        assert (item.title, item.on, item.owner) == ("Import of old files", "Q2", "carla")
        await pilot.press("tab")  # to the blocked items
        blocked = app.board_screen.query_one("#blocked", BoardTable)
        await wait_for(pilot, lambda: blocked.has_focus)
        await pilot.press("j")  # B1 -> B2
        assert blocked.selected_key == "B2"
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, UnblockDialog))
        assert "Payment sandbox" in str(app.screen.query_one(".dialog-context").render())
        await pilot.press("enter")
        await written(pilot)
        # B2 reads unblocked, kept to announce its closing; or gone, if another reload
        # (a poll, on a loaded machine) came after that one
        assert 2 not in app.view.blocked or not app.view.blocked[2].is_blocked
        assert [s.item.key for s in app.view.blocked_items] == ["B1", "B3"]


async def test_r_and_u_act_on_the_table_that_has_focus(seeded, make_app) -> None:  # noqa: ANN001
    """Both tables have a selection; only the focused one's (the one the detail line
    describes) is acted on: r on a blocked item and u on a question do nothing."""
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        blocked = app.board_screen.query_one("#blocked", BoardTable)
        bar = app.board_screen.query_one(KeyBar)
        await pilot.press("u")
        await pilot.pause()  # handled: a dialog would be open by now
        assert isinstance(app.screen, BoardScreen)
        assert {i.description: i.enabled for i in bar.items()}["unblock"] is False
        await pilot.press("tab")
        await wait_for(pilot, lambda: blocked.has_focus)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)  # not the hidden Q1
        assert {i.description: i.enabled for i in bar.items()}["reply"] is False
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, UnblockDialog))
        assert "Export button" in str(app.screen.query_one(".dialog-context").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.press("shift+tab")
        await wait_for(pilot, lambda: not blocked.has_focus)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, AnswerDialog))
        assert "Which export format" in str(app.screen.query_one(".dialog-context").render())
        titles = [c.title for c in app.get_system_commands(app.board_screen)]
        assert "Unblock the selected item" not in titles  # the palette offers what can run


async def test_away_then_back(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, AwayDialog))
        await pilot.press(*"tomorrow 9am")
        await type_into(pilot, "delegate", "bruno")
        await pilot.press("enter")
        await written(pilot)
        assert not app.view.person("carla").status.available
        status = app.view.person("carla").status
        assert status.until.isoformat() == "2026-11-26T09:00:00+00:00"
        assert status.delegate == "bruno"
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, BackDialog))
        await pilot.press("enter")
        await written(pilot)
        assert app.view.person("carla").status.available


async def test_escape_cancels_every_form(seeded, make_app, board_path: Path) -> None:  # noqa: ANN001
    before = board_path.read_bytes()
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        for key, dialog in (
            ("a", AskDialog), ("r", AnswerDialog), ("b", BlockDialog), ("w", AwayDialog),
        ):  # fmt: skip
            await pilot.press(key)
            await wait_for(pilot, lambda dialog=dialog: isinstance(app.screen, dialog))
            await pilot.press(*"typed", "escape")
            await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
    assert board_path.read_bytes() == before


async def test_help_lists_every_key_and_escape_closes_it(seeded, make_app) -> None:  # noqa: ANN001
    from standup.ui import keys

    app = make_app(seeded)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = str(app.screen.query_one("#help-text").render())
        for binding in keys.ALL:
            assert binding.tooltip and binding.id
            assert binding.tooltip in text, binding.id
        assert "coming in a later release" not in text  # every key does what it says now
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))


async def test_help_lists_tab_and_explains_every_symbol_on_the_board(seeded, make_app) -> None:  # noqa: ANN001
    """Every symbol the board draws (people's statuses, each age of a blocker, overdue,
    cut text) has a line in ``?`` help, and no symbol means two things."""
    from standup.ui.look import AGE_STEPS, LEGEND, STATUS_LOOK

    carla, ana = actor("carla"), actor("ana")
    ops.add_person(seeded, ana, "dora", name="Dora", role="eng", tz="Europe/Lisbon",
                   hours="mon-fri 13:00-17:00", now=hours_ago(500))  # fmt: skip
    ops.block(seeded, carla, "Waits on design " * 8, on="dora", now=hours_ago(10))
    ops.block(seeded, carla, "Waits on legal", on="ana", now=hours_ago(30))
    app = make_app(seeded)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        board = screen_text(app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = str(app.screen.query_one("#help-text").render())
    assert "tab " in text and "shift+tab" in text
    drawn = {ch for ch in board if ord(ch) > 127 and not 0x2500 <= ord(ch) <= 0x257F}
    assert {"✓", "◐", "○", "·", "◔", "◑", "●", "⚠", "…"} <= drawn  # the board shows each
    legend = "".join(symbol for _heading, symbols in LEGEND for symbol, _ in symbols)
    assert drawn <= set(legend) | set("—"), drawn - set(legend)
    for ch in drawn - {"—"}:
        assert ch in text, ch
    statuses = {symbol for symbol, _ in STATUS_LOOK.values()}
    assert not statuses & {symbol for _l, symbol, _v, _w in AGE_STEPS}  # one meaning each


async def test_keys_that_cannot_run_are_hidden(store, make_app) -> None:  # noqa: ANN001
    app = make_app(store)  # an empty board: nothing to answer or unblock
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        shown = {b.binding.id for b in app.screen.active_bindings.values()}
        assert "ask" in shown and "block" in shown
        assert "reply" not in shown and "unblock" not in shown
        await pilot.press("r", "u")
        await pilot.pause()  # the keys have been handled: a dialog would be open by now
        assert isinstance(app.screen, BoardScreen)


async def test_the_palette_finds_board_actions(seeded, make_app) -> None:  # noqa: ANN001
    from textual.command import CommandPalette

    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Ask the PM (or anyone) a question", "Answer the selected question",
                       "Record a blocked item", "Theme", "Quit"):  # fmt: skip
            assert wanted in titles
        assert "Unblock the selected item" not in titles  # the questions have focus
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"blocked item")
        commands = app.screen.query_one("CommandList")

        def offered() -> list[str]:
            return [
                str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)
            ]

        await wait_for(pilot, lambda: any("Record a blocked item" in p for p in offered()))
        assert "Record a blocked item" in offered()[0]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BlockDialog))


async def test_keys_remap_from_keymap_toml(seeded, make_app, config_dir: Path) -> None:  # noqa: ANN001
    config_dir.mkdir(parents=True)
    (config_dir / "keymap.toml").write_text('ask = "A"\nnope = "x"\n')
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)  # "a" no longer asks
        await pilot.press("A")
        await wait_for(pilot, lambda: isinstance(app.screen, AskDialog))
        assert any("nope" in n.message for n in app.said)
