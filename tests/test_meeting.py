"""The stand-up meeting's core and its writes, on real board files: the order for a date,
the facilitator's rotation, absent people skipped, each speaker change stored at once,
one board running a meeting (and a silent one taken over), ``list standups``, and a
process killed mid-meeting leaving a readable record."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standup import meeting, ops
from standup.board import Board
from standup.errors import BadInput
from standup.store import Store
from tests.ui.conftest import NOW, actor, seed_team

WED = date(2026, 11, 25)
LOGINS = ["ana", "bruno", "carla", "dan", "eve", "finn"]


def later(seconds: float):  # noqa: ANN201
    return NOW + timedelta(seconds=seconds)


def standups(store: Store) -> Board:
    return Board.load(store.read(), parts=("standups",))


# -- order and facilitator ---------------------------------------------------------------


def test_the_order_is_one_per_date_and_leaves_the_global_random_alone() -> None:
    state = random.getstate()
    orders = {tuple(meeting.speaking_order(LOGINS, WED + timedelta(days=d))) for d in range(10)}
    assert random.getstate() == state
    assert len(orders) > 5  # another date, another order
    assert meeting.speaking_order(LOGINS, WED) == meeting.speaking_order(LOGINS[::-1], WED)


@settings(derandomize=True, max_examples=60, deadline=None)
@given(
    logins=st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, unique=True),
    day=st.dates(date(1970, 1, 1), date(2200, 12, 31)),
    data=st.data(),
)
def test_order_and_facilitator_invariants(logins: list[str], day: date, data) -> None:  # noqa: ANN001
    absent = data.draw(st.lists(st.sampled_from(logins), unique=True))
    order = meeting.speaking_order(logins, day)
    assert sorted(order) == sorted(logins)
    assert order == meeting.speaking_order(data.draw(st.permutations(logins)), day)
    chosen = meeting.facilitator_for(logins, day, absent)
    assert chosen in logins
    assert chosen not in absent or set(absent) == set(logins)


def test_the_facilitator_rotates_by_day_through_the_team() -> None:
    days = [meeting.facilitator_for(LOGINS, WED + timedelta(days=d)) for d in range(6)]
    assert sorted(days) == sorted(LOGINS)  # everyone once in len(team) days
    first = LOGINS.index(days[0])
    assert days == [LOGINS[(first + d) % 6] for d in range(6)]
    away = meeting.facilitator_for(LOGINS, WED, [days[0]])
    assert away == LOGINS[(first + 1) % 6]  # the next one present


def test_step_passes_absent_people() -> None:
    order = ["ana", "bruno", "carla", "dan"]
    assert meeting.step(order, ["ana", "carla"], None, 1) == 1
    assert meeting.step(order, ["ana", "carla"], 1, 1) == 3
    assert meeting.step(order, ["ana", "carla"], 3, 1) is None
    assert meeting.step(order, ["ana", "carla"], 1, -1) is None


def test_timebox_counts_down_then_shows_overtime_with_a_sign() -> None:
    assert meeting.timebox(30, 120) == ("1:30", False)
    assert meeting.timebox(120, 120) == ("0:00", False)
    assert meeting.timebox(132, 120) == ("+0:12", True)
    assert meeting.clock_text(3725) == "1:02:05"


# -- the writes --------------------------------------------------------------------------


@pytest.fixture
def team(db: Path) -> Store:
    store = Store(db)
    seed_team(store)  # Ana (the PM) is away: absent from the stand-up
    return store


def test_a_whole_meeting_is_stored_as_it_goes(team: Store) -> None:
    carla = actor("carla")
    started = ops.start_standup(team, carla, now=NOW).record
    assert started.order == meeting.speaking_order(["ana", "bruno", "carla"], WED)
    assert started.absent == ["ana"] and started.date == "2026-11-25"
    assert started.facilitator == meeting.facilitator_for(["ana", "bruno", "carla"], WED, ["ana"])
    present = [x for x in started.order if x != "ana"]
    assert started.speaker == present[0]

    ops.next_speaker(team, carla, now=later(75))
    stored = standups(team).standups[started.id]  # on disk at once, not at the end
    assert [(s.who, s.seconds) for s in stored.spoke] == [(present[0], 75)]
    assert stored.speaker == present[1] and stored.speaking_since == later(75)

    ops.park(team, carla, "file names in the export", now=later(80))
    ops.note_raised(team, carla, "q1", now=later(81))
    ops.decide_park(team, carla, "Q2", standup=started.key, now=later(82))  # the round's
    ops.previous_speaker(team, carla, now=later(90))  # back to the first: 15 s more
    ops.skip_speaker(team, carla, now=later(100))
    done = ops.next_speaker(team, carla, now=later(130))  # the last one: everyone spoke
    assert done.record.speaker is None
    assert "everyone has had their turn" in done.lines[0]
    nothing = ops.next_speaker(team, carla, now=later(131))
    assert not nothing.changed and "e ends" in nothing.note
    ended = ops.end_standup(team, carla, now=later(140)).record

    assert meeting.spoken(ended) == {present[0]: 75, present[1]: 30 + 15}
    assert ended.skipped == [present[0]]
    assert ended.parked == ["file names in the export"] and ended.raised == ["Q1"]
    assert [(d.question, d.outcome, d.by) for d in ended.decisions] == [("Q2", "parked", "carla")]
    assert ended.duration_seconds == 140 and not ended.running
    kinds = [e["kind"] for e in team.read().table("events").values() if "standup" in e["kind"]]
    assert kinds == [
        "standup-started", "standup-speaker", "standup-parked", "standup-raised",
        "standup-speaker", "standup-speaker", "standup-speaker",
        "standup-ended",
    ]  # fmt: skip


def test_moving_someone_keeps_the_speaker(team: Store) -> None:
    carla = actor("carla")
    s = ops.start_standup(team, carla, now=NOW).record
    speaker, last = s.speaker, s.order[-1]
    moved = ops.move_person(team, carla, last, -1, now=later(5)).record
    assert moved.order.index(last) == len(s.order) - 2 and moved.speaker == speaker
    assert not ops.move_person(team, carla, moved.order[0], -1, now=later(6)).changed


def test_one_board_runs_it_and_a_silent_one_is_taken_over(team: Store) -> None:
    ops.start_standup(team, actor("carla"), now=NOW)
    before = team.path.read_bytes()
    with pytest.raises(BadInput, match="run by Carla"):
        ops.start_standup(team, actor("bruno"), now=later(30))
    with pytest.raises(BadInput, match="run by Carla"):
        ops.next_speaker(team, actor("bruno"), now=later(30))
    with pytest.raises(BadInput, match="empty"):
        ops.park(team, actor("carla"), "  ", now=later(30))
    assert team.path.read_bytes() == before  # refusals write nothing
    # A write is a sign of life: 50 s after it, still not free.
    ops.next_speaker(team, actor("carla"), now=later(40))
    with pytest.raises(BadInput):
        ops.start_standup(team, actor("bruno"), now=later(90))
    taken = ops.start_standup(team, actor("bruno"), now=later(100 + meeting.TAKEOVER_S))
    assert taken.record.runner == "bruno" and "took over" in taken.lines[0]
    with pytest.raises(BadInput, match="run by Bruno"):
        ops.next_speaker(team, actor("carla"), now=later(200))


def test_the_runners_open_board_keeps_it_alive(team: Store) -> None:
    from standup import presence

    ops.start_standup(team, actor("carla"), now=NOW)
    presence.Heartbeat(team.path, "carla").beat(later(100))  # her board is still open
    with pytest.raises(BadInput):
        ops.start_standup(team, actor("bruno"), now=later(120))


def test_no_meeting_without_people(db: Path) -> None:
    store = Store(db)
    with pytest.raises(BadInput, match="nobody is on the board"):
        ops.start_standup(store, actor("carla"), now=NOW)
    assert not store.path.exists()


# -- the CLI -----------------------------------------------------------------------------

JSON_KEYS = {
    "id", "date", "started_at", "ended_at", "facilitator", "order", "spoke", "absent",
    "parked", "raised", "decisions", "duration_seconds",
}  # fmt: skip


def test_list_standups(cli, team: Store) -> None:  # noqa: ANN001
    store = team
    old = NOW - timedelta(days=2)
    ops.start_standup(store, actor("carla"), now=old)
    ops.end_standup(store, actor("carla"), now=old + timedelta(minutes=9))
    ops.start_standup(store, actor("carla"), now=NOW)
    ops.next_speaker(store, actor("carla"), now=later(61))

    today = cli.json("list", "standups")
    assert [s["id"] for s in today] == ["S2"]
    assert set(today[0]) >= JSON_KEYS and today[0]["ended_at"] is None
    assert today[0]["spoke"][0]["seconds"] == 61 and today[0]["absent"] == ["ana"]
    every = cli.json("list", "standups", "--all")
    assert [s["id"] for s in every] == ["S1", "S2"] and every[0]["duration_seconds"] == 540
    text = cli("list", "standups").stdout
    assert "S2" in text and "running" in text and "Ana" in text  # absent, by name


# -- a facilitator killed mid-meeting -------------------------------------------------------

DRIVER = """
import sys
from datetime import datetime, timedelta
from standup import ops
from standup.store import Store

