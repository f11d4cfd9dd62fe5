"""The stand-up meeting on the board: a whole meeting walked with every key on a fake
clock, a second board following it (banner, viewer, take-over), a real ``standup`` in
tmux showing the banner, and snapshots at 80×24 and 120×40.

Nothing sleeps to let time pass: the app's clock is a list the test moves, and the
screen's once-a-second tick is called directly after moving it."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Digits

from standup import meeting, ops
from standup.records import Checkin
from standup.store import Store
from standup.ui.screens.board import BoardScreen
from standup.ui.screens.decisions import DecisionRound
from standup.ui.screens.meeting import MeetingScreen
from standup.ui.screens.meeting_dialogs import AskForSpeaker, BlockForSpeaker, ParkDialog
from standup.ui.screens.meeting_summary import SummaryScreen
from standup.ui.widgets.keybar import KeyBar
from standup.ui.widgets.meeting_banner import MeetingBanner
from tests.ui.conftest import NOW, actor, loaded, record_notices, screen_text, wait_for
from tests.ui.test_snapshots import after
from tests.ui.test_terminal import Tmux, tmux  # noqa: F401 - the fixture

WED = date(2026, 11, 25)
TEAM = ["ana", "bruno", "carla"]  # Ana is away (seed_team): absent


def later(seconds: float):  # noqa: ANN201
    return NOW + timedelta(seconds=seconds)


def stored(store: Store):  # noqa: ANN201
    from standup.board import Board

    return meeting.running(Board.load(store.read(), parts=("standups",)))


async def opened(pilot) -> MeetingScreen:  # noqa: ANN001
    await pilot.press("m")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MeetingScreen))
    return pilot.app.screen


async def test_a_whole_meeting_with_every_key(seeded, make_app) -> None:  # noqa: ANN001
    moment = [NOW]
    order = meeting.speaking_order(TEAM, WED)
    first, second = [x for x in order if x != "ana"]
    with seeded.transaction() as tx:  # the check-in work writes these; one by hand here
        cid = tx.next_id("C")
        doc = Checkin(who=first, date="2026-11-25", at=NOW, yesterday="Shipped [red]CSV[/]")
        tx.insert("checkins", doc.to_doc(), cid)
    app = make_app(seeded, clock=lambda: moment[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await opened(pilot)
        assert screen.standup.order == order and screen.standup.absent == ["ana"]
        assert screen.standup.speaker == first  # Ana, absent, is skipped by herself
        text = screen_text(app)
        assert "✗ Ana" in text and "absent" in text and "you run it" in text
        assert "Yesterday: Shipped [red]CSV[/]" in text  # their check-in, literally
        digits = screen.query_one("#speaker-clock", Digits)
        assert digits.value == "2:00" and not digits.has_class("-over")
        await pilot.press("f")  # whoever runs it may facilitate instead of the rotation
        await wait_for(pilot, lambda: stored(seeded).facilitator == "carla")
        await wait_for(pilot, lambda: "facilitator Carla" in screen_text(app))

        moment[0] = later(132)  # past the 2:00 timebox: overtime, in colour and with a sign
        screen.tick()
        assert digits.value == "+0:12" and digits.has_class("-over")
        assert "over its 2:00" in screen_text(app)

        await pilot.press("n")  # next: shown at once, the time spoken stored with it
        await wait_for(pilot, lambda: screen.standup.speaker == second)
        await wait_for(pilot, lambda: stored(seeded).speaker == second)
        assert [(s.who, s.seconds) for s in stored(seeded).spoke] == [(first, 132)]
        assert screen.standup == stored(seeded)  # the written record replaced the preview

        def as_bruno(store, _actor, *, now):  # noqa: ANN001, ANN202
            return ops.next_speaker(store, ops.Actor("bruno", "bruno"), now=now)

        before = screen.standup  # a refused move (not the runner): shown, then put back
        record_notices(app)
        screen._move_on(as_bruno, 1)
        assert screen.standup.speaker != before.speaker  # shown before it is written
        await wait_for(pilot, lambda: not screen._moves)
        assert screen.standup == before == stored(seeded) and screen.selected == before.current
        assert "only their board changes it" in app.said[-1].message
        await pilot.press("p")
        await wait_for(pilot, lambda: screen.standup.speaker == first)
        await pilot.press("space")
        await wait_for(pilot, lambda: screen.standup.speaker == second)

        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ParkDialog))
        await pilot.press(*"[bold]names[/]", "enter")
        await wait_for(pilot, lambda: screen.standup.parked == ["[bold]names[/]"])
        assert "[bold]names[/]" in screen_text(app)  # shown literally

        await pilot.press("a")  # a question *for* the speaker: asked in their name
        await wait_for(pilot, lambda: isinstance(app.screen, AskForSpeaker))
        await pilot.press(*"CSV or PDF?", "enter")
        await wait_for(pilot, lambda: "Q3" in screen.standup.raised)
        q3 = seeded.read().table("questions")[3]
        assert q3["asked_by"] == second and q3["os_login"] == "tester"

        await pilot.press("b")  # an item the speaker owns
        await wait_for(pilot, lambda: isinstance(app.screen, BlockForSpeaker))
        await pilot.press(*"Invoice export", "enter")
        await wait_for(pilot, lambda: "B3" in screen.standup.raised)
        assert seeded.read().table("blocked")[3]["owner"] == second
        await wait_for(pilot, lambda: "Invoice export" in screen_text(app))  # their items

        await pilot.press("d")  # the decision round, recorded in this stand-up
        await wait_for(pilot, lambda: isinstance(app.screen, DecisionRound))
        await pilot.press("p")  # park the first question on its agenda
        await wait_for(pilot, lambda: [d.outcome for d in stored(seeded).decisions] == ["parked"])
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)

        assert order.index(first) < order.index(second)  # the date's order: first speaks first
        await pilot.press("k", "J")  # select the one before the speaker, move them down
        await wait_for(pilot, lambda: screen.standup.order != order)
        assert screen.standup.order.index(first) == screen.standup.order.index(second) + 1
        assert screen.standup.speaker == second  # whoever speaks keeps speaking

        await pilot.press("s")  # skip: the speaker passes; the one moved down is next
        await wait_for(pilot, lambda: screen.standup.speaker == first)
        assert screen.standup.skipped == [second]
        await pilot.press("n")
        await wait_for(pilot, lambda: screen.standup.speaker is None)
        assert "Everyone has spoken" in screen_text(app)

        await pilot.press("escape")  # back to the board: the meeting keeps running
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        banner = app.board_screen.query_one(MeetingBanner)
        await wait_for(pilot, lambda: banner.has_class("-shown"))
        screen = await opened(pilot)  # m again: the same meeting, still run from here
        assert screen.runs_it

        moment[0] = later(300)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        text = screen_text(app)
        assert "Took 5:00" in text and "Absent: Ana" in text and "Raised: Q3, B3" in text
        assert stored(seeded) is None  # ended, in the file
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await wait_for(pilot, lambda: not banner.has_class("-shown"))


async def test_another_board_follows_and_takes_over_a_silent_one(seeded, make_app) -> None:  # noqa: ANN001
    moment = [NOW]
    carla = make_app(seeded, clock=lambda: moment[0])
    bruno = make_app(Store(seeded.path), user="bruno", clock=lambda: moment[0])
    async with carla.run_test(size=(80, 24)) as one, bruno.run_test(size=(80, 24)) as two:
        await loaded(one)
        await loaded(two)
        assert not bruno.board_screen.query(MeetingBanner)  # mounted when first needed
        running = await opened(one)
        await wait_for(two, lambda: bool(bruno.board_screen.query(MeetingBanner)))
        banner = bruno.board_screen.query_one(MeetingBanner)
        under = list(bruno.board_screen.children)
        assert under.index(banner) == under.index(bruno.board_screen.query_one("#header")) + 1
        first = running.standup.speaker
        await wait_for(
            two, lambda: f"{carla.view.board.name_of(first)} speaking" in str(banner.render())
        )
        assert "Stand-up in progress" in str(banner.render())

        following = await opened(two)  # m elsewhere: a viewer
        assert not following.runs_it and "run by Carla" in screen_text(bruno)
        assert "next" not in str(following.query_one(KeyBar).render())
        await two.press("n")  # no write key: nothing happens
        await one.press("n")  # the runner moves on; the viewer follows
        await wait_for(one, lambda: running.standup.speaker != first)
        await wait_for(two, lambda: following.standup.speaker == running.standup.speaker)

        # Carla's board goes silent (no write, no heartbeat for a minute): t takes over.
        moment[0] = later(meeting.TAKEOVER_S + 100)
        following.tick()
        assert following.check_action("take_over", ())
        await two.pause()
        assert "silent: t takes over" in screen_text(bruno)
        assert "t take over" in str(following.query_one(KeyBar).render())
        await two.press("t")
        await wait_for(two, lambda: following.runs_it)
        assert stored(seeded).runner == "bruno"


async def test_the_first_m_shows_the_plan_at_once_and_a_refused_start_goes_back(
    seeded, make_app
) -> None:  # noqa: ANN001
    """The first ``m`` draws the meeting from the plan before the start is written, then
    shows the written record; when Bruno started one a moment before (this board has not
    read it yet: no poll, no tick), the start is refused and the board comes back with
    the line saying who runs it."""
    app = make_app(seeded, poll_s=3600, tick_s=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        ops.start_standup(seeded, actor("bruno"), now=NOW)
        shown: list = []  # the screens pushed, as pushed
        push = app.push_screen
        app.push_screen = lambda screen, *a, **k: (shown.append(screen), push(screen, *a, **k))[1]
        await pilot.press("m")
        assert isinstance(shown[0], MeetingScreen) and shown[0].standup.id == 0
        assert shown[0].standup.order == meeting.speaking_order(TEAM, WED)
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert any("run by Bruno" in s.message for s in app.said), app.said
        assert stored(seeded).runner == "bruno"
    with seeded.transaction() as tx:  # Bruno's meeting ends; Carla's m starts hers
        tx.update("standups", stored(seeded).id, {"ended_at": NOW.isoformat()})
    app = make_app(seeded, poll_s=3600, tick_s=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await opened(pilot)
        await wait_for(pilot, lambda: not screen.starting)
        assert screen.standup.id == stored(seeded).id and screen.standup.runner == "carla"
        assert f"Stand-up S{screen.standup.id}" in screen_text(app)


def test_the_meeting_screen_120x40(seeded, make_app, snap_compare) -> None:  # noqa: ANN001
    assert snap_compare(make_app(seeded), terminal_size=(120, 40), run_before=after("m"))


def test_a_real_board_shows_the_meeting_in_progress(seeded, tmux: Tmux) -> None:  # noqa: ANN001, F811
    """A real ``standup`` in tmux (Bruno's board) shows who speaks, and the next one
    after Carla's board moves on."""
    carla = actor("carla")
    started = ops.start_standup(seeded, carla, now=NOW).record
    tmux.start(tmux.env(seeded.path, STANDUP_NOW=NOW.isoformat(), STANDUP_USER="bruno"), (80, 24))
    name = {"bruno": "Bruno", "carla": "Carla"}
    screen = tmux.wait_for(f"Stand-up in progress — {name[started.speaker]} speaking (0:00)")
    assert f"{name[started.speaker]} speaking" in screen, screen
    moved = ops.next_speaker(seeded, carla, now=NOW).record
    screen = tmux.wait_for(f"{name[moved.speaker]} speaking")
    assert f"Stand-up in progress — {name[moved.speaker]} speaking" in screen, screen
    tmux.keys("C-q")
    assert tmux.closed()


async def test_the_meetings_keys_are_in_the_palette_and_remappable(
    seeded, make_app, tmp_path
) -> None:  # noqa: ANN001
    config = tmp_path / "remapped"
    config.mkdir()
    (config / "keymap.toml").write_text('meeting-park = "P"\n')
    app = make_app(seeded, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await opened(pilot)
        titles = {c.title for c in app.get_system_commands(screen)}
        assert {"Next speaker", "Park a topic for after the stand-up"} <= titles
        assert "Ask the PM (or anyone) a question" not in titles  # the board's, not here
        await pilot.press("P")
        await wait_for(pilot, lambda: isinstance(app.screen, ParkDialog))
