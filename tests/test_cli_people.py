"""People through the installed `standup`: person set/remove, names as people say them,
refusals that lose nothing, and `status --brief` saying what waits on *you*."""

from __future__ import annotations

import getpass
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

WED_10 = "2026-11-25T10:00:00+00:00"


@pytest.fixture
def team(cli):  # noqa: ANN001, ANN201
    cli("person", "add", "ana", "--name", "Ana", "--role", "pm", "--tz", "Europe/Lisbon")
    cli("person", "add", "bruno", "--name", "Bruno Costa", "--role", "lead")
    cli("person", "add", "carla", "--name", "Carla", "--role", "eng")
    return cli


def people(cli) -> dict[str, dict]:  # noqa: ANN001
    return {p["login"]: p for p in cli.json("list", "people")}


def stored_person(cli, login: str) -> dict:  # noqa: ANN001
    docs = json.loads(cli.db.read_text())["people"].values()
    return next(d for d in docs if d["login"] == login)


# -- person set ---------------------------------------------------------------------------


def test_person_set_changes_and_keeps_the_old_values(team) -> None:  # noqa: ANN001
    out = team(
        "person", "set", "bruno", "--name", "Bruno C.", "--role", "eng", "--tz", "Europe/Berlin",
        "--delegate", "carla", "--git", "bruno@example.com",
    ).stdout  # fmt: skip
    assert out.startswith("Ana changed Bruno Costa: ") and "role eng" in out
    assert "tz Europe/Berlin" in out
    p = people(team)["bruno"]
    assert (p["name"], p["role"], p["tz"], p["delegate"]) == (
        "Bruno C.",
        "eng",
        "Europe/Berlin",
        "carla",
    )
    doc = stored_person(team, "bruno")
    assert doc["git"] == "bruno@example.com"
    [change] = doc["history"]
    assert change == {
        "action": "set",
        "at": WED_10,
        "by": "ana",
        "os_login": getpass.getuser(),
        "name": "Bruno Costa",
        "role": "lead",
        "tz": "Europe/Lisbon",
        "delegate": None,
        "git": None,
    }


def test_person_set_by_display_name_and_clearing_with_none(team) -> None:  # noqa: ANN001
    team("person", "set", "bruno", "--delegate", "Carla")  # a name stores the login
    assert people(team)["bruno"]["delegate"] == "carla"
    team("person", "set", "BRUNO COSTA", "--delegate", "none", "--git", "none")
    assert people(team)["bruno"]["delegate"] is None
    assert len(stored_person(team, "bruno")["history"]) == 2


def test_person_set_with_nothing_different_writes_nothing(team) -> None:  # noqa: ANN001
    before = team.db.read_bytes()
    out = team("person", "set", "bruno", "--role", "lead", "--name", "Bruno Costa").stdout
    assert out.strip() == "bruno: nothing changed"
    assert team.db.read_bytes() == before


def test_changing_roles_moves_the_pm(team) -> None:  # noqa: ANN001
    out = team("person", "add", "zoe", "--role", "pm").stdout
    assert "ana stays the team's PM" in out  # several pm: the first added is *the* PM
    assert team.json("status")["pm"]["login"] == "ana"
    out = team("person", "set", "ana", "--role", "lead").stdout
    assert "the team's PM is now zoe" in out
    assert team.json("status")["pm"]["login"] == "zoe"
    team("ask", "Who gets this?")
    assert team.json("list", "questions")[0]["to"] == "zoe"
    # carla was added before zoe: with role pm she is the first pm, so *the* PM.
    assert "the team's PM is now carla" in team("person", "set", "carla", "--role", "pm").stdout
    assert "the team's PM is now zoe" in team("person", "set", "carla", "--role", "eng").stdout
    team("person", "add", "dev")
    assert "zoe stays the team's PM" in team("person", "set", "dev", "--role", "pm").stdout
    team("person", "set", "dev", "--role", "eng")
    assert "no PM on the board now" in team("person", "set", "zoe", "--role", "eng").stdout
    out = team("person", "set", "carla", "--role", "pm").stdout
    assert out.splitlines() == ["Ana changed Carla: role pm", "note: the team's PM is now carla"]


