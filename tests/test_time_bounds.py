"""Only times that can be stored and shown enter the board (issue 9, item 1).

Every time that enters the board — a phrase, ``$STANDUP_NOW``, a working-hours deadline —
lies in 1970-01-01 .. 2200-12-31 (UTC) and is stored with a whole-minute offset (local mean
time, as in Africa/Monrovia before 1972, is stored as UTC). The property test drives the
real operations on a real board file and reads it back as every reader does.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from standup import ops
from standup.availability import SEARCH_LIMIT, add_working_hours
from standup.board import Board
from standup.clock import EARLIEST, LATEST, in_range, iso, parse_fixed_now, storable
from standup.errors import BadInput
from standup.model import Person
from standup.render import status_text, when
from standup.serialize import status_json
from standup.store import Store
from standup.view import BoardView

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
# The zones people on the board live in (and phrases name).
ZONES = [
    "UTC",
    "Europe/Lisbon",
    "America/New_York",
    "Asia/Kathmandu",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Africa/Monrovia",
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "Pacific/Chatham",  # +12:45 / +13:45
    "America/St_Johns",  # -03:30 / -02:30
    "Pacific/Apia",  # skipped 2011-12-30
]
TIME_KEYS = {"now", "asked_at", "needed_by", "answered_at", "ask_at", "since", "unblocked_at"}
TIME_KEYS |= {"until", "next_available", "added_at", "at"}


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


# --- the property: whatever is accepted is stored, read back and shown -----------------------


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


def _naive(lo: int, hi: int) -> st.SearchStrategy[datetime]:
    return st.datetimes(datetime(lo, 1, 1), datetime(hi, 12, 31, 23, 59)).map(
        lambda d: d.replace(second=0, microsecond=0)
    )


# Mostly inside the range (with its two ends), sometimes anywhere Python can hold.
WALLS = st.one_of(
    _naive(1970, 2200),
    _naive(1970, 1971),  # Monrovia's -00:44:30 until 1972
    _naive(2025, 2030),
    st.sampled_from(
        [
            datetime(1970, 1, 1, 0, 0),
            datetime(1969, 12, 31, 23, 59),
            datetime(1971, 6, 1, 9, 0),  # Monrovia's -00:44:30
            datetime(2200, 12, 31, 23, 59),
            datetime(2201, 1, 1, 0, 0),
            datetime(2200, 12, 30, 12, 0),
            datetime(2026, 3, 8, 2, 30),  # in New York's spring-forward gap
            datetime(2026, 11, 1, 1, 30),  # twice in New York
            datetime(2026, 10, 4, 2, 15),  # in Lord Howe's 30-minute gap
        ]
    ),
    _naive(1, 9998),
)
OFFSETS = ["Z", "+00:00", "-05:00", "+14:00", "-11:00", "+05:45", "-00:44:30", "+13:45", ""]


@st.composite
def fixed_nows(draw: st.DrawFn) -> tuple[str, datetime | None]:
    """A ``$STANDUP_NOW`` value and the moment it means (``None``: not a time)."""
    if draw(st.integers(0, 19)) == 0:
        return draw(
            st.sampled_from(["9999-12-20T00:00:00+00:00x", "noon", "2026-02-30T09:00"])
        ), None
    wall = draw(st.one_of(_naive(1970, 2200), _naive(1970, 1971), _naive(2025, 2030), WALLS))
    offset = draw(st.sampled_from(OFFSETS))
    value = f"{wall.year:04d}-{wall:%m-%dT%H:%M:%S}{offset}"
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("Africa/Monrovia"))  # the test's $TZ
    return value, moment


RELATIVE = [
    "now",
    "tomorrow 9am",
    "9am tomorrow",
    "fri 5pm",
    "next mon",
    "this sun 23:59",
    "eod",
    "noon",
    "midnight",
    "17:00",
    "Dec 3 2pm",
    "3 dec",
    "Feb 29",
    "in 1h30m",
    "in an hour",
    "in 2 days",
    "in 1 week 2 days",
    "tomorrow 9am America/New_York",
    "fri 5pm Pacific/Kiritimati",
    "next tue 02:30 America/St_Johns",
    "eod Africa/Monrovia",
    "tomorrow 00:30 Pacific/Apia",
]


@st.composite
def phrases(draw: st.DrawFn) -> tuple[str, datetime | None]:
    """A phrase the CLI reads and, for a dated one, the moment it names (else ``None``)."""
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(st.sampled_from(RELATIVE)), None
    if kind == 1:
        n = draw(st.one_of(st.integers(0, 500), st.integers(0, 10**9)))
        unit = draw(st.sampled_from(["minutes", "hours", "days", "weeks", "h", "m"]))
        return f"in {n} {unit}", None
    if kind == 2:
        hours = draw(
            st.one_of(
                st.integers(1, 300).map(str),
                st.integers(8000, 9000).map(str),
                st.integers(10**6, 10**15).map(str),
                st.floats(0.01, 100.0).map(lambda f: f"{f:.2f}"),
            )
        )
        return f"{hours} working hours", None
    wall = draw(WALLS)
    day = f"{wall.year:04d}-{wall:%m-%d}"
    if kind == 3:  # an ISO time with an offset: exactly that moment
        minutes = draw(st.sampled_from([0, -300, 840, -660, 345, 765, -210]))
        offset = timezone(timedelta(minutes=minutes))
        moment = wall.replace(tzinfo=offset)
        sign, m = ("+" if minutes >= 0 else "-"), abs(minutes)
        return f"{day}T{wall:%H:%M}:00{sign}{m // 60:02d}:{m % 60:02d}", moment
    # A wall-clock time in a named zone (kind 4) or the caller's own (kind 5, filled later)
    name = draw(st.sampled_from([*ZONES, "Africa/Monrovia"])) if kind == 4 else ""
    phrase = f"{day} {wall:%H:%M}" + (f" {name}" if name else "")
    return phrase, wall.replace(tzinfo=ZoneInfo(name)) if name else wall


def _instant(expected: datetime, caller: ZoneInfo) -> datetime:
    """The moment a dated phrase names: a wall time without a zone is the caller's, and a
    local time in a DST gap moves forward (``fold=0``), as product.md says.

    Compare it with what was stored in UTC only (``.astimezone(UTC)``, once it is known to
    be in range): two datetimes with the same ZoneInfo compare on the wall clock."""
    if expected.tzinfo is None:
        expected = expected.replace(tzinfo=caller)
    return expected.replace(fold=0)


def _times_in(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in TIME_KEYS and isinstance(item, str):
                yield item
            else:
                yield from _times_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _times_in(item)


def _read_back_everywhere(store: Store, now: datetime) -> Board:
    """The board as every reader reads it: loaded, derived and rendered in five zones."""
    snapshot = store.read()
    board = Board.load(snapshot, snapshot.revision)
    for tz in READERS:
        view = BoardView(board, now, tz)
        assert status_text(view)
        document = msgspec.json.decode(msgspec.json.encode(status_json(view)))
        for text in _times_in(document):  # RFC 3339, which every JSON consumer reads
            msgspec.json.decode(msgspec.json.encode(text), type=datetime)
        for question in board.questions.values():
            assert when(question.needed_by, now, tz) and when(question.asked_at, now, tz)
        for absences in board.absences.values():
            for absence in absences:
                assert when(absence.start, now, tz)
    return board


def _whole_minutes(moment: datetime) -> bool:
    offset = moment.utcoffset()
    return offset is not None and not offset % timedelta(minutes=1)


PROPERTY = settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@PROPERTY
@given(
    fixed_nows(),
    phrases(),
    st.sampled_from(ZONES),
    st.sampled_from(ZONES),
    st.sampled_from([None, "mon-fri 09:00-17:00", "daily 22-24", "sat,sun 9-12"]),
)
def test_every_accepted_time_is_stored_read_back_and_shown(
    fixed: tuple[str, datetime | None],
    phrase: tuple[str, datetime | None],
    caller_zone: str,
    pm_zone: str,
    pm_hours: str | None,
) -> None:
    value, meant = fixed
    with _system_zone("Africa/Monrovia"):
        if meant is None or not in_range(meant):
            with pytest.raises(BadInput) as caught:
                parse_fixed_now(value)
            assert caught.value.message.startswith("STANDUP_NOW=")
            event("STANDUP_NOW refused")
            return
        now = parse_fixed_now(value)
    assert now == meant and _whole_minutes(now)

    text, dated = phrase
    caller = ZoneInfo(caller_zone)
    expected = _instant(dated, caller) if dated is not None else None
    actor = ops.Actor("ana", "ana")
    with tempfile.TemporaryDirectory(prefix="standup-time-") as folder:
        store = Store(Path(folder) / "board.json")
        ops.add_person(store, actor, "pat", role="pm", tz=pm_zone, hours=pm_hours, now=now)
        ops.add_person(store, actor, "ana", tz=caller_zone, now=now)

        # --from: any time the board can hold (an absence may have started long ago).
        try:
            absence = ops.away(store, actor, start=text, now=now)
        except BadInput as exc:
            event("--from refused")
            assert exc.example
            if expected is not None:
                assert not in_range(expected), f"--from {text!r} refused: {exc.message}"
            elif "working hours" not in text:
                assert OUTSIDE in exc.message, exc.message
        else:
            event("--from accepted")
            assert "working hours" not in text
            assert in_range(absence.start) and _whole_minutes(absence.start)
            if expected is not None:
                assert in_range(expected) and absence.start == expected.astimezone(UTC)

        # --by: the same, and ahead of now; N working hours of the PM's office hours.
        try:
            question = ops.ask(store, actor, "Which export first?", by=text, now=now)
        except BadInput as exc:
            event("--by refused")
            assert exc.example
            if expected is not None:
                assert not in_range(expected) or expected <= now, exc.message
        else:
            event("--by accepted" + (" (working hours)" if "working" in text else ""))
            assert question.needed_by is not None and in_range(question.needed_by)
            assert question.needed_by > now and _whole_minutes(question.needed_by)
            if expected is not None:
                assert in_range(expected) and question.needed_by == expected.astimezone(UTC)

        board = _read_back_everywhere(store, now)
        stored = [a.start for a in board.absences.get("ana", [])]
        stored += [q.needed_by for q in board.questions.values() if q.needed_by]
        assert all(in_range(t) and _whole_minutes(t) for t in stored)
        if expected is not None and in_range(expected):
            assert expected.astimezone(UTC) in stored  # --from always takes it


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
