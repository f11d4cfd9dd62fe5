"""One way to say each thing: the rows the CLI and the board show, as data, and their words.

Both fronts show the same facts about a question (who can answer it now, when it is
needed, what happens if nobody does), an item (whose it is, what it waits on) and the PM
(here? who decides?). They are worked out here once, for a reader — ``me``, the login at
this board or running this command, who reads "you" — as cells (a text and a *kind*) and
phrases. The fronts only lay them out: :mod:`standup.render` as columns of plain text,
the board's widgets as styled ``Content``, picking a style by kind. Built twice, they had
drifted apart ("OVERDUE by …" beside "⚠ OVERDUE", "Carla's" beside "yours").

Every piece of user text is cleaned with :func:`standup.text.one_line` here, so no
terminal control code typed by one person reaches another's terminal, on either front.
Core: never imports Textual, and loads nothing the view has not loaded already.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

import msgspec

from standup.model import OPEN
from standup.text import one_line
from standup.view import BoardView, ItemState, PersonState, QuestionState

# -- kinds: what a cell says, for the front to style it ----------------------------------

YOU, PERSON, ANYONE, NOBODY = "you", "person", "anyone", "nobody"  # a person cell
OVERDUE, DUE, NONE = "overdue", "due", "none"  # a needed-by cell (NONE: nothing set)
ONE_WAY, FALLBACK = "one-way", "fallback"  # a fallback cell (or NONE)
QUESTION, TEXT = "question", "text"  # what an item waits on (or YOU, PERSON, NONE)

# -- the fixed words ---------------------------------------------------------------------

NOTHING = "—"  # a cell with nothing set (no needed-by, fallback or blocker)
OVERDUE_CELL = "⚠ OVERDUE"  # a word and a symbol, never colour alone
ONE_WAY_CELL = "one-way: none"
ONE_WAY_PHRASE = "one-way door: never falls back"
FALLBACK_LABEL = "fallback: "
NOTE_LABEL = "note: "
NOBODY_CELL = "nobody now"
NO_PM = "No PM on this board — questions go to nobody in particular"


# -- time and age ------------------------------------------------------------------------


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
        return NOTHING
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


def short_time(moment: datetime, now: datetime, tz: tzinfo) -> str:
    """``today 17:00``, ``Thu 09:00`` within a week, else ``03 Dec``: fits 10 cells."""
    local, today = moment.astimezone(tz), now.astimezone(tz)
    if local.date() == today.date():
        return local.strftime("today %H:%M")
    if abs((local - today).days) < 6:
        return local.strftime("%a %H:%M")
    return local.strftime("%d %b %y" if local.year != today.year else "%d %b")


# -- people ------------------------------------------------------------------------------


def who(view: BoardView, login: str | None) -> str:
    """A person's display name (cleaned), or "anyone" for no one in particular."""
    return one_line(view.board.name_of(login)) if login else "anyone"


class Who(msgspec.Struct, frozen=True):
    """A person cell: you, someone (``name`` is their display name), anyone or nobody."""

    kind: str
    login: str | None = None
    name: str = ""

    @property
    def text(self) -> str:
        """In a sentence: ``you``, ``Bruno Costa``, ``anyone``, ``nobody``."""
        return self.name if self.kind == PERSON else self.kind

    @property
    def short(self) -> str:
        """In a table cell: the first word of the name (``Bruno``), ``nobody now``."""
        if self.kind == PERSON:
            return self.name.split()[0] if self.name.strip() else self.name
        return NOBODY_CELL if self.kind == NOBODY else self.kind


def person(view: BoardView, login: str | None, me: str | None = None) -> Who:
    """``login`` as the reader ``me`` reads it ("you" when it is them)."""
    if login is None:
        return Who(ANYONE)
    if me is not None and login == me:
        return Who(YOU, login, YOU)
    return Who(PERSON, login, who(view, login))


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


def pm_line(view: BoardView, me: str | None = None) -> str:
    """The header and ``status``'s first line: *PM: Ana — away until Thu 09:00 (in 16 h) ·
    ask Bruno (available)*, or *· you decide for Ana now* when the route leads to ``me``."""
    pm = view.pm
    if pm is None:
        return NO_PM
    name = one_line(pm.name)
    line = f"PM: {name} — {person_status(pm, view)}"
    if pm.status.available:
        return line
    route = view.route(pm.login)
    if route and route.login:
        if me is not None and route.login == me and pm.login != me:
            return f"{line} · you decide for {name} now"
        return f"{line} · ask {who(view, route.login)} (available)"
    if route and route.at:
        return f"{line} · nobody can decide until {when(route.at, view.now, view.tz)}"
    return f"{line} · nobody can decide now"


# -- questions ---------------------------------------------------------------------------


class Deadline(msgspec.Struct, frozen=True):
    """A needed-by: ``overdue`` (past, still open), ``due`` or ``none``."""

    kind: str
    when: str = NOTHING  # in full: ``Thu 09:00 (in 16 h)``
    short: str = NOTHING  # in a table cell: ``⚠ OVERDUE``, ``today 17:00``

    @property
    def phrase(self) -> str | None:
        """``needed by Thu 09:00 (in 16 h)``, ``⚠ OVERDUE — needed by …``; None if unset."""
        if self.kind == NONE:
            return None
        mark = f"{OVERDUE_CELL} — " if self.kind == OVERDUE else ""
        return f"{mark}needed by {self.when}"


