"""Metrics over a window of the board's history (``standup metrics``, the ``h`` screen).

:func:`compute` returns exactly the ``metrics --json`` shape of product.md. It reads a
snapshot as :func:`standup.archives.read_all` returns it (the board and its archives).
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any


def compute(
    snapshot: Any,
    *,
    since: datetime | None,
    until: datetime | None,
    now: datetime,
    tz: tzinfo | None = None,
) -> dict[str, Any]:
    """The metrics of ``[since, until)`` as ``metrics --json`` prints them.

    ``since`` None: from the first record; ``until`` None: ``now``. ``tz`` is the
    reader's zone (times in the result, ISO weeks of ``weekly``); None is UTC.
    """
    raise NotImplementedError  # filled in by the next commits on branch `metrics`
