"""``standup export --format md``: the stand-up digest, then the decision records.

For each stand-up (oldest first): its date, facilitator, who spoke and for how long,
who was absent (by name), the topics parked, the questions and blocked items raised,
and the decisions taken. Then one decision record per answered or assumed question (in
id order): the question, the decision, who decided (or "fallback taken"), when, what it
unblocked, and any earlier answer that was overridden or reopened (its ``history``).
Answered and assumed are read as the board reads them now (:mod:`standup.view`), so a
fallback the clock has taken is a decision too.

Everything typed by someone is shown literally wherever the digest is pasted: control
characters are dropped, each text is put on one line, and the characters Markdown would
read as markup are escaped (:func:`md`). Times are in the reader's zone, named once at
the top. ``since`` keeps the stand-ups started and the decisions taken at or after it.

No Textual here: this is core.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from standup.model import ANSWERED, ASSUMED
from standup.records import Standup
from standup.text import one_line

if TYPE_CHECKING:
    from standup.board import Board
    from standup.view import BoardView, QuestionState

# Inline markup (emphasis, code, links, HTML and entities, GFM tables, strikethrough
# and math, and an ATX heading's closing #s): escaped wherever they stand.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~$#])")
# Block markup that only counts at the start of a line: a list item, a quote, a
# heading, a numbered item ("1." / "1)"), a thematic break.
_LEAD = re.compile(r"^([-+=>]|\d+(?=[.)]))")
OVERRIDES = {
    "override": "overridden",
    "reopen": "reopened",
    "answered over the assumption": "answered instead of the fallback",
}
OUTCOMES = {
    "answered": "answered",
    "assumed": "fallback taken",
    "parked": "parked",
    "delegated": "handed to the delegate",
}


def md(text: str | None) -> str:
    """``text`` as Markdown that shows it literally, on one line."""
    if text is None:
        return ""
    text = _INLINE.sub(r"\\\1", one_line(text))
    m = _LEAD.match(text)
    if m:
        end = m.end()
        text = (text[:end] + "\\" + text[end:]) if m.group(1)[0].isdigit() else "\\" + text
    return text


def markdown(view: BoardView, since: datetime | None = None) -> str:
    """The digest of ``view`` (a :class:`~standup.view.BoardView` of a board loaded with
    its questions, blocked items and stand-ups), as Markdown text."""
    tz = view.tz
    lines = ["# Stand-ups and decisions", ""]
    head = f"Exported {_when(view.now, tz)}; times in {md(_zone_name(tz))}"
    lines += [head + (f"; since {_when(since, tz)}." if since else "."), ""]
    lines += ["## Stand-ups", ""]
    standups = [s for s in view.board.standups.values() if since is None or s.started_at >= since]
    for s in standups:
        lines += _standup(s, view)
    if not standups:
        lines += ["No stand-ups recorded.", ""]
    lines += ["## Decision records", ""]
    decided = [
        s
        for s in view.questions.values()
        if s.status in (ANSWERED, ASSUMED)
        and (since is None or (s.answered_at is not None and s.answered_at >= since))
    ]
    for s in decided:
        lines += _decision(s, view)
    if not decided:
        lines += ["No answered or assumed questions.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# -- stand-ups -------------------------------------------------------------------------


def _standup(s: Standup, view: BoardView) -> list[str]:
    board, tz = view.board, view.tz
    day = _weekday(s.date)
    lines = [f"### {s.date}{f' ({day})' if day else ''} — {s.key}", ""]
    lines.append(f"- **Facilitator:** {_name(board, s.facilitator)}")
    start = s.started_at.astimezone(tz)
    if s.ended_at is None:
        took = f"{start:%H:%M}, not ended"
    else:
        end = s.ended_at.astimezone(tz)
        minutes, seconds = divmod(max(0, s.duration_seconds or 0), 60)
        took = f"{start:%H:%M}–{end:%H:%M} ({minutes} min {seconds} s)"
    lines.append(f"- **Time:** {took}")
    spoke = [f"{_name(board, p.who)} {_duration(p.seconds)}" for p in s.spoke]
    lines.append(f"- **Spoke:** {', '.join(spoke) or 'nobody'}")
    lines.append(f"- **Absent:** {', '.join(_name(board, a) for a in s.absent) or 'nobody'}")
    skipped = getattr(s, "skipped", None)  # the meeting's record may keep who was skipped
    if skipped:
        lines.append(f"- **Skipped:** {', '.join(_name(board, a) for a in skipped)}")
    lines += _list("Parked", [md(t) for t in s.parked])
    lines += _list("Raised", [_raised(ref, view) for ref in s.raised])
    decisions = []
    for d in s.decisions:
        outcome = OUTCOMES.get(d.outcome, md(d.outcome))
        by = f", by {_name(board, d.by)}" if d.by else ""
        decisions.append(f"{_ref(d.question, view)} — {outcome}{by}")
    lines += _list("Decisions", decisions)
    return [*lines, ""]


def _list(label: str, items: list[str]) -> list[str]:
    if not items:
        return [f"- **{label}:** none"]
    return [f"- **{label}:**", *(f"  - {item}" for item in items)]


def _raised(ref: str, view: BoardView) -> str:
    kind = {"Q": "question", "B": "blocked item"}.get(ref[:1], "")
    shown = _ref(ref, view)
    if shown == md(ref):
        kind = f"{kind}, not on the board" if kind else "not on the board"
    return f"{shown} ({kind})"


def _ref(ref: str, view: BoardView) -> str:
    """``Q3 “Which font?”`` (or ``B2 “Export button”``), or the id alone when it is not
    on the board (or the archives)."""
    number = int(ref[1:]) if ref[1:].isdigit() else None
    if ref[:1] == "Q" and number in view.board.questions:
        return f"{ref} “{md(view.board.questions[number].text)}”"
    if ref[:1] == "B" and number in view.board.blocked:
        return f"{ref} “{md(view.board.blocked[number].title)}”"
    return md(ref)


# -- decision records ------------------------------------------------------------------


def _decision(s: QuestionState, view: BoardView) -> list[str]:
    board, tz, q = view.board, view.tz, s.q
    lines = [f"### {q.key}: {md(q.text)}", ""]
    to = f" to {_name(board, q.to)}" if q.to else ""
    lines.append(f"- **Asked:** by {_name(board, q.asked_by)}{to}, {_when(q.asked_at, tz)}")
    lines.append(f"- **Decision:** {md(s.answer)}")
    if s.status == ASSUMED:
        lines.append(
            f"- **Decided by:** fallback taken (no answer by its needed-by, "
            f"{_when(q.needed_by, tz)})"
        )
    else:
        lines.append(f"- **Decided by:** {_name(board, s.answered_by)}")
    lines.append(f"- **When:** {_when(s.answered_at, tz)}")
    unblocked = [
        f"{i.item.key} “{md(i.item.title)}” ({_name(board, i.item.owner)})"
        for i in view.blocked.values()
        if i.item.on_question == q.id and not i.is_blocked
    ]
    lines.append(f"- **Unblocked:** {'; '.join(unblocked) or 'nothing'}")
    if q.reviewed_at is not None and q.reviewed_by:
        lines.append(
            f"- **Reviewed:** confirmed by {_name(board, q.reviewed_by)}, "
            f"{_when(q.reviewed_at, tz)}"
        )
    elif s.reviewed is False:
        who = _name(board, q.to) if q.to else "the PM"
        lines.append(f"- **Reviewed:** not yet ({who} to confirm, override or reopen)")
    overrides = [_override(h, board, tz) for h in q.history if h.get("action") in OVERRIDES]
    if overrides:
        lines += _list("Earlier answers", overrides)
    return [*lines, ""]


def _override(entry: dict, board: Board, tz: tzinfo) -> str:
    """One earlier answer from a question's history: what it was, whose, and who
    replaced it when."""
    from standup.clock import from_iso

    was = md(entry.get("answer")) or "no answer"
    whose = entry.get("answered_by")
    if entry.get("status") == ASSUMED or (whose is None and entry.get("answer") is not None):
        whose_text = "the fallback"
    else:
        whose_text = _name(board, whose) if whose else "nobody"
    at = entry.get("answered_at")
    given = f", {_when(from_iso(at), tz)}" if isinstance(at, str) else ""
    done = OVERRIDES[entry["action"]]
    by = f" by {_name(board, entry['by'])}" if isinstance(entry.get("by"), str) else ""
    when = f", {_when(from_iso(entry['at']), tz)}" if isinstance(entry.get("at"), str) else ""
    return f"“{was}” ({whose_text}{given}), {done}{by}{when}"


# -- words -----------------------------------------------------------------------------


def _name(board: Board, login: str | None) -> str:
    """A person by display name (their login when they are not on the board)."""
    return md(board.name_of(login)) if login else "nobody"


def _when(moment: datetime | None, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else "never"


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return "?"
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"


def _weekday(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).strftime("%A")
    except ValueError:
        return ""


def _zone_name(tz: tzinfo) -> str:
    return getattr(tz, "key", None) or str(tz)
