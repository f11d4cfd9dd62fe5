"""``standup edit Q<n>`` and ``standup edit B<n>`` through the installed command: each
change, the old values kept in the record's history with the OS login, and every refusal
leaving the file byte for byte as it was (``cli.fails``)."""

from __future__ import annotations

import json
import os
import pwd

import pytest

OS_LOGIN = pwd.getpwuid(os.getuid()).pw_name
LATER = "2026-11-25T12:00:00+00:00"  # two hours after the suite's fixed clock


@pytest.fixture
def team(cli):  # noqa: ANN001, ANN201
    """Ana (PM) and Bruno; Q1 with a deadline and a fallback; Q2 a one-way door; B1 waits
    on Q1, B2 on the vendor."""
    cli("person", "add", "ana", "--name", "Ana", "--role", "pm", "--tz", "Europe/Lisbon")
    cli("person", "add", "bruno", "--name", "Bruno", "--role", "eng", "--tz", "Europe/Lisbon")
    cli("ask", "Ship CSV?", "--by", "tomorrow 17:00", "--fallback", "CSV only")
    cli("ask", "Drop the 2019 format?", "--one-way")
    cli("block", "Export", "--on", "Q1", user="bruno")
    cli("block", "Sandbox", "--on", "the vendor")
    return cli


def question(cli, qid: str) -> dict:  # noqa: ANN001
    return next(q for q in cli.json("list", "questions", "--all") if q["id"] == qid)


def item(cli, bid: str) -> dict:  # noqa: ANN001
    return next(i for i in cli.json("list", "blocked", "--all") if i["id"] == bid)


def stored(cli, table: str, n: int) -> dict:  # noqa: ANN001
    return json.loads(cli.db.read_text())[table][str(n)]


# -- questions -------------------------------------------------------------------------


def test_edit_question_keeps_the_old_values(team) -> None:  # noqa: ANN001
    out = team("edit", "Q1", "--text", "Ship CSV first?", "--to", "bruno", "--by", "fri 5pm",
               "--fallback", "CSV, then PDF", user="bruno", now=LATER).stdout  # fmt: skip
    assert out.strip() == "Bruno edited Q1: text, addressee, needed by, fallback"
    q = question(team, "Q1")
    assert (q["text"], q["to"], q["fallback"]) == ("Ship CSV first?", "bruno", "CSV, then PDF")
    assert q["needed_by"] == "2026-11-27T17:00:00+00:00"
    assert q["asked_by"] == "ana" and q["status"] == "open"  # who asked stays
    [entry] = stored(team, "questions", 1)["history"]
    assert entry == {
        "at": LATER,
        "by": "bruno",
        "os_login": OS_LOGIN,
        "action": "edit",
        "text": "Ship CSV?",
        "to": "ana",
        "needed_by": "2026-11-26T17:00:00+00:00",
        "fallback": "CSV only",
    }
    assert q["history"] == [entry]  # the JSON shows it too


def test_only_what_changed_is_kept_and_edits_add_up(team) -> None:  # noqa: ANN001
    team("edit", "Q1", "--text", "Ship CSV?", "--to", "ana", "--fallback", "CSV, for now")
    team("edit", "Q1", "--by", "none", "--fallback", "none")
    q = question(team, "Q1")
    assert q["needed_by"] is None and q["fallback"] is None
    first, second = stored(team, "questions", 1)["history"]
    assert {k for k in first if k not in ("at", "by", "os_login", "action")} == {"fallback"}
    assert first["fallback"] == "CSV only"
    assert second["needed_by"] == "2026-11-26T17:00:00+00:00"
    assert second["fallback"] == "CSV, for now"


def test_one_way_and_two_way(team) -> None:  # noqa: ANN001
    out = team("edit", "Q1", "--one-way", "--fallback", "none").stdout
    assert out.strip() == "Ana edited Q1: fallback, one-way/two-way"
    q = question(team, "Q1")
    assert q["reversible"] is False and q["fallback"] is None
    q2 = team.json("edit", "Q2", "--two-way", "--fallback", "keep reading it", "--by", "fri")
    assert q2["reversible"] is True and q2["fallback"] == "keep reading it"
    assert stored(team, "questions", 2)["history"][0]["reversible"] is False


def test_working_hours_count_for_the_new_addressee(team) -> None:  # noqa: ANN001
    team("hours", "mon-fri 09:00-17:00", "--who", "bruno")
    q = team.json("edit", "Q2", "--to", "bruno", "--by", "8 working hours")
    assert q["needed_by"] == "2026-11-26T10:00:00+00:00"  # 7 h today, 1 h tomorrow


def test_nothing_changed_writes_nothing(team) -> None:  # noqa: ANN001
    before = team.db.read_bytes()
    proc = team("edit", "Q1", "--text", "Ship CSV?", "--to", "ana", "--fallback", "CSV only")
    assert proc.returncode == 0
    assert proc.stdout.strip() == "Q1 already reads so; nothing changed"
    assert team("edit", "B1", "--on", "q1", "--owner", "bruno").stdout.strip() == (
        "B1 already reads so; nothing changed"
    )
    assert team.db.read_bytes() == before


def test_an_answered_question_can_have_its_text_fixed(team) -> None:  # noqa: ANN001
    team("answer", "Q1", "CSV")
    team("edit", "Q1", "--text", "Ship CSV first?")
    q = question(team, "Q1")
    assert q["text"] == "Ship CSV first?" and q["status"] == "answered" and q["answer"] == "CSV"


