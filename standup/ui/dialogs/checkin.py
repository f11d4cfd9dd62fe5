"""``c``: your check-in for today — yesterday, today, what blocks you — the form of
``standup checkin``.

The form opens at once; a worker then reads today's saved check-in and your commits in
the team's repositories (git can take seconds, and never blocks the board) and fills
in the fields you have not typed in yet: *yesterday* from the commits, unless the
check-in already says something. Items typed under *Blocked* (several separated by
``;``) become blocked items you own, as ``--blocked``.
"""

from __future__ import annotations

import os

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Static

from standup import ops
from standup.records import Checkin, Commit
from standup.ui import safe
from standup.ui.dialogs.base import FormDialog, field_input, optional
from standup.view import BoardView

SHOWN_COMMITS = 5  # commit lines under the form; the rest counted


class CheckinDialog(FormDialog[ops.Done | None]):
    """The form of ``standup checkin --yesterday … --today … --blocked …``."""

    TITLE_TEXT = "Check-in"
    SAVE_WORD = "check in"

    def __init__(self, view: BoardView, login: str) -> None:
        super().__init__()
        self.view = view
        self.login = login
        self.commits: list[Commit] | None = None  # None until git has been read
        self.saved: Checkin | None = None
        self.read_done = False

    def heading(self) -> str:
        day = self.view.now.astimezone(self.view.board.zone_of(self.login))
        return f"Check-in for {day.strftime('%a %Y-%m-%d')}"

    def fields(self) -> ComposeResult:
        blink = self.blink
        yield self.row("Yesterday", field_input(id="yesterday", placeholder="…", blink=blink))
        yield self.row(
            "Today", field_input(id="today", placeholder="what you will do today", blink=blink)
        )
        yield self.row(
            "Blocked",
            field_input(id="blockers", placeholder="(optional) items, separated by ;", blink=blink),
        )
        repos = self.view.board.team.repos
        first = (
            f"Reading commits in {len(repos)} repositor{'y' if len(repos) == 1 else 'ies'}…"
            if repos
            else "No repositories to read commits from (standup team set repos PATH,…)."
        )
        widget = self.context(Content(first))
        widget.id = "checkin-commits"
        yield widget

    def on_mount(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, group="checkin-read", exit_on_error=False)
    def _read(self) -> None:
        """Today's saved check-in and the commits since the last working day."""
        from standup.board import Board
        from standup.checkins import commits_for, today_of
        from standup.errors import StandupError

        app = self.app
        try:
            now = app.clock()  # type: ignore[attr-defined]
            board = Board.load(app.store.read(), parts=("checkins",))  # type: ignore[attr-defined]
            saved = today_of(board, self.login, now)
            found = commits_for(board, self.login, now)
        except StandupError as exc:
            app.call_from_thread(self._failed, exc.line())
            return
        app.call_from_thread(self._arrived, saved, found.commits[self.login], found.notes)

    def _failed(self, line: str) -> None:
        if not self.is_attached:  # closed before git answered
            return
        self.read_done = True
        self.query_one("#checkin-commits", Static).update(safe.line(line))

    def _arrived(self, saved: Checkin | None, commits: list[Commit], notes: list[str]) -> None:
        from standup.checkins import prefill

        if not self.is_attached:  # closed before git answered: nothing to fill in
            return
        self.saved, self.commits, self.read_done = saved, commits, True
        fill = {
            "yesterday": (saved.yesterday if saved else "") or prefill(commits),
            "today": saved.today if saved else "",
        }
        for input_id, value in fill.items():
            field = self.query_one(f"#{input_id}", Input)
            if value and not field.value:  # never over what was typed meanwhile
                field.value = value
                field.cursor_position = len(value)
        self.query_one("#checkin-commits", Static).update(self._commit_lines(commits, notes))

    def _commit_lines(self, commits: list[Commit], notes: list[str]) -> Content:
        if not self.view.board.team.repos:
            return Content("No repositories to read commits from (standup team set repos PATH,…).")
        tz = self.view.board.zone_of(self.login)
        parts: list[safe.Part] = [
            (f"{len(commits) or 'No'} commit{'s' if len(commits) != 1 else ''} of yours", "bold"),
            " since your last working day",
        ]
        for c in commits[-SHOWN_COMMITS:]:
            at = c.at.astimezone(tz).strftime("%a %H:%M")
            parts += [f"\n  {at}  ", safe.line(os.path.basename(c.repo), "italic"), "  "]
            parts.append(safe.line(c.subject))
        if len(commits) > SHOWN_COMMITS:
            parts.append(f"\n  … and {len(commits) - SHOWN_COMMITS} earlier")
        for note in notes:
            parts += ["\n", ("note: ", "bold"), safe.line(note)]
        return safe.join(*parts)

    async def save(self) -> ops.Done | None:
        blocked = [t.strip() for t in self.value("blockers").split(";") if t.strip()]
        return await self.writer.write(
            ops.checkin,
            yesterday=optional(self.value("yesterday")),
            today=optional(self.value("today")),
            blocked=blocked,
            commits=self.commits,
        )
