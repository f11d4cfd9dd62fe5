"""What is new in this person's inbox joins the board's For-you section.

Opening the board is looking (product.md, "The log and the inbox"): what the board
shows is marked seen, so ``standup inbox`` will not show it again. Read in a worker
after each read of the board (see :meth:`standup.ui.app.StandupApp._look_at_inbox`),
never on the way to the first frame; this module is imported there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from standup import events
from standup.errors import StandupError
from standup.ui.widgets.foryou import ForYouSection

if TYPE_CHECKING:
    from standup.ui.app import StandupApp

NEWS_KEPT = 20  # inbox lines the For-you section keeps for this session


def look(app: StandupApp) -> None:
    """In the worker: the inbox's new events, marked seen, then shown on the board.

    Looks take turns: each reload starts one, replacing (cancelling) one still in
    flight, whose thread runs on. A look that has marked its news seen shows them even
    when replaced, since the next look will not (they are seen); and the next look
    reads the marks only after that, so no news shows twice."""
    login = app.actor.login
    with app.inbox_turn:
        if get_current_worker().is_cancelled:
            return  # replaced before it read anything: the newer look shows the news
        try:
            snapshot = app.store.read(lazy=True)
            seen = events.seen_marks(app.store, login)
            new = events.inbox(snapshot, login, app.clock(), seen=seen)
            if new:
                events.mark_seen(app.store, login, [e.key for e in new])
        except StandupError:
            return  # the board's own read says what is wrong with the file
        if new:
            app.call_from_thread(show, app, [e.text for e in new])


def show(app: StandupApp, lines: list[str]) -> None:
    """``lines`` join what the board has shown of the inbox this session, newest last."""
    board = app._board()
    if board is None:  # quitting
        return
    app._news = [*app._news, *lines][-NEWS_KEPT:]
    board.query_one(ForYouSection).show_news(app._news)
