"""Check-ins: each person's update for their day, and the commits that pre-fill it.

A check-in belongs to one person and one date — the date on *their* wall
(:func:`local_date`). *Yesterday* is pre-filled from the commits of the team's
repositories since the start of the person's last working day (:func:`since`): the last
day with office hours before today (Monday looks back to Friday for mon-fri hours);
with no office hours, the previous calendar day, except that the weekend and Monday
look back to Friday.

:func:`find_commits` reads each repository **once** for everyone asked about (one
``git log`` over the widest window, :func:`standup.gitlog.read_log`) and sorts the
commits to people in Python by author (:func:`matches`): the ``person set --git``
pattern, else their login or display name, case-insensitive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo

import msgspec

from standup.board import Board
from standup.clock import zone
from standup.model import Person
from standup.records import Checkin, Commit

MAX_PREFILL = 2000  # what a check-in's text holds (ops.common.MAX_TEXT)
_AUTHOR_CHARS = 300  # what a --git pattern is matched against, at most


class Found(msgspec.Struct, frozen=True):
    """Commits by login (oldest first), and a note per repository skipped."""

    commits: dict[str, list[Commit]]
    notes: list[str]
    since: dict[str, datetime]  # each login's window start


def zone_of(person: Person | None) -> tzinfo:
    from standup.clock import system_zone

    return zone(person.tz) if person is not None else system_zone()


def local_date(board: Board, login: str, now: datetime) -> str:
    """Today's date on ``login``'s wall, ``YYYY-MM-DD``: the date of their check-in."""
    return now.astimezone(board.zone_of(login)).date().isoformat()


def last_working_day(person: Person | None, today: date) -> date:
    """The last day before ``today`` with office hours; with none, the previous day
    (Saturday, Sunday and Monday look back to Friday)."""
    if person is not None and person.hours is not None:
        from standup.hours import parse_hours

        days = parse_hours(person.hours).days
        for back in range(1, 8):
            day = today - timedelta(days=back)
            if days[day.weekday()]:
                return day
    back = {0: 3, 6: 2, 5: 1}.get(today.weekday(), 1)
    return today - timedelta(days=back)


def since(person: Person | None, now: datetime) -> datetime:
    """The start (local midnight) of the person's last working day."""
    tz = zone_of(person)
    day = last_working_day(person, now.astimezone(tz).date())
    return datetime.combine(day, time(), tzinfo=tz)


def matches(login: str, person: Person | None, author: str, email: str) -> bool:
    """Whether a commit by ``author <email>`` is ``login``'s: their ``--git`` pattern
    found in it, else the author's name is their login or display name, or the
    email's local part is their login (all case-insensitive)."""
    if person is not None and person.git:
        try:
            found = re.search(person.git, f"{author} <{email}>"[:_AUTHOR_CHARS], re.IGNORECASE)
        except re.error:  # a pattern edited by hand: it matches nothing
            return False
        return found is not None
    key = author.strip().casefold()
    names = {login.casefold()} | ({person.name.strip().casefold()} if person else set())
    return key in names or email.partition("@")[0].casefold() == login.casefold()


def find_commits(
    repos: Iterable[str],
    people: dict[str, Person | None],
    now: datetime,
    *,
    git: str = "git",
    timeout: float | None = None,
) -> Found:
    """The commits of each of ``people`` (login → person, ``None`` for a login not on
    the board) since their last working day, reading each repository once."""
    from standup.gitlog import read_log

    starts = {login: since(person, now) for login, person in people.items()}
    found: dict[str, list[Commit]] = {login: [] for login in people}
    notes: list[str] = []
    if not starts:
        return Found(found, notes, starts)
    earliest = min(starts.values())
    for repo in dict.fromkeys(repos):
        raw, skipped = read_log(repo, earliest, now, git=git, timeout=timeout)
        if skipped is not None:
            notes.append(skipped.line)
        for c in reversed(raw):  # oldest first
            for login, person in people.items():
                if c.at >= starts[login] and matches(login, person, c.author, c.email):
                    found[login].append(Commit(repo=repo, sha=c.sha, subject=c.subject, at=c.at))
    return Found(found, notes, starts)


def commits_for(board: Board, login: str, now: datetime, **kw: object) -> Found:
    """:func:`find_commits` for one person, in the board's team repositories."""
    person = board.people.get(login) or board.former.get(login)
    return find_commits(board.team.repos, {login: person}, now, **kw)  # type: ignore[arg-type]


def prefill(commits: list[Commit]) -> str:
    """*Yesterday* from commits: their subjects, oldest first, each once."""
    from standup.text import one_line

    subjects = list(dict.fromkeys(one_line(c.subject) for c in commits if c.subject.strip()))
    text = "; ".join(subjects)
    return text if len(text) <= MAX_PREFILL else text[: MAX_PREFILL - 1] + "…"


def today_of(board: Board, login: str, now: datetime) -> Checkin | None:
    """``login``'s check-in for their today, if there is one (``board`` loaded with
    ``"checkins"`` in its parts)."""
    day = local_date(board, login, now)
    return next((c for c in board.checkins.values() if c.who == login and c.date == day), None)