class Fallback(msgspec.Struct, frozen=True):
    """What happens if nobody answers in time: ``one-way`` (never falls back, whatever an
    older file says), a ``fallback`` (``text``), or ``none``."""

    kind: str
    text: str = ""

    @property
    def cell(self) -> str:
        if self.kind == ONE_WAY:
            return ONE_WAY_CELL
        return self.text if self.kind == FALLBACK else NOTHING

    @property
    def phrase(self) -> str | None:
        """``one-way door: never falls back``, ``fallback: CSV first``; None if unset."""
        if self.kind == ONE_WAY:
            return ONE_WAY_PHRASE
        return FALLBACK_LABEL + self.text if self.kind == FALLBACK else None


class QuestionRow(msgspec.Struct, frozen=True):
    """A question as the reader sees it, every cell worked out."""

    key: str
    status: str
    age: str
    asked_by: Who
    to: Who  # the addressee (anyone: no one in particular)
    ask_now: Who  # who can answer it now: you, someone, anyone, or nobody now
    needed_by: Deadline
    text: str
    fallback: Fallback
    answer: str | None
    blocks: tuple[str, ...]

    @property
    def rerouted(self) -> bool:
        """Open, and someone other than its addressee answers it now (or nobody can)."""
        rerouted = self.ask_now.login != self.to.login
        return self.status == OPEN and self.to.kind != ANYONE and rerouted

    @property
    def asked_phrase(self) -> str:
        return f"asked by {self.asked_by.text} {self.age} ago"

    @property
    def to_phrase(self) -> str:
        return f"to {self.to.text}"

    @property
    def ask_now_phrase(self) -> str | None:
        """``ask Bruno Costa now``, ``you can answer it now``, ``nobody can answer now``;
        None when the addressee answers it themselves."""
        if not self.rerouted:
            return None
        if self.ask_now.kind == YOU:
            return "you can answer it now"
        if self.ask_now.kind == PERSON:
            return f"ask {self.ask_now.text} now"
        return "nobody can answer now"

    @property
    def blocks_phrase(self) -> str | None:
        return f"blocks {', '.join(self.blocks)}" if self.blocks else None


def question_row(s: QuestionState, view: BoardView, me: str | None = None) -> QuestionRow:
    """``s`` for the reader ``me`` (None: no one in particular, nobody reads "you")."""
    q = s.q
    to = person(view, q.to, me)
    if q.to is None:
        ask_now = to
    elif s.ask_now is not None:
        ask_now = person(view, s.ask_now, me)
    else:
        ask_now = Who(NOBODY)
    if q.needed_by is None:
        deadline = Deadline(NONE)
    else:
        full = when(q.needed_by, view.now, view.tz)
        if s.overdue:
            deadline = Deadline(OVERDUE, full, OVERDUE_CELL)
        else:
            deadline = Deadline(DUE, full, short_time(q.needed_by, view.now, view.tz))
    if not q.reversible:
        fallback = Fallback(ONE_WAY)
    elif q.fallback:
        fallback = Fallback(FALLBACK, one_line(q.fallback))
    else:
        fallback = Fallback(NONE)
    return QuestionRow(
        key=q.key,
        status=s.status,
        age=age(s.age_seconds),
        asked_by=person(view, q.asked_by, me),
        to=to,
        ask_now=ask_now,
        needed_by=deadline,
        text=one_line(q.text),
        fallback=fallback,
        answer=None if s.answer is None else one_line(s.answer),
        blocks=tuple(f"B{b}" for b in s.blocks),
    )


# -- blocked items -----------------------------------------------------------------------


class WaitsOn(msgspec.Struct, frozen=True):
    """What an item waits on: ``you``, a ``person`` (``text`` is their name), a
    ``question`` (``Q3``), free ``text``, or ``none``."""

    kind: str
    text: str = ""
    login: str | None = None

    @property
    def cell(self) -> str:
        return NOTHING if self.kind == NONE else self.text

    @property
    def phrase(self) -> str:
        """``waits on Q3``, ``waits on you``, ``waits on nothing named``."""
        return f"waits on {'nothing named' if self.kind == NONE else self.text}"


class ItemRow(msgspec.Struct, frozen=True):
    """A blocked item as the reader sees it."""

    key: str
    status: str
    age: str
    age_seconds: int  # for the board's growing symbol
    since: str  # in full: ``Mon 09:00 (2 d ago)``
    owner: Who
    on: WaitsOn
    title: str
    note: str | None

    @property
    def owner_phrase(self) -> str:
        """``yours``, ``Bruno Costa's``."""
        return "yours" if self.owner.kind == YOU else f"{self.owner.text}'s"

    @property
    def blocked_phrase(self) -> str:
        """``Bruno Costa's, blocked 2d (since Mon 09:00 (2 d ago))``."""
        return f"{self.owner_phrase}, blocked {self.age} (since {self.since})"


def waits_on(s: ItemState, view: BoardView, me: str | None = None) -> WaitsOn:
    item = s.item
    if item.on is None:
        return WaitsOn(NONE)
    if item.on_kind == "person":
        p = person(view, item.on, me)
        return WaitsOn(p.kind, p.text, item.on)
    return WaitsOn(QUESTION if item.on_question else TEXT, one_line(item.on))


def item_row(s: ItemState, view: BoardView, me: str | None = None) -> ItemRow:
    """``s`` for the reader ``me`` (None: no one in particular, nobody reads "you")."""
    item = s.item
    return ItemRow(
        key=item.key,
        status=s.status,
        age=age(s.age_seconds),
        age_seconds=s.age_seconds,
        since=when(item.since, view.now, view.tz),
        owner=person(view, item.owner, me),
        on=waits_on(s, view, me),
        title=one_line(item.title),
        note=one_line(item.note) if item.note else None,
    )
