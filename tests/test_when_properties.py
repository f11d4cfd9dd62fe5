"""standup.when, by property: any text is read or refused in one line, and the rules of
"Time phrases" hold at any moment in any zone, DST changes included."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from standup.clock import in_range
from standup.errors import BadInput

from .test_when import BERLIN, LISBON, NEW_YORK, when

ZONES = [
    ZoneInfo(k)
    for k in (
        "Europe/Lisbon",
        "Europe/Berlin",
        "America/New_York",
        "UTC",
        "Asia/Kolkata",
        "Australia/Lord_Howe",  # a 30-minute DST shift
        "Pacific/Chatham",  # +12:45 / +13:45
    )
]
CHANGE_DAYS = [
    (LISBON, date(2026, 3, 29)),
    (LISBON, date(2026, 10, 25)),
    (BERLIN, date(2026, 3, 29)),
    (BERLIN, date(2026, 10, 25)),
    (NEW_YORK, date(2026, 3, 8)),
    (NEW_YORK, date(2026, 11, 1)),
    (ZoneInfo("Australia/Lord_Howe"), date(2026, 4, 5)),
    (ZoneInfo("Australia/Lord_Howe"), date(2026, 10, 4)),
]
PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _settle(wall: datetime) -> datetime:
    return wall.astimezone(UTC).astimezone(wall.tzinfo)


@st.composite
def nows(draw: st.DrawFn) -> datetime:
    """Any moment in one of ZONES, often on (or the day before) a DST change."""
    if draw(st.booleans()):
        z, day = draw(st.sampled_from(CHANGE_DAYS))
        day -= timedelta(days=draw(st.sampled_from([0, 0, 1, 7])))
        moment = datetime.combine(day, draw(st.times()), tzinfo=z)
        return _settle(moment.replace(fold=draw(st.sampled_from([0, 1]))))
    z = draw(st.sampled_from(ZONES))
    naive = draw(st.datetimes(datetime(2000, 1, 1), datetime(2090, 1, 1)))
    return _settle(naive.replace(tzinfo=z))


def _is_aware(moment: datetime) -> bool:
    return moment.tzinfo is not None and moment.utcoffset() is not None


def _read_or_refuse(phrase: str, now: datetime) -> None:
    try:
        got = when(phrase, now=now)
    except BadInput as e:
        assert e.message and e.example
    else:
        assert isinstance(got, datetime) and _is_aware(got)
        assert in_range(got), got  # only what the board can store
        assert not got.utcoffset() % timedelta(minutes=1), got  # RFC 3339: whole minutes


@PROPS
@given(st.text(), nows())
def test_any_text_is_read_or_refused(phrase: str, now: datetime) -> None:
    _read_or_refuse(phrase, now)


_WORDS = (
    "now today tomorrow next this at in and a an eod noon midnight fri friday mon sun dec "
    "feb 29 30 3 31 3rd 2026 9999 0001 2pm 13pm 0am 12am 9:30 25:00 17:00 1 2 0 99999999999 "
    "hours h m minutes days d weeks w 1.5 2026-12-03 2026-02-30 9999-12-31 0001-01-01 "
    "2026-12-03T14:00:00+01:00 3/4 4.3. UTC Europe/Berlin Pacific/Kiritimati Etc/GMT+12 "
    "1970-01-01 2200-12-31 1971-06-01 Africa/Monrovia 23:59 blursday "
    "Europe/Nowhere , - ."
)
VOCABULARY = _WORDS.split()


@PROPS
@given(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=6), nows())
def test_any_words_are_read_or_refused(words: list[str], now: datetime) -> None:
    _read_or_refuse(" ".join(words), now)


@st.composite
def clock_phrases(draw: st.DrawFn) -> tuple[str, time]:
    """A time of day in one of its spellings, with the time it means."""
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    h12, ampm = (hour % 12 or 12), ("am" if hour < 12 else "pm")
    spelling = draw(
        st.sampled_from(
            [f"{hour}:{minute:02d}", f"{hour:02d}:{minute:02d}", f"{h12}:{minute:02d}{ampm}"]
            + ([f"{h12}{ampm}", f"{h12} {ampm.upper()}"] if minute == 0 else [])
        )
    )
    return spelling, time(hour, minute)


def _wall_or_moved_forward(got: datetime, clock: time) -> None:
    """``got`` shows ``clock``, unless that time did not exist that day (a DST gap)."""
    wall = datetime.combine(got.date(), clock)
    if _settle(wall.replace(tzinfo=got.tzinfo)).replace(tzinfo=None) == wall:
        assert got.time() == clock
    else:  # moved forward by the gap (at most an hour in ZONES)
        assert timedelta(0) < got.replace(tzinfo=None) - wall <= timedelta(hours=1)


def _at(day: date, clock: time, z: tzinfo) -> datetime:
    return _settle(datetime.combine(day, clock, tzinfo=z))


@PROPS
@given(clock_phrases(), nows())
def test_bare_time_is_its_next_occurrence(clock: tuple[str, time], now: datetime) -> None:
    phrase, t = clock
    got = when(phrase, now=now)
    assert _is_aware(got) and got.tzinfo is now.tzinfo
    assert now < got < now + timedelta(days=2)
    if got.date() != now.date():  # not today: today's was not ahead any more
        assert _at(now.date(), t, now.tzinfo) <= now
    _wall_or_moved_forward(got, t)


WEEKDAY_SPELLINGS = [
    ("mon", "monday"),
    ("tue", "tuesday"),
    ("wed", "wednesday"),
    ("thu", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
    ("sun", "sunday"),
]


@PROPS
@given(
    st.integers(0, 6), st.booleans(), st.one_of(st.none(), clock_phrases()), nows(), st.booleans()
)
def test_weekday_is_the_next_such_day(
    wd: int, short: bool, clock: tuple[str, time] | None, now: datetime, nxt: bool
) -> None:
    phrase = ("next " if nxt else "") + WEEKDAY_SPELLINGS[wd][0 if short else 1]
    phrase += f" {clock[0]}" if clock else ""
    got = when(phrase, now=now)
    assert _is_aware(got) and got.tzinfo is now.tzinfo
    assert got.weekday() == wd
    assert now < got < now + timedelta(days=8)
    t = clock[1] if clock else time(17, 0)
    ahead = (got.date() - now.date()).days
    if nxt:  # the first such day after today
        assert ahead == (wd - now.weekday() - 1) % 7 + 1
    else:  # today if the time is still ahead, else the next one
        assert ahead <= 7
        assert (ahead == 7) == (_at(now.date(), t, now.tzinfo) <= now and now.weekday() == wd)
    _wall_or_moved_forward(got, t)


@PROPS
@given(st.integers(0, 10**6), st.sampled_from(["minutes", "min", "m"]), nows())
def test_in_minutes_is_exact(n: int, unit: str, now: datetime) -> None:
    got = when(f"in {n} {unit}", now=now)
    assert got.tzinfo is now.tzinfo
    assert got.astimezone(UTC) == now.astimezone(UTC) + timedelta(minutes=n)


@PROPS
@given(st.integers(0, 10**4), st.integers(0, 59), nows())
def test_in_hours_and_minutes_is_exact(h: int, m: int, now: datetime) -> None:
    got = when(f"in {h}h{m}m", now=now)
    assert got.astimezone(UTC) == now.astimezone(UTC) + timedelta(hours=h, minutes=m)


@PROPS
@given(st.integers(0, 3000), st.sampled_from(["days", "d", "weeks", "w"]), nows())
def test_in_days_keeps_the_wall_clock(n: int, unit: str, now: datetime) -> None:
    got = when(f"in {n} {unit}", now=now)
    days = n * (7 if unit.startswith("w") else 1)
    assert got.tzinfo is now.tzinfo
    assert got.date() == now.date() + timedelta(days=days)
    if n:
        _wall_or_moved_forward(got, now.time())


@PROPS
@given(
    st.datetimes(datetime(1900, 1, 1), datetime(9998, 1, 1)),
    st.integers(-23 * 60, 23 * 60),
    nows(),
)
def test_iso_with_offset_round_trips(naive: datetime, minutes: int, now: datetime) -> None:
    """An ISO time with an offset is that moment, offset kept, if the board can hold it
    (1970 .. 2200); else it is refused saying so."""
    moment = naive.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=minutes)))
    if not in_range(moment):
        with pytest.raises(BadInput, match="is outside 1970-01-01 .. 2200-12-31"):
            when(moment.isoformat(), now=now)
        return
    got = when(moment.isoformat(), now=now)
    assert got == moment and got.utcoffset() == moment.utcoffset()


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec"
MONTHS = _MONTHS.split()


@PROPS
@given(st.dates(date(2000, 1, 1), date(2030, 12, 31)), clock_phrases(), nows())
def test_month_name_dates(day: date, clock: tuple[str, time], now: datetime) -> None:
    month = MONTHS[day.month - 1]
    phrase = f"{month} {day.day} {clock[0]}"
    got = when(phrase, now=now)
    assert (got.month, got.day) == (day.month, day.day)
    assert now < got
    assert got < now + timedelta(days=367 if (day.month, day.day) != (2, 29) else 366 * 8)
    with_year = when(f"{day.day} {month} {day.year} {clock[0]}", now=now)
    assert with_year.date() == day


@PROPS
@given(clock_phrases(), nows(), st.sampled_from(ZONES))
def test_trailing_zone_wins(clock: tuple[str, time], now: datetime, z: ZoneInfo) -> None:
    got = when(f"tomorrow {clock[0]} {z.key}", now=now, tz=LISBON)
    assert got.tzinfo is z
    assert got.date() == now.astimezone(z).date() + timedelta(days=1)
