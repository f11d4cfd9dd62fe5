"""The decision round's core (issue 10, item 5): its agenda, and its four outcomes — each
changes the stored question exactly as the CLI command it stands for does (the same
board copied, the command run on the copy by the installed ``standup``), records the
decision in the running stand-up in the same transaction, and a refusal writes nothing.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from standup import ops
from standup.board import Board
from standup.decisions import agenda, delegate_now
from standup.errors import BadInput, DamagedRecord
from standup.model import ASSUMED, OPEN, Question
from standup.records import Standup
from standup.store import Store
from standup.view import BoardView, question_state
from tests.conftest import Cli

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # the suite's clock (tests/conftest.py)
TZ = "Europe/Lisbon"
OS_LOGIN = ops.Actor.from_env("ana").os_login  # what the installed command records


def actor(login: str) -> ops.Actor:
    return ops.Actor(login, OS_LOGIN)


def ago(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


def seed(store: Store) -> None:
    """Ana (PM) away until tomorrow with Bruno deciding; Q1 (a fallback) blocks one item,
    Q2 is a one-way door, Q3 (no fallback) blocks two, Q4 is Bruno's own; S1 runs."""
    ana, bruno, carla = actor("ana"), actor("bruno"), actor("carla")
    ops.add_person(store, ana, "ana", name="Ana", role="pm", tz=TZ, delegate="bruno", now=ago(99))
    ops.add_person(store, ana, "bruno", name="Bruno", role="lead", tz=TZ, now=ago(99))
    ops.add_person(store, ana, "carla", name="Carla", role="eng", tz=TZ, now=ago(99))
    ops.away(store, ana, until="tomorrow 09:00", delegate="bruno", now=ago(5))
    ops.ask(store, carla, "Which export first?", by="17:00", fallback="CSV first", now=ago(2))
    ops.ask(store, bruno, "Drop the 2019 format?", one_way=True, by="17:00", now=ago(3))
    ops.ask(store, carla, "Dark mode now?", by="17:00", now=ago(1))
    ops.ask(store, carla, "Who reviews the PR?", to="bruno", now=ago(4))
    ops.block(store, carla, "Export button", on="Q1", now=ago(1))
    ops.block(store, carla, "Theme switch", on="Q3", now=ago(1))
    ops.block(store, bruno, "Docs", on="Q3", now=ago(1))
    start_standup(store)


def start_standup(store: Store, *, ended: bool = False) -> int:
    """A stand-up as the meeting stores it: running, or ended."""
    with store.transaction() as tx:
        sid = tx.next_id("S")
        standup = Standup(
            id=sid,
            date="2026-11-25",
            started_at=NOW - timedelta(minutes=5),
            facilitator="carla",
            ended_at=NOW if ended else None,
            order=["carla", "bruno"],
        )
        tx.insert("standups", standup.to_doc(), sid)
    return sid


@pytest.fixture
def board(db: Path) -> Store:
    store = Store(db)
    seed(store)
    return store


def read(path: Path) -> dict:
    return json.loads(path.read_bytes())


def twin(board: Store, cli: Cli, tmp_path: Path) -> Cli:
    """The installed ``standup`` on a copy of ``board``."""
    copy = tmp_path / "twin" / "board.json"
    copy.parent.mkdir()
    shutil.copy(board.path, copy)
    return Cli({**cli.env, "STANDUP_DB": str(copy)}, copy)


def new_events(before: dict, after: dict) -> list[dict]:
    return [e for k, e in after["events"].items() if k not in before["events"]]


def decisions(path: Path, sid: int = 1) -> list[dict]:
    """The stand-up's decisions, each checked to carry who really typed it."""
    found = read(path)["standups"][str(sid)].get("decisions", [])
    assert all(d.pop("os_login") == OS_LOGIN for d in found), found
    return found


# -- the agenda --------------------------------------------------------------------------


def test_the_agenda_puts_what_blocks_most_first_then_the_oldest(board: Store) -> None:
    ana = actor("ana")
    ops.add_person(board, ana, "dora", name="Dora", tz=TZ, delegate="ana", now=ago(99))
    ops.away(board, ana, who="dora", until="tomorrow 09:00", now=ago(5))
    ops.ask(board, actor("carla"), "Rename the app?", to="dora", now=ago(6))  # routed via Ana
    ops.ask(board, actor("carla"), "Answered already?", now=ago(9))
    ops.answer(board, ana, "Q6", "yes", now=ago(8))
    view = BoardView(Board.load(board.read()), NOW, UTC)
    keys = [s.q.key for s in agenda(view)]
    # Q3 blocks two, Q1 one; then by age: Q5 (6 h, to Dora, whose chain reaches Ana),
    # Q2 (3 h). Q4 is Bruno's own question, Q6 is answered.
    assert keys == ["Q3", "Q1", "Q5", "Q2"]
    assert delegate_now(view.board, NOW) == "bruno"


