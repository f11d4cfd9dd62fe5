"""Only times that can be stored and shown enter the board (issue 9, item 1).

Every time that enters the board — a phrase, ``$STANDUP_NOW``, a working-hours deadline —
lies in 1970-01-01 .. 2200-12-31 (UTC) and is stored with a whole-minute offset (local mean
time, as in Africa/Monrovia before 1972, is stored as UTC). The property test, over real
operations on a real board file, is in test_time_bounds_properties.py.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import msgspec
import pytest

from standup.availability import SEARCH_LIMIT, add_working_hours
from standup.clock import EARLIEST, LATEST, in_range, iso, parse_fixed_now, storable
from standup.errors import BadInput
from standup.model import Person
from standup.render import when

OUTSIDE = "is outside 1970-01-01 .. 2200-12-31 (UTC)"
MONROVIA = ZoneInfo("Africa/Monrovia")  # -00:44:30 until 1972-01-07
# The five zones every stored time is read back in: far east, far west, DST, :45, LMT.
READERS = [
    ZoneInfo(k)
    for k in (
        "Pacific/Kiritimati",  # +14:00
        "Pacific/Pago_Pago",  # -11:00
        "America/New_York",  # DST
        "Asia/Kathmandu",  # +05:45
        "Africa/Monrovia",  # -00:44:30 in 1970-1971
    )
]


@contextmanager
def _system_zone(name: str) -> Iterator[None]:
    """``$TZ`` (which :func:`standup.clock.system_zone` reads) set to ``name`` for a while."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old


# --- the pieces ----------------------------------------------------------------------------


def test_in_range_never_overflows() -> None:
    assert not in_range(datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-5))))
    assert not in_range(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))))
    assert in_range(EARLIEST) and in_range(LATEST)
    assert not in_range(EARLIEST - timedelta(microseconds=1))
    assert not in_range(LATEST + timedelta(microseconds=1))


def test_storable_moves_an_offset_with_seconds_to_utc() -> None:
    lmt = datetime(1971, 6, 1, 9, 0, tzinfo=MONROVIA)
    assert lmt.utcoffset() == -timedelta(minutes=44, seconds=30)
    got = storable(lmt)
    assert got == lmt and got.utcoffset() == timedelta(0)
    assert got.isoformat() == "1971-06-01T09:44:30+00:00"


def test_storable_keeps_a_whole_minute_offset_and_its_zone() -> None:
    moment = datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo("Asia/Kathmandu"))
    assert storable(moment) is moment


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(2201, 1, 1, tzinfo=UTC),
        datetime(1800, 1, 1, 9, 0, tzinfo=ZoneInfo("Europe/Lisbon")),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_storable_refuses_what_is_out_of_range(moment: datetime) -> None:
    with pytest.raises(BadInput) as caught:
        storable(moment, "--by")
    assert caught.value.message == f"--by {OUTSIDE}"
    assert caught.value.example


def test_storable_needs_an_aware_time() -> None:
    with pytest.raises(ValueError, match="aware"):
        storable(datetime(2026, 1, 1))


@pytest.mark.parametrize("tz", READERS, ids=lambda z: z.key)
@pytest.mark.parametrize("moment", [EARLIEST, LATEST, datetime(1971, 6, 1, 9, tzinfo=UTC)])
def test_iso_and_when_work_at_the_ends_of_the_range_in_every_zone(
    moment: datetime, tz: ZoneInfo
) -> None:
    text = iso(moment, tz)
    assert text is not None
    assert msgspec.json.decode(msgspec.json.encode(text), type=datetime) == moment.replace(
        microsecond=0
    )  # RFC 3339
    assert when(moment, EARLIEST, tz)
    assert when(moment, LATEST, tz)


