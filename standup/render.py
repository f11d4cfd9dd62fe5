"""The CLI's layout of the board as plain text: ``status``, ``list``, ``--brief``.

The words and cells come from :mod:`standup.rows` (the board lays out the same rows), so
the CLI and the board say each thing one way; this module only puts them in columns.
Every user string is cleaned with :func:`standup.text.one_line`, here or in ``rows``, so
no terminal control code typed by one person reaches another's terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from standup import rows
from standup.rows import age, person_status, pm_line, when, who
from standup.text import one_line
from standup.view import BoardView, ItemState, PersonState, QuestionState

__all__ = [  # age, when, who, person_status and pm_line live in rows; kept here for callers
    "age",
    "brief",
    "damaged_heading",
    "damaged_summary",
    "item_line",
    "person_line",
    "person_status",
    "pm_line",
    "question_line",
    "status_text",
    "when",
    "who",
]

if TYPE_CHECKING:
    from standup.model import Damage


def question_line(s: QuestionState, view: BoardView, me: str | None = None) -> str:
    """``Q1  open  2h  to Ana  (ask Bruno Costa now)  needed by …  “text”  fallback: …``
    — the board's row and detail line, in the same words (:mod:`standup.rows`)."""
    row = rows.question_row(s, view, me)
    parts = [f"{row.key:<4}", f"{row.status:<9}", f"{row.age:>4}", row.to_phrase]
    if row.ask_now_phrase:
        parts.append(f"({row.ask_now_phrase})")
    if row.needed_by.phrase:
        parts.append(row.needed_by.phrase)
    parts.append(f"“{row.text}”")
    if row.answer is not None:
        parts.append(f"→ {row.answer}")
    if row.fallback.phrase and (row.answer is None or row.fallback.kind == rows.ONE_WAY):
        parts.append(row.fallback.phrase)
    return "  ".join(parts)


def item_line(s: ItemState, view: BoardView, me: str | None = None) -> str:
    """``B1  blocked  3h  Carla  on Q1  “Export button”``."""
    row = rows.item_row(s, view, me)
    return (
        f"{row.key:<4}  {row.status:<9}  {row.age:>4}  {row.owner.text}"
        f"  on {row.on.cell}  “{row.title}”"
    )


def person_line(p: PersonState, view: BoardView) -> str:
    """``ana          Ana Silva          pm      available · on the board``."""
    role = p.person.role if p.person else "-"
    line = f"{p.login:<12} {one_line(p.name):<18} {role:<7} {person_status(p, view)}"
    return line + " · on the board" if p.on_board else line


def status_text(view: BoardView, me: str | None = None) -> str:
    """The whole board as text, for people who just want a glance, read by ``me`` (who
    reads "you"). Damaged records come right after the PM line: the rest of the board
    reads without them."""
    lines = [pm_line(view, me), ""]
    if view.board.damaged:
        lines += [damaged_heading(view.board.damaged)]
        lines += [f"  {one_line(d.line())}" for d in view.board.damaged] + [""]
    open_q = view.open_questions
    lines.append(f"Open questions ({len(open_q)})")
    lines += [f"  {question_line(s, view, me)}" for s in open_q] or ["  none"]
    items = view.blocked_items
    lines += ["", f"Blocked ({len(items)})"]
    lines += [f"  {item_line(s, view, me)}" for s in items] or ["  none"]
    if view.people:
        lines += ["", "People"] + [f"  {person_line(p, view)}" for p in view.people]
    if view.board.notes:
        lines += ["", "Notes"] + [
            f"  {n.id}. {one_line(n.text)}" for n in view.board.notes.values()
        ]
    return "\n".join(lines)


def damaged_heading(damaged: Sequence[Damage]) -> str:
    n = len(damaged)
    return (
        f"Damaged ({n}) — {'this record is' if n == 1 else 'these records are'} kept in "
        f"the file exactly as {'it is' if n == 1 else 'they are'}, and left out of the board"
    )


def damaged_summary(damaged: Sequence[Damage]) -> str:
    """One line naming the damaged records, for the board's banner and the CLI."""
    first = damaged[0].line()
    more = f" (and {len(damaged) - 1} more)" if len(damaged) > 1 else ""
    return one_line(
        f"damaged record{'s' * (len(damaged) > 1)} left out of the board and kept as "
        f"{'they are' if more else 'it is'}: {first}{more} — standup status lists "
        f"{'them' if more else 'it'}"
    )


def brief(view: BoardView, login: str, *, new: int = 0) -> str:
    """Two lines for a login message: is the PM here, and what waits on *you* — the
    questions you can answer now, the items blocked on you, the answers for you to
    review, and how many events in your inbox are ``new``. The PM's line says "you decide
    for Ana now" when you are the one deciding."""
    mine = [s.q.key for s in view.open_questions if s.ask_now == login]
    on_you = [
        s.item.key for s in view.blocked_items if s.item.on_kind == "person" and s.item.on == login
    ]
    review = [s.q.key for s in view.unreviewed(login) if s.q.to == login]
    waits = []
    if mine:
        waits.append(f"{len(mine)} question{'s' * (len(mine) > 1)} to answer ({', '.join(mine)})")
    if on_you:
        waits.append(
            f"{len(on_you)} item{'s' * (len(on_you) > 1)} blocked on you ({', '.join(on_you)})"
        )
    if review:
        waits.append(f"{len(review)} to review ({', '.join(review)})")
    second = "Waiting on you: " + ("; ".join(waits) if waits else "nothing")
    if new:
        second += f". {new} new for you (standup inbox)"
    return f"{pm_line(view, login)}\n{second}"