def test_on_a_board_without_a_pm_the_round_takes_questions_asked_of_nobody(db: Path) -> None:
    store = Store(db)
    bo = actor("bo")
    ops.add_person(store, bo, "bo", name="Bo", tz=TZ, now=ago(9))
    ops.ask(store, bo, "Asked of the team?", now=ago(2))
    ops.ask(store, bo, "Asked of Bo?", to="bo", now=ago(1))
    view = BoardView(Board.load(store.read()), NOW, UTC)
    assert [s.q.key for s in agenda(view)] == ["Q1"]
    with pytest.raises(BadInput, match="no PM on this board"):
        ops.decide_delegate(store, bo, "Q1", now=NOW)


# -- each outcome, as the CLI would ------------------------------------------------------


def test_answer_is_standup_answer(board: Store, cli: Cli, tmp_path: Path) -> None:
    other = twin(board, cli, tmp_path)
    before = read(board.path)
    done = ops.decide_answer(board, actor("bruno"), "Q1", "PDF first", standup="S1", now=NOW)
    other("answer", "Q1", "PDF first", user="bruno")
    mine, theirs = read(board.path), read(other.db)
    assert mine["questions"] == theirs["questions"]
    assert mine["questions"]["1"]["status"] == "answered"
    assert new_events(before, mine) == new_events(before, theirs) != []
    assert [e.kind for e in done.events] == ["answered"]
    assert decisions(board.path) == [{"question": "Q1", "outcome": "answered", "by": "bruno"}]


def test_assume_is_a_needed_by_of_now(board: Store, cli: Cli, tmp_path: Path) -> None:
    """``edit --by`` refuses a time that is not ahead, so the CLI's twin moves the
    needed-by to 10:01 at 10:00, and the round takes the fallback at 10:01: the stored
    question is the same but for when the edit was made, and both read assumed then."""
    later = NOW + timedelta(minutes=1)
    other = twin(board, cli, tmp_path)
    before = read(board.path)
    ops.decide_assume(board, actor("bruno"), "Q1", standup="S1", now=later)
    other("edit", "Q1", "--by", "10:01", user="bruno")
    mine, theirs = read(board.path), read(other.db)
    q_mine, q_theirs = mine["questions"]["1"], theirs["questions"]["1"]
    assert q_mine["history"][-1].pop("at") == later.isoformat()
    assert q_theirs["history"][-1].pop("at") == NOW.isoformat()
    assert q_mine == q_theirs
    assert q_mine["needed_by"] == later.isoformat() and q_mine["status"] == OPEN  # derived
    for doc in (q_mine, q_theirs):
        state = question_state(Question.from_doc(doc, 1), later)
        assert (state.status, state.answer, state.answered_at) == (ASSUMED, "CSV first", later)
    [e_mine], [e_theirs] = new_events(before, mine), new_events(before, theirs)
    assert e_mine.pop("at") == later.isoformat() and e_theirs.pop("at") == NOW.isoformat()
    assert e_mine == e_theirs and e_mine["kind"] == "edited"
    assert decisions(board.path) == [{"question": "Q1", "outcome": "assumed", "by": "bruno"}]


def test_delegate_is_standup_edit_to_the_delegate(board: Store, cli: Cli, tmp_path: Path) -> None:
    other = twin(board, cli, tmp_path)
    before = read(board.path)
    ops.decide_delegate(board, actor("carla"), "Q3", standup="S1", now=NOW)
    other("edit", "Q3", "--to", "bruno", user="carla")
    mine, theirs = read(board.path), read(other.db)
    assert mine["questions"] == theirs["questions"]
    assert mine["questions"]["3"]["to"] == "bruno"
    assert new_events(before, mine) == new_events(before, theirs) != []
    assert decisions(board.path) == [{"question": "Q3", "outcome": "delegated", "by": "carla"}]


