"""Answer the selected question (``r``): the question is shown in full, so the person
answers exactly what was asked."""

from __future__ import annotations

from textual.app import ComposeResult

from standup import ops
from standup.ui.dialogs.base import FormDialog, field_input
from standup.ui.widgets.detail import question_detail
from standup.view import BoardView, QuestionState


class AnswerDialog(FormDialog[ops.Done | None]):
    """The form of ``standup answer Q<n> TEXT``."""

    SAVE_WORD = "answer"

    def __init__(self, question: QuestionState, view: BoardView, me: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.view = view
        self.me = me  # the login at this board: the question reads "you" as on the board

    def heading(self) -> str:
        return f"Answer {self.question.q.key}"

    def fields(self) -> ComposeResult:
        yield self.context(question_detail(self.question, self.view, self.me))
        yield self.row(
            "Answer", field_input(id="answer", placeholder="the decision", blink=self.blink)
        )

    async def save(self) -> ops.Done | None:
        return await self.writer.write(ops.answer, self.question.q.key, self.value("answer"))
