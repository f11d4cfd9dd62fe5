"""Human time phrases: the ``WHEN`` of ``--by``, ``--until``, ``--from`` and ``--since``.

A wrong guess here silently moves a deadline, so this module reads a small, strict grammar
(``tomorrow 9am``, ``fri 5pm``, ``in 2 hours``, ``Dec 3 2pm``, ISO 8601, an optional trailing
IANA zone) and refuses anything else with one clear BadInput. ``dateutil.parser`` is not used:
it guesses (``Dec 32`` is 2032-12-25 to it, ``3/4`` is March 4), where the spec wants a refusal.

Rules (product.md, "Time phrases"): a time without a date, a weekday and a date without a
year are each their next occurrence; ``next <weekday>`` is the first such day after today; a
day without a time is 17:00, as is ``eod``. ``in N days/weeks`` moves the wall clock (DST
safe); ``in N hours/minutes`` is elapsed time. A local time in a DST gap moves forward by the
gap; an ambiguous one is its first occurrence. Only the ``now``/``tz`` arguments are read:
never the clock or the environment.

Every moment it returns is one the board can store (:func:`standup.clock.storable`):
between 1970 and 2200, with a whole-minute offset. A refusal names the word that failed
(``next blursday`` blames ``blursday``), so the person knows what to retype.
"""

from __future__ import annotations

import math
import re
from calendar import monthrange
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

import msgspec
from dateutil.relativedelta import relativedelta

from standup.clock import RANGE, storable
from standup.clock import zone as _zone
from standup.errors import BadInput

EXAMPLE = "tomorrow 9am, fri 5pm, in 2 hours, 2026-12-03 14:00"
EOD = time(17, 0)

