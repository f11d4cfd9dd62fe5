"""Office-hours specs: parsing, and expanding the weekly pattern into real intervals
across DST changes and odd-offset zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standup.errors import BadInput
from standup.hours import EXAMPLE, OfficeHours, _midnights, parse_hours

BERLIN = ZoneInfo("Europe/Berlin")
LISBON = ZoneInfo("Europe/Lisbon")
NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")
CHATHAM = ZoneInfo("Pacific/Chatham")
ZONES = [BERLIN, LISBON, NEW_YORK, KOLKATA, CHATHAM, UTC, ZoneInfo("America/Santiago")]

NINE_TO_FIVE = ((540, 1020),)


# --- parsing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, spec, days",
    [
        ("mon-fri 09:00-17:30", "mon-fri 09:00-17:30", ((540, 1050),)),
        (
            "mon-thu 9-12,13-17; fri 9-13",
            "mon-thu 09:00-12:00,13:00-17:00; fri 09:00-13:00",
            ((540, 720), (780, 1020)),
        ),
        ("weekdays 8:30-16:30", "mon-fri 08:30-16:30", ((510, 990),)),
        ("weekends 10-14", "sat,sun 10:00-14:00", ()),
        ("daily 9-17", "daily 09:00-17:00", NINE_TO_FIVE),
        ("mon,wed,fri 9-17", "mon,wed,fri 09:00-17:00", NINE_TO_FIVE),
        ("tue 9:00-12:00", "tue 09:00-12:00", ()),
        ("mon-fri 9am-5pm", "mon-fri 09:00-17:00", NINE_TO_FIVE),
        ("Mon - Fri  9 am - 5 pm", "mon-fri 09:00-17:00", NINE_TO_FIVE),
        ("mon-fri 9-5pm", "mon-fri 09:00-17:00", NINE_TO_FIVE),
        ("mon-fri 1-5pm", "mon-fri 13:00-17:00", ((780, 1020),)),
        ("mon-fri 12pm-1pm", "mon-fri 12:00-13:00", ((720, 780),)),
        ("daily 0-24", "daily 00:00-24:00", ((0, 1440),)),
        ("mon 18:00-00:00", "mon 18:00-24:00", ((1080, 1440),)),
        ("mon 6pm-12am", "mon 18:00-24:00", ((1080, 1440),)),
        ("monday,tues,thurs 9-17", "mon,tue,thu 09:00-17:00", NINE_TO_FIVE),
        ("mon 9-12,11-14", "mon 09:00-14:00", ((540, 840),)),  # overlapping: merged
        ("mon 9-12,12-17", "mon 09:00-17:00", NINE_TO_FIVE),  # touching: merged
        ("mon-fri 9-13; mon 12-17", "mon 09:00-17:00; tue-fri 09:00-13:00", NINE_TO_FIVE),
        ("sat-sun 10-14;", "sat,sun 10:00-14:00", ()),
    ],
)
def test_good_specs(text: str, spec: str, days: tuple) -> None:
    hours = parse_hours(text)
    assert hours.spec == spec
    assert hours.days[0] == days
    assert parse_hours(hours.spec) == hours  # the normalised text reads back the same


def test_days_table_for_a_split_week() -> None:
    hours = parse_hours("mon-thu 9-12,13-17; fri 9-13")
    assert hours.days == ((((540, 720), (780, 1020)),) * 4 + (((540, 780),), (), ()))
    assert parse_hours("weekends 10-14").days == ((),) * 5 + (((600, 840),),) * 2


@pytest.mark.parametrize(
    "text, needle",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("mon-fri 25:00-26:00", "25:00"),
        ("mon 9:60-17", "9:60"),
        ("mon 10-10", "empty"),
        ("mon 17-9", "backwards"),
        ("mon 22-6", "cross midnight"),
        ("fri-mon 9-17", "fri-mon"),
        ("fri-mon 9-17", "mon,fri-sun"),
        ("xyz 9-17", "'xyz'"),
        ("mo-xx 9-17", "'xx'"),
        ("t 9-17", "'t'"),
        ("9-17", "which days"),
        ("mon", "no times"),
        ("mon 9", "not a time range"),
        ("mon 9-17-18", "not a time range"),
        ("mon 24:30-25", "24:30"),
        ("mon 24:00-24:00", "24:00"),
        ("mon 13pm-2pm", "13pm"),
        ("mon 0am-2am", "0am"),
        ("mon 9:5-17", "9:5"),
        ("mon 9.30-17", "9.30"),
        ("mon-tue-wed 9-17", "mon-tue-wed"),
        (";", "no days"),
    ],
)
def test_bad_specs(text: str, needle: str) -> None:
    with pytest.raises(BadInput) as err:
        parse_hours(text)
    assert needle in err.value.message
    assert err.value.example == EXAMPLE == "mon-fri 09:00-17:30"


_ranges = st.lists(
    st.tuples(st.integers(0, 1439), st.integers(1, 1440)).filter(lambda r: r[0] < r[1]),
    max_size=3,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_ranges, min_size=7, max_size=7).filter(any))
def test_normalised_spec_reads_back_the_same_pattern(week: list) -> None:
    text = "; ".join(
        f"{day} " + ",".join(f"{a // 60}:{a % 60:02d}-{b // 60}:{b % 60:02d}" for a, b in ranges)
        for day, ranges in zip(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), week, strict=True)
        if ranges
    )
    hours = parse_hours(text)
    assert parse_hours(hours.spec) == hours
    for d, ranges in enumerate(week):
        covered = {m for a, b in ranges for m in range(a, b)}
        assert {m for a, b in hours.days[d] for m in range(a, b)} == covered
        assert all(
            b1 < a2 for (_, b1), (a2, _) in zip(hours.days[d], hours.days[d][1:], strict=False)
        )


# --- intervals -------------------------------------------------------------------------


def _iso(hours: OfficeHours, tz: ZoneInfo, start: str, end: str) -> list[tuple[str, str]]:
    lo = datetime.fromisoformat(start).replace(tzinfo=tz)
    hi = datetime.fromisoformat(end).replace(tzinfo=tz)
    return [(s.isoformat(), e.isoformat()) for s, e in hours.intervals(lo, hi, tz)]


@pytest.mark.parametrize(
    "spec, tz, start, end, expected",
    [
        # Europe: spring forward on Sunday 2026-03-29, fall back on Sunday 2026-10-25.
        (
            "mon-fri 9-17",
            BERLIN,
            "2026-03-27",
            "2026-03-31",
            [
                ("2026-03-27T09:00:00+01:00", "2026-03-27T17:00:00+01:00"),
                ("2026-03-30T09:00:00+02:00", "2026-03-30T17:00:00+02:00"),
            ],
        ),
        (
            "mon-fri 9-17",
            BERLIN,
            "2026-10-23",
            "2026-10-27",
            [
                ("2026-10-23T09:00:00+02:00", "2026-10-23T17:00:00+02:00"),
                ("2026-10-26T09:00:00+01:00", "2026-10-26T17:00:00+01:00"),
            ],
        ),
        (
            "mon-fri 9-17",
            LISBON,
            "2026-03-27",
            "2026-03-31",
            [
                ("2026-03-27T09:00:00+00:00", "2026-03-27T17:00:00+00:00"),
                ("2026-03-30T09:00:00+01:00", "2026-03-30T17:00:00+01:00"),
            ],
        ),
        (
            "weekends 10-14",
            LISBON,
            "2026-10-24",
            "2026-10-26",
            [
                ("2026-10-24T10:00:00+01:00", "2026-10-24T14:00:00+01:00"),
                ("2026-10-25T10:00:00+00:00", "2026-10-25T14:00:00+00:00"),
            ],
        ),
        # US: spring forward on Sunday 2026-03-08, fall back on Sunday 2026-11-01.
        (
            "daily 9-17",
            NEW_YORK,
            "2026-03-07",
            "2026-03-09",
            [
                ("2026-03-07T09:00:00-05:00", "2026-03-07T17:00:00-05:00"),
                ("2026-03-08T09:00:00-04:00", "2026-03-08T17:00:00-04:00"),
            ],
        ),
        (
            "daily 9-17",
            NEW_YORK,
            "2026-10-31",
            "2026-11-02",
            [
                ("2026-10-31T09:00:00-04:00", "2026-10-31T17:00:00-04:00"),
                ("2026-11-01T09:00:00-05:00", "2026-11-01T17:00:00-05:00"),
            ],
        ),
        # A half-hour zone, no DST.
        (
            "mon-fri 9:30-18",
            KOLKATA,
            "2026-03-27",
            "2026-03-31",
            [
                ("2026-03-27T09:30:00+05:30", "2026-03-27T18:00:00+05:30"),
                ("2026-03-30T09:30:00+05:30", "2026-03-30T18:00:00+05:30"),
            ],
        ),
        # Chatham: +13:45 until Sunday 2026-04-05 03:45, then +12:45; back on 2026-09-27.
        (
            "mon-fri 9-17",
            CHATHAM,
            "2026-04-03",
            "2026-04-07",
            [
                ("2026-04-03T09:00:00+13:45", "2026-04-03T17:00:00+13:45"),
                ("2026-04-06T09:00:00+12:45", "2026-04-06T17:00:00+12:45"),
            ],
        ),
        (
            "mon-fri 9-17",
            CHATHAM,
            "2026-09-25",
            "2026-09-29",
            [
                ("2026-09-25T09:00:00+12:45", "2026-09-25T17:00:00+12:45"),
                ("2026-09-28T09:00:00+13:45", "2026-09-28T17:00:00+13:45"),
            ],
        ),
        # Bounds inside the gap are the moment the clock passes them: the end of the gap.
        (
            "daily 1:30-2:30",
            BERLIN,
            "2026-03-29",
            "2026-03-30",
            [("2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00")],
        ),
        ("sun 2:10-2:50", BERLIN, "2026-03-29", "2026-03-30", []),  # wholly in the gap
        (
            "sun 2:50-4",
            CHATHAM,
            "2026-09-27",
            "2026-09-28",
            [("2026-09-27T03:45:00+13:45", "2026-09-27T04:00:00+13:45")],
        ),
        (
            "sun 2:30-9",
            NEW_YORK,
            "2026-03-08",
            "2026-03-09",
            [("2026-03-08T03:00:00-04:00", "2026-03-08T09:00:00-04:00")],
        ),
        # The repeated hour counts twice: 01:00 CEST to 04:00 CET is four real hours.
        (
            "sun 1-4",
            BERLIN,
            "2026-10-25",
            "2026-10-26",
            [("2026-10-25T01:00:00+02:00", "2026-10-25T04:00:00+01:00")],
        ),
        # Touching intervals are merged, across midnight and across the change.
        (
            "daily 0-24",
            BERLIN,
            "2026-03-28 12:00",
            "2026-03-30 12:00",
            [("2026-03-28T12:00:00+01:00", "2026-03-30T12:00:00+02:00")],
        ),
        (
            "fri 9-24; sat 0-2",
            NEW_YORK,
            "2026-03-06",
            "2026-03-09",
            [("2026-03-06T09:00:00-05:00", "2026-03-07T02:00:00-05:00")],
        ),
        # Clipped to the window asked for.
        (
            "mon-fri 9-17",
            BERLIN,
            "2026-03-27 12:00",
            "2026-03-30 10:00",
            [
                ("2026-03-27T12:00:00+01:00", "2026-03-27T17:00:00+01:00"),
                ("2026-03-30T09:00:00+02:00", "2026-03-30T10:00:00+02:00"),
            ],
        ),
    ],
)
def test_intervals_across_dst_and_odd_offsets(
    spec: str, tz: ZoneInfo, start: str, end: str, expected: list
) -> None:
    assert _iso(parse_hours(spec), tz, start, end) == expected


def test_santiago_midnight_gap_day_has_no_first_hour() -> None:
    """America/Santiago springs forward at midnight: Sunday 2026-09-06 00:00 never shows."""
    got = _iso(parse_hours("daily 0-1"), ZoneInfo("America/Santiago"), "2026-09-05", "2026-09-08")
    assert got == [
        ("2026-09-05T00:00:00-04:00", "2026-09-05T01:00:00-04:00"),
        ("2026-09-07T00:00:00-03:00", "2026-09-07T01:00:00-03:00"),
    ]


@pytest.mark.parametrize(
    "moment, expected",
    [
        ("2026-03-27T08:59:59+01:00", False),
        ("2026-03-27T09:00:00+01:00", True),
        ("2026-03-27T16:59:59+01:00", True),
        ("2026-03-27T17:00:00+01:00", False),  # ranges are half-open
        ("2026-03-28T12:00:00+01:00", False),  # Saturday
        ("2026-03-30T07:30:00+00:00", True),  # 09:30 in Berlin, asked in UTC
        ("2026-03-30T07:30:00+02:00", False),
    ],
)
def test_contains(moment: str, expected: bool) -> None:
    assert parse_hours("mon-fri 9-17").contains(datetime.fromisoformat(moment), BERLIN) is expected


def test_an_empty_window_has_no_intervals() -> None:
    hours = parse_hours("daily 0-24")
    at = datetime(2026, 3, 29, 12, tzinfo=BERLIN)
    assert list(hours.intervals(at, at, BERLIN)) == []
    assert list(hours.intervals(at, at - timedelta(hours=1), BERLIN)) == []


_week = st.lists(_ranges, min_size=7, max_size=7).filter(any)
_moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1), timezones=st.just(UTC)
)


def _spec(week: list) -> OfficeHours:
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return parse_hours(
        "; ".join(
            f"{n} " + ",".join(f"{a // 60}:{a % 60:02d}-{b // 60}:{b % 60:02d}" for a, b in r)
            for n, r in zip(names, week, strict=True)
            if r
        )
    )


def _in_fold(moment: datetime, tz: ZoneInfo) -> bool:
    local = moment.astimezone(tz)
    return local.utcoffset() != local.replace(fold=1 - local.fold).utcoffset()


@settings(max_examples=150, deadline=None)
@given(_week, st.sampled_from(ZONES), _moments, st.integers(1, 14 * 24 * 60))
def test_intervals_are_ordered_clipped_and_agree_with_the_wall_clock(
    week: list, tz: ZoneInfo, start: datetime, minutes: int
) -> None:
    hours = _spec(week)
    end = start + timedelta(minutes=minutes)
    got = list(hours.intervals(start, end, tz))
    for s, e in got:
        assert start <= s < e <= end
        assert s.tzinfo is tz and e.tzinfo is tz
    for (_, e1), (s2, _) in zip(got, got[1:], strict=False):
        assert e1 < s2  # disjoint and never touching: touching ones are merged
    # Outside a fold, an instant is in office hours exactly when the wall clock says so.
    for k in range(0, minutes, max(1, minutes // 40)):
        m = start + timedelta(minutes=k, seconds=7)
        inside = any(s <= m < e for s, e in got)
        assert hours.contains(m, tz) is inside
        if not _in_fold(m, tz):
            local = m.astimezone(tz)
            minute = local.hour * 60 + local.minute
            assert inside is any(a <= minute < b for a, b in hours.days[local.weekday()])


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(0, 800),
    st.sets(st.integers(0, 6), min_size=1),
)
def test_the_days_expanded_are_the_ones_dateutil_rrule_gives(
    first: date, days: int, weekdays: set[int]
) -> None:
    """The dates the pattern is expanded over: the same as ``rrule(DAILY, byweekday=...)``
    (the board's read no longer imports dateutil for them)."""
    from dateutil.rrule import DAILY, rrule

    last = first + timedelta(days=days)
    start, until = datetime.combine(first, time()), datetime.combine(last, time())
    want = list(rrule(DAILY, dtstart=start, until=until, byweekday=tuple(sorted(weekdays))))
    assert list(_midnights(first, last, tuple(sorted(weekdays)))) == want
