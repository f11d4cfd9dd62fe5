"""Team settings, check-ins and stand-ups decode like every record: a damaged one is
named and left out, the rest of the board reads, and a board without team settings
reads product.md's defaults."""

from __future__ import annotations

from typing import Any

import pytest

from standup.board import Board
from standup.fileformat import _by_id
from standup.records import Checkin, Standup, Team

T = "2026-11-25T09:00:00+00:00"


class _Tables:
    def __init__(self, tables: dict[str, dict[str, Any]]) -> None:
        self.tables = tables

    def table(self, name: str) -> dict[Any, dict[str, Any]]:
        return _by_id(self.tables.get(name, {}))


PARTS = ("questions", "blocked", "notes", "checkins", "standups")


def test_a_board_without_team_settings_reads_the_defaults() -> None:
    team = Board.load(_Tables({})).team
    assert (team.speaker_seconds, team.meeting_seconds, team.repos, team.archive_after_days) == (
        120,
        900,
        [],
        90,
    )


def test_team_settings_are_read() -> None:
    board = Board.load(_Tables({"team": {"1": {"speaker_seconds": 90, "repos": ["/srv/app"]}}}))
    assert board.team == Team(speaker_seconds=90, repos=["/srv/app"])


@pytest.mark.parametrize(
    "doc",
    [{"speaker_seconds": 0}, {"meeting_seconds": "15m"}, {"repos": "/srv"}, "x"],
)
def test_damaged_team_settings_are_named_and_the_defaults_hold(doc: Any) -> None:
    board = Board.load(_Tables({"team": {"1": doc}}))
    assert board.team == Team()
    assert [d.label for d in board.damaged] == ["team settings 1"]


@pytest.mark.parametrize(
    ("table", "doc", "label"),
    [
        ("checkins", {"who": "ana", "date": "25/11/2026", "at": T}, "check-in 2"),
        ("checkins", {"who": "not a login", "date": "2026-11-25", "at": T}, "check-in 2"),
        ("checkins", {"who": "ana", "date": "2026-11-25", "at": T, "blockers": ["B1"]}, None),
        ("standups", {"date": "2026-11-25", "started_at": T}, "S2"),
        (
            "standups",
            {
                "date": "2026-11-25",
                "started_at": T,
                "facilitator": "ana",
                "decisions": [{"question": "Q1", "outcome": "ignored"}],
            },
            "S2",
        ),
    ],
)
def test_a_damaged_checkin_or_standup_is_named_and_the_rest_reads(
    table: str, doc: Any, label: str | None
) -> None:
    good = {
        "checkins": {"who": "ana", "date": "2026-11-24", "at": T},
        "standups": {"date": "2026-11-24", "started_at": T, "facilitator": "ana"},
    }[table]
    board = Board.load(_Tables({table: {"1": good, "2": doc}}), parts=PARTS)
    records = getattr(board, table)
    assert 1 in records and 2 not in records
    assert [d.label for d in board.damaged] == [label or "check-in 2"]


def test_checkins_and_standups_round_trip_through_their_documents() -> None:
    c = Checkin.from_doc(
        {
            "who": "ana",
            "date": "2026-11-25",
            "at": T,
            "blockers": [3],
            "commits": [{"repo": "/srv/app", "sha": "abc", "subject": "Fix", "at": T}],
        },
        1,
    )
    assert Checkin.from_doc(c.to_doc(), 1) == c
    s = Standup.from_doc(
        {
            "date": "2026-11-25",
            "started_at": T,
            "ended_at": "2026-11-25T09:12:30+00:00",
            "facilitator": "ana",
            "spoke": [{"who": "ana", "seconds": 80}],
            "decisions": [{"question": "Q1", "outcome": "parked", "by": "ana"}],
        },
        2,
    )
    assert Standup.from_doc(s.to_doc(), 2) == s
    assert (s.key, s.duration_seconds) == ("S2", 750)
    assert isinstance(s.to_doc()["started_at"], str)