def test_iso_of_a_monrovia_reader_in_1971_is_utc() -> None:
    assert iso(datetime(1971, 6, 1, 9, tzinfo=UTC), MONROVIA) == "1971-06-01T09:00:00+00:00"
    assert iso(datetime(1973, 6, 1, 9, tzinfo=UTC), MONROVIA) == "1973-06-01T09:00:00+00:00"
    assert iso(datetime(2026, 6, 1, 9, tzinfo=UTC), READERS[3]) == "2026-06-01T14:45:00+05:45"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9999-12-20T00:00:00+00:00", OUTSIDE),  # issue 9, item 6
        ("1969-12-31T23:59:59Z", OUTSIDE),
        ("2201-01-01T00:00:00+00:00", OUTSIDE),
        ("2200-12-31T23:30:00-01:00", OUTSIDE),
        ("0001-01-01T00:00:00+05:00", OUTSIDE),
        ("yesterday", "is not an ISO 8601 time"),
        ("2026-13-01T00:00", "is not an ISO 8601 time"),
        ("", "is not an ISO 8601 time"),
    ],
)
def test_a_fixed_now_out_of_range_or_unreadable_is_refused(value: str, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_fixed_now(value)
    assert caught.value.message.startswith(f"STANDUP_NOW={value!r}")
    assert message in caught.value.message
    assert caught.value.example.startswith("STANDUP_NOW=")


def test_a_fixed_now_with_seconds_in_its_offset_is_stored_as_utc() -> None:
    got = parse_fixed_now("1971-06-01T09:00:00-00:44:30")
    assert got.isoformat() == "1971-06-01T09:44:30+00:00"
    with _system_zone("Africa/Monrovia"):
        assert parse_fixed_now("1971-06-01T09:00:00") == got
        assert parse_fixed_now("1971-06-01T09:00:00").utcoffset() == timedelta(0)


def test_the_edges_of_the_range_are_accepted() -> None:
    assert parse_fixed_now("1970-01-01T00:00:00Z") == EARLIEST
    assert parse_fixed_now("2200-12-31T23:59:59+00:00") == LATEST.replace(microsecond=0)


# --- working hours -----------------------------------------------------------------------------

PAT = Person("pat", "Pat", tz="Africa/Monrovia", hours="mon-fri 09:00-17:00")


@pytest.mark.parametrize("hours", [99999999999999.0, 1e300, SEARCH_LIMIT / timedelta(hours=1) + 1])
def test_more_working_hours_than_a_year_holds_are_refused_before_counting(hours: float) -> None:
    with pytest.raises(BadInput) as caught:
        add_working_hours(PAT, [], datetime(2026, 1, 5, tzinfo=UTC), hours, UTC)
    assert "working hours is more than the 366 days standup looks ahead" in caught.value.message
    assert "e+" not in caught.value.message or hours == 1e300


def test_a_year_of_working_hours_with_no_office_hours_still_fits() -> None:
    start = datetime(2026, 1, 5, tzinfo=UTC)
    got = add_working_hours(None, [], start, SEARCH_LIMIT / timedelta(hours=1), UTC)
    assert got == start + SEARCH_LIMIT


def test_working_hours_past_2200_are_refused() -> None:
    start = datetime(2200, 12, 31, 12, 0, tzinfo=UTC)
    with pytest.raises(BadInput) as caught:
        add_working_hours(None, [], start, 24, UTC)
    assert OUTSIDE in caught.value.message


def test_working_hours_in_local_mean_time_come_back_with_a_whole_minute_offset() -> None:
    start = datetime(1971, 6, 1, 10, 0, tzinfo=UTC)  # a Tuesday, 09:15:30 in Monrovia
    got = add_working_hours(PAT, [], start, 2, UTC)
    assert got == start + timedelta(hours=2)
    assert got.utcoffset() == timedelta(0)


# --- the examples of the issue, through the installed command -----------------------------


@pytest.fixture
def team(cli):  # noqa: ANN001, ANN201
    cli("person", "add", "ana", "--name", "Ana", "--role", "pm")
    return cli


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            ("ask", "x", "--by", "9999-12-31T23:59:59-05:00"),
            f"--by: the time '9999-12-31T23:59:59-05:00' {OUTSIDE}",
        ),
        (
            ("away", "--from", "1800-01-01 09:00 Europe/Lisbon"),
            f"--from: the time '1800-01-01 09:00 Europe/Lisbon' {OUTSIDE}",
        ),
        (("away", "--until", "2201-01-01 00:00 UTC"), OUTSIDE),
        (
            ("ask", "x", "--by", "99999999999999 working hours"),
            "99999999999999 working hours is more than",
        ),
        (("ask", "x", "--by", "next blursday"), "'blursday' is not a weekday"),
        (("ask", "x", "--by", "in 2 blorps"), "'blorps' is not a unit"),
    ],
)
def test_the_issue_examples_are_refused_with_one_line(team, args, needle) -> None:  # noqa: ANN001
    line = team.fails(*args)
    assert needle in line
    assert "example:" in line


@pytest.mark.parametrize("now", ["9999-12-20T00:00:00+00:00", "1969-07-20T20:17:00Z", "soon"])
@pytest.mark.parametrize(
    "args", [("status",), ("status", "--json"), ("list", "questions"), ("ask", "x")]
)
def test_a_bad_standup_now_is_one_line_for_every_command(team, now, args) -> None:  # noqa: ANN001
    line = team.fails(*args, now=now)
    assert line.startswith(f"standup: STANDUP_NOW={now!r}")


def test_a_bad_standup_now_does_not_open_the_board(team) -> None:  # noqa: ANN001
    team.fails(now="9999-12-20T00:00:00+00:00")


def test_local_mean_time_is_stored_as_utc_and_read_everywhere(team, db) -> None:  # noqa: ANN001
    now = "1971-06-01T10:00:00Z"
    team("person", "add", "mo", "--tz", "Africa/Monrovia", "--hours", "mon-fri 9-17", now=now)
    team("away", "--who", "mo", "--until", "1971-06-03 09:00 Africa/Monrovia", now=now)
    team("ask", "x", "--to", "mo", "--by", "2 working hours", now=now)
    raw = db.read_text()
    assert '"1971-06-03T09:44:30+00:00"' in raw  # the absence's end, in UTC
    assert not re.search(r'[+-]\d\d:\d\d:\d\d"', raw)  # no offset with seconds
    for user in ("ana", "mo"):
        status = team.json("status", user=user, now=now)
        assert status["people"][1]["until"] in (
            "1971-06-03T09:44:30+00:00",
            "1971-06-03T10:44:30+01:00",
        )
        assert status["questions"][0]["needed_by"]
        assert team("status", user=user, now=now).stdout
