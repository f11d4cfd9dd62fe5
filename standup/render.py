"""Plain-text rendering shared by the CLI and the board: ages, times, the PM line.

Every user string goes through :func:`standup.text.one_line` here, so no terminal
control code typed by one person reaches another's terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from standup.text import one_line
from standup.view import BoardView, ItemState, PersonState, QuestionState

if TYPE_CHECKING:
    from standup.model import Damage


def age(seconds: int) -> str:
    """A compact age: ``45s``, ``12m``, ``3h``, ``2d``, ``5w``."""
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400 * 2:
        return f"{seconds // 3600}h"
    if seconds < 86400 * 14:
        return f"{seconds // 86400}d"
    return f"{seconds // (86400 * 7)}w"


def when(moment: datetime | None, now: datetime, tz: tzinfo) -> str:
    """``Thu 09:00 (in 16 h)``; the date is shown when it is more than a week away."""
    if moment is None:
        return "—"
    local = moment.astimezone(tz)
    delta = int((moment - now).total_seconds())
    fmt = "%a %H:%M" if abs(delta) < 6 * 86400 else "%a %d %b %H:%M"
    rel = f"in {_span(delta)}" if delta >= 0 else f"{_span(-delta)} ago"
    return f"{local.strftime(fmt)} ({rel})"


def _span(seconds: int) -> str:
    if seconds < 3600:
        return f"{max(1, seconds // 60)} min"
    if seconds < 86400 * 2:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} d"


def person_status(p: PersonState, view: BoardView) -> str:
    """``available``, ``away until Thu 09:00 (in 16 h)``, ``off-hours until Mon 09:00``."""
    st = p.status
    text = st.status
    if st.until is not None:
        text += f" until {when(st.until, view.now, view.tz)}"
    elif not st.available:
        text += " (no return time)"
    if st.absence and st.absence.note:
        text += f" — {one_line(st.absence.note)}"
    return text


def pm_line(view: BoardView) -> str:
    """The header: *PM: Ana — away until Thu 09:00 (in 16 h) · ask Bruno (available)*."""
    pm = view.pm
    if pm is None:
        return "No PM on this board — questions go to nobody in particular"
    line = f"PM: {one_line(pm.name)} — {person_status(pm, view)}"
    if not pm.status.available:
        route = view.route(pm.login)
        if route and route.login:
            line += f" · ask {one_line(view.person(route.login).name)} (available)"
        elif route and route.at:
            line += f" · nobody can decide until {when(route.at, view.now, view.tz)}"
        else:
            line += " · nobody can decide now"
    return line


def who(view: BoardView, login: str | None) -> str:
    return one_line(view.board.name_of(login)) if login else "anyone"


def question_line(s: QuestionState, view: BoardView) -> str:
    q = s.q
    parts = [f"{q.key:<4}", f"{s.status:<9}", f"{age(s.age_seconds):>4}", f"to {who(view, q.to)}"]
    if s.is_open and q.to and s.ask_now != q.to:
        parts.append(f"(ask {who(view, s.ask_now)} now)" if s.ask_now else "(nobody now)")
    if q.needed_by:
        mark = "OVERDUE " if s.overdue else ""
        parts.append(f"{mark}by {when(q.needed_by, view.now, view.tz)}")
    parts.append(f"“{one_line(q.text)}”")
    if s.answer is not None:
        parts.append(f"→ {one_line(s.answer)}")
    elif q.fallback:
        parts.append(f"fallback: {one_line(q.fallback)}")
    if not q.reversible:
        parts.append("[one-way]")
    return "  ".join(parts)


def item_line(s: ItemState, view: BoardView) -> str:
    item = s.item
    on = one_line(item.on) if item.on else "—"
    return (
        f"{item.key:<4}  {s.status:<9}  {age(s.age_seconds):>4}  {who(view, item.owner)}"
        f"  on {on}  “{one_line(item.title)}”"
    )


def person_line(p: PersonState, view: BoardView) -> str:
    role = p.person.role if p.person else "-"
    return f"{p.login:<12} {one_line(p.name):<18} {role:<7} {person_status(p, view)}"


def status_text(view: BoardView) -> str:
    """The whole board as text, for people who just want a glance. Damaged records
    come right after the PM line: the rest of the board reads without them."""
    lines = [pm_line(view), ""]
    if view.board.damaged:
        lines += [damaged_heading(view.board.damaged)]
        lines += [f"  {one_line(d.line())}" for d in view.board.damaged] + [""]
    open_q = view.open_questions
    lines.append(f"Open questions ({len(open_q)})")
    lines += [f"  {question_line(s, view)}" for s in open_q] or ["  none"]
    items = view.blocked_items
    lines += ["", f"Blocked ({len(items)})"]
    lines += [f"  {item_line(s, view)}" for s in items] or ["  none"]
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
    review, whether you are the one deciding for the PM now, and how many events in
    your inbox are ``new``."""
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
    pm = view.pm
    if pm is not None and pm.login != login and not pm.status.available:
        route = view.route(pm.login)
        if route is not None and route.login == login:
            second = f"You decide for the PM now. {second}"
    return f"{pm_line(view)}\n{second}"