_A = re.ASCII
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august")
_MONTH_NAMES += ("september", "october", "november", "december")
# Any prefix of three letters or more: mon, tues, thurs, sept, dec, december, ...
_WEEKDAYS = {w[:k]: i for i, w in enumerate(_WEEKDAY_NAMES) for k in range(3, len(w) + 1)}
_WEEKDAYS["weds"] = 2
_MONTHS = {m[:k]: i + 1 for i, m in enumerate(_MONTH_NAMES) for k in range(3, len(m) + 1)}
_NAMED_TIMES = {"noon": time(12, 0), "midnight": time(0, 0), "eod": EOD}
_UNIT = r"minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w"
# Words of the grammar: a phrase that ends with one of these does not end with a zone. Nor
# does one that ends with "localtime": that is the machine's zone, not the person's.
_WORDS = {"now", "today", "tomorrow", "next", "this", "at", "in", "and", "am", "pm", "a", "an"}
_WORDS |= {"localtime"}
_WORDS |= set(_WEEKDAYS) | set(_MONTHS) | set(_NAMED_TIMES)
_ISO_FULL = re.compile(
    r"\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:z|[+-]\d{2}(?::?\d{2})?)?", _A
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", _A)
_NUMERIC_DATE = re.compile(r"\d{1,4}([./-])\d{1,2}(?:\1\d{0,4})?\.?", _A)
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(am|pm)?|(\d{1,2})(am|pm)", _A)
_AMPM_SPACE = re.compile(r"(\d)\s*([ap])\.?m\.?(?![a-z])", _A)  # "9 am", "9 a.m." -> "9am"
_DAY_NUMBER = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?", _A)
_YEAR = re.compile(r"\d{4}", _A)
_ZONE_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*", _A)
_DURATION = re.compile(rf"\s*(\d+(?:\.\d+)?|an?(?=\s))\s*({_UNIT})(?![a-z])\s*(?:and\s+)?", _A)
_WORKING_HOURS = re.compile(
    r"\s*(?:in\s+)?(\d+(?:\.\d+)?)\s+(?:working|work|business)\s+(?:hours?|hrs?)\s*",
    re.ASCII | re.IGNORECASE,
)


class _Day(msgspec.Struct, frozen=True):
    """What the day part of a phrase says."""

    kind: str  # "offset" (today/tomorrow), "weekday", "next", "date", "yearless"
    n: int = 0  # days from today, or weekday number (Monday = 0)
    on: date | None = None
    month: int = 0
    mday: int = 0


def parse_when(phrase: str, *, now: datetime, tz: tzinfo) -> datetime:
    """The moment ``phrase`` means, read in ``tz`` relative to ``now`` (aware).

    Raises :class:`BadInput` for anything it cannot read or the board cannot store
    (outside 1970 .. 2200); never anything else. An offset with seconds (local mean
    time) comes back in UTC; any other result keeps the zone it was read in.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_when needs an aware 'now'")
    if not isinstance(phrase, str):
        raise BadInput(f"cannot read the time {phrase!r}", EXAMPLE)
    what = f"the time {_quote(phrase)}"
    try:
        moment = _parse(phrase, now, tz)
    except (ValueError, ArithmeticError):  # beyond Python's year 9999, absurd numbers
        raise BadInput(f"{what} is outside {RANGE}", EXAMPLE) from None
    return storable(moment, what, EXAMPLE)


def parse_working_hours(phrase: str) -> float | None:
    """``4.0`` for ``"4 working hours"`` (also work/business hours, decimals), else None."""
    m = _WORKING_HOURS.fullmatch(phrase) if isinstance(phrase, str) else None
    if m is None:
        return None
    hours = float(m.group(1))
    return hours if math.isfinite(hours) else None


# --- reading the phrase ---------------------------------------------------------------


def _parse(phrase: str, now: datetime, tz: tzinfo) -> datetime:
    tokens = phrase.replace(",", " ").split()
    if not tokens:
        raise BadInput("no time given", EXAMPLE)
    zone = _trailing_zone(tokens[-1]) if len(tokens[-1]) <= 64 else None
    if zone is not None:
        tokens = tokens[:-1]
        if not tokens:
            raise BadInput(f"no time before the zone in {_quote(phrase)}", EXAMPLE)
    z = zone or tz
    local_now = now.astimezone(z)
    body = _AMPM_SPACE.sub(r"\1\2m", " ".join(tokens).lower())
    if body == "now":
        return local_now
    if tokens[0].lower() == "in":
        return _in(body[2:], phrase, local_now)
    if _ISO_FULL.fullmatch(body):
        return _iso(body, phrase, z, zone is not None)
    days, clock = _read_parts(body.split(), phrase)
    return _resolve(days, clock, local_now, z)


def _trailing_zone(token: str) -> tzinfo | None:
    """The IANA zone a phrase ends with, if it ends with one (case-insensitive)."""
    lower = token.lower()
    if lower in _WORDS or re.fullmatch(_UNIT, lower) or not _ZONE_LIKE.fullmatch(token):
        return None
    try:
        return _zone(token)
    except BadInput:
        key = _zone_keys().get(lower)
        if key is not None:
            return _zone(key)
        if "/" in token:
            raise BadInput(f"unknown time zone {token!r}", "15:00 Europe/Berlin") from None
        return None


@lru_cache(maxsize=1)
def _zone_keys() -> dict[str, str]:
    from zoneinfo import available_timezones

    return {key.lower(): key for key in available_timezones()}


def _in(rest: str, phrase: str, local_now: datetime) -> datetime:
    """``in 2 hours``, ``in 3 days``, ``in 1h30m``: days and weeks on the wall clock."""
    amounts: dict[str, int | float] = {"m": 0, "h": 0, "d": 0, "w": 0}
    pos, rest = 0, rest.strip()
    while pos < len(rest) or not pos:
        m = _DURATION.match(rest, pos)
        if m is None:
            raise BadInput(_not_a_duration(rest[pos:], phrase), "in 2 hours, in 1h30m")
        number, unit = m[1], m[2][0]  # minutes/mins/m -> "m", hours/hrs/h -> "h", ...
        amounts[unit] += (
            1 if number in ("a", "an") else float(number) if "." in number else int(number)
        )
        pos = m.end()
    z = local_now.tzinfo
    start = local_now
    if amounts["d"] or amounts["w"]:
        wall = local_now.replace(tzinfo=None) + relativedelta(weeks=amounts["w"], days=amounts["d"])
        start = _localise(wall, z)  # type: ignore[arg-type]
    elapsed = timedelta(minutes=amounts["m"], hours=amounts["h"])
    return (start.astimezone(UTC) + elapsed).astimezone(z)


def _not_a_duration(rest: str, phrase: str) -> str:
    """What is wrong at the start of ``rest``, the unread end of an ``in ...`` phrase."""
    words = rest.split()
    head = f"cannot read the time {_quote(phrase)}"
    if not words:
        return f"{head}: say how long, as in 'in 2 hours'"
    number = re.match(r"(\d+(?:\.\d+)?|an?)(?=\s|$)|\d+(?:\.\d+)?", words[0], _A)
    if number is None:
        return f"{head}: {_quote(words[0])} is not a number"
    unit = words[0][number.end() :] or (words[1] if len(words) > 1 else "")
    if not unit:
        return f"{head}: {_quote(words[0])} needs a unit (minutes, hours, days, weeks)"
    return f"{head}: {_quote(unit)} is not a unit (minutes, hours, days, weeks)"


def _iso(body: str, phrase: str, z: tzinfo, zone_given: bool) -> datetime:
    """A full ISO 8601 time; an explicit offset is honoured as given."""
    try:
        moment = datetime.fromisoformat(body.upper())
    except ValueError:
        raise BadInput(f"no such time {_quote(phrase)}", EXAMPLE) from None
    if moment.tzinfo is None:
        return _localise(moment, z)
    return moment.astimezone(z) if zone_given else moment


def _read_parts(tokens: list[str], phrase: str) -> tuple[list[_Day], time | None]:
    """Split the tokens into day parts and (at most) one time of day."""
    days: list[_Day] = []
    clocks: list[time] = []
    day_words: list[str] = []  # what each day and time was written as, for messages
    clock_words: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1].rstrip(".") if i + 1 < len(tokens) else ""
        word = tok.rstrip(".") if tok[:1].isalpha() else tok
        step = 1
        if tok == "at" and nxt:
            pass
        elif tok in ("today", "tomorrow"):
            days.append(_Day("offset", n=0 if tok == "today" else 1))
        elif tok in ("next", "this") and nxt in _WEEKDAYS:
            days.append(_Day("next" if tok == "next" else "weekday", n=_WEEKDAYS[nxt]))
            step = 2
        elif tok in ("next", "this"):  # the word after it failed, not "next" itself
            what = f"{_quote(nxt)} is not a weekday" if nxt else f"{tok} what?"
            raise BadInput(
                f"cannot read the time {_quote(phrase)}: {what}", f"{tok} fri, {tok} monday 9am"
            )
        elif word in _WEEKDAYS:
            days.append(_Day("weekday", n=_WEEKDAYS[word]))
        elif m := _ISO_DATE.fullmatch(tok):
            days.append(_Day("date", on=_date(int(m[1]), int(m[2]), int(m[3]), tok, phrase)))
        elif word in _MONTHS and _DAY_NUMBER.fullmatch(nxt):
            step = _month_date(_MONTHS[word], tokens[i : i + 3], days, phrase)
        elif _DAY_NUMBER.fullmatch(tok) and nxt in _MONTHS:
            step = _month_date(_MONTHS[nxt], tokens[i : i + 3], days, phrase, day_first=True)
        elif word in _MONTHS:
            what = f"{_quote(nxt)} is not a day of the month" if nxt else f"{tok} what day?"
            raise BadInput(f"cannot read the time {_quote(phrase)}: {what}", "Dec 3, 3 Dec 2pm")
        elif (clock := _read_clock(tok, phrase)) is not None:
            clocks.append(clock)
            clock_words.append(tok)
        elif _NUMERIC_DATE.fullmatch(tok):
            raise BadInput(
                f"ambiguous date {_where(tok, phrase)}: write dates as 2026-12-03 or Dec 3",
                EXAMPLE,
            )
        else:
            raise BadInput(
                f"cannot read the time {_quote(phrase)}: unknown word {_quote(tok)}", EXAMPLE
            )
        if len(days) > len(day_words):
            day_words.append(" ".join(tokens[i : i + step]))
        i += step
    if len(clocks) > 1:
        both = " and ".join(_quote(c) for c in clock_words[:2])
        raise BadInput(f"cannot read the time {_quote(phrase)}: two times of day ({both})", EXAMPLE)
    if len(days) > 2 or (len(days) == 2 and _weekday_check(days) is None):
        both = " and ".join(_quote(d) for d in day_words[:2])
        raise BadInput(f"cannot read the time {_quote(phrase)}: two days ({both})", EXAMPLE)
    if not days and not clocks:
        raise BadInput(f"cannot read the time {_quote(phrase)}", EXAMPLE)
    return days, (clocks[0] if clocks else None)


def _month_date(
    month: int, words: list[str], days: list[_Day], phrase: str, *, day_first: bool = False
) -> int:
    """Append ``Dec 3`` / ``3 Dec`` (optionally with a year) read from ``words`` (up to
    three tokens from the phrase); return how many tokens it took."""
    mday = words[0] if day_first else words[1]
    day_number = int(_DAY_NUMBER.fullmatch(mday)[1])  # type: ignore[index]
    if len(words) > 2 and _YEAR.fullmatch(words[2]):
        on = _date(int(words[2]), month, day_number, " ".join(words), phrase)
        days.append(_Day("date", on=on))
        return 3
    # A leap year: refuses Feb 30, allows Feb 29.
    _date(2000, month, day_number, " ".join(words[:2]), phrase)
    days.append(_Day("yearless", month=month, mday=day_number))
    return 2


def _date(year: int, month: int, mday: int, words: str, phrase: str) -> date:
    try:
        return date(year, month, mday)
    except ValueError:
        raise BadInput(f"no such date {_where(words, phrase)}", EXAMPLE) from None


def _read_clock(tok: str, phrase: str) -> time | None:
    """``17:00``, ``9:30``, ``2pm``, ``2:30pm``, noon, midnight, eod; None if not a time."""
    if tok in _NAMED_TIMES:
        return _NAMED_TIMES[tok]
    m = _CLOCK.fullmatch(tok)
    if m is None:
        return None
    hour = int(m[1] or m[5])
    minute, second, ampm = int(m[2] or 0), int(m[3] or 0), m[4] or m[6]
    if not (1 <= hour <= 12 if ampm else hour <= 23) or minute > 59 or second > 59:
        raise BadInput(f"no such time {_where(tok, phrase)}", "2pm, 9:30am, 17:00")
    if ampm:
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return time(hour, minute, second)


def _weekday_check(days: list[_Day]) -> int | None:
    """``fri Dec 4``: the weekday that must match the date, or None if not that shape."""
    kinds = sorted(d.kind for d in days)
    if kinds in (["date", "weekday"], ["weekday", "yearless"]):
        return next(d.n for d in days if d.kind == "weekday")
    return None


# --- turning the parts into a moment --------------------------------------------------


def _resolve(days: list[_Day], clock: time | None, local_now: datetime, z: tzinfo) -> datetime:
    clock, today = clock or EOD, local_now.date()
    wanted = _weekday_check(days) if len(days) == 2 else None
    day = [d for d in days if d.kind != "weekday"] if wanted is not None else days[:1]
    if not day:  # a bare time: its next occurrence
        moment = _first_after([today + timedelta(days=n) for n in range(3)], clock, local_now)
    elif day[0].kind == "weekday":  # the next such day, today if the time is still ahead
        week = [today + timedelta(days=n) for n in range(8)]
        moment = _first_after([d for d in week if d.weekday() == day[0].n], clock, local_now)
    elif day[0].kind == "yearless":  # this year's, else the next year that has it
        month, mday = day[0].month, day[0].mday
        years = range(today.year, min(today.year + 9, 10000))
        candidates = [date(y, month, mday) for y in years if mday <= monthrange(y, month)[1]]
        moment = _first_after(candidates, clock, local_now)
    else:  # today/tomorrow, next <weekday>, a dated day: no "still ahead" rule
        ahead = day[0].n if day[0].kind == "offset" else (day[0].n - today.weekday() - 1) % 7 + 1
        on = day[0].on or today + timedelta(days=ahead)
        moment = _localise(datetime.combine(on, clock), z)
    if wanted is not None and moment.weekday() != wanted:
        raise BadInput(
            f"{_MONTH_NAMES[moment.month - 1][:3].title()} {moment.day} {moment.year} is a "
            f"{_WEEKDAY_NAMES[moment.weekday()].title()}, not a {_WEEKDAY_NAMES[wanted].title()}",
            EXAMPLE,
        )
    return moment


def _first_after(candidates: list[date], clock: time, local_now: datetime) -> datetime:
    """The first candidate day at ``clock`` that is still ahead of now."""
    z = local_now.tzinfo
    for day in candidates:
        moment = _localise(datetime.combine(day, clock), z)  # type: ignore[arg-type]
        if moment > local_now:
            return moment
    raise ValueError("no occurrence ahead")  # only near year 9999


def _localise(wall: datetime, z: tzinfo) -> datetime:
    """A wall-clock time in ``z``: a gap moves forward, a fold takes the first."""
    return wall.replace(tzinfo=z, fold=0).astimezone(UTC).astimezone(z)


def _quote(phrase: str) -> str:
    return repr(phrase if len(phrase) <= 60 else phrase[:57] + "...")


def _where(words: str, phrase: str) -> str:
    """``'25:00' in 'tomorrow 25:00'``; just ``'Dec 32'`` when the words are the phrase."""
    if words == " ".join(phrase.lower().split()) or words == phrase.strip():
        return _quote(phrase.strip())
    return f"{_quote(words)} in {_quote(phrase)}"
