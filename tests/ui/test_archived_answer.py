"""The board's forms run the same operations as the CLI: a question archived while its
answer form is open is refused with the same line, in the board's words."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from standup import archiving, ops
from standup.store import Store
from standup.ui.dialogs.answer import AnswerDialog
from tests.ui.conftest import NOW, actor, loaded, wait_for


async def test_answering_a_question_archived_meanwhile(seeded: Store, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, AnswerDialog))
        key = app.screen.question.q.key
        ops.answer(seeded, actor("bruno"), key, "CSV", now=NOW)  # elsewhere, then archived
        with seeded.transaction() as tx:
            archiving.move(seeded, tx, NOW + timedelta(days=1), timedelta(0))
        archived = Path(seeded.path).read_bytes()
        app.screen.query_one("#answer").value = "PDF"
        await pilot.press("enter")
        error = app.screen.query_one("#dialog-error")
        await wait_for(pilot, lambda: "archived" in str(error.render()))
        assert f"{key} was archived (closed 2026-11-25, in board.archive-2026.json)" in str(
            error.render()
        )
        assert isinstance(app.screen, AnswerDialog)
    assert Path(seeded.path).read_bytes() == archived
