"""The return briefing: the answers given and the fallbacks taken for you while you were
away, listed before the board — the question, the answer or fallback taken, who decided,
what it unblocked — with one key each: ``c`` confirm, ``o`` override (a form for the
answer that stands), ``x`` reopen. ``escape`` leaves the rest for later; ``v`` on the
board comes back here while anything is left.

Each key runs :func:`standup.ops.review`, the operation behind ``standup review``, in a
worker thread through the app (:meth:`StandupApp.write`), so the CLI and every open board
see the same change. The list follows the board's view (it watches the board screen's
``view``): a review made here, on another board or with the CLI drops its row, and the
screen closes itself when nothing is left. Only the person who reviews them sees them
(:func:`~standup.ui.widgets.foryou.to_review`): the PM, or the addressee of the answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Static

from standup import ops
from standup.errors import StandupError
from standup.model import ANSWERED, Question
from standup.render import age, when, who
from standup.text import one_line
from standup.ui import keys, safe
from standup.ui.dialogs.base import FormDialog, Writer, field_input
from standup.ui.widgets.foryou import not_read, to_review, unblocked_by
from standup.ui.widgets.header import PmHeader
from standup.ui.widgets.keybar import KeyBar
from standup.ui.widgets.table import BoardTable, Col, Row
from standup.view import BoardView, QuestionState

if TYPE_CHECKING:
    from standup.ui.screens.board import BoardScreen

COLUMNS = (
    Col("id", "Id", 4, fit=True),
    Col("text", "Question", 0, share=5, min_width=12, wrap=True),
    Col("taken", "Taken", 0, share=4, min_width=10, wrap=True),
    Col("by", "Decided by", 14),  # "fallback taken" whole; a long name is cut
    Col("moved", "Unblocked", 0, share=2, min_width=9),
)
SEP = (" · ", "$standup-muted")
PAST = {"confirm": "confirmed", "override": "overridden", "reopen": "reopened"}


def decided_by(s: QuestionState, view: BoardView) -> str:
    return who(view, s.answered_by) if s.status == ANSWERED else "fallback taken"


def briefing_row(s: QuestionState, view: BoardView) -> Row:
    moved = unblocked_by(s, view)
    return (
        s.q.key,
        [
            Content.styled(s.q.key, "$standup-id"),
            safe.line(s.q.text),
            safe.line(s.answer, "italic"),
            Content.styled(decided_by(s, view), "" if s.status == ANSWERED else "$standup-due"),
            Content(", ".join(i.item.key for i in moved) if moved else "—"),
        ],
    )


def briefing_detail(s: QuestionState, view: BoardView) -> Content:
    """The selected answer in full: what was asked, what was taken, by whom, what moved."""
    q = s.q
    decided = (
        f"answered by {who(view, s.answered_by)}"
        if s.status == ANSWERED
        else f"fallback taken at its needed-by, {when(s.answered_at, view.now, view.tz)}"
    )
    parts: list[safe.Part] = [
        (q.key, "bold $standup-id"),
        SEP,
        f"asked by {who(view, q.asked_by)}, decided {age(s.age_seconds)} later",
        SEP,
        decided,
        "\n",
        safe.line(q.text, "bold"),
        "\n",
        ("→ ", "$standup-muted"),
        safe.line(s.answer, "italic"),
    ]
    moved = unblocked_by(s, view)
    if moved:
        parts += ["\n", "unblocked: "]
        for n, item in enumerate(moved):
            parts += [", " if n else "", (item.item.key, "$standup-id"), " ",
                      safe.line(item.item.title)]  # fmt: skip
    return safe.join(*parts)


class OverrideDialog(FormDialog[ops.Done | None]):
    """``o``: the answer that stands instead (``standup review Q<n> override TEXT``)."""

    SAVE_WORD = "override"

    def __init__(self, question: QuestionState, view: BoardView) -> None:
        super().__init__()
        self.question = question
        self.view = view

    def heading(self) -> str:
        return f"Override the answer to {self.question.q.key}"

    def fields(self) -> ComposeResult:
        yield self.context(briefing_detail(self.question, self.view))
        yield self.row(
            "Answer",
            field_input(id="answer", placeholder="the answer that stands", blink=self.blink),
        )

    async def save(self) -> Question | None:
        return await self.writer.write(
            ops.review, self.question.q.key, "override", self.value("answer")
        )


def _nothing(*_args: object) -> None:
    """An app that is not the board's reads every review already."""


