"""The forms: ``e`` edits the selected row in the form that made it, refusals read in the
board's words, the away form says who decides when its delegate is left empty, and keys
typed right after ``tab`` land in the field they were typed for."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual import events
from textual.widgets import Input

from standup import ops
from standup.errors import BadInput
from standup.store import Store
from standup.ui.dialogs.ask import AskDialog
from standup.ui.dialogs.away import AwayDialog
from standup.ui.dialogs.base import Toggle
from standup.ui.dialogs.block import BlockDialog
from standup.ui.dialogs.words import FIELD, board_words
from standup.ui.screens.board import BoardScreen
from standup.ui.widgets.table import BoardTable
from tests.ui.conftest import NOW, TZ, actor, hours_ago, loaded, wait_for


def field(app, input_id: str) -> str:  # noqa: ANN001
    return app.screen.query_one(f"#{input_id}", Input).value


async def set_field(pilot, input_id: str, text: str) -> None:  # noqa: ANN001
    widget = pilot.app.screen.query_one(f"#{input_id}", Input)
    widget.focus()
    widget.value = text
    await pilot.pause()


def burst(app, *keys: str) -> None:  # noqa: ANN001
    """Send ``keys`` as a terminal delivers a paste or a fast typist: all at once, without
    letting the app run between them."""
    for key in keys:
        char = key if len(key) == 1 else None
        app.post_message(events.Key("space" if key == " " else key, char))


def error_line(app) -> str:  # noqa: ANN001
    return str(app.screen.query_one("#dialog-error").render())


# -- e: edit the selected row ----------------------------------------------------------


async def test_e_edits_the_selected_question_prefilled(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("e")  # Q1 is selected
        await wait_for(pilot, lambda: isinstance(app.screen, AskDialog))
        dialog = app.screen
        assert dialog.editing.q.key == "Q1"
        assert (field(app, "text"), field(app, "to"), field(app, "by")) == (
            "Which export format do we ship first?",
            "ana",
            "2026-11-25 17:00",
        )
        assert field(app, "fallback") == "CSV first, PDF next sprint"
        assert dialog.query_one("#one-way", Toggle).value is False
        assert not dialog.query("#blocks")  # what a question blocks is edited on the item
        await set_field(pilot, "fallback", "CSV only")
        await set_field(pilot, "by", "fri 5pm")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.view.questions[1].q.fallback == "CSV only")
        q = app.view.questions[1].q
        assert q.needed_by.isoformat() == "2026-11-27T17:00:00+00:00"
        assert q.text == "Which export format do we ship first?"  # untouched
        assert q.history[-1] == {
            "at": NOW.isoformat(),
            "by": "carla",
            "os_login": "tester",
            "action": "edit",
            "needed_by": "2026-11-25T17:00:00+00:00",
            "fallback": "CSV first, PDF next sprint",
        }
        assert isinstance(app.screen, BoardScreen)
        await wait_for(pilot, lambda: any("edited Q1" in n.message for n in app.said))
        # the line of the edit's event: the CLI prints the same
        assert "Carla edited Q1: needed by, fallback" in [n.message for n in app.said]


async def test_e_on_an_overdue_question_sends_only_what_changed(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "e")  # Q2: a one-way door whose needed-by has passed
        await wait_for(pilot, lambda: isinstance(app.screen, AskDialog))
        assert app.screen.query_one("#one-way", Toggle).value is True
        await set_field(pilot, "text", "Can we drop the 2019 file format for good?")
        await pilot.press("enter")  # the past needed-by is kept, not refused as "--by"
        await wait_for(pilot, lambda: app.view.questions[2].q.text.endswith("for good?"))
        q = app.view.questions[2].q
        assert q.needed_by == hours_ago(2) and q.reversible is False


async def test_e_edits_the_item_when_the_blocked_table_has_focus(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("tab")
        blocked = app.board_screen.query_one("#blocked", BoardTable)
        await wait_for(pilot, lambda: blocked.has_focus)
        await pilot.press("j")
        assert blocked.selected_key == "B2"
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, BlockDialog))
        assert (field(app, "title"), field(app, "on"), field(app, "owner")) == (
            "Payment sandbox access",
            "the bank's API team",
            "bruno",
        )
        assert not app.screen.query("#note")
        await set_field(pilot, "on", "Q2")
        await set_field(pilot, "owner", "carla")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.view.blocked[2].item.on == "Q2")
        item = app.view.blocked[2].item
        assert (item.on_kind, item.owner, item.title) == ("question", "carla", item.title)
        assert item.history[-1]["on"] == "the bank's API team"
        assert item.history[-1]["owner"] == "bruno"
        assert app.view.questions[2].blocks == (2,)


async def test_e_with_nothing_changed_writes_nothing(seeded, make_app, board_path: Path) -> None:  # noqa: ANN001
    before = board_path.read_bytes()
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, AskDialog))
        await set_field(pilot, "to", "ana")  # typed again, the same
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert "Q1: nothing changed" in [n.message for n in app.said]
    assert board_path.read_bytes() == before


async def test_a_refused_edit_says_it_in_the_boards_words(
    seeded, make_app, board_path: Path
) -> None:  # noqa: ANN001
    before = board_path.read_bytes()
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, AskDialog))
        await set_field(pilot, "to", "zoe")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "zoe" in error_line(app))
        line = error_line(app)
        assert "zoe is not on the board" in line
        assert "add them with `standup person add zoe`" in line
        assert "--to" not in line and "example:" not in line
        await set_field(pilot, "to", "ana")
        await set_field(pilot, "by", "3/4")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "3/4" in error_line(app))
        assert error_line(app).startswith(f"✗ {FIELD['--by']}")
        assert isinstance(app.screen, AskDialog)  # still open, what was typed kept
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
    assert board_path.read_bytes() == before


async def test_e_is_a_key_like_the_others(store, make_app) -> None:  # noqa: ANN001
    from standup.ui import keys
    from standup.ui.screens.help import help_text

    [edit] = [b for b in keys.BOARD if b.action == "edit"]
    assert edit.key == "e" and edit.id == "edit" and edit.tooltip
    assert edit.tooltip in str(help_text({}, None))
    app = make_app(store)  # an empty board: nothing to edit
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert "edit" not in {b.binding.id for b in app.screen.active_bindings.values()}
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert edit.tooltip not in titles
        ops.ask(store, actor("carla"), "Anything?", now=NOW)
        await wait_for(pilot, lambda: app.view.open_questions)
        await wait_for(
            pilot, lambda: "edit" in {b.binding.id for b in app.screen.active_bindings.values()}
        )
        assert edit.tooltip in [c.title for c in app.get_system_commands(app.screen)]


# -- the board's words -----------------------------------------------------------------


def refusal(call) -> BadInput:  # noqa: ANN001
    with pytest.raises(BadInput) as caught:
        call()
    return caught.value


def test_refusals_of_the_operations_read_as_the_form(seeded: Store) -> None:
    carla = actor("carla")
    cases = {
        lambda: ops.ask(seeded, carla, "x?", to="zoe", now=NOW): (
            "zoe is not on the board",
            " — add them with `standup person add zoe`",
        ),
        lambda: ops.ask(seeded, carla, "x?", by="yesterday 9am", now=NOW): ("Needed by", ""),
        lambda: ops.ask(seeded, carla, "x?", fallback=" ", now=NOW): (
            "Fallback is empty",
            "(e.g. ship CSV only)",
        ),
        lambda: ops.edit_item(seeded, carla, "B1", owner="zoe", now=NOW): (
            "zoe is not on the board",
            "",
        ),
        lambda: ops.away(seeded, carla, delegate="carla", now=NOW): ("carla cannot be", "bruno"),
        lambda: ops.edit_question(seeded, carla, "Q1", one_way=True, now=NOW): (
            "Q1 has a fallback",
            "",
        ),
    }
    for call, (start, hint) in cases.items():
        line = board_words(refusal(call))
        assert line.startswith(start), line
        assert hint in line, line
        assert "--" not in line.split("`")[0], line  # no flag outside a command to run


def test_what_a_person_typed_stays_as_typed() -> None:
    line = board_words(BadInput("--to '--by [b]' is not on the board", "--to bruno"))
    assert line == "--by [b] is not on the board (e.g. bruno)"
    line = board_words(BadInput("--by: cannot read the time '--fallback'", None))
    assert line == "Needed by: cannot read the time '--fallback'"


OPTIONS = st.sampled_from(sorted(FIELD))


@settings(derandomize=True, max_examples=300)
@given(option=OPTIONS, value=st.text(max_size=30))
def test_a_person_not_on_the_board_is_named_as_typed(option: str, value: str) -> None:
    line = board_words(BadInput(f"{option} {value!r} is not on the board", f"{option} bruno"))
    assert line == f"{value} is not on the board (e.g. bruno)"


@settings(derandomize=True, max_examples=300)
@given(option=OPTIONS, value=st.text(max_size=30), example=st.none() | st.text(max_size=30))
def test_options_become_labels_and_quoted_text_is_kept(
    option: str, value: str, example: str | None
) -> None:
    line = board_words(BadInput(f"{option}: cannot read the time {value!r}", example))
    assert line.startswith(f"{FIELD[option]}: cannot read the time {value!r}")


# -- the away form ---------------------------------------------------------------------


def team(store: Store, *, bruno_away: bool = False) -> None:
    ana = actor("ana")
    ops.add_person(store, ana, "carla", name="Carla", tz=TZ, now=hours_ago(50))
    ops.add_person(store, ana, "bruno", name="Bruno", role="lead", tz=TZ, delegate="carla",
                   now=hours_ago(50))  # fmt: skip
    ops.add_person(store, ana, "ana", name="Ana", role="pm", tz=TZ, delegate="bruno",
                   now=hours_ago(50))  # fmt: skip
    ops.add_person(store, ana, "dan", name="Dan", tz=TZ, now=hours_ago(50))
    if bruno_away:
        ops.away(store, actor("bruno"), until="tomorrow 9am", now=hours_ago(1))


@pytest.mark.parametrize(
    "user, bruno_away, placeholder",
    [
        ("ana", False, "empty: Bruno decides (your standing delegate)"),
        ("ana", True, "empty: Carla decides (Bruno is not available)"),
        ("dan", False, "empty: nobody decides (you name no standing delegate)"),
    ],
)
async def test_the_delegate_field_says_who_decides_when_left_empty(
    store, make_app, user, bruno_away, placeholder
) -> None:  # noqa: ANN001
    team(store, bruno_away=bruno_away)
    app = make_app(store, user=user)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, AwayDialog))
        assert app.screen.query_one("#delegate", Input).placeholder == placeholder


async def test_nobody_until_the_delegate_is_back(store, make_app) -> None:  # noqa: ANN001
    team(store)
    ops.set_hours(store, actor("bruno"), "mon-fri 11:00-17:00", who="bruno")
    ops.away(store, actor("carla"), now=hours_ago(1))
    app = make_app(store, user="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, AwayDialog))
        placeholder = app.screen.query_one("#delegate", Input).placeholder
        assert placeholder == "empty: nobody decides until Wed 11:00 (in 1 h)"


# -- typed ahead -----------------------------------------------------------------------


async def test_keys_typed_right_after_tab_land_in_the_next_field(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AskDialog))
        burst(app, *"Ship?", "tab", *"ana", "tab", *"fri 5pm", "tab", *"ship Monday")
        await wait_for(pilot, lambda: field(app, "fallback") == "ship Monday")
        assert (field(app, "text"), field(app, "to"), field(app, "by")) == (
            "Ship?",
            "ana",
            "fri 5pm",
        )
        burst(app, "shift+tab", "shift+tab", "ctrl+u", *"bruno")
        await wait_for(pilot, lambda: field(app, "to") == "bruno")
        assert (field(app, "by"), field(app, "fallback")) == ("fri 5pm", "ship Monday")


async def test_editing_keys_typed_fast_apply_in_their_turn(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AskDialog))
        burst(app, *"Shop", "backspace", "backspace", *"ip", "home", *"We ", "end", "?", "tab")
        await wait_for(pilot, lambda: app.screen.query_one("#to", Input).has_focus)
        assert field(app, "text") == "We Ship?"


async def test_typed_ahead_in_the_edit_form(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("tab", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, BlockDialog))
        burst(app, *" (v2)", "tab", "ctrl+u", *"Q2", "enter")  # typed after e, and after tab
        await wait_for(pilot, lambda: app.view.blocked[1].item.on == "Q2")
        assert app.view.blocked[1].item.title == "Export button (v2)"
