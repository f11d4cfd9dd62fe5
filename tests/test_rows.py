"""One way to say each thing: the rows of :mod:`standup.rows`, and the CLI's line, the
board's row and the board's detail line of the same record saying the same.

Boards are real files written through :mod:`standup.ops` at a fixed clock; the property
test builds boards in memory (rows are pure functions of a board and a moment).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standup import ops, render, rows
from standup.board import Board
from standup.model import Absence, Person, Question
from standup.store import Store
from standup.view import BoardView, question_state

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # Wednesday; Lisbon is UTC+0 in winter
TZ = "Europe/Lisbon"


def actor(login: str) -> ops.Actor:
    return ops.Actor(login, "tester")


def ago(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


def read(store: Store, now: datetime = NOW) -> BoardView:
    snapshot = store.read()
    return BoardView(Board.load(snapshot, snapshot.revision), now, ZoneInfo(TZ))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """Ana (PM) away until tomorrow with Bruno Costa deciding; Carla. Q1 due today with a
    fallback, Q2 an overdue one-way door, Q3 to Carla with no needed-by; B1 on Q1, B2 on
    Carla, B3 on free text, B4 on nothing."""
    store = Store(tmp_path / "board.json")
    ana, bruno, carla = actor("ana"), actor("bruno"), actor("carla")
    ops.add_person(store, ana, "ana", name="Ana", role="pm", tz=TZ, delegate="bruno", now=ago(500))
    ops.add_person(store, ana, "bruno", name="Bruno Costa", role="lead", tz=TZ, now=ago(500))
    ops.add_person(store, ana, "carla", name="Carla", tz=TZ, now=ago(500))
    ops.away(store, ana, until="tomorrow 09:00", delegate="bruno", now=ago(1))
    ops.ask(store, carla, "CSV or PDF?", by="17:00", fallback="CSV first", now=ago(2))
    ops.ask(store, carla, "Drop v1?", by="in 1 hour", one_way=True, now=ago(3))
    ops.ask(store, bruno, "Logo final?", to="carla", now=ago(4))
    ops.block(store, carla, "Export button", on="Q1", now=ago(1.5))
    ops.block(store, bruno, "Theme", on="carla", now=ago(5))
    ops.block(store, bruno, "Billing", on="the bank's API team", note="ticket 42", now=ago(98))
    ops.block(store, carla, "Misc", now=ago(0.5))
    return store


def q_row(view: BoardView, key: str, me: str | None) -> rows.QuestionRow:
    return rows.question_row(view.questions[int(key[1:])], view, me)


def b_row(view: BoardView, key: str, me: str | None) -> rows.ItemRow:
    return rows.item_row(view.blocked[int(key[1:])], view, me)


# -- questions: deadlines and fallbacks ------------------------------------------------


def test_due_with_a_fallback(store: Store) -> None:
    row = q_row(read(store), "Q1", "carla")
    assert (row.key, row.status, row.age, row.text) == ("Q1", "open", "2h", "CSV or PDF?")
    assert row.needed_by == rows.Deadline(rows.DUE, "Wed 17:00 (in 7 h)", "today 17:00")
    assert row.needed_by.phrase == "needed by Wed 17:00 (in 7 h)"
    assert row.fallback == rows.Fallback(rows.FALLBACK, "CSV first")
    assert (row.fallback.cell, row.fallback.phrase) == ("CSV first", "fallback: CSV first")
    assert row.blocks == ("B1",) and row.blocks_phrase == "blocks B1"
    assert row.asked_phrase == "asked by you 2h ago"


def test_overdue_one_way_door(store: Store) -> None:
    row = q_row(read(store), "Q2", "carla")
    assert row.status == "open"  # a one-way door never falls back
    assert row.needed_by.kind == rows.OVERDUE and row.needed_by.short == "⚠ OVERDUE"
    assert row.needed_by.phrase == "⚠ OVERDUE — needed by Wed 08:00 (2 h ago)"
    assert row.fallback.kind == rows.ONE_WAY
    assert (row.fallback.cell, row.fallback.phrase) == (
        "one-way: none",
        "one-way door: never falls back",
    )


def test_no_deadline_no_fallback(store: Store) -> None:
    row = q_row(read(store), "Q3", None)
    assert row.needed_by == rows.Deadline(rows.NONE, "—", "—") and row.needed_by.phrase is None
    assert row.fallback.kind == rows.NONE
    assert (row.fallback.cell, row.fallback.phrase) == ("—", None)
    assert row.blocks_phrase is None


def test_a_fallback_past_its_needed_by_is_assumed(store: Store) -> None:
    row = q_row(read(store, NOW + timedelta(hours=8)), "Q1", None)
    assert (row.status, row.answer, row.needed_by.kind) == ("assumed", "CSV first", rows.DUE)
    assert not row.rerouted and row.ask_now_phrase is None  # closed: nobody is asked


def test_a_one_way_door_with_a_fallback_from_an_older_file_reads_one_way(store: Store) -> None:
    """Such a question never falls back, so the fallback is never shown as if it would
    (the board said "one-way: none" while ``list`` showed the fallback)."""
    view = read(store)
    q = msgspec.structs.replace(view.board.questions[2], fallback="keep v1")
    state = question_state(q, NOW, view.questions[2].route)
    row = rows.question_row(state, view)
    assert row.fallback == rows.Fallback(rows.ONE_WAY) and row.status == "open"
    line = render.question_line(state, view)
    assert "keep v1" not in line and "one-way door: never falls back" in line


# -- questions: who can answer now -------------------------------------------------------


def test_someone_else_answers_for_the_addressee(store: Store) -> None:
    row = q_row(read(store), "Q1", "carla")
    assert row.to == rows.Who(rows.PERSON, "ana", "Ana") and row.to_phrase == "to Ana"
    assert row.ask_now == rows.Who(rows.PERSON, "bruno", "Bruno Costa")
    assert (row.ask_now.text, row.ask_now.short) == ("Bruno Costa", "Bruno")
    assert row.rerouted and row.ask_now_phrase == "ask Bruno Costa now"


def test_you_answer_for_the_addressee(store: Store) -> None:
    row = q_row(read(store), "Q1", "bruno")
    assert row.ask_now == rows.Who(rows.YOU, "bruno", "you") and row.ask_now.short == "you"
    assert row.ask_now_phrase == "you can answer it now"


def test_to_you_while_you_are_away(store: Store) -> None:
    row = q_row(read(store), "Q1", "ana")
    assert row.to_phrase == "to you" and row.ask_now_phrase == "ask Bruno Costa now"


def test_the_addressee_answers_it_themselves(store: Store) -> None:
    for me, to in ((None, "Carla"), ("carla", "you")):
        row = q_row(read(store), "Q3", me)
        assert row.ask_now == row.to and row.to.text == to
        assert not row.rerouted and row.ask_now_phrase is None


def test_nobody_can_answer_now(store: Store) -> None:
    ops.away(store, actor("bruno"), until="tomorrow 09:00", now=ago(0.5))  # no one else
    row = q_row(read(store), "Q1", "carla")
    assert row.ask_now == rows.Who(rows.NOBODY) and row.ask_now.short == "nobody now"
    assert row.ask_now_phrase == "nobody can answer now"


def test_anyone_when_there_is_no_pm(tmp_path: Path) -> None:
    store = Store(tmp_path / "board.json")
    ops.add_person(store, actor("carla"), "carla", name="Carla", tz=TZ, now=ago(10))
    ops.ask(store, actor("carla"), "Anyone?", now=ago(1))
    row = q_row(read(store), "Q1", "carla")
    assert row.to == row.ask_now == rows.Who(rows.ANYONE)
    assert (row.to_phrase, row.ask_now.short, row.ask_now_phrase) == ("to anyone", "anyone", None)


# -- blocked items ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, me, kind, cell, phrase",
    [
        ("B1", None, rows.QUESTION, "Q1", "waits on Q1"),
        ("B2", None, rows.PERSON, "Carla", "waits on Carla"),
        ("B2", "carla", rows.YOU, "you", "waits on you"),
        ("B3", None, rows.TEXT, "the bank's API team", "waits on the bank's API team"),
        ("B4", None, rows.NONE, "—", "waits on nothing named"),
    ],
    ids=["question", "person", "you", "text", "nothing"],
)
def test_what_an_item_waits_on(store: Store, key, me, kind, cell, phrase) -> None:  # noqa: ANN001
    on = b_row(read(store), key, me).on
    assert (on.kind, on.cell, on.phrase) == (kind, cell, phrase)


def test_whose_an_item_is(store: Store) -> None:
    view = read(store)
    mine, theirs = b_row(view, "B1", "carla"), b_row(view, "B3", "carla")
    assert (mine.owner.kind, mine.owner.short, mine.owner_phrase) == (rows.YOU, "you", "yours")
    assert (theirs.owner.short, theirs.owner_phrase) == ("Bruno", "Bruno Costa's")
    assert theirs.blocked_phrase == "Bruno Costa's, blocked 4d (since Sat 08:00 (4 d ago))"
    assert theirs.note == "ticket 42" and mine.note is None


# -- the PM's line -----------------------------------------------------------------------


def test_the_pm_line_says_you_decide(store: Store) -> None:
    view = read(store)
    start = "PM: Ana — away until Thu 09:00 (in 23 h)"
    assert rows.pm_line(view) == f"{start} · ask Bruno Costa (available)"
    assert rows.pm_line(view, "carla") == rows.pm_line(view)
    assert rows.pm_line(view, "bruno") == f"{start} · you decide for Ana now"
    ops.back(store, actor("ana"), now=NOW)
    assert rows.pm_line(read(store), "bruno") == "PM: Ana — available"


def test_the_pm_line_when_nobody_can_decide(store: Store) -> None:
    ops.away(store, actor("bruno"), until="thu 15:00", now=ago(0.5))
    line = rows.pm_line(read(store), "bruno")
    assert line.endswith(" · nobody can decide until Thu 09:00 (in 23 h)")


def test_user_text_is_one_clean_line(tmp_path: Path) -> None:
    store = Store(tmp_path / "board.json")
    ops.add_person(store, actor("a"), "ana", name="Ana\x1b]52;c;eA==\x07 X", role="pm", now=ago(9))
    ops.ask(store, actor("a"), "Q\x1b[2Jone\ntwo", fallback="f\rb", now=ago(1))
    ops.block(store, actor("a"), "T\x1b[31mitle", on="the\x9b vendor", now=ago(1))
    view = read(store)
    q, b = q_row(view, "Q1", None), b_row(view, "B1", None)
    said = [q.text, q.to.text, q.to.short, q.fallback.cell, b.title, b.on.cell, b.owner.text]
    said += [render.question_line(view.questions[1], view), render.item_line(view.blocked[1], view)]
    for text in said:
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", text), repr(text)


# -- the CLI's line and the board's row say the same -------------------------------------


def plain_row(s, view: BoardView, me: str | None) -> list[str]:  # noqa: ANN001
    from standup.ui.widgets.questions import question_row

    return [text for text, _style in question_row(s, view, me)[1]]


def plain_detail(s, view: BoardView, me: str | None) -> str:  # noqa: ANN001
    from standup.ui.widgets.detail import question_detail

    return question_detail(s, view, me).plain


def assert_same_facts(s, view: BoardView, me: str | None) -> None:  # noqa: ANN001
    """The facts of an open question in ``standup list``'s line, in the board's row and in
    the board's detail line: each built by its own front, from the same row."""
    line = render.question_line(s, view, me)
    key, age, ask, by, text, fallback = plain_row(s, view, me)
    detail = plain_detail(s, view, me)
    assert line.startswith(key) and detail.startswith(key) and key == s.q.key
    assert f" {age} " in line and f"{age} ago" in detail
    # who can answer now: the board's cell is the first word of what the CLI says
    row = rows.question_row(s, view, me)
    if row.rerouted:
        assert f"({row.ask_now_phrase})" in line and row.ask_now_phrase in detail
    else:
        assert f"to {row.ask_now.text}" in line and f"to {row.ask_now.text}" in detail
    if row.ask_now.kind in (rows.PERSON, rows.YOU):
        assert row.ask_now.text.startswith(ask) and ask in line
    else:
        assert row.ask_now.kind in ask and row.ask_now.kind in line  # anyone / nobody
    # needed by
    if s.q.needed_by is None:
        assert by == "—" and "needed by" not in line and "needed by" not in detail
    else:
        phrase = row.needed_by.phrase
        assert phrase in line and phrase in detail
        assert ("⚠ OVERDUE" in by) == ("⚠ OVERDUE" in line) == s.overdue
        assert s.overdue or by[-5:] == s.q.needed_by.astimezone(view.tz).strftime("%H:%M")
    # the text, and what happens if nobody answers
    assert text == row.text and f"“{text}”" in line and detail.endswith(text)
    if not s.q.reversible:
        assert fallback == "one-way: none" and "one-way door" in line and "one-way door" in detail
        assert "fallback:" not in line
    elif s.q.fallback:
        assert f"fallback: {fallback}" in line and f"fallback: {fallback}" in detail
    else:
        assert fallback == "—" and "fallback" not in line and "fallback" not in detail