@pytest.mark.parametrize(
    "args, expected",
    [
        (("Q1",), "say what to change in Q1"),
        (("Q1", "--title", "x"), "--title is for blocked items"),
        (("X1", "--text", "x"), "'X1' is not a question or blocked item id"),
        (("Q9", "--text", "x"), "there is no question Q9"),
        (("Q1", "--text", "  "), "the question is empty"),
        (("Q1", "--fallback", ""), "--fallback is empty"),
        (("Q1", "--to", "zoe"), "'zoe' is not on the board"),
        (("Q1", "--by", "2026-11-24 09:00"), "--by '2026-11-24 09:00' is in the past"),
        (("Q1", "--by", "next blursday"), "--by"),
        (("Q1", "--by", "0 working hours"), "not a positive number of hours"),
        (("Q1", "--one-way"), "Q1 has a fallback, and a one-way door has none"),
        (("Q2", "--fallback", "ship it"), "Q2 is a one-way door, which has no fallback"),
        (("Q1", "--one-way", "--fallback", "x"), "--one-way with --fallback"),
        (("Q1", "--one-way", "--two-way"), "not allowed with argument --one-way"),
    ],
)
def test_refused_question_edits_write_nothing(team, args, expected) -> None:  # noqa: ANN001
    assert expected in team.fails("edit", *args)


def test_closed_questions_refuse_what_no_longer_applies(team) -> None:  # noqa: ANN001
    team("answer", "Q1", "CSV")
    team("withdraw", "Q2")
    line = team.fails("edit", "Q1", "--by", "fri")
    assert "Q1 is already answered: --by cannot change now" in line
    assert "standup review Q1 reopen" in line
    assert "Q2 was withdrawn" in team.fails("edit", "Q2", "--text", "Again?")


def test_a_fallback_after_the_deadline_is_refused(team) -> None:  # noqa: ANN001
    team("edit", "Q2", "--two-way", "--by", "in 1 hour")
    late = "2026-11-25T12:00:00+00:00"
    line = team.fails("edit", "Q2", "--fallback", "skip it", now=late)
    assert "would read assumed at once" in line
    # With a later deadline in the same edit it is fine.
    team("edit", "Q2", "--fallback", "skip it", "--by", "tomorrow 9am", now=late)
    assert question(team, "Q2")["status"] == "open"


def test_an_assumed_question_keeps_its_deadline(team) -> None:  # noqa: ANN001
    after = "2026-11-27T10:00:00+00:00"  # Q1's needed-by has passed: it reads assumed
    assert "Q1 is already assumed" in team.fails("edit", "Q1", "--by", "fri 5pm", now=after)


# -- blocked items ---------------------------------------------------------------------


def test_edit_item_keeps_the_old_values(team) -> None:  # noqa: ANN001
    out = team("edit", "B2", "--title", "Sandbox keys", "--owner", "bruno", "--on", "Q2",
               now=LATER).stdout  # fmt: skip
    assert out.strip() == "Ana edited B2: title, owner, waits on"
    b = item(team, "B2")
    assert (b["title"], b["owner"], b["on"], b["on_kind"]) == ("Sandbox keys", "bruno", "Q2",
                                                               "question")  # fmt: skip
    assert question(team, "Q2")["blocks"] == ["B2"]
    [entry] = stored(team, "blocked", 2)["history"]
    assert entry == {
        "at": LATER,
        "by": "ana",
        "os_login": OS_LOGIN,
        "action": "edit",
        "title": "Sandbox",
        "owner": "ana",
        "on": "the vendor",
        "on_kind": "text",
    }


@pytest.mark.parametrize(
    "on, kind", [("bruno", "person"), ("ana", "person"), ("the bank", "text"), ("q2", "question")]
)
def test_on_is_read_as_block_reads_it(team, on, kind) -> None:  # noqa: ANN001
    b = team.json("edit", "B1", "--on", on)
    assert b["on_kind"] == kind and b["on"] == (on.upper() if kind == "question" else on)
    entry = stored(team, "blocked", 1)["history"][-1]
    assert (entry["on"], entry["on_kind"]) == ("Q1", "question")


def test_an_unblocked_item_can_be_renamed_not_repointed(team) -> None:  # noqa: ANN001
    team("unblock", "B2")
    team("edit", "B2", "--title", "Sandbox (done)")
    assert item(team, "B2")["title"] == "Sandbox (done)"
    assert "B2 is not blocked any more" in team.fails("edit", "B2", "--on", "Q1")


@pytest.mark.parametrize(
    "args, expected",
    [
        (("B1",), "say what to change in B1"),
        (("B1", "--text", "x"), "--text is for questions"),
        (("B9", "--title", "x"), "there is no blocked item B9"),
        (("B1", "--title", " "), "the blocked item's title is empty"),
        (("B1", "--owner", "zoe"), "'zoe' is not on the board"),
        (("B1", "--on", ""), "--on is empty"),
        (("B1", "--on", "Q7"), "there is no question Q7"),
    ],
)
def test_refused_item_edits_write_nothing(team, args, expected) -> None:  # noqa: ANN001
    assert expected in team.fails("edit", *args)


def test_an_item_cannot_wait_on_a_closed_question(team) -> None:  # noqa: ANN001
    team("answer", "Q2", "Keep it")
    assert "Q2 is already answered: nothing to wait for" in team.fails("edit", "B2", "--on", "Q2")
