"""The clock, time zones, and the times standup can store.

``now()`` honours ``$STANDUP_NOW`` (ISO 8601) so tests and demos run at a fixed
moment; every core function also takes ``now`` explicitly, so nothing deeper down
reads the environment.

Every time that enters the board (a phrase, ``$STANDUP_NOW``, a working-hours deadline)
goes through :func:`storable`: it lies between :data:`EARLIEST` and :data:`LATEST`, so
any reader can move it into any zone without leaving Python's datetime range, and its
UTC offset is a whole number of minutes, as RFC 3339 (and msgspec, which reads the file)
requires. A local offset with seconds (local mean time before a zone's standard time,
Africa/Monrovia's -00:44:30 until 1972) is stored as UTC instead.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from standup.errors import BadInput

if TYPE_CHECKING:  # zoneinfo loads when a zone is first needed: `standup ask` may not
    from zoneinfo import ZoneInfo

ENV_NOW = "STANDUP_NOW"

# The range of times a board holds (both included), and how messages name it.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
RANGE = "1970-01-01 .. 2200-12-31 (UTC)"
_MINUTE = timedelta(minutes=1)


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``, or :class:`BadInput`."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        if not name or name.startswith(("/", ".")) or ".." in name:
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise BadInput(f"unknown time zone {name!r}", "Europe/Lisbon") from None


def is_zone(name: str) -> bool:
    try:
        zone(name)
    except BadInput:
        return False
    return True


def system_zone() -> tzinfo:
    """The zone of this process: ``$TZ``, else /etc/localtime, else UTC."""
    from zoneinfo import ZoneInfo

    env = os.environ.get("TZ", "").lstrip(":")
    if env and is_zone(env):
        return ZoneInfo(env)
    localtime = "/etc/localtime"
    try:
        target = os.path.realpath(localtime)
        if "zoneinfo/" in target:
            name = target.split("zoneinfo/", 1)[1]
            if is_zone(name):
                return ZoneInfo(name)
        with open(localtime, "rb") as fh:
            return ZoneInfo.from_file(fh, key="localtime")
    except (OSError, ValueError):
        return UTC


def system_zone_name() -> str:
    """The IANA name of :func:`system_zone` (``UTC`` when it has none)."""
    z = system_zone()
    key = getattr(z, "key", None)
    return key if key and key != "localtime" and is_zone(key) else "UTC"


def now() -> datetime:
    """The current moment, aware; ``$STANDUP_NOW`` fixes it."""
    fixed = os.environ.get(ENV_NOW)
    if fixed:
        return parse_fixed_now(fixed)
    moment = datetime.now(UTC).replace(microsecond=0)  # whole seconds: ages are in seconds
    return storable(moment, "the system clock", f"{ENV_NOW}=2026-11-25T09:00:00+00:00")


def parse_fixed_now(value: str) -> datetime:
    """``$STANDUP_NOW`` as a storable moment (a naive one is in the system zone)."""
    example = f"{ENV_NOW}=2026-11-25T09:00:00+00:00"
    try:
        moment = datetime.fromisoformat(value.strip())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=system_zone())
        moment.utcoffset()  # a zone can fail here, far outside its rules
    except (ValueError, ArithmeticError):
        raise BadInput(f"{ENV_NOW}={value!r} is not an ISO 8601 time", example) from None
    if not in_range(moment):
        raise BadInput(f"{ENV_NOW}={value!r} is outside {RANGE}", example)
    return storable(moment)


def in_range(moment: datetime) -> bool:
    """Whether the aware ``moment`` lies between :data:`EARLIEST` and :data:`LATEST`.

    Aware datetimes compare by subtraction, which never overflows, so this is safe for
    any ``moment`` (``9999-12-31T23:59:59-05:00`` included).
    """
    return EARLIEST <= moment <= LATEST


def storable(moment: datetime, what: str = "the time", example: str = "tomorrow 9am") -> datetime:
    """``moment`` as the board stores it, or :class:`BadInput` naming ``what``.

    Every time that enters the board goes through here: outside :data:`EARLIEST` ..
    :data:`LATEST` it is refused; an offset that is not a whole number of minutes is
    moved to UTC (the same instant). Anything else is returned as it is.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("storable() needs an aware datetime")
    if not in_range(moment):
        raise BadInput(f"{what} is outside {RANGE}", example)
    return whole_minutes(moment)


def whole_minutes(moment: datetime) -> datetime:
    """``moment`` itself, or in UTC when its offset has seconds (RFC 3339 has none)."""
    offset = moment.utcoffset()
    if offset is not None and offset % _MINUTE:
        return moment.astimezone(UTC)
    return moment


def iso(moment: datetime | None, tz: tzinfo | None = None) -> str | None:
    """ISO 8601 with offset (in ``tz`` when given), ``None`` stays ``None``.

    In UTC when the offset in ``tz`` has seconds, so every consumer can read it back.
    """
    if moment is None:
        return None
    if tz is not None:
        moment = moment.astimezone(tz)
    return whole_minutes(moment).isoformat(timespec="seconds")


def from_iso(value: str | None) -> datetime | None:
    """Parse a stored ISO 8601 time (always written with an offset)."""
    if value is None:
        return None
    return datetime.fromisoformat(value)
