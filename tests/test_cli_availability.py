"""Availability through the installed `standup`: who decides when the PM is away."""

from __future__ import annotations

import getpass

import pytest

WED_10 = "2026-11-25T10:00:00+00:00"  # Lisbon is UTC+0 in winter


@pytest.fixture
def team(cli):  # noqa: ANN001, ANN201
    hours = "mon-fri 09:00-17:00"
    cli("person", "add", "bruno", "--name", "Bruno", "--tz", "Europe/Lisbon", "--hours", hours)
    cli(
        "person", "add", "ana", "--name", "Ana", "--role", "pm", "--tz", "Europe/Lisbon",
        "--hours", hours, "--delegate", "bruno",
    )  # fmt: skip
    return cli


def test_pm_away_until_tomorrow_routes_to_the_delegate(team) -> None:  # noqa: ANN001
    team("away", "--until", "tomorrow 09:00", "--who", "ana")
    team("ask", "CSV or PDF?", user="bruno")
    status = team.json("status")
    assert status["now"] == WED_10
    pm = status["pm"]
    assert pm["login"] == "ana" and pm["available"] is False and pm["status"] == "away"
    assert pm["until"] == "2026-11-26T09:00:00+00:00"
    assert pm["delegate"] == "bruno"
    assert [q["ask_now"] for q in status["questions"]] == ["bruno"]
    assert "away until Thu 09:00" in team("status", "--brief").stdout
    assert "ask Bruno (available)" in team("status").stdout
    # The next day at 10:00 she is back in hours and answers herself.
    next_day = team.json("status", now="2026-11-26T10:00:00+00:00")
    assert next_day["pm"]["available"] is True
    assert [q["ask_now"] for q in next_day["questions"]] == ["ana"]


@pytest.mark.parametrize(
    "saturday, monday",
    [
        ("2026-11-28T12:00:00+00:00", "2026-11-30T09:00:00+00:00"),
        # The last Sunday of March (2026-03-29) Lisbon moves to UTC+1.
        ("2026-03-28T12:00:00+00:00", "2026-03-30T09:00:00+01:00"),
    ],
)
def test_pm_off_hours_on_saturday(team, saturday: str, monday: str) -> None:  # noqa: ANN001
    pm = team.json("status", now=saturday)["pm"]
    assert pm["status"] == "off-hours" and pm["available"] is False
    assert pm["next_available"] == monday


def test_back_ends_the_absence_and_is_a_noop_otherwise(team) -> None:  # noqa: ANN001
    team("away", "--who", "ana", "--note", "offsite")
    pm = team.json("status")["pm"]
    assert pm["status"] == "away" and pm["until"] is None  # until back
    assert team("back", "--who", "ana").stdout.strip() == "Ana is back"
    assert team.json("status")["pm"]["available"] is True
    before = team.db.read_bytes()
    assert "not away" in team("back", "--who", "ana").stdout
    assert team.db.read_bytes() == before


def test_delegate_cycle_terminates_with_the_earliest_return(cli) -> None:  # noqa: ANN001
    cli("person", "add", "a", "--role", "pm")
    cli("person", "add", "b", "--delegate", "a")
    cli("person", "add", "c", "--delegate", "b")
    cli("away", "--who", "a", "--until", "fri 12:00", "--delegate", "c")
    cli("away", "--who", "b", "--until", "thu 15:00")
    cli("away", "--who", "c", "--until", "next monday 10:00")
    cli("ask", "Who decides?", user="c")
    [q] = cli.json("list", "questions")
    assert q["ask_now"] is None
    assert q["ask_at"] == "2026-11-26T15:00:00+00:00"  # b is back first
    assert "nobody can decide until Thu 15:00" in cli("status").stdout


def test_reversible_question_falls_back_but_a_one_way_door_does_not(team) -> None:  # noqa: ANN001
    team("ask", "Two-way?", "--by", "in 2 hours", "--fallback", "ship CSV")
    team("ask", "One-way?", "--by", "in 2 hours", "--one-way")  # no fallback: none allowed
    team("block", "Export", "--on", "Q1")
    team("block", "Purge", "--on", "Q2")
    later = "2026-11-25T13:00:00+00:00"
    q1, q2 = team.json("list", "questions", "--all", now=later)
    assert q1["status"] == "assumed" and q1["answer"] == "ship CSV"
    assert q1["answered_by"] is None and q1["answered_at"] == "2026-11-25T12:00:00+00:00"
    assert q1["reviewed"] is False
    assert q2["status"] == "open" and q2["overdue"] is True and q2["to"] == "ana"
    items = team.json("list", "blocked", "--all", now=later)
    assert [(i["id"], i["status"], i["unblocked_at"]) for i in items] == [
        ("B1", "unblocked", "2026-11-25T12:00:00+00:00"),
        ("B2", "blocked", None),
    ]
    # Before the deadline it is open: every reader derives the same answer from the clock.
    assert team.json("list", "questions", now="2026-11-25T11:59:00+00:00")[0]["status"] == "open"
    # An assumed question can still be answered, which replaces the assumption.
    team("answer", "Q1", "PDF after all", now=later)
    [q1] = team.json("list", "questions", "--all", now=later)[:1]
    assert q1["status"] == "answered" and q1["answer"] == "PDF after all"


