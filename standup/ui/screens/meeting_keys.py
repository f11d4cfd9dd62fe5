"""The meeting's keys (:data:`standup.ui.keys.MEETING`): when each can run, and what it
writes.

The keys that drive the meeting (:data:`DRIVES`) run on the board that runs it only;
each is one write of :mod:`standup.ops.meeting` through the app, one at a time in the
order the keys were pressed. A speaker change is shown at once and written after it.
A board that follows the meeting has ``t`` (take it over when the running board has gone
silent) and ``escape``. :class:`MeetingKeys` is the part of
:class:`standup.ui.screens.meeting.MeetingScreen` that holds them; the screen holds what
it shows.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from standup import ops
from standup.errors import StandupError
from standup.records import Standup
from standup.ui import keys

if TYPE_CHECKING:
    import asyncio
    from datetime import datetime

    from textual.screen import Screen

    from standup.view import BoardView

    _Screen = Screen[None]
else:
    _Screen = object

DRIVES = {
    "next", "previous", "skip", "ask", "block", "park", "decide", "end", "move", "facilitate"
}  # fmt: skip


class MeetingKeys(_Screen):
    """The meeting screen's actions (mixed into :class:`MeetingScreen`)."""

    if TYPE_CHECKING:  # what the screen holds and draws (see MeetingScreen)
        standup: Standup
        selected: int | None
        ended: bool
        _busy: bool
        _writing: asyncio.Lock
        _moves: int
        _written: Standup

        @property
        def view(self) -> BoardView | None: ...
        @property
        def runs_it(self) -> bool: ...
        def now(self) -> datetime: ...
        def silent(self) -> bool: ...
        def show(self) -> None: ...
        def show_order(self) -> None: ...
        def _took(self, standup: Standup) -> None: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in DRIVES or action == "select":
            if not self.runs_it:
                return False
            if action in ("ask", "block") and self.standup.speaker is None:
                return None
            return True
        if action == "take_over":
            return not self.ended and not self.runs_it and self.silent() and not self._read_only
        return True

    @property
    def _read_only(self) -> bool:
        return bool(getattr(self.app, "read_only", False))

    async def _drive(self, op: Any, *args: Any, move: bool = False) -> ops.Done | None:
        """One write of the meeting, after those asked for before it (in key order).
        ``move``: a speaker change already shown (:meth:`_move_on`)."""
        app: Any = self.app
        done = None
        async with self._writing:
            self._busy = True
            try:
                done = await app.write(op, *args)
            except StandupError as exc:
                self.notify(exc.line(), severity="error", markup=False)
            finally:
                self._busy = False
                self._moves -= move
        if done is None:
            if move and not self._moves:  # refused: back to what was last written
                self._took(self._written)
                self.selected = self._written.current
            return None
        if isinstance(done.record, Standup):
            self._written = done.record
            if not self._moves:  # else a speaker change shown since is newer
                self._took(done.record)
        if not done.changed and done.note:
            self.notify(done.note, markup=False)
        return done

    def action_next(self) -> None:
        if self.check_action("next", ()):
            self._move_on(ops.next_speaker, 1)

    def action_previous(self) -> None:
        if self.check_action("previous", ()):
            self._move_on(ops.previous_speaker, -1)

    def action_skip(self) -> None:
        if self.check_action("skip", ()):
            self._move_on(ops.skip_speaker, 1, skip=True)

    def _move_on(self, op: Any, direction: int, *, skip: bool = False) -> None:
        """Next, previous, skip: the new speaker shown at once (the change the operation
        makes, :func:`standup.ops.meeting.moved_on`), then written in the background,
        after any write before it. The write is a locked read and write of the whole
        board: waiting for it before drawing made every speaker change cost it. The
        written record replaces what is shown; a refused write puts back what is stored."""
        from standup.ops.meeting import moved_on

        view = self.view
        preview = (
            moved_on(view.board, self.standup, self.now(), direction, skip=skip) if view else None
        )
        if preview is not None:
            self.standup = preview
            self.selected = preview.current
            self.show()
        self._moves += 1
        self.run_worker(partial(self._drive, op, move=True), group="meeting-moves")

    def action_select(self, step: int) -> None:
        order = self.standup.order
        if not order or not self.runs_it:
            return
        start = self.selected if self.selected is not None else -1 if step > 0 else len(order)
        self.selected = max(0, min(len(order) - 1, start + step))
        self.show_order()

    async def action_move(self, step: int) -> None:
        if not self.check_action("move", ()) or self.selected is None:
            return
        login = self.standup.order[self.selected]
        done = await self._drive(ops.move_person, login, step)
        if done is not None and login in self.standup.order:
            self.selected = self.standup.order.index(login)
            self.show_order()

    def action_ask(self) -> None:
        from standup.ui.screens.meeting_dialogs import AskForSpeaker

        who, view = self.standup.speaker, self.view
        if self.check_action("ask", ()) and who and view is not None:
            self.app.push_screen(AskForSpeaker(view, who), self._raised)

    def action_block(self) -> None:
        from standup.ui.screens.meeting_dialogs import BlockForSpeaker

        who, view = self.standup.speaker, self.view
        if self.check_action("block", ()) and who and view is not None:
            self.app.push_screen(BlockForSpeaker(view, who), self._raised)

    def _raised(self, result: ops.Done | None) -> None:
        """A question or item made for the speaker joins the record's ``raised``."""
        if result is None:
            return
        key = getattr(result.record, "key", None)
        self.notify("; ".join(result.lines) or "Saved", markup=False)
        if isinstance(key, str):
            self.run_worker(partial(self._drive, ops.note_raised, key), group="raised")

    def action_park(self) -> None:
        from standup.ui.screens.meeting_dialogs import ParkDialog

        if self.check_action("park", ()):
            self.app.push_screen(ParkDialog(), self._parked)

    def _parked(self, result: ops.Done | None) -> None:
        if isinstance(result, ops.Done) and isinstance(result.record, Standup):
            self._took(result.record)

    async def action_facilitate(self) -> None:
        if self.check_action("facilitate", ()):
            done = await self._drive(ops.facilitate)
            if done is not None and isinstance(done.record, Standup):
                self._took(done.record)

    def action_decide(self) -> None:
        if self.check_action("decide", ()):
            decision_round(self)

    async def action_end(self) -> None:
        if not self.check_action("end", ()):
            return
        done = await self._drive(ops.end_standup)
        if done is not None and done.changed:
            from standup.ui.screens.meeting_summary import SummaryScreen

            self.ended = True
            self.app.switch_screen(SummaryScreen(done.record, self.view))

    async def action_take_over(self) -> None:
        if self.check_action("take_over", ()):
            done = await self._drive(ops.start_standup)
            if done is not None and done.changed:
                self.notify("; ".join(done.lines), markup=False)
            self.show()

    def action_back(self) -> None:
        self.dismiss(None)

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        """The meeting's keys for the command palette (those that can run now)."""
        app: Any = self.app
        out = []
        for binding in keys.MEETING:
            action = binding.action.split("(")[0]
            if not self.check_action(action, ()):
                continue
            key = keys.key_for(binding, app.keymap_overrides)
            out.append(
                (
                    binding.tooltip,
                    f"key: {key} — {binding.description}",
                    partial(self.run_action, binding.action),
                )
            )
        return out


def decision_round(screen: MeetingKeys) -> None:
    """``d``: the decision round (:mod:`standup.ui.screens.decisions`), each outcome
    recorded in this stand-up."""
    from standup.ui.screens.decisions import DecisionRound

    screen.app.push_screen(DecisionRound(screen.standup.id))
