"""How statuses look: a symbol and a word for each, and a theme colour on top.

Nothing on the board is signalled by colour alone (people read it on 16-colour terminals,
in tmux, colour-blind): an overdue question says ``⚠ OVERDUE``, a blocker's age grows a
symbol (``·`` ``◔`` ``◑`` ``●``) next to its age, a person's status is spelled out beside
its own symbol (``✓`` ``◐`` ``○``: no symbol means two things), and ``◆`` after a name
says that person has the board open. :data:`LEGEND` explains every symbol in ``?`` help.
The colours are the app's own theme variables (``$standup-overdue``, …), so every theme
file can restyle them; :data:`VARIABLE_DEFAULTS` fills in what a theme leaves out. The
words themselves come from :mod:`standup.rows` (the CLI says the same); here each kind of
cell gets its style.
"""

from __future__ import annotations

from pathlib import Path

from standup import rows
from standup.rows import NOTHING, OVERDUE_CELL, YOU
from standup.rows import short_time as short_time  # the words live in rows; kept for callers
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

OVERDUE = OVERDUE_CELL
ON_BOARD = "◆"  # has the board open now (see standup.presence)

# The style of each kind of cell (see standup.rows): a person (you in bold, nobody in the
# away colour), a needed-by, a fallback.
WHO_STYLE: dict[str, str] = {
    rows.YOU: "bold",
    rows.PERSON: "",
    rows.ANYONE: "$standup-muted",
    rows.NOBODY: "$standup-away",
}
DEADLINE_STYLE: dict[str, str] = {
    rows.OVERDUE: "bold $standup-overdue",
    rows.DUE: "$standup-due",
    rows.NONE: "$standup-muted",
}
FALLBACK_STYLE: dict[str, str] = {
    rows.ONE_WAY: "$standup-away",
    rows.FALLBACK: "$standup-muted",
    rows.NONE: "$standup-muted",
}

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
            (rows.ONE_WAY_CELL, "a one-way door: it never falls back"),
            (NOTHING, "nothing set (no needed-by, fallback or blocker)"),
            (ELLIPSIS, "cut to fit: the lines under the tables show the selected row whole"),
            (YOU, "you, the person at this board"),
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


def first_name(view: BoardView, login: str | None, me: str | None = None) -> str:
    """A table cell's name: the first word of the display name (the detail line and the
    people box give the full one), or "you" when it is the person at this board."""
    return rows.person(view, login, me).short
