"""Every command of the foundation through the installed `standup`, with its JSON."""

from __future__ import annotations

import json

import pytest

QUESTION_KEYS = {
    "id", "text", "status", "asked_by", "to", "asked_at", "needed_by", "fallback",
    "reversible", "blocks", "answer", "answered_by", "answered_at", "reviewed", "ask_now",
    "age_seconds",
}  # fmt: skip
ITEM_KEYS = {"id", "title", "owner", "on", "since", "status", "unblocked_at", "age_seconds"}
PERSON_KEYS = {
    "login", "name", "role", "tz", "status", "available", "until", "next_available", "delegate",
}  # fmt: skip


@pytest.fixture
def team(cli):  # noqa: ANN001, ANN201
    cli("person", "add", "ana", "--name", "Ana", "--role", "pm", "--tz", "Europe/Lisbon")
    cli("person", "add", "bruno", "--name", "Bruno", "--role", "eng")
    return cli


def test_help_lists_the_commands(cli) -> None:  # noqa: ANN001
    out = cli("--help").stdout
    for command in ("ask", "answer", "withdraw", "block", "unblock", "person", "note", "list"):
        assert command in out


def test_ask_goes_to_the_pm_with_every_json_key(team) -> None:  # noqa: ANN001
    assert (
        team("ask", "Which font?", user="bruno").stdout.strip()
        == "Bruno asked Q1 “Which font?” of Ana"
    )
    [q] = team.json("list", "questions")
    assert q.keys() >= QUESTION_KEYS
    assert q["id"] == "Q1" and q["to"] == "ana" and q["asked_by"] == "bruno"
    assert q["status"] == "open" and q["reversible"] is True and q["blocks"] == []
    assert q["asked_at"] == "2026-11-25T10:00:00+00:00"
    assert q["ask_now"] == "ana" and q["age_seconds"] == 0
    assert q["needed_by"] is None and q["answer"] is None and q["reviewed"] is None


def test_no_pm_means_to_is_null(cli) -> None:  # noqa: ANN001
    cli("ask", "Anyone?")
    [q] = cli.json("list", "questions")
    assert q["to"] is None and q["ask_now"] is None


def test_ask_with_every_option(team) -> None:  # noqa: ANN001
    team("block", "Export", "--owner", "bruno")
    q = team.json(
        "ask", "CSV or PDF?", "--to", "ana", "--by", "tomorrow 9am",
        "--fallback", "CSV", "--blocks", "B1",
    )  # fmt: skip
    assert q["needed_by"] == "2026-11-26T09:00:00+00:00"
    assert q["fallback"] == "CSV" and q["reversible"] is True and q["blocks"] == ["B1"]
    q = team.json("ask", "Drop v1?", "--to", "ana", "--one-way")  # a one-way door: no fallback
    assert q["fallback"] is None and q["reversible"] is False
    [item] = team.json("list", "blocked")
    assert item["on"] == "Q1"


def test_answer_unblocks_what_waited_on_it(team) -> None:  # noqa: ANN001
    team("ask", "CSV or PDF?")
    team("block", "Export", "--on", "Q1", user="bruno")
    assert team.json("list", "blocked")[0]["status"] == "blocked"
    team("answer", "Q1", "CSV", now="2026-11-25T12:00:00+00:00")
    assert team.json("list", "blocked") == []
    [item] = team.json("list", "blocked", "--all")
    assert item.keys() >= ITEM_KEYS
    assert item["status"] == "unblocked"
    assert item["unblocked_at"] == "2026-11-25T12:00:00+00:00"
    [q] = team.json("list", "questions", "--all")
    assert q["status"] == "answered" and q["answer"] == "CSV" and q["answered_by"] == "ana"
    assert q["reviewed"] is None  # the addressee answered
    assert q["age_seconds"] == 7200  # how long it was open


def test_answer_by_someone_else_is_unreviewed(team) -> None:  # noqa: ANN001
    team("ask", "CSV or PDF?")
    team("answer", "Q1", "CSV", user="bruno")
    [q] = team.json("list", "questions", "--all")
    assert q["answered_by"] == "bruno" and q["reviewed"] is False


def test_withdraw(team) -> None:  # noqa: ANN001
    team("ask", "Still needed?")
    assert team("withdraw", "Q1").stdout.strip() == "Ana withdrew Q1 “Still needed?”"
    assert team.json("list", "questions") == []
    assert team.json("list", "questions", "--all")[0]["status"] == "withdrawn"


def test_block_on_person_text_and_unblock(team) -> None:  # noqa: ANN001
    team("block", "Deploy", "--on", "bruno")
    team("block", "Billing", "--on", "the vendor API", "--owner", "bruno")
    items = team.json("list", "blocked")
    assert [(i["id"], i["on"], i["owner"]) for i in items] == [
        ("B1", "bruno", "ana"),
        ("B2", "the vendor API", "bruno"),
    ]
    assert team("unblock", "B2").stdout.strip() == "Ana unblocked B2 “Billing”"
    assert [i["id"] for i in team.json("list", "blocked")] == ["B1"]
    assert "nothing changed" in team("unblock", "B2").stdout


