"""Text typed by one person is shown literally on everyone's board: markup stays text,
``[@click=…]`` runs nothing, a stray ``[/`` does not crash, and escape sequences (an
OSC 52 clipboard write) never reach the terminal."""

from __future__ import annotations

from datetime import timedelta

from standup import ops
from standup.ui.screens.board import BoardScreen
from tests.ui.conftest import NOW, actor, loaded, screen_text, settled, wait_for

MARKUP = "[bold]x[/] [@click=app.quit]y costs [/ 3"
OSC52 = "copy this \x1b]52;c;aGk=\x07 now"


async def test_markup_and_escapes_are_shown_literally(store, make_app) -> None:  # noqa: ANN001
    mallory = actor("mallory")
    ops.add_person(store, mallory, "mallory", name="[red]Mal[/] \x1b[2J", role="pm", now=NOW)
    ops.ask(store, mallory, MARKUP, fallback="[/ fallback", now=NOW - timedelta(hours=1))
    ops.ask(store, mallory, OSC52, now=NOW - timedelta(minutes=30))
    ops.block(store, mallory, "[@click=app.quit]title[/]", on="[b]vendor", now=NOW)
    ops.add_note(store, mallory, "[i]note[/i] \x1b]0;title\x07", now=NOW)
    app = make_app(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        svg = app.export_screenshot()
        assert "\x1b" not in svg and "\x07" not in svg
        text = screen_text(app)
        assert MARKUP in text  # in the table and in the detail line
        assert "copy this ]52;c;aGk= now" in text
        assert "[red]Mal[/] [2J" in text
        assert "[@click=app.quit]title[/]" in text and "[b]vendor" in text
        assert "[i]note[/i] ]0;title" in text
        assert "[/ fallback" in text
        # Click on the question, its detail, the blocked item: nothing runs.
        clicked = []
        for selector in ("#questions", "#detail", "#blocked", "#notes", "#header"):
            widget = app.board_screen.query_one(selector)
            clicked.append(widget)
            region = widget.region
            for y in range(min(region.height, 2)):
                for x in range(1, region.width, 20):
                    await pilot.click(selector, offset=(x, y))
        await settled(pilot, *clicked)  # every click handled, and what it queued on the app
        assert app.return_code is None and app.is_running
        assert isinstance(app.screen, BoardScreen)


async def test_the_answer_dialog_shows_the_question_literally(store, make_app) -> None:  # noqa: ANN001
    ops.add_person(store, actor("ana"), "ana", name="Ana", role="pm", now=NOW)
    ops.ask(store, actor("ana"), MARKUP, now=NOW)
    app = make_app(store, user="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: not isinstance(app.screen, BoardScreen))
        await wait_for(pilot, lambda: MARKUP in screen_text(app))
        await pilot.click(".dialog-context", offset=(20, 1))
        await pilot.press(*"[/ answer", "enter")
        await wait_for(pilot, lambda: not app.view.open_questions)
        assert store.read().table("questions")[1]["answer"] == "[/ answer"
        assert app.is_running