@pytest.mark.parametrize(
    "args, needle",
    [
        (["person", "set", "bruno"], "say what to change"),
        (["person", "set", "zed", "--role", "eng"], "'zed' is not on the board"),
        (["person", "set", "brunno", "--role", "eng"], "did you mean bruno?"),
        (["person", "set", "bruno", "--role", "Product Owner!"], "not a role name"),
        (["person", "set", "bruno", "--tz", "Mars/Olympus"], "Mars/Olympus"),
        (["person", "set", "bruno", "--name", "  "], "empty"),
        (["person", "set", "bruno", "--delegate", "bruno"], "own delegate"),
        (["person", "set", "bruno", "--delegate", "Bruno Costa"], "own delegate"),
        (["person", "set", "bruno", "--delegate", "two words"], "not a login"),
        (["person", "set", "bruno", "--git", "(unclosed"], "not a pattern"),
        (["person", "set", "bruno", "--hours", "mon-fri 9-17"], "standup hours"),
        (["person", "add", "dev", "--git", "dev@"], "person set dev --git"),
        (["person", "add", "Bruno"], "second bruno"),
        (["person", "add", "bruno"], "already on the board"),
        (["person", "remove", "zed"], "'zed' is not on the board"),
        (["person", "remove", "bruno", "--role", "eng"], "takes no --role"),
    ],
)
def test_person_refusals_write_nothing(team, args, needle) -> None:  # noqa: ANN001
    line = team.fails(*args)
    assert line.startswith("standup: ") and needle in line, line
    assert "example:" in line


# -- person remove ------------------------------------------------------------------------


def test_person_remove_keeps_history_and_reroutes(team) -> None:  # noqa: ANN001
    team("ask", "Logo final?", "--to", "bruno", user="carla")
    team("ask", "Fonts?", "--to", "bruno", user="carla")
    team("answer", "Q2", "Inter", user="carla")  # for bruno to review
    team("ask", "CSV?", "--to", "carla")
    team("block", "Deploy", "--owner", "bruno", "--on", "the vendor API")
    out = team("person", "remove", "bruno").stdout
    assert out.splitlines() == [
        "Ana removed Bruno Costa from the board (their records are kept); Q1, Q2 now go to Ana"
    ]
    assert list(people(team)) == ["ana", "carla"]
    questions = {q["id"]: q for q in team.json("list", "questions", "--all")}
    assert {k: q["to"] for k, q in questions.items()} == {"Q1": "ana", "Q2": "ana", "Q3": "carla"}
    assert questions["Q1"]["history"][-1]["action"] == "rerouted"
    assert questions["Q1"]["history"][-1]["to"] == "bruno"
    assert [q["id"] for q in team.json("review")] == ["Q2"]  # ana reviews it now
    # Their records still show their name.
    assert "Bruno Costa" in team("list", "blocked").stdout
    doc = stored_person(team, "bruno")
    assert doc["removed_at"] == WED_10 and doc["history"][-1]["action"] == "remove"


def test_nothing_is_routed_to_a_removed_person(team) -> None:  # noqa: ANN001
    team("person", "set", "ana", "--delegate", "bruno")
    team("away", "--until", "fri 17:00")
    team("ask", "Ship it?", user="carla")
    assert team.json("list", "questions")[0]["ask_now"] == "bruno"
    team("person", "remove", "bruno")
    [q] = team.json("list", "questions")
    assert q["to"] == "ana" and q["ask_now"] is None  # bruno is skipped, not asked
    for args in (
        ["ask", "x", "--to", "bruno"],
        ["block", "x", "--owner", "bruno"],
        ["away", "--delegate", "bruno"],
        ["block", "x", "--on", "bruno"],
        ["hours", "any", "--who", "bruno"],
        ["person", "set", "bruno", "--role", "eng"],
        ["person", "remove", "bruno"],
    ):
        assert "'bruno' was removed from the board" in team.fails(*args), args


def test_a_removed_login_can_be_added_again(team) -> None:  # noqa: ANN001
    team("person", "set", "ana", "--delegate", "bruno")
    team("person", "remove", "bruno")
    team("person", "add", "bruno", "--name", "Bruno", "--role", "eng")
    assert people(team)["bruno"]["name"] == "Bruno"
    doc = stored_person(team, "bruno")
    assert [h["action"] for h in doc["history"]] == ["remove", "add"]
    assert doc["history"][-1]["name"] == "Bruno Costa"  # the old values, kept
    assert len(json.loads(team.db.read_text())["people"]) == 3  # one record per login
    team("away", "--until", "fri 17:00")
    team("ask", "Again?", user="carla")
    assert team.json("list", "questions")[0]["ask_now"] == "bruno"


def test_removing_the_pm_hands_their_questions_to_the_next_pm(team) -> None:  # noqa: ANN001
    team("person", "add", "zoe", "--role", "pm")
    team("ask", "Budget?", user="carla")
    out = team("person", "remove", "ana").stdout
    assert "Q1 now goes to zoe" in out
    assert team.json("list", "questions")[0]["to"] == "zoe"
    assert team.json("status")["pm"]["login"] == "zoe"