def test_park_leaves_the_question_as_it_is(board: Store) -> None:
    before = read(board.path)
    untouched = board.path.read_bytes()
    done = ops.decide_park(board, actor("carla"), "Q2", now=NOW)  # no stand-up: no write
    assert board.path.read_bytes() == untouched and not done.changed
    ops.decide_park(board, actor("carla"), "Q2", standup="S1", now=NOW)
    after = read(board.path)
    assert after["questions"] == before["questions"]
    [event] = new_events(before, after)
    assert (event["kind"], event["ref"], event["by"]) == ("parked", "Q2", "carla")
    assert decisions(board.path) == [{"question": "Q2", "outcome": "parked", "by": "carla"}]


# -- refusals write nothing --------------------------------------------------------------


@pytest.mark.parametrize(
    "op, qid, said",
    [
        (ops.decide_assume, "Q3", "no fallback"),
        (ops.decide_assume, "Q2", "one-way door"),
        (ops.decide_park, "Q9", "no question Q9"),
    ],
)
def test_refused_outcomes_write_nothing(board: Store, op, qid: str, said: str) -> None:  # noqa: ANN001
    before = board.path.read_bytes()
    with pytest.raises(BadInput, match=said) as refused:
        op(board, actor("carla"), qid, standup="S1", now=NOW)
    assert "\n" not in refused.value.line() and refused.value.example
    assert board.path.read_bytes() == before


def test_a_reopened_question_does_not_fall_back_now_either(board: Store) -> None:
    ops.answer(board, actor("bruno"), "Q1", "PDF", now=NOW)
    ops.review(board, actor("ana"), "Q1", "reopen", now=NOW)
    before = board.path.read_bytes()
    with pytest.raises(BadInput, match="reopened"):
        ops.decide_assume(board, actor("carla"), "Q1", now=NOW)
    assert board.path.read_bytes() == before


def test_no_delegate_no_handing_on(board: Store) -> None:
    ana = actor("ana")
    ops.back(board, ana, now=NOW)  # the absence's delegate goes with it
    ops.set_person(board, ana, "ana", delegate="none", now=NOW)
    before = board.path.read_bytes()
    with pytest.raises(BadInput, match="Ana has no delegate"):
        ops.decide_delegate(board, actor("carla"), "Q3", standup="S1", now=NOW)
    assert board.path.read_bytes() == before


@pytest.mark.parametrize("standup, said", [("S9", "no stand-up S9"), ("S2", "has ended")])
def test_a_decision_needs_a_running_standup(board: Store, standup: str, said: str) -> None:
    start_standup(board, ended=True)  # S2
    before = board.path.read_bytes()
    with pytest.raises(BadInput, match=said):
        ops.decide_answer(board, actor("bruno"), "Q1", "PDF", standup=standup, now=NOW)
    assert board.path.read_bytes() == before  # the answer itself was not written either


# -- the invariant -----------------------------------------------------------------------

OUTCOMES = {
    "answered": lambda s, a, q: ops.decide_answer(s, a, q, "go", standup="S1", now=NOW),
    "assumed": lambda s, a, q: ops.decide_assume(s, a, q, standup="S1", now=NOW),
    "parked": lambda s, a, q: ops.decide_park(s, a, q, standup="S1", now=NOW),
    "delegated": lambda s, a, q: ops.decide_delegate(s, a, q, standup="S1", now=NOW),
}


@settings(
    derandomize=True,
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(sorted(OUTCOMES)), st.sampled_from(["Q1", "Q2", "Q3", "Q4"])),
        max_size=6,
    )
)
def test_the_standup_records_exactly_the_outcomes_taken(tmp_path_factory, steps) -> None:  # noqa: ANN001
    """Whatever is tried in whatever order, each outcome either is taken — and recorded
    once, in order — or refused with nothing written."""
    store = Store(tmp_path_factory.mktemp("round") / "board.json")
    seed(store)
    taken = []
    for outcome, qid in steps:
        before = store.path.read_bytes()
        try:
            OUTCOMES[outcome](store, actor("bruno"), qid)
        except BadInput:
            assert store.path.read_bytes() == before
        else:
            taken.append({"question": qid, "outcome": outcome, "by": "bruno"})
    assert decisions(store.path) == taken


def test_a_damaged_standup_is_named_and_nothing_is_written(board: Store) -> None:
    with board.transaction() as tx:
        tx.update("standups", 1, {"date": "last tuesday"})
    before = board.path.read_bytes()
    with pytest.raises(DamagedRecord, match="S1 on the board is damaged") as refused:
        ops.decide_park(board, actor("carla"), "Q1", standup="S1", now=NOW)
    assert "\n" not in refused.value.line()
    assert board.path.read_bytes() == before
