"""The duration and day parsers of ``standup team set`` (standup.durations): what people
type reads as they mean it, the short form reads back to the same number, and anything
else is one BadInput line — never another exception — with the bounds enforced."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standup.durations import (
    MAX_SECONDS,
    format_duration,
    parse_days,
    parse_duration,
)
from standup.errors import BadInput

FIXED = settings(derandomize=True, max_examples=300, deadline=None)


@pytest.mark.parametrize(
    "text, seconds",
    [("90s", 90), ("2m", 120), ("1:30", 90), ("15 min", 900), ("1h", 3600),
     ("1h 30m", 5400), ("1h30m", 5400), ("2 minutes 30 seconds", 150), ("1:02:30", 3750),
     (" 45 sec ", 45), ("2 MIN", 120), ("1 hour and 5 minutes", 3900)],
)  # fmt: skip
def test_what_people_type(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text", ["90", "", "abc", "1m 2h", "2m 2m", "1:75", "1:30:00:00", "m", "-5s", "1.5m",
             "1:60:00", "5 parsecs", "٣m", "²s", "90s\n2m"],
)  # fmt: skip
def test_garbage_is_refused(text: str) -> None:
    with pytest.raises(BadInput) as refused:
        parse_duration(text)
    assert refused.value.example  # with an example that works


def test_a_bare_number_asks_for_the_unit() -> None:
    with pytest.raises(BadInput, match="needs a unit"):
        parse_duration("90")


@FIXED
@given(st.integers(1, MAX_SECONDS))
def test_the_short_form_reads_back(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


@FIXED
@given(st.integers(0, 999), st.integers(0, 59))
def test_minutes_and_seconds(minutes: int, seconds: int) -> None:
    total = minutes * 60 + seconds
    text = f"{minutes}:{seconds:02d}"
    if 1 <= total <= MAX_SECONDS:
        assert parse_duration(text) == total
    else:
        with pytest.raises(BadInput):
            parse_duration(text)


@FIXED
@given(st.integers(0, 10**6), st.integers(1, 3600), st.integers(1, 3600))
def test_bounds(seconds: int, a: int, b: int) -> None:
    least, most = min(a, b), max(a, b)
    if least <= seconds <= most:
        assert parse_duration(f"{seconds}s", least=least, most=most) == seconds
    else:
        with pytest.raises(BadInput, match="outside"):
            parse_duration(f"{seconds}s", least=least, most=most)


@FIXED
@given(st.text(max_size=20))
def test_anything_reads_or_is_one_line_of_bad_input(text: str) -> None:
    try:
        seconds = parse_duration(text)
    except BadInput as refused:
        assert "\n" not in refused.line()
    else:
        assert 1 <= seconds <= MAX_SECONDS


@FIXED
@given(st.text(max_size=12))
def test_days_read_or_are_refused(text: str) -> None:
    try:
        days = parse_days(text)
    except BadInput as refused:
        assert "\n" not in refused.line()
    else:
        assert 1 <= days <= 36500


@pytest.mark.parametrize("text, days", [("90", 90), ("90d", 90), ("30 days", 30),
                                        ("1 day", 1), ("2 weeks", 14)])  # fmt: skip
def test_days(text: str, days: int) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["0", "-1", "x", "90 hours", "36501", ""])
def test_days_refused(text: str) -> None:
    with pytest.raises(BadInput):
        parse_days(text)
