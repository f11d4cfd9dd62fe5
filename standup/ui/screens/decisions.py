"""The decision round (``d`` in the stand-up meeting; "Decision round" in the board's
palette): the open questions for the PM, those that block work first
(:func:`standup.decisions.agenda`), one at a time — the question, who asked it and how
long ago, its fallback, what it blocks, who can decide now — with a short timer and one
key per outcome: ``a`` answer (a small form), ``f`` assume the fallback now, ``p`` park,
``g`` hand to the PM's delegate; ``n``/``space`` the next question, ``escape`` back.

Each key runs an operation of :mod:`standup.ops.decide` through the app
(:meth:`StandupApp.write`, a worker thread), the same the CLI could run, so every board
sees it at once; in a stand-up (``standup_id``) the decision is recorded in it by the
same transaction. The question shown follows the board's view (it watches the board
screen's ``view``): one decided elsewhere leaves the round. The timer reads the app's
injected clock, so tests move it instead of waiting. On a read-only board the round can
be read, and no key writes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Digits, Static

from standup import ops, rows
from standup.decisions import QUESTION_SECONDS, agenda, blocking, outcomes
from standup.errors import StandupError
from standup.records import STANDUP_OUTCOMES
from standup.text import one_line
from standup.ui import keys, safe
from standup.ui.dialogs.base import FormDialog, Writer, field_input
from standup.ui.look import DEADLINE_STYLE, FALLBACK_STYLE
from standup.ui.widgets.detail import question_detail
from standup.ui.widgets.header import PmHeader
from standup.ui.widgets.keybar import KeyBar
from standup.view import BoardView, QuestionState

if TYPE_CHECKING:
    from standup.ui.screens.board import BoardScreen

TICK_S = 0.5  # the timer is redrawn this often (from the clock, never counted down)
NEXT_SHOWN = 3  # the questions after this one, listed below it
SEP = (" · ", "$standup-muted")
WRITES = {"answer", "fallback", "park", "delegate"}
OUTCOME_WORDS = {"answered": "answered", "assumed": "fallback taken", "parked": "parked",
                 "delegated": "handed on"}  # fmt: skip


def clock_face(seconds_left: int) -> str:
    """``1:00`` … ``0:00``, then overtime with a sign: ``+0:07``."""
    over = seconds_left < 0
    m, s = divmod(abs(seconds_left), 60)
    return f"{'+' if over else ''}{m}:{s:02d}"


def deciding(row: rows.QuestionRow) -> safe.Part:
    """Who can decide the question now, in words."""
    who = row.ask_now if row.to.kind != rows.ANYONE else row.to
    if who.kind == rows.YOU:
        return ("you decide now", "bold")
    if who.kind == rows.PERSON:
        return f"{who.name} decides now"
    if who.kind == rows.ANYONE:
        return "anyone can decide"
    return ("nobody can decide now", "$standup-away")


def question_card(s: QuestionState, view: BoardView, me: str | None) -> Content:
    """The question in full, as the round needs it: asked by whom and how long ago, by
    when, the text, the fallback (or why there is none), what it blocks, who decides."""
    row = rows.question_row(s, view, me)
    parts: list[safe.Part] = [(row.key, "bold $standup-id"), SEP, row.asked_phrase]
    if row.needed_by.phrase:
        parts += [SEP, (row.needed_by.phrase, DEADLINE_STYLE[row.needed_by.kind])]
    parts += ["\n\n", safe.line(row.text, "bold"), "\n\n"]
    if row.fallback.kind == rows.FALLBACK:
        parts += [rows.FALLBACK_LABEL, safe.line(row.fallback.text, "italic")]
    elif row.fallback.phrase:
        parts += [(row.fallback.phrase, FALLBACK_STYLE[row.fallback.kind])]
    else:
        parts += [("no fallback: it waits for an answer", "$standup-muted")]
    parts.append("\n")
    blocked = blocking(view, s)
    if blocked:
        parts.append("blocks ")
        for n, item in enumerate(blocked):
            parts += [", " if n else "", (item.item.key, "$standup-id"), " ",
                      safe.line(item.item.title)]  # fmt: skip
    else:
        parts.append(("blocks nothing", "$standup-muted"))
    parts += ["\n", deciding(row), SEP]
    delegate = outcomes(view, s).delegate
    if delegate is not None:
        parts.append(f"the PM's delegate: {rows.person(view, delegate, me).text}")
    else:
        parts.append(("no delegate to hand it to", "$standup-muted"))
    return safe.join(*parts)


class RoundAnswerDialog(FormDialog[ops.Done | None]):
    """``a``: the answer, typed by whoever decides (``standup answer Q<n> TEXT``)."""

    SAVE_WORD = "answer"

    def __init__(
        self, question: QuestionState, view: BoardView, me: str, standup: str | None
    ) -> None:
        super().__init__()
        self.question = question
        self.view = view
        self.me = me
        self.standup = standup

    def heading(self) -> str:
        return f"Answer {self.question.q.key} — decision round"

    def fields(self) -> ComposeResult:
        yield self.context(question_detail(self.question, self.view, self.me))
        yield self.row(
            "Answer", field_input(id="answer", placeholder="the decision", blink=self.blink)
        )

    async def save(self) -> ops.Done | None:
        key, text = self.question.q.key, self.value("answer")
        return await self.writer.write(ops.decide_answer, key, text, standup=self.standup)


class DecisionRound(Screen[None]):
    """One question for the PM at a time; one key per outcome."""

    BINDINGS = keys.DECISIONS
    DEFAULT_CSS = """
    DecisionRound { layout: vertical; background: $background; }
    #round-header { height: auto; max-height: 3; padding: 0 1; background: $panel; }
    #round-title { height: auto; padding: 0 1; }
    #round-body { height: auto; border-top: solid $primary 50%; }
    #round-question { width: 1fr; height: auto; padding: 1 1 0 1; }
    #round-clock { width: 20; height: auto; padding: 1 1 0 1; }
    #round-timer { width: auto; }
    #round-timer.-over { color: $standup-overdue; }
    #round-timer-label { width: auto; color: $text-muted; }
    #round-timer-label.-over { color: $standup-overdue; text-style: bold; }
    #round-next { height: auto; padding: 0 1; margin-top: 1; color: $text-muted; }
    """

    def __init__(self, standup_id: int | None = None) -> None:
        super().__init__(classes="decision-round")
        self.standup_id = standup_id
        self._current: str | None = None  # the question shown (``Q3``)
        self._since: datetime | None = None  # when it was first shown: its timer starts
        self._passed: set[str] = set()  # decided, parked or skipped in this round
        self._taken = dict.fromkeys(STANDUP_OUTCOMES, 0)
        self._busy = False
        self._agenda: tuple[BoardView, list[QuestionState]] | None = None

    # -- what it shows -----------------------------------------------------------------

    @property
    def standup(self) -> str | None:
        return f"S{self.standup_id}" if self.standup_id is not None else None

    @property
    def board(self) -> BoardScreen:
        return self.app.board_screen  # type: ignore[attr-defined]

    @property
    def view(self) -> BoardView | None:
        return self.board.view

    @property
    def login(self) -> str:
        return self.board.login

    @property
    def read_only(self) -> bool:
        return bool(getattr(self.app, "read_only", False))

    def now(self) -> datetime:
        clock: Callable[[], datetime] = self.app.clock  # type: ignore[attr-defined]
        return clock()

    def items(self) -> list[QuestionState]:
        """The agenda, without what this round has passed already."""
        view = self.view
        if view is None:
            return []
        if self._agenda is None or self._agenda[0] is not view:  # once per board read
            self._agenda = (view, agenda(view))
        return [s for s in self._agenda[1] if s.q.key not in self._passed]

    def current(self) -> QuestionState | None:
        """The question shown, as it reads now (``None``: none left)."""
        return next((s for s in self.items() if s.q.key == self._current), None)

    def compose(self) -> ComposeResult:
        yield PmHeader(self.login, id="round-header")
        yield Static(id="round-title")
        with Horizontal(id="round-body"):
            yield Static(id="round-question")
            with Vertical(id="round-clock"):
                yield Digits(clock_face(QUESTION_SECONDS), id="round-timer")
                yield Static(Content("left on this one"), id="round-timer-label")
        yield Static(id="round-next")
        yield KeyBar(id="round-keys")

    def on_mount(self) -> None:
        self.watch(self.board, "view", self._view_changed, init=False)
        self.show()
        self.set_interval(TICK_S, self.tick)

    def _view_changed(self, _view: BoardView | None) -> None:
        self.show()

    def _pick(self, items: list[QuestionState]) -> None:
        """Keep the question shown while it is on the agenda (a new question that sorts
        before it waits its turn), else show the first one left, its timer from now."""
        if any(s.q.key == self._current for s in items):
            return
        self._current = items[0].q.key if items else None
        self._since = self.now() if items else None

    def show(self) -> None:
        view = self.view
        if view is None:
            return
        items = self.items()
        self._pick(items)
        self.query_one(PmHeader).view = view
        s = self.current()
        self.query_one("#round-title", Static).update(self._title(len(items)))
        card = self.query_one("#round-question", Static)
        if s is not None:
            card.update(question_card(s, view, self.login))
        elif self._passed:
            card.update(Content("That was every question for the PM. escape: back"))
        else:
            card.update(Content("No open questions for the PM. escape: back"))
        self.query_one("#round-clock").display = s is not None
        later = [t for t in items if t.q.key != self._current][:NEXT_SHOWN]
        lines = [safe.join(("then ", "$standup-muted"), (t.q.key, "$standup-id"), " ",
                           safe.line(t.q.text)) for t in later]  # fmt: skip
        self.query_one("#round-next", Static).update(Content("\n").join(lines))
        self.tick()
        self.refresh_bindings()

    def _title(self, left: int) -> Content:
        where = f"in stand-up {self.standup}" if self.standup else "outside a stand-up"
        parts: list[safe.Part] = [("Decision round", "bold"), f" {where}", SEP]
        parts.append(f"{left} question{'s' * (left != 1)} for the PM")
        taken = [f"{n} {OUTCOME_WORDS[o]}" for o, n in self._taken.items() if n]
        if taken:
            parts += [SEP, ", ".join(taken)]
        return safe.join(*parts)

    def tick(self) -> None:
        """Redraw the timer from the clock: the time left on this question, then over."""
        if self._since is None:
            return
        elapsed = int((self.now() - self._since).total_seconds())
        left = QUESTION_SECONDS - elapsed
        timer = self.query_one("#round-timer", Digits)
        label = self.query_one("#round-timer-label", Static)
        face = clock_face(left)
        if timer.value != face:
            timer.update(face)
            over = left < 0
            timer.set_class(over, "-over")
            label.set_class(over, "-over")
            label.update(Content("over time" if over else "left on this one"))

    # -- keys --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return True
        s, view = self.current(), self.view
        if s is None or view is None:
            return False  # nothing left to decide: only escape
        if action in WRITES:
            if self.read_only:
                return False  # hidden: this board cannot write
            if action == "fallback" and outcomes(view, s).fallback is not None:
                return None  # shown dimmed; the question says why
            if action == "delegate" and outcomes(view, s).delegate is None:
                return None
        return True

    def action_answer(self) -> None:
        s, view = self.current(), self.view
        if s is None or view is None or self.read_only:
            return
        dialog = RoundAnswerDialog(s, view, self.login, self.standup)
        key = s.q.key
        self.app.push_screen(dialog, lambda done: self._decided(key, "answered", done))

    async def action_fallback(self) -> None:
        await self._decide(ops.decide_assume, "assumed")

    async def action_park(self) -> None:
        await self._decide(ops.decide_park, "parked")

    async def action_delegate(self) -> None:
        await self._decide(ops.decide_delegate, "delegated")

    def action_next(self) -> None:
        """This question stays as it is; the next one gets the floor."""
        if self._current is not None:
            self._passed.add(self._current)
        self.show()

    def action_back(self) -> None:
        self.dismiss(None)

    async def _decide(self, op: Callable[..., ops.Done], outcome: str) -> None:
        s = self.current()
        if s is None or self._busy or self.read_only:
            return
        self._busy = True
        try:
            writer: Writer = self.app  # type: ignore[assignment]
            done = await writer.write(op, s.q.key, standup=self.standup)
        except StandupError as exc:
            self.app.notify(one_line(exc.line()), severity="error", markup=False)
            return
        finally:
            self._busy = False
        self._decided(s.q.key, outcome, done)

    def _decided(self, key: str, outcome: str, done: Any) -> None:
        """Say what was done (the events' own lines) and move on to the next question;
        ``done`` is ``None`` when the answer form was cancelled."""
        if done is None:
            return
        self._taken[outcome] += 1
        self._passed.add(key)
        self.app.notify(" · ".join(done.lines) or f"{key} {outcome}", markup=False)
        self.show()