@pytest.mark.parametrize("me", [None, "ana", "bruno", "carla"])
def test_the_cli_line_and_the_board_row_carry_the_same_facts(store: Store, me) -> None:  # noqa: ANN001
    view = read(store)
    assert len(view.open_questions) == 3
    for s in view.open_questions:
        assert_same_facts(s, view, me)


def test_the_cli_and_the_board_say_the_same_of_an_item(store: Store) -> None:
    from standup.ui.widgets.blocked import item_row
    from standup.ui.widgets.detail import item_detail

    view = read(store)
    for me in (None, "bruno", "carla"):
        for s in view.blocked_items:
            row = rows.item_row(s, view, me)
            line = render.item_line(s, view, me)
            _age, key, owner, on, title = [text for text, _style in item_row(s, view, me)[1]]
            detail = item_detail(s, view, me).plain
            assert line.startswith(key) and detail.startswith(key)
            assert row.owner.text.startswith(owner) and f"  {row.owner.text}  " in line
            assert detail.startswith(f"{key} · {'yours' if owner == 'you' else row.owner.text}")
            assert f"  on {on}  " in line and row.on.phrase in detail
            assert f"“{title}”" in line and detail.endswith(title)


# -- a property: any question, any reader ------------------------------------------------

PEOPLE = ("ana", "bruno", "carla")
NAMES = st.sampled_from(["Ana", "Bruno Costa", "  spaced  name ", "[b]not markup[/b]", "ä ö"])


