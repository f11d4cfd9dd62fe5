"""People and their status now: a symbol, the name, and the status in words; a ``◆``
after the name when that person has the board open (``?`` help's legend says so)."""

from __future__ import annotations

from textual.content import Content

from standup.render import who
from standup.ui import safe
from standup.ui.look import ON_BOARD, short_time, status_look
from standup.ui.widgets.sections import TextSection
from standup.view import BoardView, PersonState


def person_line(p: PersonState, view: BoardView, me: str | None = None) -> Content:
    """``◐ Ana Silva ◆ pm away until Thu 14:00 · Bruno decides`` — short enough for half
    of 80 columns; the PM's note and "in 28 h" are in the header. ``◆``: on the board
    now. ``me`` (the login at this board) reads "you decide"."""
    st = p.status
    symbol, variable = status_look(st.status)
    role = p.person.role if p.person else "guest"
    status = st.status
    if st.until is not None:
        status += f" until {short_time(st.until, view.now, view.tz)}"
    parts: list[safe.Part] = [
        (symbol, f"${variable}"),
        " ",
        safe.line(p.name, "bold"),
        (f" {ON_BOARD}", "bold $standup-id") if p.on_board else "",
        (f" {role} ", "$standup-muted"),
        (status, f"${variable}"),
    ]
    if not st.available and st.delegate == me:
        parts.append((" · you decide", "bold"))
    elif not st.available and st.delegate:
        parts.append(f" · {who(view, st.delegate)} decides")
    return safe.join(*parts)


class PeopleSection(TextSection):
    """Everyone on the board, in the order they were added."""

    BORDER_TITLE = "People"

    def __init__(self, me: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.me = me

    def render_view(self, view: BoardView) -> None:
        people = view.people
        self.border_title = Content(f"People ({len(people)})")
        lines = [person_line(p, view, self.me) for p in people] or [
            Content.styled("Nobody yet — standup person add LOGIN --role pm", "$standup-muted")
        ]
        self.update(Content("\n").join(lines))
