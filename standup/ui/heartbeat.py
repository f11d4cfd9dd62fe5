"""This board's presence round, in a worker every :data:`standup.presence.BEAT_S`
(see :meth:`standup.ui.app.StandupApp._beat`).

Imported at the first beat, after the first frame is painted: nothing here is on the
way to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from standup import presence
from standup.ui.messages import PresenceChanged

if TYPE_CHECKING:
    from standup.ui.app import StandupApp


def beat(app: StandupApp) -> None:
    """Mark the board as open now; if who is on the board reads differently from the
    view (a heartbeat went stale, this board's own stopped or started working), have the
    board read again.

    The beat's own change to the presence directory (its file made, at the first beat)
    is no news for this board, which shows itself on the board already: it is taken as
    seen, so it does not cost a reload of the whole board just after the first frame.
    (Another board opening in the same instant is caught by the next round's comparison
    below.)"""
    before = app.heartbeat.problem
    seen_before = presence.signature(app._board_path)
    problem = app.heartbeat.beat(app.clock())
    seen_after = presence.signature(app._board_path)
    if seen_before == app._presence_signature:
        app._presence_signature = seen_after
    view = app.view
    if view is None or get_current_worker().is_cancelled:
        return
    old = view.presence
    if problem != before or old is None:
        app.post_message(PresenceChanged())
        return
    login = app.actor.login
    now = presence.read(
        app._board_path,
        [*view.board.people, login],
        app.clock(),
        me=None if problem else login,
    )
    if now.on != old.on or (now.problem or problem) != old.problem:
        app.post_message(PresenceChanged())