@st.composite
def boards(draw: st.DrawFn) -> tuple[BoardView, str | None]:
    names = {login: draw(NAMES) for login in PEOPLE}
    delegate = draw(st.sampled_from([None, "bruno", "carla"]))
    people = {
        login: Person(login, names[login], role="pm" if login == "ana" else "eng", tz=TZ)
        for login in PEOPLE
    }
    people["ana"] = msgspec.structs.replace(people["ana"], delegate=delegate)
    absences = {}
    for n, login in enumerate(PEOPLE):
        if draw(st.booleans()):
            end = draw(st.sampled_from([None, NOW + timedelta(hours=5)]))
            absences[login] = [Absence(id=n + 1, who=login, start=ago(1), end=end)]
    questions = {}
    for qid in range(1, draw(st.integers(1, 4)) + 1):
        one_way = draw(st.booleans())
        questions[qid] = Question(
            id=qid,
            text=draw(st.sampled_from(["Ship it?", "CSV or PDF?", "a [red]b[/red] c"])),
            asked_by=draw(st.sampled_from(PEOPLE)),
            asked_at=ago(draw(st.integers(0, 400))),
            to=draw(st.sampled_from([None, *PEOPLE])),
            needed_by=draw(st.sampled_from([None, ago(2), NOW + timedelta(hours=3)])),
            fallback=draw(st.sampled_from([None, "CSV first"])),
            reversible=not one_way,
        )
    board = Board(people=people, absences=absences, questions=questions)
    return BoardView(board, NOW, ZoneInfo(TZ)), draw(st.sampled_from([None, *PEOPLE]))


