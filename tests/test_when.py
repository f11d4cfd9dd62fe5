"""standup.when: the human time phrases of the spec ("Time phrases")."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest

from standup.errors import BadInput
from standup.when import parse_when, parse_working_hours

LISBON = ZoneInfo("Europe/Lisbon")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=LISBON)  # a Wednesday, Lisbon is at +00:00


def when(phrase: str, now: datetime = NOW, tz: tzinfo | None = None) -> datetime:
    """``phrase`` read at ``now``, in ``tz`` (default: the zone of ``now``)."""
    return parse_when(phrase, now=now, tz=tz or now.tzinfo)  # type: ignore[arg-type]


# --- every form, from Wednesday 2026-11-25 10:00 in Lisbon --------------------------------

FORMS = [
    ("now", "2026-11-25T10:00:00+00:00"),
    ("NOW", "2026-11-25T10:00:00+00:00"),
    ("17:00", "2026-11-25T17:00:00+00:00"),
    ("9:30", "2026-11-26T09:30:00+00:00"),  # already past today: tomorrow
    ("10:00", "2026-11-26T10:00:00+00:00"),  # exactly now is not "still ahead"
    ("10:01", "2026-11-25T10:01:00+00:00"),
    ("2pm", "2026-11-25T14:00:00+00:00"),
    ("2:30pm", "2026-11-25T14:30:00+00:00"),
    ("2:30 PM", "2026-11-25T14:30:00+00:00"),
    ("9am", "2026-11-26T09:00:00+00:00"),
    ("9 a.m.", "2026-11-26T09:00:00+00:00"),
    ("12am", "2026-11-26T00:00:00+00:00"),
    ("12pm", "2026-11-25T12:00:00+00:00"),
    ("noon", "2026-11-25T12:00:00+00:00"),
    ("midnight", "2026-11-26T00:00:00+00:00"),
    ("at 5pm", "2026-11-25T17:00:00+00:00"),
    ("  Today   17:00 ", "2026-11-25T17:00:00+00:00"),
    ("today 9am", "2026-11-25T09:00:00+00:00"),  # in the past: the caller refuses it
    ("today", "2026-11-25T17:00:00+00:00"),
    ("tomorrow", "2026-11-26T17:00:00+00:00"),
    ("tomorrow 9am", "2026-11-26T09:00:00+00:00"),
    ("9am tomorrow", "2026-11-26T09:00:00+00:00"),
    ("tomorrow eod", "2026-11-26T17:00:00+00:00"),
    ("eod", "2026-11-25T17:00:00+00:00"),
    ("EOD", "2026-11-25T17:00:00+00:00"),
    ("in 2 hours", "2026-11-25T12:00:00+00:00"),
    ("in 90 minutes", "2026-11-25T11:30:00+00:00"),
    ("in 3 days", "2026-11-28T10:00:00+00:00"),
    ("in 1 week", "2026-12-02T10:00:00+00:00"),
    ("in 2 weeks", "2026-12-09T10:00:00+00:00"),
    ("in 2h", "2026-11-25T12:00:00+00:00"),
    ("in 30m", "2026-11-25T10:30:00+00:00"),
    ("in 30 mins", "2026-11-25T10:30:00+00:00"),
    ("in 2 hrs", "2026-11-25T12:00:00+00:00"),
    ("in 1d", "2026-11-26T10:00:00+00:00"),
    ("in 1w", "2026-12-02T10:00:00+00:00"),
    ("in 1 hour 30 minutes", "2026-11-25T11:30:00+00:00"),
    ("in 1 hour and 30 minutes", "2026-11-25T11:30:00+00:00"),
    ("in 1h30m", "2026-11-25T11:30:00+00:00"),
    ("in 1.5 hours", "2026-11-25T11:30:00+00:00"),
    ("in an hour", "2026-11-25T11:00:00+00:00"),
    ("in a day", "2026-11-26T10:00:00+00:00"),
    ("in 1 day 2 hours", "2026-11-26T12:00:00+00:00"),
    ("in 0 minutes", "2026-11-25T10:00:00+00:00"),
    ("fri", "2026-11-27T17:00:00+00:00"),
    ("friday", "2026-11-27T17:00:00+00:00"),
    ("Fri 5pm", "2026-11-27T17:00:00+00:00"),
    ("friday 17:00", "2026-11-27T17:00:00+00:00"),
    ("5pm fri", "2026-11-27T17:00:00+00:00"),
    ("wed", "2026-11-25T17:00:00+00:00"),  # today, 17:00 is still ahead
    ("wed 11am", "2026-11-25T11:00:00+00:00"),
    ("wed 9am", "2026-12-02T09:00:00+00:00"),  # today's 09:00 has passed
    ("tues", "2026-12-01T17:00:00+00:00"),
    ("thurs 8:15", "2026-11-26T08:15:00+00:00"),
    ("sun", "2026-11-29T17:00:00+00:00"),
    ("next monday 10:00", "2026-11-30T10:00:00+00:00"),
    ("next fri", "2026-11-27T17:00:00+00:00"),  # the day after tomorrow
    ("next wed", "2026-12-02T17:00:00+00:00"),  # today is Wednesday: 7 days later
    ("next thu 9am", "2026-11-26T09:00:00+00:00"),
    ("this fri", "2026-11-27T17:00:00+00:00"),
    ("2026-12-03", "2026-12-03T17:00:00+00:00"),
    ("2026-12-03 14:00", "2026-12-03T14:00:00+00:00"),
    ("2026-12-03 2pm", "2026-12-03T14:00:00+00:00"),
    ("2026-12-03T14:00", "2026-12-03T14:00:00+00:00"),
    ("2026-12-03T14:00:30", "2026-12-03T14:00:30+00:00"),
    ("2026-12-03T14:00:00+01:00", "2026-12-03T14:00:00+01:00"),  # offset honoured as given
    ("2026-12-03T14:00:00-05:00", "2026-12-03T14:00:00-05:00"),
    ("2026-12-03T14:00:00Z", "2026-12-03T14:00:00+00:00"),
    ("2026-07-03T14:00", "2026-07-03T14:00:00+01:00"),  # summer time in Lisbon
    ("Dec 3 2pm", "2026-12-03T14:00:00+00:00"),
    ("Dec 3", "2026-12-03T17:00:00+00:00"),
    ("dec 3rd", "2026-12-03T17:00:00+00:00"),
    ("3 Dec 14:00", "2026-12-03T14:00:00+00:00"),
    ("December 3 2026 14:00", "2026-12-03T14:00:00+00:00"),
    ("Dec 3, 2026", "2026-12-03T17:00:00+00:00"),
    ("Dec 3 2027", "2027-12-03T17:00:00+00:00"),
    ("Sept 3", "2027-09-03T17:00:00+01:00"),  # already past this year: next year
    ("Nov 25 9am", "2027-11-25T09:00:00+00:00"),  # today, but 09:00 has passed
    ("Nov 25", "2026-11-25T17:00:00+00:00"),  # today, 17:00 still ahead
    ("Feb 29", "2028-02-29T17:00:00+00:00"),  # the next year that has one
    ("fri Dec 4", "2026-12-04T17:00:00+00:00"),  # a weekday that agrees with the date
    ("9am Fri Dec 4 2026", "2026-12-04T09:00:00+00:00"),
]


@pytest.mark.parametrize(("phrase", "expected"), FORMS)
def test_forms(phrase: str, expected: str) -> None:
    got = when(phrase)
    assert got.isoformat() == expected
    if not re.search(r"(Z|[+-]\d\d:\d\d)$", phrase):  # no explicit offset: read in Lisbon
        assert got.tzinfo is LISBON


# --- a trailing zone applies to the whole phrase ------------------------------------------

ZONED = [
    ("15:00 Europe/Berlin", NOW, "2026-11-25T15:00:00+01:00", "Europe/Berlin"),
    ("15:00 europe/berlin", NOW, "2026-11-25T15:00:00+01:00", "Europe/Berlin"),
    ("9:00 Europe/Berlin", NOW, "2026-11-26T09:00:00+01:00", "Europe/Berlin"),
    ("15:00 UTC", NOW, "2026-11-25T15:00:00+00:00", "UTC"),
    ("now utc", NOW, "2026-11-25T10:00:00+00:00", "UTC"),
    ("in 2 hours Asia/Tokyo", NOW, "2026-11-25T21:00:00+09:00", "Asia/Tokyo"),
    ("tomorrow 9am America/New_York", NOW, "2026-11-26T09:00:00-05:00", "America/New_York"),
    # 03:00 Thursday in Lisbon is still Wednesday 22:00 in New York: "tomorrow" is Thursday.
    (
        "tomorrow 9am America/New_York",
        datetime(2026, 11, 26, 3, 0, tzinfo=LISBON),
        "2026-11-26T09:00:00-05:00",
        "America/New_York",
    ),
    ("fri America/New_York", NOW, "2026-11-27T17:00:00-05:00", "America/New_York"),
    ("eod Asia/Kolkata", NOW, "2026-11-25T17:00:00+05:30", "Asia/Kolkata"),  # 15:30 there
    ("Dec 3 2pm Australia/Sydney", NOW, "2026-12-03T14:00:00+11:00", "Australia/Sydney"),
    ("2026-12-03T14:00:00+01:00 UTC", NOW, "2026-12-03T13:00:00+00:00", "UTC"),
]


@pytest.mark.parametrize(("phrase", "now", "expected", "key"), ZONED)
def test_trailing_zone(phrase: str, now: datetime, expected: str, key: str) -> None:
    got = when(phrase, now=now)
    assert got.isoformat() == expected
    assert getattr(got.tzinfo, "key", None) == key


def test_phrase_is_read_in_the_given_zone() -> None:
    assert when("17:00", tz=BERLIN).isoformat() == "2026-11-25T17:00:00+01:00"
    assert when("tomorrow", tz=NEW_YORK).isoformat() == "2026-11-26T17:00:00-05:00"


# --- the weekday and next-occurrence rules ------------------------------------------------

FRIDAY_10 = datetime(2026, 11, 27, 10, 0, tzinfo=LISBON)
FRIDAY_18 = datetime(2026, 11, 27, 18, 0, tzinfo=LISBON)
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=LISBON)
DEC_3_10 = datetime(2026, 12, 3, 10, 0, tzinfo=LISBON)

RULES = [
    ("fri", FRIDAY_10, "2026-11-27T17:00:00+00:00"),  # a Friday at 10:00: today 17:00
    ("fri", FRIDAY_18, "2026-12-04T17:00:00+00:00"),  # a Friday at 18:00: next week's
    ("fri 9am", FRIDAY_10, "2026-12-04T09:00:00+00:00"),
    ("eod", FRIDAY_18, "2026-11-28T17:00:00+00:00"),
    ("next monday", MONDAY, "2026-12-07T17:00:00+00:00"),  # on a Monday: 7 days later
    ("mon", MONDAY, "2026-11-30T17:00:00+00:00"),
    ("next fri", NOW, "2026-11-27T17:00:00+00:00"),  # on a Wednesday: the day after tomorrow
    ("Dec 3", DEC_3_10, "2026-12-03T17:00:00+00:00"),
    ("Dec 3 9am", DEC_3_10, "2027-12-03T09:00:00+00:00"),
    ("Jan 2", DEC_3_10, "2027-01-02T17:00:00+00:00"),
    ("tomorrow", datetime(2026, 12, 31, 23, 30, tzinfo=LISBON), "2027-01-01T17:00:00+00:00"),
]


@pytest.mark.parametrize(("phrase", "now", "expected"), RULES)
def test_next_occurrence_rules(phrase: str, now: datetime, expected: str) -> None:
    assert when(phrase, now=now).isoformat() == expected


def test_now_in_another_zone_is_converted() -> None:
    now_utc = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)  # already Thursday in Berlin
    assert when("tomorrow 9am", now=now_utc, tz=BERLIN).isoformat() == "2026-11-27T09:00:00+01:00"
    assert when("now", now=now_utc, tz=BERLIN).isoformat() == "2026-11-26T00:30:00+01:00"


# --- DST: Europe (last Sunday of March / October 2026), US (2026-03-08 / 2026-11-01) -------

DST = [
    # Berlin springs forward 02:00 -> 03:00 on 2026-03-29.
    (BERLIN, datetime(2026, 3, 28, 9), "in 1 day", "2026-03-29T09:00:00+02:00"),
    (BERLIN, datetime(2026, 3, 28, 9), "in 24 hours", "2026-03-29T10:00:00+02:00"),
    (BERLIN, datetime(2026, 3, 28, 9), "in 1 week", "2026-04-04T09:00:00+02:00"),
    (BERLIN, datetime(2026, 3, 28, 9), "tomorrow 2:30", "2026-03-29T03:30:00+02:00"),
    (BERLIN, datetime(2026, 3, 28, 2, 30), "in 1 day", "2026-03-29T03:30:00+02:00"),  # gap
    (BERLIN, datetime(2026, 3, 28, 9), "2026-03-29 02:30", "2026-03-29T03:30:00+02:00"),
    (BERLIN, datetime(2026, 3, 28, 9), "2026-03-29T02:30", "2026-03-29T03:30:00+02:00"),
    (BERLIN, datetime(2026, 3, 28, 9), "Mar 29 2:30", "2026-03-29T03:30:00+02:00"),
    (BERLIN, datetime(2026, 3, 28, 9), "sun 2:00", "2026-03-29T03:00:00+02:00"),
    (BERLIN, datetime(2026, 3, 28, 9), "tomorrow 3:00", "2026-03-29T03:00:00+02:00"),
    (BERLIN, datetime(2026, 3, 29, 1, 30), "in 1 hour", "2026-03-29T03:30:00+02:00"),
    (BERLIN, datetime(2026, 3, 29, 1, 30), "2:30", "2026-03-29T03:30:00+02:00"),
    # Lisbon springs forward 01:00 -> 02:00 on 2026-03-29.
    (LISBON, datetime(2026, 3, 28, 9), "in 1 day", "2026-03-29T09:00:00+01:00"),
    (LISBON, datetime(2026, 3, 28, 9), "in 24 hours", "2026-03-29T10:00:00+01:00"),
    (LISBON, datetime(2026, 3, 28, 9), "tomorrow 1:30", "2026-03-29T02:30:00+01:00"),
    (LISBON, datetime(2026, 3, 28, 9), "tomorrow 2:30", "2026-03-29T02:30:00+01:00"),
    # Berlin falls back 03:00 -> 02:00 on 2026-10-25: 02:30 happens twice, the first counts.
    (BERLIN, datetime(2026, 10, 24, 9), "in 1 day", "2026-10-25T09:00:00+01:00"),
    (BERLIN, datetime(2026, 10, 24, 9), "in 24 hours", "2026-10-25T08:00:00+01:00"),
    (BERLIN, datetime(2026, 10, 24, 9), "tomorrow 2:30", "2026-10-25T02:30:00+02:00"),
    (BERLIN, datetime(2026, 10, 24, 2, 30), "in 1 day", "2026-10-25T02:30:00+02:00"),  # fold
    (BERLIN, datetime(2026, 10, 24, 9), "tomorrow 3:00", "2026-10-25T03:00:00+01:00"),
    (LISBON, datetime(2026, 10, 24, 9), "tomorrow 1:30", "2026-10-25T01:30:00+01:00"),
    (LISBON, datetime(2026, 10, 24, 9), "in 1 day", "2026-10-25T09:00:00+00:00"),
    # New York: forward 02:00 -> 03:00 on 2026-03-08, back 02:00 -> 01:00 on 2026-11-01.
    (NEW_YORK, datetime(2026, 3, 7, 9), "in 1 day", "2026-03-08T09:00:00-04:00"),
    (NEW_YORK, datetime(2026, 3, 7, 9), "in 24 hours", "2026-03-08T10:00:00-04:00"),
    (NEW_YORK, datetime(2026, 3, 7, 9), "tomorrow 2:30", "2026-03-08T03:30:00-04:00"),
    (NEW_YORK, datetime(2026, 3, 7, 9), "sun 2:15am", "2026-03-08T03:15:00-04:00"),
    (NEW_YORK, datetime(2026, 10, 31, 9), "in 1 day", "2026-11-01T09:00:00-05:00"),
    (NEW_YORK, datetime(2026, 10, 31, 9), "in 24 hours", "2026-11-01T08:00:00-05:00"),
    (NEW_YORK, datetime(2026, 10, 31, 9), "tomorrow 1:30", "2026-11-01T01:30:00-04:00"),
    (NEW_YORK, datetime(2026, 10, 31, 9), "next sun 1:30am", "2026-11-01T01:30:00-04:00"),
    # A trailing zone with its own DST change.
    (
        LISBON,
        datetime(2026, 3, 7, 9),
        "tomorrow 2:30 America/New_York",
        "2026-03-08T03:30:00-04:00",
    ),
]


@pytest.mark.parametrize(("tz", "wall_now", "phrase", "expected"), DST)
def test_dst(tz: ZoneInfo, wall_now: datetime, phrase: str, expected: str) -> None:
    now = wall_now.replace(tzinfo=tz)
    assert when(phrase, now=now, tz=tz).isoformat() == expected


def test_in_minutes_is_elapsed_time_across_the_fold() -> None:
    first_0130 = datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK)  # fold=0: EDT
    got = when("in 60 minutes", now=first_0130, tz=NEW_YORK)
    assert got.isoformat() == "2026-11-01T01:30:00-05:00"  # the second 01:30
    assert got.astimezone(UTC) - first_0130.astimezone(UTC) == timedelta(hours=1)


LOCAL_MEAN_TIME = [
    # Monrovia kept -00:44:30 until 1972: a seconds offset is no RFC 3339 time, so the
    # moment comes back in UTC (the same instant), which the board can store.
    ("1971-06-01 09:00 Africa/Monrovia", "1971-06-01T09:44:30+00:00"),
    ("1971-06-01 09:00", "1971-06-01T09:44:30+00:00"),
    ("Jun 1 1971 9am", "1971-06-01T09:44:30+00:00"),
    ("1973-06-01 09:00", "1973-06-01T09:00:00+00:00"),  # GMT by then: Monrovia itself
]


@pytest.mark.parametrize(("phrase", "expected"), LOCAL_MEAN_TIME)
def test_local_mean_time_comes_back_in_utc(phrase: str, expected: str) -> None:
    monrovia = ZoneInfo("Africa/Monrovia")
    got = when(phrase, now=datetime(1970, 6, 1, tzinfo=UTC), tz=monrovia)
    assert got.isoformat() == expected
    assert got.tzinfo is (UTC if got.year < 1972 else monrovia)


def test_the_edges_of_the_range_are_read() -> None:
    assert when("1970-01-01T00:00:00Z").isoformat() == "1970-01-01T00:00:00+00:00"
    assert when("2200-12-31 23:59 UTC").isoformat() == "2200-12-31T23:59:00+00:00"
    late = datetime(2200, 12, 31, 12, 0, tzinfo=UTC)
    assert when("in 11 hours", now=late).isoformat() == "2200-12-31T23:00:00+00:00"


# --- refusals ------------------------------------------------------------------------------

OUTSIDE = "is outside 1970-01-01 .. 2200-12-31 (UTC)"
BAD = [
    ("3/4", "ambiguous date '3/4'"),
    ("03/04/2026", "ambiguous"),
    ("4.3.", "ambiguous"),
    ("4.3.2026 9am", "ambiguous"),
    ("fri 3/4", "ambiguous date '3/4' in 'fri 3/4'"),
    ("2026-02-30", "no such date"),
    ("Feb 30", "no such date"),
    ("Dec 32", "no such date 'Dec 32'"),
    ("fri Dec 32 9am", "no such date 'dec 32' in 'fri Dec 32 9am'"),
    ("2026-13-01", "no such date '2026-13-01'"),
    ("2026-13-01 9am", "no such date '2026-13-01' in '2026-13-01 9am'"),
    ("25:00", "no such time '25:00'"),
    ("13pm", "no such time '13pm'"),
    ("0am", "no such time"),
    ("9:60", "no such time"),
    ("2026-12-03T25:00", "no such time"),
    ("2026-12-03T14:00+25:00", "no such time"),
    ("tomorow 9am", "cannot read the time 'tomorow 9am': unknown word 'tomorow'"),
    ("yesterday", "unknown word 'yesterday'"),
    ("17", "unknown word '17'"),
    ("9am 5pm", "two times of day ('9am' and '5pm')"),
    ("today tomorrow", "two days ('today' and 'tomorrow')"),
    ("next fri next mon", "two days ('next fri' and 'next mon')"),
    # issue 8: time errors point at the word that failed
    ("next blursday", "'blursday' is not a weekday"),
    ("next blursday 9am", "'blursday' is not a weekday"),
    ("this week", "'week' is not a weekday"),
    ("next", "next what?"),
    ("Dec", "dec what day?"),
    ("Dec first", "'first' is not a day of the month"),
    ("thu Dec 4", "Dec 4 2026 is a Friday, not a Thursday"),
    ("in", "cannot read the time 'in': say how long"),
    ("in 2", "'2' needs a unit"),
    ("in 2 months", "'months' is not a unit"),
    ("in 2 blorps", "'blorps' is not a unit"),
    ("in 1h30x", "'x' is not a unit"),
    ("in two hours", "'two' is not a number"),
    ("in 99999999999 days", OUTSIDE),
    ("in 99999999999999999999999 minutes", OUTSIDE),
    ("in " + "9" * 5000 + " minutes", OUTSIDE),
    ("in 9999 weeks", OUTSIDE),  # 2218
    ("9999-12-31 23:00 Pacific/Kiritimati", OUTSIDE),
    ("9999-12-31 23:00 America/New_York", OUTSIDE),
    ("9999-12-31T23:59:59-05:00", OUTSIDE),  # issue 9: accepted, then every reader died
    ("1800-01-01 09:00 Europe/Lisbon", OUTSIDE),  # issue 9: a -00:36:45 offset was stored
    ("1969-12-31 23:59 UTC", OUTSIDE),
    ("2201-01-01 00:00 UTC", OUTSIDE),
    ("Jan 1 2201", OUTSIDE),
    ("1970-01-01 00:30 Europe/Berlin", OUTSIDE),  # 1969-12-31T23:30Z
    ("2200-12-31 23:30 America/New_York", OUTSIDE),  # 2201-01-01T04:30Z
    ("", "no time given"),
    ("   ", "no time given"),
    ("UTC", "no time before the zone"),
    ("15:00 Europe/Nowhere", "unknown time zone 'Europe/Nowhere'"),
    ("15:00 ../../etc/passwd", "cannot read the time"),
    ("15:00 localtime", "unknown word 'localtime'"),  # the machine's zone, not the person's
    ("now 5pm", "unknown word 'now'"),
    ("at", "unknown word 'at'"),
    ("fuzzy Dec 3 nonsense", "unknown word 'fuzzy'"),
    ("\x1b[31m5pm", "\\x1b"),  # escape codes come back escaped, never raw
]


@pytest.mark.parametrize(("phrase", "message"), BAD)
def test_refused(phrase: str, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        when(phrase)
    assert message in caught.value.message
    assert caught.value.example
    assert "\x1b" not in caught.value.line()


def test_long_phrases_are_shortened_in_the_message() -> None:
    with pytest.raises(BadInput) as caught:
        when("x" * 10_000)
    assert len(caught.value.message) < 200


# --- working hours -------------------------------------------------------------------------

WORKING_HOURS = [
    ("4 working hours", 4.0),
    ("1 working hour", 1.0),
    ("1.5 working hours", 1.5),
    ("8 work hours", 8.0),
    ("2 business hours", 2.0),
    ("  3  Working  Hours ", 3.0),
    ("in 4 working hours", 4.0),
    ("4 hours", None),
    ("working hours", None),
    ("-4 working hours", None),
    ("four working hours", None),
    ("4 working days", None),
    ("9" * 400 + " working hours", None),
    ("", None),
]


@pytest.mark.parametrize(("phrase", "expected"), WORKING_HOURS)
def test_working_hours(phrase: str, expected: float | None) -> None:
    assert parse_working_hours(phrase) == expected


# --- cost: the CLI imports this module --------------------------------------------------------


def test_import_is_light() -> None:
    code = (
        "import sys; from datetime import datetime; from zoneinfo import ZoneInfo\n"
        "from standup.when import parse_when\n"
        "z = ZoneInfo('Europe/Lisbon'); now = datetime(2026, 1, 1, tzinfo=z)\n"
        "for p in ('tomorrow 9am', 'Dec 3 2pm', '2026-12-03T14:00:00+01:00', 'in 2 days'):\n"
        "    parse_when(p, now=now, tz=z)\n"
        "print('dateutil.parser' in sys.modules, 'textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
