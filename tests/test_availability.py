"""Status now, next available, who can answer, and working-hour deadlines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standup.availability import (
    LOOKAHEAD,
    Route,
    add_working_hours,
    status_of,
    who_can_answer,
)
from standup.errors import BadInput
from standup.hours import parse_hours
from standup.model import Absence, Person

LISBON = ZoneInfo("Europe/Lisbon")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")
CHATHAM = ZoneInfo("Pacific/Chatham")
HOURS = "mon-fri 09:00-17:00"

ANA = Person("ana", "Ana", role="pm", tz="Europe/Lisbon", hours=HOURS, delegate="bruno")
BRUNO = Person("bruno", "Bruno", tz="Europe/Lisbon", hours=HOURS)
PEOPLE = {"ana": ANA, "bruno": BRUNO}


def at(text: str, tz: ZoneInfo = LISBON) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=tz)


def away(who: str, start: datetime, end: datetime | None, n: int = 1, **kw: str) -> Absence:
    return Absence(id=n, who=who, start=start, end=end, **kw)


# --- the spec's scenario -----------------------------------------------------------------

WED_11 = at("2026-11-25 11:00")
ANA_AWAY = [away("ana", WED_11, at("2026-11-26 09:00"))]


def test_pm_away_until_tomorrow() -> None:
    st_ = status_of("ana", ANA, ANA_AWAY, WED_11, LISBON)
    assert (st_.status, st_.available) == ("away", False)
    assert st_.until == at("2026-11-26 09:00")
    assert st_.next_available == at("2026-11-26 09:00")
    assert st_.delegate == "bruno"  # no absence delegate: the standing one
    assert st_.absence == ANA_AWAY[0]
    route = who_can_answer("ana", PEOPLE, {"ana": ANA_AWAY}, WED_11, LISBON)
    assert route == Route(login="bruno", at=WED_11, chain=("ana", "bruno"))


def test_pm_back_the_next_morning() -> None:
    thu_10 = at("2026-11-26 10:00")
    st_ = status_of("ana", ANA, ANA_AWAY, thu_10, LISBON)
    assert (st_.status, st_.available, st_.next_available) == ("available", True, thu_10)
    assert st_.until == at("2026-11-26 17:00")
    assert st_.delegate == "bruno"  # reported even when available
    assert who_can_answer("ana", PEOPLE, {"ana": ANA_AWAY}, thu_10, LISBON).login == "ana"


@pytest.mark.parametrize(
    "person, tz, saturday, monday",
    [
        (ANA, LISBON, "2026-11-28 12:00", "2026-11-30T09:00:00+00:00"),
        (ANA, LISBON, "2026-03-28 12:00", "2026-03-30T09:00:00+01:00"),
        (ANA, LISBON, "2026-10-24 12:00", "2026-10-26T09:00:00+00:00"),
        (Person("b", "B", tz="Europe/Berlin", hours="mon-fri 9-17"), BERLIN, "2026-03-28 12:00",
         "2026-03-30T09:00:00+02:00"),
        (Person("b", "B", tz="Europe/Berlin", hours="mon-fri 9-17"), BERLIN, "2026-10-24 12:00",
         "2026-10-26T09:00:00+01:00"),
        (Person("n", "N", tz="America/New_York", hours="mon-fri 9-17"), NEW_YORK,
         "2026-03-07 12:00", "2026-03-09T09:00:00-04:00"),
        (Person("n", "N", tz="America/New_York", hours="mon-fri 9-17"), NEW_YORK,
         "2026-10-31 12:00", "2026-11-02T09:00:00-05:00"),
        (Person("k", "K", tz="Asia/Kolkata", hours="mon-fri 9:30-18"), KOLKATA,
         "2026-03-28 12:00", "2026-03-30T09:30:00+05:30"),
        (Person("c", "C", tz="Pacific/Chatham", hours="mon-fri 9-17"), CHATHAM,
         "2026-04-04 12:00", "2026-04-06T09:00:00+12:45"),
        (Person("c", "C", tz="Pacific/Chatham", hours="mon-fri 9-17"), CHATHAM,
         "2026-09-26 12:00", "2026-09-28T09:00:00+13:45"),
    ],
)  # fmt: skip
def test_off_hours_over_a_dst_weekend(
    person: Person, tz: ZoneInfo, saturday: str, monday: str
) -> None:
    st_ = status_of(person.login, person, [], at(saturday, tz), UTC)
    assert (st_.status, st_.available, st_.absence) == ("off-hours", False, None)
    assert st_.next_available.isoformat() == monday
    assert st_.until == st_.next_available  # off-hours ends when office hours begin


# --- status rules ------------------------------------------------------------------------


def test_absence_outranks_office_hours_and_names_its_own_delegate() -> None:
    sat = at("2026-11-28 12:00")
    absence = away("ana", sat, at("2026-12-02 12:00"), kind="ooo", delegate="cy")
    st_ = status_of("ana", ANA, [absence], sat, LISBON)
    assert (st_.status, st_.delegate, st_.until) == ("ooo", "cy", at("2026-12-02 12:00"))
    assert st_.next_available == at("2026-12-02 12:00")


def test_overlapping_absences_the_latest_started_is_current_until_the_whole_span() -> None:
    first = away("ana", at("2026-11-24 09:00"), at("2026-11-25 13:00"), 1, kind="ooo")
    second = away("ana", at("2026-11-25 10:00"), at("2026-11-25 12:00"), 2, kind="meeting")
    touching = away("ana", at("2026-11-25 13:00"), at("2026-11-25 15:00"), 3, kind="focus")
    st_ = status_of("ana", ANA, [first, second, touching], WED_11, LISBON)
    assert st_.absence == second and st_.status == "meeting"
    assert st_.until == at("2026-11-25 15:00")  # the contiguous stretch, across the touch
    assert st_.next_available == at("2026-11-25 15:00")


def test_open_ended_absence_has_no_until_and_no_next_available() -> None:
    open_ended = away("ana", at("2026-11-25 10:00"), None, 1)
    meeting = away("ana", at("2026-11-25 10:30"), at("2026-11-25 12:00"), 2, kind="meeting")
    st_ = status_of("ana", ANA, [open_ended, meeting], WED_11, LISBON)
    assert (st_.status, st_.until, st_.next_available) == ("meeting", None, None)


def test_next_available_beyond_the_lookahead_is_none() -> None:
    long = away("ana", WED_11, WED_11 + LOOKAHEAD + timedelta(days=1))
    st_ = status_of("ana", ANA, [long], WED_11, LISBON)
    assert st_.until == long.end and st_.next_available is None


def test_available_until_the_next_absence_or_the_end_of_the_day() -> None:
    meeting = away("ana", at("2026-11-25 14:00"), at("2026-11-25 15:00"), kind="meeting")
    assert status_of("ana", ANA, [meeting], WED_11, LISBON).until == at("2026-11-25 14:00")
    assert status_of("ana", ANA, [], WED_11, LISBON).until == at("2026-11-25 17:00")
    anytime = Person("zoe", "Zoe")
    assert status_of("zoe", anytime, [], WED_11, LISBON).until is None  # never ends


def test_off_hours_until_the_first_change_an_absence_starting_first() -> None:
    sat = at("2026-11-28 12:00")
    trip = away("ana", at("2026-11-29 20:00"), at("2026-12-01 12:00"), kind="ooo")
    st_ = status_of("ana", ANA, [trip], sat, LISBON)
    assert st_.status == "off-hours" and st_.until == at("2026-11-29 20:00")
    assert st_.next_available == at("2026-12-01 12:00")


def test_other_peoples_and_past_absences_are_ignored() -> None:
    theirs = away("bruno", WED_11 - timedelta(hours=1), None)
    past = away("ana", at("2026-11-20 09:00"), at("2026-11-25 11:00"))  # ended exactly now
    st_ = status_of("ana", ANA, [theirs, past], WED_11, LISBON)
    assert st_.available and st_.next_available == WED_11


def test_unregistered_login_is_available_unless_absent() -> None:
    sat_night = at("2026-11-28 23:00")
    assert status_of("zed", None, [], sat_night, LISBON).available
    st_ = status_of("zed", None, [away("zed", sat_night, sat_night + timedelta(hours=2))],
                    sat_night, LISBON)  # fmt: skip
    assert (st_.status, st_.next_available, st_.delegate) == (
        "away",
        sat_night + timedelta(hours=2),
        None,
    )
    assert st_.next_available.isoformat() == "2026-11-29T01:00:00+00:00"  # default zone


# --- who can answer ----------------------------------------------------------------------


def _person(login: str, delegate: str | None, hours: str | None = None) -> Person:
    return Person(login, login.upper(), tz="Europe/Lisbon", hours=hours, delegate=delegate)


def test_delegate_cycle_terminates_with_the_earliest_return() -> None:
    people = {"a": _person("a", "b"), "b": _person("b", "c"), "c": _person("c", "a")}
    absences = {
        "a": [away("a", WED_11, at("2026-11-27 12:00"))],
        "b": [away("b", WED_11, at("2026-11-26 15:00"))],
        "c": [away("c", WED_11, at("2026-11-30 10:00"))],
    }
    route = who_can_answer("a", people, absences, WED_11, LISBON)
    assert route == Route(login=None, at=at("2026-11-26 15:00"), chain=("a", "b", "c"))


def test_the_third_in_the_chain_answers() -> None:
    people = {"a": _person("a", "b"), "b": _person("b", "c"), "c": _person("c", "a")}
    absences = {
        "a": [away("a", WED_11, None)],
        "b": [away("b", WED_11, at("2026-11-26 15:00"))],
    }
    route = who_can_answer("a", people, absences, WED_11, LISBON)
    assert route == Route(login="c", at=WED_11, chain=("a", "b", "c"))


def test_absence_delegate_outranks_the_standing_one() -> None:
    people = {"a": _person("a", "b"), "b": _person("b", None), "c": _person("c", None)}
    absences = {"a": [away("a", WED_11, None, delegate="c")]}
    assert who_can_answer("a", people, absences, WED_11, LISBON).chain == ("a", "c")


def test_a_delegate_not_on_the_board_is_skipped() -> None:
    # `person add --delegate` may name someone added later (or removed since): nothing
    # is routed to them until they are on the board.
    people = {"a": _person("a", "zed")}
    absences: dict[str, list[Absence]] = {"a": [away("a", WED_11, None)]}
    assert who_can_answer("a", people, absences, WED_11, LISBON) == Route(None, None, ("a",))
    people["zed"] = _person("zed", None)
    assert who_can_answer("a", people, absences, WED_11, LISBON).login == "zed"
    absences["zed"] = [away("zed", WED_11, at("2026-11-25 12:00"))]
    route = who_can_answer("a", people, absences, WED_11, LISBON)
    assert route == Route(login=None, at=at("2026-11-25 12:00"), chain=("a", "zed"))


def test_off_hours_counts_too_and_a_missing_delegate_stops() -> None:
    sat = at("2026-11-28 12:00")
    people = {"a": _person("a", "b", HOURS), "b": _person("b", None, "daily 18-20")}
    route = who_can_answer("a", people, {}, sat, LISBON)
    assert route == Route(login=None, at=at("2026-11-28 18:00"), chain=("a", "b"))
    assert who_can_answer(None, people, {}, sat, LISBON) == Route(None, None, ())
    route = who_can_answer("a", people, {"b": [away("b", sat, None)]}, sat, LISBON)
    assert route.at == at("2026-11-30 09:00")


# --- working hours -----------------------------------------------------------------------

FRIDAY_16 = at("2026-11-27 16:00")


def test_working_hours_across_a_weekend() -> None:
    assert add_working_hours(ANA, [], FRIDAY_16, 4, LISBON) == at("2026-11-30 12:00")
    assert add_working_hours(ANA, [], FRIDAY_16, 1, LISBON) == at("2026-11-27 17:00")
    assert add_working_hours(ANA, [], FRIDAY_16, 0.5, LISBON) == at("2026-11-27 16:30")


def test_working_hours_across_an_absence() -> None:
    monday = away("ana", at("2026-11-30 09:00"), at("2026-11-30 11:00"))
    assert add_working_hours(ANA, [monday], FRIDAY_16, 4, LISBON) == at("2026-11-30 14:00")


def test_working_hours_from_outside_office_hours_and_inside_an_absence() -> None:
    sunday = at("2026-11-29 20:00")
    assert add_working_hours(ANA, [], sunday, 2, LISBON) == at("2026-11-30 11:00")
    now_away = away("ana", at("2026-11-27 10:00"), at("2026-11-30 10:00"))
    assert add_working_hours(ANA, [now_away], FRIDAY_16, 1, LISBON) == at("2026-11-30 11:00")


@pytest.mark.parametrize(
    "person, start, hours, expected",
    [
        # Office hours either side of Berlin's spring-forward weekend.
        (Person("b", "B", tz="Europe/Berlin", hours="mon-fri 9-17"), "2026-03-27 16:00", 4,
         "2026-03-30T12:00:00+02:00"),
        # No office hours: real elapsed time, the lost hour is not counted.
        (Person("b", "B", tz="Europe/Berlin"), "2026-03-28 22:00", 5,
         "2026-03-29T04:00:00+02:00"),
        # New York falls back: the repeated hour counts.
        (Person("n", "N", tz="America/New_York"), "2026-10-31 23:00", 4,
         "2026-11-01T02:00:00-05:00"),
        # Hours that straddle the gap: 01:00-02:00 CET (1 h), then 03:00-04:00 CEST.
        (Person("b", "B", tz="Europe/Berlin", hours="daily 1-4"), "2026-03-29 00:00", 1.5,
         "2026-03-29T03:30:00+02:00"),
        # ... and the fold: 01:00 CEST to 04:00 CET is four real hours.
        (Person("b", "B", tz="Europe/Berlin", hours="daily 1-4"), "2026-10-25 00:00", 3.5,
         "2026-10-25T03:30:00+01:00"),
        (Person("c", "C", tz="Pacific/Chatham", hours="mon-fri 9-17"), "2026-04-03 16:00", 2,
         "2026-04-06T10:00:00+12:45"),
    ],
)  # fmt: skip
def test_working_hours_across_dst(person: Person, start: str, hours: float, expected: str) -> None:
    tz = ZoneInfo(person.tz)
    assert add_working_hours(person, [], at(start, tz), hours, UTC).isoformat() == expected


def test_working_hours_that_cannot_be_found() -> None:
    gone = away("ana", FRIDAY_16, None)
    with pytest.raises(BadInput, match="366 days"):
        add_working_hours(ANA, [gone], FRIDAY_16, 4, LISBON)
    with pytest.raises(BadInput):
        add_working_hours(ANA, [], FRIDAY_16, -1, LISBON)


# --- properties --------------------------------------------------------------------------

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "UTC",
         "Europe/Lisbon"]  # fmt: skip
# Near the 2026 DST changes of those zones, and anywhere in the year.
CHANGES = [datetime(2026, m, d, tzinfo=UTC) for m, d in
           [(3, 8), (3, 29), (4, 4), (9, 26), (10, 25), (11, 1)]]  # fmt: skip

_range = st.tuples(st.integers(0, 95), st.integers(1, 96)).filter(lambda r: r[0] < r[1])
_week = st.lists(st.lists(_range, max_size=2), min_size=7, max_size=7).filter(any)


def _spec(week: list) -> str:
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return "; ".join(
        f"{n} "
        + ",".join(
            f"{a * 15 // 60}:{a * 15 % 60:02d}-{b * 15 // 60}:{b * 15 % 60:02d}" for a, b in r
        )  # fmt: skip
        for n, r in zip(names, week, strict=True)
        if r
    )


_now = st.one_of(
    st.datetimes(datetime(2026, 1, 1), datetime(2026, 12, 31), timezones=st.just(UTC)),
    st.builds(
        lambda base, minutes: base + timedelta(minutes=minutes),
        st.sampled_from(CHANGES),
        st.integers(-3 * 24 * 60, 3 * 24 * 60),
    ),
)


@st.composite
def _case(draw: st.DrawFn) -> tuple[Person | None, list[Absence], datetime]:
    now = draw(_now)
    hours = draw(st.one_of(st.none(), _week.map(_spec)))
    tz = draw(st.sampled_from(ZONES))
    person = draw(st.sampled_from([Person("p", "P", tz=tz, hours=hours), None]))
    absences = []
    for n in range(draw(st.integers(0, 4))):
        start = now + timedelta(minutes=draw(st.integers(-3 * 24 * 60, 20 * 24 * 60)))
        length = draw(st.one_of(st.none(), st.integers(1, 10 * 24 * 60)))
        end = None if length is None else start + timedelta(minutes=length)
        if draw(st.booleans()):  # absences as the store gives them back: in some zone
            start, end = start.astimezone(ZoneInfo(tz)), end and end.astimezone(ZoneInfo(tz))
        absences.append(
            Absence(n + 1, "p", start, end, kind=draw(st.sampled_from(["away", "ooo"])))
        )
    return person, absences, now


def _absent(absences: list[Absence], moment: datetime) -> bool:
    return any(a.start <= moment and (a.end is None or moment < a.end) for a in absences)


def _in_hours(person: Person | None, moment: datetime) -> bool:
    if person is None or person.hours is None:
        return True
    return parse_hours(person.hours).contains(moment, ZoneInfo(person.tz))


@settings(max_examples=300, deadline=None)
@given(_case())
def test_next_available_is_free_not_before_now_and_the_first(case: tuple) -> None:
    person, absences, now = case
    st_ = status_of("p", person, absences, now, LISBON)
    free_now = _in_hours(person, now) and not _absent(absences, now)
    assert st_.available is free_now
    if st_.available:
        assert st_.next_available == now and st_.status == "available"
    else:
        assert st_.status != "available"
    if st_.until is not None:
        assert st_.until > now
    nxt = st_.next_available
    if nxt is not None:
        assert now <= nxt < now + LOOKAHEAD
        assert _in_hours(person, nxt) and not _absent(absences, nxt)
        # In UTC: same-zone datetime arithmetic is wall-clock and would step into a gap.
        before = nxt.astimezone(UTC) - timedelta(seconds=1)
        if before >= now:  # nothing free just before it: it is the first such moment
            assert not (_in_hours(person, before) and not _absent(absences, before))
    if _absent(absences, now):
        assert st_.absence is not None and _absent([st_.absence], now)
        assert st_.status == st_.absence.kind


@settings(max_examples=100, deadline=None)
@given(_case(), st.integers(0, 40), st.integers(0, 40))
def test_working_hours_add_up(case: tuple, quarters1: int, quarters2: int) -> None:
    """Counting h1 then h2 ends where counting h1 + h2 does."""
    person, absences, start = case
    try:
        whole = add_working_hours(person, absences, start, (quarters1 + quarters2) / 4, LISBON)
    except BadInput:
        return
    middle = add_working_hours(person, absences, start, quarters1 / 4, LISBON)
    assert start <= middle <= whole
    assert add_working_hours(person, absences, middle, quarters2 / 4, LISBON) == whole
