"""How statuses look: a symbol and a word for each, and a theme colour on top.

Nothing on the board is signalled by colour alone (people read it on 16-colour terminals,
in tmux, colour-blind): an overdue question says ``⚠ OVERDUE``, a blocker's age grows a
symbol (``·`` ``◔`` ``◑`` ``●``) next to its age, a person's status is spelled out beside
its own symbol (``✓`` ``◐`` ``○``: no symbol means two things), and ``◆`` after a name
says that person has the board open. :data:`LEGEND` explains
every symbol in ``?`` help. The
colours are the app's own theme variables (``$standup-overdue``, …), so every theme file
can restyle them; :data:`VARIABLE_DEFAULTS` fills in what a theme leaves out.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path

from standup.render import who
from standup.view import BoardView

# The forms', help and placeholder screens' styles: each of those screens names this file
# as its CSS_PATH, so Textual parses it when the first of them opens — not before the
# board's first frame.
DIALOGS_CSS = Path(__file__).with_name("dialogs.tcss")

# The app's theme variables and their defaults (readable on dark and light backgrounds).
VARIABLE_DEFAULTS: dict[str, str] = {
    "standup-overdue": "#e5484d",
    "standup-due": "#d49b2a",
    "standup-available": "#30a46c",
    "standup-away": "#d49b2a",
    "standup-off": "#8b8d98",
    "standup-age-new": "#8b8d98",
    "standup-age-hours": "#3e8ed0",
    "standup-age-days": "#d49b2a",
    "standup-age-stale": "#e5484d",
    "standup-id": "#3e8ed0",
    "standup-muted": "#8b8d98",
}

HOUR = 3600
DAY = 86400
# A blocker's age: (younger than, symbol, theme variable, word for screen readers/help).
AGE_STEPS: tuple[tuple[float, str, str, str], ...] = (
    (4 * HOUR, "·", "standup-age-new", "new (under 4 h)"),
    (DAY, "◔", "standup-age-hours", "hours (under a day)"),
    (3 * DAY, "◑", "standup-age-days", "days (under 3 days)"),
    (float("inf"), "●", "standup-age-stale", "stale (3 days or more)"),
)

OVERDUE = "⚠ OVERDUE"
ON_BOARD = "◆"  # has the board open now (see standup.presence)
YOU = "you"  # the person at this board, in a table cell or the detail line

# A person's status now: symbol and theme variable. The word is always printed beside it.
STATUS_LOOK: dict[str, tuple[str, str]] = {
    "available": ("✓", "standup-available"),
    "away": ("◐", "standup-away"),
    "meeting": ("◐", "standup-away"),
    "focus": ("◐", "standup-away"),
    "ooo": ("○", "standup-off"),
    "sick": ("○", "standup-off"),
    "off-hours": ("○", "standup-off"),
}


ELLIPSIS = "…"
NOTHING = "—"

# ``?`` help's legend: (heading, [(symbol, meaning)]), from the tables above.
LEGEND: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "People and the PM",
        (
            ("✓", "available"),
            ("◐", "away, in a meeting or focusing (someone else decides)"),
            ("○", "out of office, sick, or outside office hours"),
            (ON_BOARD, "has the board open now (the header says so for the PM)"),
        ),
    ),
    ("Blocked for", tuple((symbol, word) for _limit, symbol, _var, word in AGE_STEPS)),
    (
        "Questions and rows",
        (
            (OVERDUE, "past its needed-by with no fallback to take: still open"),
            ("one-way: none", "a one-way door: it never falls back"),
            (NOTHING, "nothing set (no needed-by, fallback or blocker)"),
            (ELLIPSIS, "cut to fit: the lines under the tables show the selected row whole"),
            ("you", "you, the person at this board"),
        ),
    ),
)


def age_look(seconds: int) -> tuple[str, str]:
    """The symbol and theme variable for a blocker of this age."""
    for limit, symbol, variable, _word in AGE_STEPS:
        if seconds < limit:
            return symbol, variable
    return AGE_STEPS[-1][1], AGE_STEPS[-1][2]


def status_look(status: str) -> tuple[str, str]:
    return STATUS_LOOK.get(status, ("◐", "standup-away"))


def short_time(moment: datetime, now: datetime, tz: tzinfo) -> str:
    """``today 17:00``, ``Thu 09:00`` within a week, else ``03 Dec``: fits 10 cells."""
    local, today = moment.astimezone(tz), now.astimezone(tz)
    if local.date() == today.date():
        return local.strftime("today %H:%M")
    if abs((local - today).days) < 6:
        return local.strftime("%a %H:%M")
    return local.strftime("%d %b %y" if local.year != today.year else "%d %b")


def first_name(view: BoardView, login: str | None, me: str | None = None) -> str:
    """A table cell's name: the first word of the display name (the detail line and the
    people box give the full one), or "you" when it is the person at this board."""
    if me is not None and login == me:
        return YOU
    name = who(view, login)
    return name.split()[0] if name.strip() else name