@settings(derandomize=True, max_examples=150, deadline=None)
@given(boards())
def test_any_open_question_reads_the_same_on_both_fronts(drawn) -> None:  # noqa: ANN001
    view, me = drawn
    for s in view.open_questions:
        assert_same_facts(s, view, me)


# -- the installed command says "you" as the board does ---------------------------------


def test_the_cli_says_you(cli) -> None:  # noqa: ANN001
    cli("person", "add", "ana", "--name", "Ana", "--role", "pm", "--delegate", "bruno")
    cli("person", "add", "bruno", "--name", "Bruno Costa", "--role", "lead")
    cli("away", "--until", "tomorrow 9am")
    cli("ask", "Ship?", "--by", "17:00", "--fallback", "not yet", user="carla")
    cli("block", "Theme", "--on", "bruno", user="carla")
    assert cli("list", "questions", user="bruno").stdout.strip() == (
        "Q1    open         0s  to Ana  (you can answer it now)"
        "  needed by Wed 17:00 (in 7 h)  “Ship?”  fallback: not yet"
    )
    assert "(ask Bruno Costa now)" in cli("list", "questions", user="carla").stdout
    assert cli("list", "blocked", user="bruno").stdout.strip() == (
        "B1    blocked      0s  carla  on you  “Theme”"
    )
    status = cli("status", user="bruno").stdout
    assert status.splitlines()[0].endswith(" · you decide for Ana now")
    assert (
        "B1    blocked      0s  you  on Bruno Costa  “Theme”" in cli("status", user="carla").stdout
    )