class BriefingScreen(Screen[None]):
    """The answers and fallbacks for this person to review, one key per outcome."""

    BINDINGS = keys.BRIEFING
    AUTO_FOCUS = "#briefing-table"

    def __init__(self, board: BoardScreen) -> None:
        super().__init__(classes="briefing-screen")
        self.board = board
        self.login = board.login
        self._done: set[str] = set()  # reviewed here, until the board's view says so too
        self._busy = False

    @property
    def view(self) -> BoardView | None:
        return self.board.view

    def items(self) -> list[QuestionState]:
        view = self.view
        if view is None:
            return []
        return [s for s in to_review(view, self.login) if s.q.key not in self._done]

    def compose(self) -> ComposeResult:
        # the board's own first line: who is the PM, who decides now, you, the clock
        yield PmHeader(self.login, id="briefing-header")
        yield Static(id="briefing-title")
        yield BoardTable(COLUMNS, id="briefing-table")
        yield Static(id="briefing-detail")
        yield KeyBar(id="briefing-keys")

    def on_mount(self) -> None:
        # the board read a few of them: all of them now, and while this screen is open
        getattr(self.app, "read_every_review", _nothing)()
        self.watch(self.board, "view", self._view_changed, init=False)
        try:
            self.show_items()
        except NoMatches:  # the app quit while the briefing was coming up: nothing to show
            if self.app.is_running and self.is_attached and self.query(PmHeader):
                raise

    def on_unmount(self) -> None:
        getattr(self.app, "read_every_review", _nothing)(False)

    def _view_changed(self, view: BoardView | None) -> None:
        if view is not None:
            reviewable = {s.q.key for s in to_review(view, self.login)}
            self._done &= reviewable  # the view has caught up with those no longer there
        self.show_items()

    def show_items(self) -> None:
        view, items = self.view, self.items()
        if view is None:
            return
        if not items:
            if self.is_current:  # else when the form on top of it closes
                self.dismiss(None)
            return
        pm = view.pm
        whose = "the team's" if pm is not None and pm.login == self.login else "your"
        count = len(items) + not_read(view, self.login)  # all of them, read or not yet
        title = safe.join(
            (f"While you were away: {count} to review", "bold"),
            f" — answers and fallbacks taken on {whose} questions",
        )
        self.query_one(PmHeader).view = view
        self.query_one("#briefing-title", Static).update(title)
        table = self.query_one("#briefing-table", BoardTable)
        table.show([briefing_row(s, view) for s in items])
        self.show_detail()

    def selected(self) -> QuestionState | None:
        key = self.query_one("#briefing-table", BoardTable).selected_key
        view = self.view
        if view is None or key is None or key in self._done:
            return None
        return view.questions.get(int(key[1:]))

    def show_detail(self) -> None:
        s, view = self.selected(), self.view
        detail = self.query_one("#briefing-detail", Static)
        detail.update(briefing_detail(s, view) if s is not None and view is not None else "")

    def on_board_table_highlighted(self, _event: BoardTable.Highlighted) -> None:
        self.show_detail()

    async def action_move(self, action: str) -> None:
        await self.query_one("#briefing-table", BoardTable).run_action(action)
        self.show_detail()

    async def action_confirm(self) -> None:
        await self._review("confirm")

    async def action_reopen(self) -> None:
        await self._review("reopen")

    def action_override(self) -> None:
        s, view = self.selected(), self.view
        if s is not None and view is not None:
            self.app.push_screen(OverrideDialog(s, view), self._reviewed)

    def action_later(self) -> None:
        left = len(self.items())
        self.dismiss(None)
        if left:
            self.app.notify(f"{left} left to review: v brings the briefing back", markup=False)

    async def _review(self, action: str) -> None:
        s = self.selected()
        if s is None or self._busy:
            return
        self._busy = True
        try:
            writer: Writer = self.app  # type: ignore[assignment]
            done = await writer.write(ops.review, s.q.key, action)
        except StandupError as exc:
            self.app.notify(one_line(exc.line()), severity="error", markup=False)
            return
        finally:
            self._busy = False
        self._reviewed(done, action)

    def _reviewed(self, done: ops.Done | None, action: str = "override") -> None:
        """Say what was done (the event's own line), and drop the row now (the reload
        confirms it)."""
        if done is None:  # the override form was cancelled
            return
        question: Question = done.record
        self._done.add(question.key)
        self.app.notify(" · ".join(done.lines) or f"{question.key} {PAST[action]}", markup=False)
        self.show_items()
