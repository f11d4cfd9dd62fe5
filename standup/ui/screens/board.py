"""The board: one screen that answers *is the PM here, who decides now, what is waiting,
what is stuck* — at 80×24 and on a wall display.

The app sets :attr:`BoardScreen.view`; the sections below are bound to it with
``data_bind`` and re-render from it. Keys are the bindings of :mod:`standup.ui.keys`;
:meth:`check_action` hides those that cannot run (``r`` with no open question, ``u`` with
nothing blocked). ``r`` and ``u`` act on the table that has focus, never on the other
table's selection, which is not on screen in the detail line: ``r`` is dimmed while the
blocked items have focus, ``u`` while the questions do. Each action opens a dialog or
screen; dialogs write through the app.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.containers import Container
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

from standup.ops.common import Done
from standup.ui import keys
from standup.ui.widgets.banner import ProblemBanner, has_problem
from standup.ui.widgets.blocked import BlockedSection
from standup.ui.widgets.detail import Detail, item_detail, question_detail
from standup.ui.widgets.foryou import ForYouSection, to_review
from standup.ui.widgets.header import PmHeader
from standup.ui.widgets.keybar import KeyBar
from standup.ui.widgets.meeting_banner import MeetingBanner, running
from standup.ui.widgets.notes import NotesSection
from standup.ui.widgets.people import PeopleSection
from standup.ui.widgets.questions import QuestionsSection
from standup.ui.widgets.table import BoardTable
from standup.view import BoardView, ItemState, QuestionState

WRITES = {
    "ask",
    "reply",
    "block",
    "unblock",
    "away",
    "edit",
    "review",
    "checkin",
}  # keys that write


def confirmation(result: object, view: BoardView) -> str:
    """One line for what a dialog wrote: the lines of the events the operation appended
    (the CLI prints the same), or why it changed nothing."""
    if isinstance(result, Done):
        return "; ".join(result.lines) or "Saved"
    return "Saved"


class Area(Container):
    """A layout box (``#main``, ``#work``, ``#side``): no border, no content, and covered
    by its children, so it is drawn as blank lines (Textual's ``BLANK``) rather than
    through the style pipeline — ~130 lines a frame at 160×48 nobody sees."""

    BLANK = True


class BoardScreen(Screen[None]):
    """The main screen."""

    BINDINGS = keys.BOARD
    BLANK = True  # every cell is covered by the header, the boxes and the footer
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (120, "-wide")]
    AUTO_FOCUS = "#questions"

    view: reactive[BoardView | None] = reactive(None, init=False)
    problem: reactive[str] = reactive("", init=False)

    def __init__(self, login: str, view: BoardView | None = None) -> None:
        super().__init__()
        self.login = login
        self.set_reactive(BoardScreen.view, view)
        self._can: tuple[bool, bool, bool, str, bool] = (view is not None, False, False, "", False)
        self._shown = False  # see _on_screen_resume
        self._problem_banner: ProblemBanner | None = None  # see _banners
        self._meeting_banner: MeetingBanner | None = None

    def compose(self) -> ComposeResult:
        # The width class now, not on the first resize: the first frame is then laid out
        # once, in its final shape. Not restyled here: each widget below is styled as it
        # mounts, under the screen with its class set (see _on_screen_resume).
        chosen = self._breakpoint(self.app.size.width)
        for _, name in self.HORIZONTAL_BREAKPOINTS:
            self.set_class(name == chosen, name, update=False)
        yield PmHeader(self.login, id="header").data_bind(BoardScreen.view)
        yield from self._banners()
        yield ForYouSection(self.login, id="foryou", classes="box").data_bind(BoardScreen.view)
        with Area(id="main"):
            with Area(id="work"):
                yield QuestionsSection(self.login, id="questions", classes="box").data_bind(
                    BoardScreen.view
                )
                yield BlockedSection(self.login, id="blocked", classes="box").data_bind(
                    BoardScreen.view
                )
            with Area(id="side"):
                yield PeopleSection(self.login, id="people", classes="box").data_bind(
                    BoardScreen.view
                )
                yield NotesSection(id="notes", classes="box").data_bind(BoardScreen.view)
        yield Detail(id="detail")
        yield KeyBar(id="keys")

    def _banners(self) -> list[Widget]:
        """The banners that have something to say now and are not on the screen yet.

        Most boards never show one: a banner is composed (or mounted, on a later view or
        problem) the first time it is needed, and stays; a hidden widget on the first
        frame still costs its styling and mounting (~0.5 ms each)."""
        view, new = self.view, []
        if self._problem_banner is None and has_problem(self.problem, view):
            self._problem_banner = ProblemBanner(id="problem")
            new.append(self._problem_banner.data_bind(BoardScreen.problem, BoardScreen.view))
        if self._meeting_banner is None and view is not None and running(view) is not None:
            self._meeting_banner = MeetingBanner(id="meeting-banner")
            new.append(self._meeting_banner.data_bind(BoardScreen.view))
        return new

    def _mount_banners(self) -> None:
        """Mount the banners a new view or problem needs, under the header, in order."""
        if not self.is_mounted:
            return  # compose makes those the first view needs
        for banner in self._banners():
            if isinstance(banner, MeetingBanner) and self._problem_banner is not None:
                self.mount(banner, after=self._problem_banner)
            else:
                self.mount(banner, after=self.query_one("#header"))

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Shown for the first time: every widget on the screen was styled as it mounted,
        a moment ago, so Textual's own handler (it runs next, as the base class's) need
        not style them all again — a second pass over the whole screen, ~4 ms of the
        first frame (see tests/ui/test_first_frame.py: the styles are the same). Later
        resumes (a dialog closed) restyle as usual."""
        if not self._shown:
            self._shown = True
            event.refresh_styles = False

    def _breakpoint(self, width: int) -> str:
        return [name for minimum, name in self.HORIZONTAL_BREAKPOINTS if width >= minimum][-1]

    # -- state -------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._after_view()  # the sections and their rows are mounted: the detail too, now

    def watch_view(self, _view: BoardView | None) -> None:
        self._mount_banners()
        self.set_class(False, "-broken")
        self.call_after_refresh(self._after_view)

    def _after_view(self) -> None:
        self.show_detail()
        can = (
            self.view is not None,
            self.selected_question() is not None,
            self.selected_item() is not None,
            self._focused_table(),
            self.view is not None and bool(to_review(self.view, self.login)),  # v
        )
        if can != self._can:  # only then can the footer change: spare it a recompose
            self._can = can
            self.refresh_bindings()

    def watch_problem(self, problem: str) -> None:
        self._mount_banners()
        self.set_class(bool(problem) and self.view is None, "-broken")
        self.refresh_bindings()

    def selected_question(self) -> QuestionState | None:
        key = self.query_one("#questions", BoardTable).selected_key
        if self.view is None or key is None:
            return None
        return self.view.questions.get(int(key[1:]))

    def selected_item(self) -> ItemState | None:
        key = self.query_one("#blocked", BoardTable).selected_key
        if self.view is None or key is None:
            return None
        return self.view.blocked.get(int(key[1:]))

    def _focused_table(self) -> str:
        focused = self.focused
        return "blocked" if isinstance(focused, Widget) and focused.id == "blocked" else "questions"

    def show_detail(self) -> None:
        """Describe the selected row of the focused table in full."""
        detail = self.query_one(Detail)
        view = self.view
        if view is None:
            detail.clear("")
            return
        if self._focused_table() == "blocked":
            item = self.selected_item()
            if item is not None:
                detail.update(item_detail(item, view, self.login))
            else:
                detail.clear("Nothing is blocked. b records a blocked item.")
            return
        question = self.selected_question()
        if question is not None:
            detail.update(question_detail(question, view, self.login))
        else:
            detail.clear("No open questions. a asks one; tab moves to the blocked items.")

    def on_board_table_highlighted(self, _event: BoardTable.Highlighted) -> None:
        self._after_view()

    def on_descendant_focus(self) -> None:
        self._after_view()  # the detail line, and r/u follow the focus

    # -- keys --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review":  # shown only when there is something to review
            return self.view is not None and bool(to_review(self.view, self.login)) or False
        if action in WRITES and self.view is None:
            return None  # shown greyed out until the board has been read
        if action == "reply":
            if self.selected_question() is None:
                return False
            return True if self._focused_table() == "questions" else None
        if action == "unblock":
            if self.selected_item() is None:
                return False
            return True if self._focused_table() == "blocked" else None
        if action == "edit":
            return self._selected_row() is not None or False
        return True

    async def action_move(self, action: str) -> None:
        """``j``/``k``: move in the focused table (the tables bind the arrows themselves)."""
        table = self.query_one(f"#{self._focused_table()}", BoardTable)
        await table.run_action(action)
        self.show_detail()  # in the same frame as the cursor, not one message later

    def action_ask(self) -> None:
        from standup.ui.dialogs.ask import AskDialog

        assert self.view is not None
        self.app.push_screen(AskDialog(self.view), self._confirm)

    def action_reply(self) -> None:
        from standup.ui.dialogs.answer import AnswerDialog

        question = self.selected_question()
        if self.check_action("reply", ()) and question is not None and self.view is not None:
            self.app.push_screen(AnswerDialog(question, self.view, self.login), self._confirm)

    def action_block(self) -> None:
        from standup.ui.dialogs.block import BlockDialog

        assert self.view is not None
        on = None
        if self._focused_table() == "questions" and (q := self.selected_question()):
            on = q.q.key
        self.app.push_screen(BlockDialog(self.view, on=on), self._confirm)

    def action_unblock(self) -> None:
        from standup.ui.dialogs.unblock import UnblockDialog

        item = self.selected_item()
        if self.check_action("unblock", ()) and item is not None and self.view is not None:
            self.app.push_screen(UnblockDialog(item, self.view, self.login), self._confirm)

    def _selected_row(self) -> QuestionState | ItemState | None:
        """The selected row of the table that has focus (never the other one's)."""
        if self._focused_table() == "blocked":
            return self.selected_item()
        return self.selected_question()

    def action_edit(self) -> None:
        """``e``: the selected row, in the form that made it (``a``/``b``), filled in."""
        from standup.ui.dialogs.ask import AskDialog
        from standup.ui.dialogs.block import BlockDialog

        row, view = self._selected_row(), self.view
        if isinstance(row, QuestionState) and view is not None:
            self.app.push_screen(AskDialog(view, editing=row), self._confirm_edit)
        elif isinstance(row, ItemState) and view is not None:
            self.app.push_screen(BlockDialog(view, editing=row), self._confirm_edit)

    def _confirm_edit(self, result: Done | None) -> None:
        if result is not None and self.view is not None:
            self.notify(confirmation(result, self.view), markup=False)

    def action_away(self) -> None:
        from standup.ui.dialogs.away import AwayDialog, BackDialog

        assert self.view is not None
        me = self.view.person(self.login)
        if me.status.absence is not None:
            self.app.push_screen(BackDialog(me, self.view), self._confirm)
        else:
            self.app.push_screen(AwayDialog(self.view, self.login), self._confirm)

    def _confirm(self, result: object) -> None:
        """Say in one line what the dialog just wrote (nothing when it was cancelled)."""
        if result is not None and self.view is not None:
            self.notify(confirmation(result, self.view), markup=False)

    def action_review(self) -> None:
        """``v``: the return briefing — answers and fallbacks taken for you to review."""
        from standup.ui.screens.briefing import BriefingScreen

        if self.check_action("review", ()):
            self.app.push_screen(BriefingScreen(self))

    def action_checkin(self) -> None:
        """``c``: your check-in for today, the commits read from git in a worker."""
        from standup.ui.dialogs.checkin import CheckinDialog

        if self.check_action("checkin", ()) and self.view is not None:
            self.app.push_screen(CheckinDialog(self.view, self.login), self._confirm)

    async def action_meeting(self) -> None:
        """``m``: the stand-up — started here when none runs, else followed (or run
        again, when this board's user runs it); see :mod:`standup.ui.screens.meeting`."""
        from standup.ui.screens.meeting import open_meeting

        await open_meeting(self)

    def action_history(self) -> None:
        """``h``: history — the metrics of a window, the decision log, past stand-ups."""
        from standup.ui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self))

    def action_help(self) -> None:
        from standup.ui.screens.help import HelpScreen

        self.app.push_screen(
            HelpScreen(
                getattr(self.app, "keymap_overrides", {}), getattr(self.app, "config_dir", None)
            )
        )
