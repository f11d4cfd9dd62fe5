"""The history screen's numbers and rows: the metrics of a window in a few readable
lines, the decision log's rows and the past stand-ups' rows.

Every number comes from the ``metrics --json`` dict as it is (so the screen and the CLI
can never disagree); durations read ``2 h 10 m``, shares ``82 %``, and a value nothing
was counted for (``null``) reads ``—``. Names and texts people typed are cleaned and
wrapped in :class:`~textual.content.Content` (:mod:`standup.ui.safe`): shown literally.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from textual.content import Content

from standup.model import Event
from standup.rows import short_time
from standup.ui import safe
from standup.ui.widgets.history_data import History, StandupRow
from standup.ui.widgets.table import Col, Row

NONE = "—"
LABEL = 12  # the width of a line's label
LABEL_STYLE = "bold"
SEP = (" · ", "$standup-muted")

DECISION_COLUMNS = (
    Col("at", "When", 11),
    Col("kind", "Decision", 12),
    Col("ref", "Id", 4, fit=True),
    Col("text", "Who decided what", 0, min_width=20, wrap=True),
)
STANDUP_COLUMNS = (
    Col("date", "Date", 10),
    Col("facilitator", "Facilitator", 12),
    Col("spoke", "Who spoke", 0, share=3, min_width=14, wrap=True),
    Col("absent", "Absent", 0, share=1, min_width=8, wrap=True),
    Col("took", "Took", 7),
)
# How each kind of decision reads, with a symbol (never colour alone) and its style.
KINDS: dict[str, tuple[str, str]] = {
    "answered": ("✓ answered", ""),
    "assumed": ("↷ fell back", "$standup-due"),
    "confirmed": ("✓ confirmed", "$standup-muted"),
    "overridden": ("✗ overridden", "bold $standup-overdue"),
    "reopened": ("↺ reopened", "bold $standup-due"),
}


def duration(seconds: float | None) -> str:
    """``45 s``, ``12 m``, ``2 h 10 m``, ``3 d 4 h``; ``—`` for nothing counted."""
    if seconds is None:
        return NONE
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} m"
    if s < 86400:
        h, m = divmod(s // 60, 60)
        return f"{h} h {m} m" if m else f"{h} h"
    d, h = divmod(s // 3600, 24)
    return f"{d} d {h} h" if h else f"{d} d"


def share(value: float | None) -> str:
    """``82 %``; ``—`` when nothing was counted."""
    return NONE if value is None else f"{round(value * 100)} %"


def _line(label: str, *parts: safe.Part) -> Content:
    return safe.join((f"{label:<{LABEL}}", LABEL_STYLE), *parts)


def _timing(label: str, t: dict[str, Any], lead: str = "") -> Content:
    return _line(
        label,
        lead,
        f"median {duration(t.get('median'))}",
        SEP,
        f"p90 {duration(t.get('p90'))}",
        (f"  ({t.get('count', 0)} answered)", "$standup-muted"),
    )


def _most(by: dict[str, float], history: History, names: bool) -> str:
    if not by:
        return NONE
    key, seconds = max(by.items(), key=lambda kv: (kv[1], kv[0]))
    return f"{history.name(key) if names else key} {duration(seconds)}"


def numbers(history: History) -> Content:
    """The metrics of the window, one subject a line."""
    m = history.metrics
    q = m["questions"]
    t = m["time_to_answer_seconds"]
    b = m["blocked"]
    lines = [
        _line(
            "Questions",
            f"{q['asked']} asked",
            SEP,
            f"{q['answered']} answered",
            SEP,
            f"{q['assumed']} fell back",
            SEP,
            f"{q['withdrawn']} withdrawn",
            SEP,
            f"{q['open']} open",
        ),
        _line("On time", f"{share(q['answered_by_needed_by_share'])} answered by their needed-by"),
        _timing("To answer", t["all"]),
        _timing("", t["addressee_available"], "addressee available: "),
        _timing("", t["addressee_away"], "addressee away: "),
        _line(
            "Blocked",
            f"{b['items']} item{'s' * (b['items'] != 1)} · {duration(b['seconds'])} in all",
            f" ({duration(b['on_questions_seconds'])} waiting on questions)",
        ),
        _line(
            "  longest",
            f"on {_most(b['by_question'], history, False)}",
            SEP,
            f"on {_most(b['by_person'], history, True)}",
        ),
        _line("PM coverage", f"{share(m['pm_coverage_share'])} of the team's office hours"),
    ]
    return Content("\n").join(lines)


def window_line(history: History | None, chosen: str, tz: tzinfo, now: datetime) -> Content:
    """``[1] last 2 weeks  2 last quarter  3 all time`` with the chosen one marked, and
    the dates it covers."""
    from standup.ui.widgets.history_data import WINDOWS

    parts: list[safe.Part] = [("History ", "bold")]
    for w in WINDOWS:
        if w.id == chosen:
            parts += [(f" {w.key} {w.label} ", "reverse bold"), " "]
        else:
            parts += [(f" {w.key}", "bold $standup-id"), f" {w.label}  "]
    if history is not None and history.window.id == chosen:
        since = history.since
        start = since.astimezone(tz).strftime("%d %b %Y") if since else "the first record"
        parts.append((f"from {start} to now", "$standup-muted"))
    return safe.join(*parts)


def decision_row(e: Event, history: History, now: datetime, tz: tzinfo) -> Row:
    word, style = KINDS.get(e.kind, (e.kind, ""))
    return (
        e.key,
        [
            Content(short_time(e.at, now, tz)),
            Content.styled(word, style) if style else Content(word),
            Content.styled(e.ref or NONE, "$standup-id"),
            safe.line(e.text),
        ],
    )


def decision_detail(e: Event | None, history: History, tz: tzinfo) -> Content:
    """The selected decision in full: the log's line, then who acted (and the OS login
    that typed it, when that is someone else) and when."""
    if e is None:
        return Content("")
    local = e.at.astimezone(tz).strftime("%a %d %b %Y %H:%M")
    if e.by is None:
        who = "taken by the clock at the needed-by"
    else:
        who = f"by {history.name(e.by)}"
        if e.os_login and e.os_login != e.by:
            who += f" (typed by the OS login {e.os_login})"
    return safe.join(safe.line(e.text), SEP, (f"{who}, {local}", "$standup-muted"))


def standup_row(s: StandupRow, now: datetime, tz: tzinfo) -> Row:
    spoke = ", ".join(f"{name} {_clock(sec)}" for name, sec in s.spoke) or NONE
    took = _clock(s.duration_seconds) if s.duration_seconds is not None else "running"
    return (
        s.key,
        [
            Content(s.date),
            safe.line(s.facilitator),
            safe.line(spoke),
            safe.line(", ".join(s.absent) or NONE),
            Content(took),
        ],
    )


def _clock(seconds: int) -> str:
    """``2:05`` (minutes:seconds), as the meeting's timers read."""
    m, s = divmod(max(0, int(seconds)), 60)
    return f"{m}:{s:02d}"