# -- person add --delegate of someone added later --------------------------------------------


def test_delegate_may_be_added_later_and_is_skipped_until_then(cli) -> None:  # noqa: ANN001
    out = cli("person", "add", "ana", "--role", "pm", "--delegate", "bruno").stdout
    assert "bruno is not on the board yet" in out
    cli("away", "--until", "fri 17:00")
    cli("ask", "Who decides?", user="carla")
    assert cli.json("list", "questions")[0]["ask_now"] is None
    cli("person", "add", "bruno")
    assert cli.json("list", "questions")[0]["ask_now"] == "bruno"
    out = cli("person", "add", "carla", "--delegate", "brnuo").stdout  # a typo is pointed out
    assert "brnuo is not on the board yet (did you mean bruno?)" in out


def test_who_of_an_unknown_login_is_refused_but_your_own_is_fine(team) -> None:  # noqa: ANN001
    assert "'zed'" in team.fails("hours", "mon-fri 9-17", "--who", "zed")
    assert "'zed'" in team.fails("away", "--who", "zed")
    assert "'zed'" in team.fails("back", "--who", "zed")
    team("hours", "mon-fri 9-17", "--who", "dev", user="dev")  # the caller's own login
    assert "dev" in people(team)


# -- names as people say them -----------------------------------------------------------------


def test_every_option_that_names_a_person_takes_a_display_name(team) -> None:  # noqa: ANN001
    team("ask", "Colour?", "--to", "bruno costa")
    team("block", "Theme", "--owner", "CARLA", "--on", "Bruno Costa")
    team("away", "--who", "Ana", "--delegate", "BRUNO COSTA", "--until", "fri 17:00")
    team("hours", "mon-fri 09:00-17:00", "--who", "carla")
    [q] = team.json("list", "questions")
    assert q["to"] == "bruno"
    [item] = team.json("list", "blocked")
    assert (item["owner"], item["on"], item["on_kind"]) == ("carla", "bruno", "person")
    pm = team.json("status")["pm"]
    assert pm["status"] == "away" and pm["delegate"] == "bruno"
    assert team("back", "--who", "ANA").stdout.strip() == "Ana is back"


def test_on_that_names_nobody_is_free_text(team) -> None:  # noqa: ANN001
    team("block", "Billing", "--on", "the vendor API")
    [item] = team.json("list", "blocked")
    assert (item["on"], item["on_kind"]) == ("the vendor API", "text")


def test_ambiguous_names_are_refused_with_the_candidates(team) -> None:  # noqa: ANN001
    team("person", "add", "bcosta", "--name", "Bruno Costa")
    for args in (
        ["ask", "x", "--to", "bruno costa"],
        ["block", "x", "--on", "Bruno Costa"],
        ["away", "--delegate", "Bruno Costa"],
    ):
        line = team.fails(*args)
        assert "bruno (Bruno Costa)" in line and "bcosta (Bruno Costa)" in line, line
    team("ask", "x", "--to", "bruno")  # the login says which


def test_unknown_names_get_did_you_mean(team) -> None:  # noqa: ANN001
    line = team.fails("ask", "x", "--to", "brnuo")
    assert "did you mean bruno?" in line and "example: --to bruno" in line
    line = team.fails("block", "x", "--owner", "Carl")
    assert "did you mean carla?" in line
    assert "person add" not in team.fails("ask", "x", "--to", "Bruno Costs")
    assert "person add zed" in team.fails("ask", "x", "--to", "zed")  # nothing close


# -- refuse instead of losing ---------------------------------------------------------------


def test_one_way_with_fallback_is_refused(team) -> None:  # noqa: ANN001
    line = team.fails("ask", "Drop v1?", "--one-way", "--fallback", "keep it", "--by", "fri 5pm")
    assert "one-way door has no fallback" in line


@pytest.mark.parametrize(
    "on, shown",
    [("Q1", "Q1"), ("bruno", "bruno"), ("the vendor API", "“the vendor API”")],
)
def test_blocks_on_an_item_that_waits_on_something_is_refused(team, on, shown) -> None:  # noqa: ANN001
    team("ask", "First?")
    team("block", "Export", "--on", on)
    line = team.fails("ask", "Second?", "--blocks", "B1")
    assert f"B1 already waits on {shown}" in line
    assert "example: standup edit B1 --on Q2" in line
    assert team.json("list", "blocked")[0]["on"] == on  # kept, not replaced


