"""Every time the CLI accepts is stored, read back and shown (issue 9, item 1), by property.

Phrases x zones x ``$STANDUP_NOW`` drive the real operations on a real board file; the board
is read back as every reader reads it (``Board.load``, ``BoardView``) and rendered
(``status_text``, ``status_json``) in five zones: far east (+14), far west (-11), one with
DST, one at :45, and Monrovia's local mean time (-00:44:30 until 1972). Out-of-range times
are refused with ``BadInput``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from standup import ops
from standup.board import Board
from standup.clock import in_range, parse_fixed_now
from standup.errors import BadInput
from standup.render import status_text, when
from standup.serialize import status_json
from standup.store import Store
from standup.view import BoardView

from .test_time_bounds import OUTSIDE, READERS, _system_zone

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


# --- the property: whatever is accepted is stored, read back and shown -----------------------


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
            absence = ops.away(store, actor, start=text, now=now).record
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
            question = ops.ask(store, actor, "Which export first?", by=text, now=now).record
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
