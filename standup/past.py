"""Moments in the past, for the options that look back: ``--since``/``--until`` of
``metrics``, ``--since`` of ``events``, ``export`` and ``list checkins``.

The board's ``WHEN`` looks forward (``fri`` is the *next* Friday: a deadline); a window
over history looks back, so these read:

- ``now``; ``N minutes|hours|days|weeks|months ago`` (days and longer keep the clock
  time across DST changes, as ``in N days`` does);
- a day — ``today``, ``yesterday``, a weekday (``mon``: the last Monday, today if it is
  Monday; ``last mon``: the one before today), an ISO date ``2026-01-01`` — means the
  whole day: a start is its 00:00, an end (``end=True``) the next 00:00, so
  ``--since mon --until fri`` includes Friday;
- anything else is read as the board reads ``WHEN`` (``2026-11-02 14:00``,
  ``2026-11-02 14:00 Europe/Berlin``).

All in the caller's zone.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from standup import clock
from standup.errors import BadInput

EXAMPLE = "--since 2026-11-01, --since mon, --since '3 weeks ago'"
_AGO = re.compile(r"(\d{1,6})\s*(minute|min|hour|day|week|month)s?\s+ago", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def past_when(phrase: str, option: str, now: datetime, tz: tzinfo, *, end: bool) -> datetime:
    """A moment in the past named by ``phrase`` (see the module's docstring);
    :class:`BadInput` naming ``option`` when it cannot be read."""
    text = " ".join(phrase.lower().split())
    local = now.astimezone(tz)
    try:
        day = _day(text, local.date())
        if day is not None:
            return _midnight(day + timedelta(days=1) if end else day, tz)
        m = _AGO.fullmatch(text)
        if m:
            n, unit = int(m.group(1)), m.group(2)
            if unit in ("minute", "min", "hour"):
                return now - timedelta(minutes=n * (60 if unit == "hour" else 1))
            from dateutil.relativedelta import relativedelta

            step = {"day": relativedelta(days=n), "week": relativedelta(weeks=n)}
            wall = local.replace(tzinfo=None) - step.get(unit, relativedelta(months=n))
            return clock.storable(_wall(wall, tz), f"{option} {phrase!r}", EXAMPLE)
        from standup.when import parse_when

        return parse_when(phrase, now=now, tz=tz)
    except BadInput as exc:
        raise BadInput(f"{option}: {exc.message}", EXAMPLE) from None
    except (ValueError, OverflowError, ArithmeticError):
        raise BadInput(f"{option} {phrase!r} is outside 1970–2200", EXAMPLE) from None


def _day(text: str, today: date) -> date | None:
    if text == "today":
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    if _DATE.fullmatch(text):
        return date.fromisoformat(text)  # ValueError: not a date
    last = text.startswith("last ")
    name = text[5:] if last else text
    hits = [n for n, d in enumerate(_DAYS) if len(name) >= 3 and d.startswith(name)]
    if len(hits) != 1:
        return None
    back = (today.weekday() - hits[0]) % 7
    return today - timedelta(days=back or (7 if last else 0))


def _midnight(day: date, tz: tzinfo) -> datetime:
    moment = _wall(datetime.combine(day, time()), tz)
    if day.year == 1970 and moment < clock.EARLIEST:  # "since 1970-01-01": everything
        moment = clock.EARLIEST
    return clock.storable(moment)


def _wall(wall: datetime, tz: tzinfo) -> datetime:
    """The first instant the clock in ``tz`` reads ``wall`` (a DST gap moves forward)."""
    from standup.hours import _instant

    return _instant(wall, tz).astimezone(tz)
