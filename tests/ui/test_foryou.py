"""For you: what waits on the person at this board, at the top of it — each kind of line
(a question to answer now, as addressee or as delegate; an answer or a fallback to
review; an item blocked on you; the inbox's news through the hook), hidden when nothing
waits, following other processes' writes, user text shown literally — and its snapshots.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.content import Content

from standup import ops
from standup.ui.widgets.foryou import MAX_LINES, TALL, TALL_LINES, ForYouSection, fitted

from .conftest import NOW, actor, hours_ago, loaded, screen_text, wait_for, workers_done
from .test_snapshots import after


def box(app) -> ForYouSection:  # noqa: ANN001
    return app.board_screen.query_one("#foryou", ForYouSection)


def lines(app) -> list[str]:  # noqa: ANN001
    """The box's lines as drawn (plain text), or none when it is hidden."""
    section = box(app)
    if not section.display or not section.has_class("-shown"):
        return []
    return str(section.render()).splitlines()


def looked(store, login: str):  # noqa: ANN001, ANN201
    """``login`` has seen everything in their inbox (these tests are about what waits on
    them; the inbox's news has its own tests below). Returns the store."""
    from standup import events

    new = events.inbox(store.read(lazy=True), login, NOW)
    events.mark_seen(store, login, [e.key for e in new])
    return store


def seed_for_bruno(store) -> None:  # noqa: ANN001
    """Bruno decides for Ana (away): Q2 is his as delegate (overdue); Carla asks him Q3
    directly and waits on him in person for B3."""
    from .conftest import seed_team

    seed_team(store)
    ops.ask(
        store, actor("carla"), "Is the staging DB safe to reset?", to="bruno", by="17:00",
        now=hours_ago(1),
    )  # fmt: skip
    ops.block(store, actor("carla"), "Code review of the export", on="bruno", now=hours_ago(0.5))


async def test_hidden_when_nothing_waits_on_you(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(
        looked(seeded, "carla"), user="carla"
    )  # Carla: nothing routed to her, nothing on her
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert not box(app).has_class("-shown")
        assert box(app).region.height == 0  # not laid out: the board is as it was
        assert "For you" not in screen_text(app)


async def test_questions_to_answer_as_addressee_and_as_delegate(store, make_app) -> None:  # noqa: ANN001
    seed_for_bruno(store)
    app = make_app(looked(store, "bruno"), user="bruno")
    async with app.run_test(size=(140, 40)) as pilot:
        await loaded(pilot)
        shown = lines(app)
        # overdue first, then oldest first; a delegate's line says for whom
        assert shown[0].startswith("Q2 · answer for Ana (you decide for them now) · ⚠ OVERDUE")
        assert shown[0].endswith("Can we drop the 2019 file format?")
        assert shown[1] == (
            "Q1 · answer for Ana (you decide for them now) · by today 17:00 · "
            "Which export format do we ship first?"
        )
        assert shown[2] == "Q3 · answer · by today 17:00 · Is the staging DB safe to reset?"
        assert box(app).border_title == Content("For you (4)")
        assert "For you (4)" in screen_text(app)


async def test_an_item_blocked_on_you(store, make_app) -> None:  # noqa: ANN001
    seed_for_bruno(store)
    app = make_app(looked(store, "bruno"), user="bruno")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert lines(app)[3] == "B3 · waits on you · Carla: Code review of the export"
    app = make_app(looked(store, "carla"), user="carla")  # the owner: it waits on Bruno, not on her
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        assert lines(app) == []


@pytest.mark.parametrize("decided", ["answered", "assumed"])
async def test_an_answer_or_a_fallback_to_review(seeded, make_app, decided) -> None:  # noqa: ANN001
    if decided == "answered":
        ops.answer(seeded, actor("bruno"), "Q1", "CSV only", now=NOW)
        clock, expected = (lambda: NOW), "Q1 · review · Bruno answered: CSV only"
    else:  # Q1 falls back at 17:00: the board reads it assumed from then on
        later = NOW + timedelta(hours=8)
        clock, expected = (lambda: later), "Q1 · review · fallback taken: CSV first, PDF next"
    app = make_app(looked(seeded, "ana"), user="ana", clock=clock)
    async with app.run_test(size=(140, 30)) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: app.screen is not app.board_screen)  # the briefing
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.board_screen)
        review = [line for line in lines(app) if line.startswith("Q1")]
        assert review and review[0].startswith(expected), lines(app)
        assert review[0].endswith("(v reviews it)")
    for other in ("bruno", "carla"):  # nobody else reviews Ana's answers
        app = make_app(looked(seeded, other), user=other, clock=clock)
        async with app.run_test(size=(140, 30)) as pilot:
            await loaded(pilot)
            waiting = [line for line in lines(app) if not line.startswith("new")]
            assert not [line for line in waiting if "review" in line]


