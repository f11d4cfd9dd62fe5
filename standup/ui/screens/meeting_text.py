"""What the meeting screen draws, as :class:`Content` built from the record and the
board's view: the order with each person's state, and the speaker's update. Text people
typed is shown literally (:mod:`standup.ui.safe`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.content import Content

from standup import meeting
from standup.records import Standup, Team
from standup.text import one_line
from standup.ui import safe
from standup.view import BoardView


def order_lines(standup: Standup, selected: int | None, called: Callable[[str], str]) -> Content:
    """``Order``, then one line per person: ``▶`` speaking, ``✓`` spoke (for how long),
    ``–`` skipped, ``✗`` absent; the selected one (for ``J``/``K``) in reverse."""
    s = standup
    spoke = meeting.spoken(s)
    lines: list[Content] = [Content.styled("Order", "bold")]
    for i, login in enumerate(s.order):
        if login in s.absent:
            mark, note, style = "✗", "absent", "$text-muted"
        elif i == s.current:
            mark, note, style = "▶", "speaking", "bold"
        elif login in spoke:
            mark, note, style = "✓", meeting.clock_text(spoke[login]), ""
        elif login in s.skipped:
            mark, note, style = "–", "skipped", "$text-muted"
        else:
            mark, note, style = " ", "", ""
        cursor = "reverse" if i == selected else ""
        lines.append(
            safe.join(
                (f"{mark} ", style),
                (f"{called(login)[:16]:<16}", f"{style} {cursor}"),
                (f" {note}", "$text-muted"),
            )
        )
    return Content("\n").join(lines)


def speaker_update(view: BoardView, login: str) -> Content:
    """The speaker's check-in of the stand-up's date (if they wrote one), their open
    questions and the items they are stuck on."""
    lines: list[Content] = []
    checkin = next((c for c in view.board.checkins.values() if c.who == login), None)
    if checkin is not None:
        lines.append(Content.styled("Check-in", "bold"))
        if checkin.yesterday:
            lines.append(safe.join(("Yesterday: ", "bold"), safe.line(checkin.yesterday)))
        if checkin.today:
            lines.append(safe.join(("Today: ", "bold"), safe.line(checkin.today)))
        for c in checkin.commits[:3]:
            lines.append(safe.join(("  commit ", "$text-muted"), safe.line(c.subject)))
    questions = [s for s in view.open_questions if s.q.asked_by == login]
    if questions:
        lines.append(Content.styled("Waiting on an answer", "bold"))
    for s in questions:
        lines.append(safe.join((f"  {s.q.key} ", "bold $standup-id"), safe.line(s.q.text)))
    items = [s for s in view.blocked_items if s.item.owner == login]
    if items:
        lines.append(Content.styled("Blocked", "bold"))
    for s in items:
        lines.append(safe.join((f"  {s.item.key} ", "bold $standup-id"), safe.line(s.item.title)))
    if not lines:
        lines.append(Content.styled("No check-in, open question or blocked item.", "$text-muted"))
    return Content("\n").join(lines)


def clocks(s: Standup, team: Team | None, now: datetime) -> tuple[str, bool, Content]:
    """The speaker's clock (its digits, and whether they are over their timebox) and
    the box beside it: what is left of their time and of the meeting's."""
    speaker_limit = team.speaker_seconds if team else 120
    meeting_limit = team.meeting_seconds if team else 900
    elapsed = meeting.speaking_seconds(s, now)
    text, over = meeting.timebox(elapsed, speaker_limit) if s.speaker else ("0:00", False)
    box = f"{'over its' if over else 'left of'} {meeting.clock_text(speaker_limit)}"
    total, total_over = meeting.timebox(meeting.meeting_seconds(s, now), meeting_limit)
    meeting_line = (
        f"meeting {total} {'over' if total_over else 'left of'} {meeting.clock_text(meeting_limit)}"
    )
    return (
        text,
        over,
        safe.join(
            (box, "bold $error" if over else ""),
            "\n",
            (meeting_line, "bold $error" if total_over else "$text-muted"),
        ),
    )


def parked_line(s: Standup, ended: bool) -> Content:
    """The topics parked, what was raised for the speakers, and whether it has ended."""
    parts: list[Any] = []
    if s.parked:
        parts += [("Parked: ", "bold"), " · ".join(one_line(p) for p in s.parked)]
    if s.raised:
        parts += [("  Raised: ", "bold"), ", ".join(s.raised)]
    if ended:
        parts += [("  The stand-up has ended; escape: back to the board", "bold")]
    return safe.join(*parts)


def breakpoint(breakpoints: list[tuple[int, str]], width: int) -> str:
    """The class of ``breakpoints`` (``Screen.HORIZONTAL_BREAKPOINTS``) that Textual
    gives a screen at the app's width on its first resize. A screen created with it
    already is not restyled and laid out again then."""
    return next((name for at, name in sorted(breakpoints, reverse=True) if width >= at), "")