@pytest.mark.parametrize(
    "away_args, expected",
    [
        ([], "2026-11-30T12:00:00+00:00"),
        (["--from", "mon 09:00", "--until", "mon 11:00"], "2026-11-30T14:00:00+00:00"),
    ],
)
def test_working_hours_deadline(team, away_args, expected) -> None:  # noqa: ANN001
    friday = "2026-11-27T16:00:00+00:00"
    if away_args:
        team("away", "--who", "ana", *away_args, now=friday)
    q = team.json("ask", "By Monday?", "--by", "4 working hours", now=friday)
    assert q["needed_by"] == expected


def test_review_confirm(team) -> None:  # noqa: ANN001
    team("away", "--who", "ana")
    team("ask", "Colour?", user="bruno")
    team("answer", "Q1", "blue", user="bruno")
    team("back", "--who", "ana")
    out = team("review").stdout
    assert "Q1" in out and "bruno" in out
    assert [q["id"] for q in team.json("review")] == ["Q1"]
    line = team.fails("review", "Q1", "confirm", user="bruno")
    assert "only ana" in line
    team("review", "Q1", "confirm")
    [q] = team.json("list", "questions", "--all")
    assert q["reviewed"] is True and q["answer"] == "blue" and q["answered_by"] == "bruno"
    assert team.json("review") == []


def test_review_reopen_reblocks(team) -> None:  # noqa: ANN001
    team("ask", "Colour?", "--by", "in 1 hour", "--fallback", "blue")
    team("block", "Theme", "--on", "Q1")
    later = "2026-11-25T12:00:00+00:00"
    assert team.json("list", "blocked", now=later) == []  # unblocked by the assumption
    assert [q["id"] for q in team.json("review", now=later)] == ["Q1"]
    team("review", "Q1", "reopen", now=later)
    [q] = team.json("list", "questions", now=later)
    assert q["status"] == "open" and q["answer"] is None and q["reviewed"] is None
    assert q["overdue"] is True  # it no longer falls back on its own
    assert q["history"][0]["answer"] == "blue" and q["history"][0]["status"] == "assumed"
    [item] = team.json("list", "blocked", now=later)
    assert item["id"] == "B1" and item["status"] == "blocked"


def test_review_override_keeps_history(team) -> None:  # noqa: ANN001
    team("ask", "Colour?")
    team("answer", "Q1", "blue", user="bruno")
    team("review", "Q1", "override", "green")
    [q] = team.json("list", "questions", "--all")
    assert q["answer"] == "green" and q["answered_by"] == "ana" and q["reviewed"] is True
    assert q["history"] == [
        {
            "answer": "blue",
            "answered_by": "bruno",
            "answered_at": WED_10,
            "status": "answered",
            "at": WED_10,
            "by": "ana",
            "action": "override",
            "os_login": getpass.getuser(),  # who really typed it
        }
    ]


def test_hours_command_and_list_people(team) -> None:  # noqa: ANN001
    out = team("hours", "mon-thu 9-12,13-17; fri 9-13", "--who", "bruno").stdout
    assert out.startswith("Bruno's office hours: mon-thu")
    bruno = team.json("list", "people")[0]
    assert bruno["login"] == "bruno" and bruno["status"] == "available"
    team("hours", "any", "--who", "bruno")
    assert team.json("list", "people", now="2026-11-28T23:00:00+00:00")[0]["available"] is True


@pytest.mark.parametrize(
    "args, needle",
    [
        (["hours", "mon-fri 25:00-26:00"], "25:00"),
        (["hours", ""], "empty"),
        (["hours", "mon-fri 9-17", "--who", "zed"], "zed"),
        (["away", "--until", "yesterday"], "yesterday"),
        (["away", "--until", "2026-11-24 10:00"], "past"),
        (["away", "--from", "2026-11-27 10:00", "--until", "2026-11-26 10:00"], "after"),
        (["away", "--delegate", "zed"], "zed"),
        (["away", "--delegate", "ana"], "own delegate"),
        (["away", "--kind", "holiday"], "holiday"),
        (["away", "--who", "zed"], "zed"),
        (["away", "--note", ""], "empty"),
        (["back", "--who", "zed"], "zed"),
        (["review", "Q9", "confirm"], "Q9"),
        (["review", "Q1", "confirm"], "nothing to review"),
        (["review", "Q1", "override"], "empty"),
        (["review", "Q1", "frob"], "frob"),
        (["review", "Q1"], "confirm"),
        (["person", "add", "cy", "--role", "Big Boss"], "role"),
        (["person", "add", "cy", "--hours", "fri-mon 9-17"], "fri-mon"),
        (["ask", "x", "--by", "0 working hours"], "positive"),
    ],
)
def test_bad_input_for_availability_commands(team, args, needle) -> None:  # noqa: ANN001
    team("ask", "an open question")
    line = team.fails(*args)
    assert needle in line