def test_blocks_points_an_item_that_waits_on_nothing(team) -> None:  # noqa: ANN001
    team("block", "Export")
    q = team.json("ask", "CSV?", "--blocks", "B1", "--blocks", "b1")
    assert q["blocks"] == ["B1"]
    assert team.json("list", "blocked")[0]["on"] == "Q1"


# -- status --brief and away ------------------------------------------------------------------


def test_brief_a_question_to_you_and_an_item_blocked_on_you(team) -> None:  # noqa: ANN001
    team("ask", "Logo?", "--to", "carla", user="bruno")
    team("block", "Theme", "--on", "carla", user="bruno")
    team("block", "My own thing", "--on", "the vendor API", user="carla")
    for login in ("bruno", "carla"):  # they have looked: nothing new (tests/test_inbox.py)
        team("inbox", user=login)
    lines = team("status", "--brief", user="carla").stdout.splitlines()
    assert lines[0].startswith("PM: Ana — available")
    assert lines[1] == "Waiting on you: 1 question to answer (Q1); 1 item blocked on you (B1)"
    # bruno's own item waits on carla, not on him.
    assert team("status", "--brief", user="bruno").stdout.splitlines()[1] == (
        "Waiting on you: nothing"
    )


def test_brief_says_when_you_decide_for_the_pm(team) -> None:  # noqa: ANN001
    team("away", "--until", "tomorrow 9am", "--delegate", "Bruno Costa")
    team("ask", "Ship?", user="carla")
    for login in ("ana", "bruno", "carla"):  # they have looked: nothing new
        team("inbox", user=login)
    lines = team("status", "--brief", user="bruno").stdout.splitlines()
    assert lines[0].endswith(" · you decide for Ana now")  # the board's header, word for word
    assert lines[1] == "Waiting on you: 1 question to answer (Q1)"
    carla = team("status", "--brief", user="carla").stdout.splitlines()
    assert carla[0].endswith(" · ask Bruno Costa (available)")
    assert team("status", "--brief").stdout.splitlines()[1] == "Waiting on you: nothing"


def test_away_prints_when_in_words(team) -> None:  # noqa: ANN001
    out = team("away", "--until", "tomorrow 9am", "--delegate", "bruno").stdout
    # The line of the absence's event: absolute times in the person's own zone (the
    # line is kept in the log, where "in 23 h" would soon be wrong).
    assert out.strip() == (
        "Ana is away until Thu 26 Nov 09:00 (Europe/Lisbon); Bruno Costa decides meanwhile"
    )
    out = team("away", "--who", "carla", "--from", "14:00", "--until", "fri 12:00").stdout
    assert out.strip() == (
        "Carla is away from Wed 25 Nov 14:00 (Europe/Lisbon) until Fri 27 Nov 12:00 "
        "(Europe/Lisbon) (set by Ana)"
    )
    assert (
        team("away", "--who", "bruno").stdout.strip()
        == "Bruno Costa is away until back (set by Ana)"
    )


# -- the resolver, as a property ----------------------------------------------------------------

_LOGINS = st.sampled_from(["ana", "Ana", "bruno", "bcosta", "carla", "dev", "zoe"])
_NAMES = st.sampled_from(["Ana", "ana", "Bruno Costa", "bruno", "Carla", "Zoë", "Dev Patel"])


@settings(derandomize=True, max_examples=300, deadline=None)
@given(
    team=st.dictionaries(_LOGINS, _NAMES, min_size=1, max_size=6),
    pick=st.integers(min_value=0, max_value=5),
    said_as=st.sampled_from(["login", "name"]),
    case=st.sampled_from([str, str.upper, str.lower, str.title]),
)
def test_a_login_or_name_resolves_to_the_one_person_it_names(team, pick, said_as, case) -> None:  # noqa: ANN001
    from standup.board import Board
    from standup.errors import BadInput
    from standup.model import Person
    from standup.ops.common import Actor, known_person

    board = Board(people={login: Person(login=login, name=name) for login, name in team.items()})
    login, name = list(team.items())[pick % len(team)]
    value = case(login if said_as == "login" else name)
    named = [p for p, n in team.items() if value.casefold() in (p.casefold(), n.casefold())]
    try:
        got = known_person(board, Actor("someone-else", "os"), value, "--to")
    except BadInput as exc:
        # Refused only when the words name several people, and then all are listed.
        assert value not in team and len(named) > 1, exc.message
        assert all(f"{p} ({team[p]})" in exc.message for p in named)
    else:
        assert got == value if value in team else got in named and len(named) == 1
