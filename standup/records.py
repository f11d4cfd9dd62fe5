"""Records of the team's routine: its shared settings, each person's daily check-in,
and each stand-up meeting. They decode through :meth:`standup.model.Record.from_doc`
like every record, so a damaged one is kept as it is and named, never fatal.

Their JSON shapes (``team --json``, ``list checkins|standups --json``) are in
product.md; :mod:`standup.serialize` turns these records into them.
"""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec

from standup.model import LOGIN, Record, Time, _short

TEAM_KEY = 1  # the team table holds one document, under this key
STANDUP_OUTCOMES = ("answered", "assumed", "parked", "delegated")


class Team(Record, frozen=True, kw_only=True):
    """Settings everyone on the board shares (the ``team`` table's one document).
    A board without one reads these defaults."""

    TABLE: ClassVar[str] = "team"

    speaker_seconds: int = 120
    meeting_seconds: int = 900
    repos: list[str] = msgspec.field(default_factory=list)
    archive_after_days: int = 90
    changed_by: str | None = None  # who changed a setting last (``team set``)
    os_login: str | None = None  # and the OS login that typed it

    def _problem(self) -> str | None:
        for name in ("speaker_seconds", "meeting_seconds", "archive_after_days"):
            if getattr(self, name) < 1:
                return f"{name} {getattr(self, name)} is not a positive number"
        return None


class Commit(msgspec.Struct, frozen=True):
    """A commit found for someone's check-in."""

    repo: str
    sha: str
    subject: str
    at: Time


class Checkin(Record, frozen=True, kw_only=True):
    """One person's update for one day (``date``: ``YYYY-MM-DD`` in their own zone).
    ``blockers`` are the blocked items (``B<n>`` ids, stored as numbers) it recorded."""

    TABLE: ClassVar[str] = "checkins"

    id: int = 0
    who: str
    date: str
    at: Time
    yesterday: str = ""
    today: str = ""
    blockers: list[int] = msgspec.field(default_factory=list)
    commits: list[Commit] = msgspec.field(default_factory=list)
    os_login: str | None = None

    def to_doc(self) -> dict[str, Any]:
        doc = super().to_doc()
        if self.commits:
            doc["commits"] = msgspec.to_builtins(self.commits)
        return doc

    @property
    def key(self) -> str:
        return f"C{self.id}"

    def _problem(self) -> str | None:
        # standup.scan checks these for years of check-ins at once: keep it in step
        if not LOGIN.fullmatch(self.who):
            return f"who: {_short(self.who)} is not a login name"
        return _date_problem(self.date)


class Spoke(msgspec.Struct, frozen=True):
    who: str
    seconds: int


class Decision(msgspec.Struct, frozen=True):
    question: str  # "Q3"
    outcome: str  # one of STANDUP_OUTCOMES
    by: str | None = None
    os_login: str | None = None  # who really typed it (``by`` is in whose name)


class Standup(Record, frozen=True, kw_only=True):
    """One stand-up meeting, stored as it goes: ``ended_at`` is ``None`` while it runs.
    The meeting may keep more live state in further fields (who speaks now, since
    when); the keys of ``list standups --json`` are those of product.md."""

    TABLE: ClassVar[str] = "standups"

    id: int = 0
    date: str
    started_at: Time
    facilitator: str
    ended_at: Time | None = None
    order: list[str] = msgspec.field(default_factory=list)
    spoke: list[Spoke] = msgspec.field(default_factory=list)
    absent: list[str] = msgspec.field(default_factory=list)
    parked: list[str] = msgspec.field(default_factory=list)
    raised: list[str] = msgspec.field(default_factory=list)
    decisions: list[Decision] = msgspec.field(default_factory=list)
    os_login: str | None = None
    # Live state, kept while it runs (see standup.meeting): who speaks now (an index in
    # ``order``; None before the first and after the last), since when, who drives it
    # (a login: the facilitator may be someone else, shown) and when that board last
    # wrote (its presence heartbeat covers the time between writes).
    current: int | None = None
    speaking_since: Time | None = None
    runner: str | None = None
    beat_at: Time | None = None
    last_os_login: str | None = None  # who really typed the last change (see Actor)
    skipped: list[str] = msgspec.field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.ended_at is None

    @property
    def speaker(self) -> str | None:
        if self.current is None or not 0 <= self.current < len(self.order):
            return None
        return self.order[self.current]

    def to_doc(self) -> dict[str, Any]:
        doc = super().to_doc()
        for name in ("spoke", "decisions"):
            if getattr(self, name):
                doc[name] = msgspec.to_builtins(getattr(self, name))
        return doc

    def _problem(self) -> str | None:
        # standup.scan checks these for years of stand-ups at once: keep it in step
        problem = _date_problem(self.date)
        if problem:
            return problem
        for d in self.decisions:
            if d.outcome not in STANDUP_OUTCOMES:
                return f"decisions: {_short(d.outcome)} is not an outcome"
        for login in (*self.order, *self.absent, *self.skipped, self.facilitator):
            if not LOGIN.fullmatch(login):
                return f"{_short(login)} is not a login name"
        if self.current is not None and not 0 <= self.current < len(self.order):
            return f"current: {self.current} is not a place in the order"
        return None

    @property
    def key(self) -> str:
        return f"S{self.id}"

    @property
    def duration_seconds(self) -> int | None:
        if self.ended_at is None:
            return None
        return round((self.ended_at - self.started_at).total_seconds())


def _date_problem(value: str) -> str | None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        return f"date: {_short(value)} is not a date (YYYY-MM-DD)"
    if len(value) != 10:
        return f"date: {_short(value)} is not a date (YYYY-MM-DD)"
    return None
