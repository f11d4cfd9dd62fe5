"""Lengths of time as people type them: the team's timeboxes and its archive age.

:func:`parse_duration` reads ``90s``, ``2m``, ``1:30`` (minutes and seconds),
``1:02:30``, ``15 min``, ``1h``, ``1h 30m``, ``2 minutes 30 seconds`` into whole
seconds; :func:`format_duration` writes seconds back in the short form
(``1h 30m``, ``2m 5s``), which reads back to the same number. :func:`parse_days`
reads ``90``, ``90d``, ``30 days``, ``2 weeks``. A bare number of seconds is refused
(is ``90`` seconds or minutes?); every refusal is one :class:`BadInput` line with an
example that works.
"""

from __future__ import annotations

import re

from standup.errors import BadInput

DURATION_EXAMPLE = "90s, 2m, 1:30, 15 min or 1h"
DAYS_EXAMPLE = "90, 90d or 30 days"
MAX_SECONDS = 24 * 3600  # a timebox longer than a day is a typo
MAX_DAYS = 36500

_A = re.ASCII | re.IGNORECASE
_UNITS = {
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
}  # fmt: skip
_PART = re.compile(r"\s*(\d{1,6})\s*([a-z]+)\s*(?:and\s*)?", _A)
_CLOCK = re.compile(r"\s*(?:(\d{1,2}):)?(\d{1,3}):(\d{2})\s*", _A)
_DAYS = re.compile(r"\s*(\d{1,6})\s*(d|days?|w|weeks?)?\s*", _A)


def parse_duration(
    text: str, *, least: int = 1, most: int = MAX_SECONDS, what: str = "the duration"
) -> int:
    """Whole seconds in ``text``, between ``least`` and ``most``; else :class:`BadInput`."""
    raw = text if isinstance(text, str) else ""
    seconds = _clock(raw) if _CLOCK.fullmatch(raw) else _parts(raw, what)
    if seconds is None:
        raise BadInput(f"{what} {_quoted(raw)} is not a duration", DURATION_EXAMPLE)
    if not least <= seconds <= most:
        raise BadInput(
            f"{what} {_quoted(raw)} is outside {format_duration(least)}–{format_duration(most)}",
            format_duration(max(least, min(most, 120))),
        )
    return seconds


def _clock(text: str) -> int | None:
    m = _CLOCK.fullmatch(text)
    assert m is not None
    hours, minutes, seconds = int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
    if seconds >= 60 or (m.group(1) is not None and minutes >= 60):
        return None
    return hours * 3600 + minutes * 60 + seconds


def _parts(text: str, what: str) -> int | None:
    """``1h 30m``: each unit at most once, largest first."""
    bare = text.strip()
    if bare.isascii() and bare.isdigit():
        raise BadInput(
            f"{what} {_quoted(text)} needs a unit (seconds or minutes?)", f"{bare}s or {bare}m"
        )
    pos, total, last = 0, 0, None
    while pos < len(text):
        m = _PART.match(text, pos)
        if m is None or m.end() == pos:
            return None
        size = _UNITS.get(m.group(2).lower())
        if size is None or (last is not None and size >= last):
            return None
        total, last, pos = total + int(m.group(1)) * size, size, m.end()
    return total if last is not None else None


def format_duration(seconds: int) -> str:
    """``5400`` → ``1h 30m``; ``125`` → ``2m 5s``; ``0`` → ``0s``."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if n]
    return " ".join(parts) or "0s"


def parse_days(text: str, *, what: str = "the age") -> int:
    """Whole days in ``text`` (``90``, ``90d``, ``30 days``, ``2 weeks``), 1 to 36,500."""
    raw = text if isinstance(text, str) else ""
    m = _DAYS.fullmatch(raw)
    if m is None:
        raise BadInput(f"{what} {_quoted(raw)} is not a number of days", DAYS_EXAMPLE)
    days = int(m.group(1)) * (7 if (m.group(2) or "d").lower().startswith("w") else 1)
    if not 1 <= days <= MAX_DAYS:
        raise BadInput(f"{what} {_quoted(raw)} is outside 1–{MAX_DAYS} days", "90d")
    return days


def format_days(days: int) -> str:
    return f"{days} day" if days == 1 else f"{days} days"


def _quoted(text: str) -> str:
    from standup.text import escaped

    short = text if len(text) <= 40 else text[:39] + "…"
    return repr(escaped(short))