def test_people_and_notes(team) -> None:  # noqa: ANN001
    people = team.json("list", "people")
    assert [p["login"] for p in people] == ["ana", "bruno"]
    assert people[0].keys() >= PERSON_KEYS
    assert people[1]["tz"] == "Europe/Lisbon"  # the caller's zone
    assert people[0]["status"] == "available" and people[0]["available"] is True
    team("note", "Goal: ship the export")
    team("note", "Users want CSV")
    team("note", "--remove", "1")
    notes = team.json("status")["notes"]
    assert [n["text"] for n in notes] == ["Users want CSV"]


def test_ids_are_never_reused_after_a_note_is_removed(team) -> None:  # noqa: ANN001
    team("note", "one")
    team("note", "--remove", "1")
    team("note", "two")
    assert [n["id"] for n in team.json("status")["notes"]] == [2]


def test_user_and_os_login_are_both_recorded(team, db) -> None:  # noqa: ANN001
    import getpass

    team("ask", "Q?", user="bruno")
    doc = json.loads(db.read_text())["questions"]["1"]
    assert doc["asked_by"] == "bruno"
    assert doc["os_login"] == getpass.getuser()


HOSTILE = "[bold]x[/] [@click=app.quit]y costs [/ 3"


def test_markup_round_trips_exactly_through_json(team) -> None:  # noqa: ANN001
    team("ask", HOSTILE, "--fallback", "[red]no[/red]")
    team("block", "[/", "--on", "[link=x]")
    [q] = team.json("list", "questions")
    assert q["text"] == HOSTILE and q["fallback"] == "[red]no[/red]"
    [item] = team.json("list", "blocked")
    assert item["title"] == "[/" and item["on"] == "[link=x]"


def test_escape_sequences_never_reach_the_terminal(team) -> None:  # noqa: ANN001
    evil = "clip\x1b]52;c;aGVsbG8=\x07 \x1b[2J\x9b31m bell\x07"
    team("ask", evil)
    team("block", "\x1b[31mred", "--on", "\x1b]0;title\x07")
    for args in (["list", "questions"], ["list", "blocked"], ["status"], ["status", "--brief"]):
        out = team(*args).stdout
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out, args
    assert team.json("list", "questions")[0]["text"] == evil  # stored as typed
    line = team.fails("ask", "x", "--to", "\x1b[31mzed")  # errors quote input: cleaned too
    assert "zed" in line and "\x1b" not in line


@pytest.mark.parametrize(
    "args, needle",
    [
        (["ask", ""], "empty"),
        (["ask", "   "], "empty"),
        (["ask", "\x1b\x07"], "empty"),
        (["ask", "x", "--fallback", " "], "empty"),
        (["ask", "x", "--to", "zed"], "'zed'"),
        (["ask", "x", "--by", "someday"], "someday"),
        (["ask", "x", "--by", "2026-02-30"], "2026-02-30"),
        (["ask", "x", "--by", "3/4"], "3/4"),
        (["ask", "x", "--by", "2020-01-01 10:00"], "past"),
        (["ask", "x", "--blocks", "B9"], "B9"),
        (["ask", "x", "--blocks", "X1"], "X1"),
        (["answer", "Q9", "yes"], "Q9"),
        (["answer", "9", "yes"], "'9'"),
        (["answer", "Q1", ""], "empty"),
        (["withdraw", "Q1x"], "Q1x"),
        (["block", ""], "empty"),
        (["block", "x", "--on", "Q7"], "Q7"),
        (["block", "x", "--owner", "zed"], "zed"),
        (["unblock", "B5"], "B5"),
        (["unblock", "Q1"], "'Q1'"),
        (["person", "add", "ana"], "already"),
        (["person", "add", "bad login!"], "login"),
        (["person", "add", "cy", "--tz", "Mars/Olympus"], "Mars/Olympus"),
        (["person", "add", "cy", "--delegate", "cy"], "own delegate"),
        (["person", "add", "cy", "--delegate", "not a login"], "not a login"),
        (["note", ""], "empty"),
        (["note", "--remove", "7"], "7"),
        (["list", "things"], "things"),
        (["frobnicate"], "frobnicate"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(team, args, needle) -> None:  # noqa: ANN001
    team("ask", "an existing question")
    line = team.fails(*args)
    assert line.startswith("standup: ")
    assert needle in line


def test_errors_carry_an_example(team) -> None:  # noqa: ANN001
    line = team.fails("ask", "x", "--by", "someday")
    assert "example:" in line


def test_answering_twice_is_refused(team) -> None:  # noqa: ANN001
    team("ask", "x")
    team("answer", "Q1", "yes")
    assert "already answered" in team.fails("answer", "Q1", "no")


def test_a_second_pm_is_told_who_the_pm_is(team) -> None:  # noqa: ANN001
    out = team("person", "add", "zoe", "--role", "pm").stdout
    assert "ana stays the team's PM" in out
    team("ask", "Who gets this?")
    assert team.json("list", "questions")[0]["to"] == "ana"


def test_a_question_cannot_block_an_item_that_reads_unblocked(team) -> None:  # noqa: ANN001
    team("ask", "CSV or PDF?")
    team("block", "Export", "--on", "Q1")
    team("answer", "Q1", "CSV")  # B1 now reads unblocked, though stored as blocked
    assert "not blocked" in team.fails("ask", "Another?", "--blocks", "B1")
