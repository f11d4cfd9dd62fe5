"""What changed that *you* should hear about, from the previous view to the new one.

Three events, per product.md: a question you asked was answered or assumed; the PM is
available again while you have open questions for them; an item you own is unblocked.
Pure functions over two views, so they are tested without a screen. Changes this board
made itself (``own``: record keys written from this app) are not announced back.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from standup.model import ANSWERED, ASSUMED
from standup.render import who
from standup.text import one_line
from standup.view import BoardView

CUT = 60


@dataclass(frozen=True)
class Notice:
    """A notification: plain text only (shown with markup off)."""

    title: str
    message: str
    severity: str = "information"


def _short(text: str | None) -> str:
    text = one_line(text or "")
    return text if len(text) <= CUT else text[: CUT - 1] + "…"


def notices(old: BoardView, new: BoardView, me: str, own: Collection[str] = ()) -> list[Notice]:
    out: list[Notice] = []
    for before in old.open_questions:
        q = before.q
        if q.asked_by != me or q.key in own:
            continue
        after = new.questions.get(q.id)
        if after is None or after.is_open:
            continue
        if after.status == ANSWERED:
            out.append(
                Notice(
                    f"{q.key} answered by {who(new, after.answered_by)}",
                    f"“{_short(q.text)}” → {_short(after.answer)}",
                )
            )
        elif after.status == ASSUMED:
            out.append(
                Notice(
                    f"{q.key} assumed: its deadline passed",
                    f"“{_short(q.text)}” → the team goes ahead with: {_short(after.answer)}",
                    "warning",
                )
            )
    pm_old, pm_new = old.pm, new.pm
    if (
        pm_old is not None
        and pm_new is not None
        and pm_old.login == pm_new.login
        and not pm_old.status.available
        and pm_new.status.available
        and pm_new.login != me
    ):
        waiting = [
            s.q.key for s in new.open_questions if s.q.asked_by == me and s.q.to == pm_new.login
        ]
        if waiting:
            out.append(
                Notice(
                    f"{one_line(pm_new.name)} is available now",
                    f"Your open question{'s' * (len(waiting) > 1)} for them: {', '.join(waiting)}",
                )
            )
    for before in old.blocked_items:
        item = before.item
        if item.owner != me or item.key in own:
            continue
        after = new.blocked.get(item.id)
        if after is None or after.is_blocked:
            continue
        because = f" ({item.on} closed)" if item.on_question else ""
        out.append(Notice(f"{item.key} unblocked{because}", f"“{_short(item.title)}”"))
    return out
