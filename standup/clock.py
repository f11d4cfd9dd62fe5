"""The clock and time zones.

``now()`` honours ``$STANDUP_NOW`` (ISO 8601) so tests and demos run at a fixed
moment; every core function also takes ``now`` explicitly, so nothing deeper down
reads the environment.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING

from standup.errors import BadInput

if TYPE_CHECKING:  # zoneinfo loads when a zone is first needed: `standup ask` may not
    from zoneinfo import ZoneInfo

ENV_NOW = "STANDUP_NOW"


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
    return datetime.now(UTC).replace(microsecond=0)  # whole seconds: ages are in seconds


def parse_fixed_now(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(
            f"{ENV_NOW}={value!r} is not an ISO 8601 time", "2026-11-25T09:00:00+00:00"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=system_zone())
    return moment


def iso(moment: datetime | None, tz: tzinfo | None = None) -> str | None:
    """ISO 8601 with offset (in ``tz`` when given), ``None`` stays ``None``."""
    if moment is None:
        return None
    if tz is not None:
        moment = moment.astimezone(tz)
    return moment.isoformat(timespec="seconds")


def from_iso(value: str | None) -> datetime | None:
    """Parse a stored ISO 8601 time (always written with an offset)."""
    if value is None:
        return None
    return datetime.fromisoformat(value)