async def test_it_follows_another_process_writing(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(looked(seeded, "carla"), user="carla")
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        assert lines(app) == []
        ops.ask(seeded, actor("bruno"), "Ship on Friday?", to="carla", now=NOW)
        await wait_for(pilot, lambda: len(lines(app)) == 2)  # waits on her, and the news
        assert lines(app) == [
            "Q3 · answer · Ship on Friday?",
            "new · Bruno asked Q3 “Ship on Friday?” of Carla",
        ]
        ops.answer(seeded, actor("carla"), "Q3", "yes", now=NOW)
        await wait_for(pilot, lambda: not lines(app)[0].startswith("Q3"))
        assert lines(app) == ["new · Bruno asked Q3 “Ship on Friday?” of Carla"]  # kept


async def test_user_text_is_shown_literally(seeded, make_app) -> None:  # noqa: ANN001
    hostile = "[@click=app.quit]Go?[/] [bold]x\x1b]52;c;aGk=\x07"
    ops.ask(seeded, actor("bruno"), hostile, to="carla", now=NOW)
    app = make_app(looked(seeded, "carla"), user="carla")
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        (line,) = lines(app)
        assert line == "Q3 · answer · [@click=app.quit]Go?[/] [bold]x]52;c;aGk="
        assert app.is_running


async def test_the_inbox_hook_adds_lines(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(looked(seeded, "carla"), user="carla")
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        box(app).show_news(["Q1 answered by Bruno: [b]CSV[/b]"])
        await pilot.pause()
        assert lines(app) == ["new · Q1 answered by Bruno: [b]CSV[/b]"]
        box(app).show_news([])
        await pilot.pause()
        assert not box(app).has_class("-shown")


async def test_more_than_fit_are_counted(store, make_app) -> None:  # noqa: ANN001
    from .conftest import seed_team

    seed_team(store)
    for n in range(5):
        ops.ask(store, actor("bruno"), f"carla question {n}", to="carla", now=hours_ago(5 - n))
    app = make_app(looked(store, "carla"), user="carla")
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        shown = lines(app)
        assert len(shown) == MAX_LINES
        assert shown[-1] == f"… and {5 - MAX_LINES + 1} more"
        assert box(app).border_title == Content("For you (5)")
    for n in range(5, 10):
        ops.ask(store, actor("bruno"), f"carla question {n}", to="carla", now=hours_ago(1))
    app = make_app(looked(store, "carla"), user="carla")
    async with app.run_test(size=(120, TALL)) as pilot:  # a tall screen shows more
        await loaded(pilot)
        shown = lines(app)
        assert len(shown) == TALL_LINES
        assert shown[-1] == f"… and {10 - TALL_LINES + 1} more"


@settings(derandomize=True, max_examples=200)
@given(st.integers(0, 30), st.integers(1, 8))
def test_fitted_keeps_room_and_counts_the_rest(count: int, room: int) -> None:
    every = [Content(f"line {n}") for n in range(count)]
    made: list[int] = []  # which lines were made: only those shown

    def maker(n: int) -> Callable[[], Content]:
        return lambda: made.append(n) or every[n]

    shown = fitted([maker(n) for n in range(count)], room)
    assert len(shown) == min(count, room)
    if count <= room:
        assert shown == every and made == list(range(count))
    else:  # the lines shown and the ones counted add up to all of them
        assert shown[: room - 1] == every[: room - 1] and made == list(range(room - 1))
        assert str(shown[-1]) == f"… and {count - room + 1} more"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_for_you(store, make_app, snap_compare, size) -> None:  # noqa: ANN001
    seed_for_bruno(store)
    assert snap_compare(
        make_app(looked(store, "bruno"), user="bruno"), terminal_size=size, run_before=after()
    )


async def test_a_taller_wider_screen_shows_more(store, make_app) -> None:  # noqa: ANN001
    seed_for_bruno(store)  # four lines for Bruno
    app = make_app(looked(store, "bruno"), user="bruno")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert len(lines(app)) == MAX_LINES
        await pilot.resize_terminal(130, TALL)
        await wait_for(pilot, lambda: len(lines(app)) == 4)
        assert lines(app)[-1] == "B3 · waits on you · Carla: Code review of the export"


async def test_what_is_new_in_the_inbox_shows_and_is_then_seen(seeded, make_app) -> None:  # noqa: ANN001
    """Opening the board is looking: what is new for Carla (her question answered while
    her board was closed) shows in For you, and `standup inbox` has nothing new after;
    a write by another process while the board is open joins it."""
    from standup import events

    ops.answer(seeded, actor("bruno"), "Q1", "CSV first", now=hours_ago(0.5))
    new = events.inbox(seeded.read(lazy=True), "carla", NOW)
    assert "answered" in [e.kind for e in new]  # (and "Ana added Carla to the board")
    app = make_app(seeded, user="carla")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        drawn = lines(app)
        assert any(line.startswith("new") and "answered Q1" in line for line in drawn), drawn
        seen = events.seen_marks(seeded, "carla")
        assert events.inbox(seeded.read(lazy=True), "carla", NOW, seen=seen) == []
        ops.withdraw(seeded, actor("bruno"), "Q2", now=NOW)  # not Carla's: no news
        ops.ask(seeded, actor("bruno"), "Ship on Friday?", to="carla", now=NOW)  # hers
        await wait_for(pilot, lambda: any("Ship on Friday?" in line for line in lines(app)))
        assert not any("Q2" in line and line.startswith("new") for line in lines(app))


async def test_a_read_only_board_neither_shows_nor_marks_the_inbox(seeded, make_app) -> None:  # noqa: ANN001
    from standup import events

    ops.answer(seeded, actor("bruno"), "Q1", "CSV first", now=hours_ago(0.5))
    app = make_app(seeded, user="carla", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert not any(line.startswith("new") for line in lines(app))
    assert events.seen_marks(seeded, "carla") == set()


@pytest.mark.parametrize("held_in", ["mark_seen", "inbox"])
async def test_news_a_replaced_look_marked_seen_still_shows_once(
    seeded, make_app, monkeypatch: pytest.MonkeyPatch, held_in: str
) -> None:  # noqa: ANN001
    """Each reload starts a look at the inbox that replaces one in flight, whose thread
    runs on. The first look is held (``mark_seen``) right after it marked Carla's news
    seen, or (``inbox``) after it read them as new but before marking them; a reload
    replaces it; then it goes on. Its news must still show (the newer look finds them
    seen), and only once (the newer look must not read them as new meanwhile)."""
    import asyncio
    import threading
    import time

    from standup import events

    ops.answer(seeded, actor("bruno"), "Q1", "CSV first", now=hours_ago(0.5))
    reached, go = threading.Event(), threading.Event()
    step = getattr(events, held_in)

    def held(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        out = step(*args, **kwargs)
        if not reached.is_set():
            reached.set()
            go.wait(30)
        return out

    monkeypatch.setattr(events, held_in, held)
    app = make_app(seeded, user="carla")
    async with app.run_test(size=(120, 40)) as pilot:
        # not wait_for: it would wait on the held worker
        assert await asyncio.to_thread(reached.wait, 30)
        first = next(w for w in app.workers if w.group == "inbox")
        app.reload()  # its look replaces the held one
        deadline = time.monotonic() + 30  # bounds a hang; it times nothing
        while not first.is_cancelled and time.monotonic() < deadline:
            await asyncio.sleep(0.01)  # the reload's look starts once its read is in
        assert first.is_cancelled
        go.set()
        await loaded(pilot)
        await wait_for(pilot, lambda: any("answered Q1" in line for line in lines(app)), 10)
        await workers_done(pilot)
        await pilot.pause()
        shown = [line for line in lines(app) if "answered Q1" in line]
        assert len(shown) == 1, lines(app)