store, me = Store(sys.argv[1]), ops.Actor("carla", "tester")
t = datetime.fromisoformat(sys.argv[2])
ops.start_standup(store, me, now=t)
ops.next_speaker(store, me, now=t + timedelta(seconds=40))
print("speaking", flush=True)
sys.stdin.read()  # the second speaker speaks until the process is killed
"""


def test_a_killed_facilitator_leaves_everything_up_to_the_previous_speaker(
    team: Store, cli, db: Path
) -> None:  # noqa: ANN001
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(db), NOW.isoformat()],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "speaking"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    (record,) = cli.json("list", "standups")  # the file reads whole
    first = [x for x in record["order"] if x not in record["absent"]][0]
    assert record["ended_at"] is None
    assert record["spoke"] == [{"who": first, "seconds": 40}]
    assert record["speaker"] != first
    # and the meeting goes on: taken over once the dead board has been silent a minute
    taken = ops.start_standup(team, actor("bruno"), now=later(40 + meeting.TAKEOVER_S))
    assert taken.record.runner == "bruno"


def test_the_runner_may_facilitate_instead_of_the_days_rotation(team: Store) -> None:
    carla, bruno = actor("carla"), actor("bruno")
    started = ops.start_standup(team, carla, facilitator="bruno", now=NOW).record
    assert started.facilitator == "bruno" and started.runner in (None, "carla")
    done = ops.facilitate(team, carla, now=later(5))
    assert done.record.facilitator == "carla"
    assert "Carla facilitates (was Bruno)" in done.lines[0]
    again = ops.facilitate(team, carla, now=later(6))
    assert not again.changed and "already facilitates" in again.note
    with pytest.raises(BadInput, match="run by Carla"):
        ops.facilitate(team, bruno, now=later(7))  # only the board running it
    assert standups(team).standups[started.id].facilitator == "carla"
