"""The team's shared settings (``standup team set KEY VALUE``): the speaker and meeting
timeboxes, the git repositories check-ins read, and how old closed records must be
before they are archived. One document in the ``team`` table (key 1); a board without
one reads :class:`~standup.records.Team`'s defaults.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from typing import Any

from standup import clock, events
from standup.board import Board
from standup.durations import format_days, format_duration, parse_days, parse_duration
from standup.errors import BadInput
from standup.ops.common import Actor, Done, called
from standup.records import TEAM_KEY, Team
from standup.store import Store
from standup.text import escaped, one_line

MAX_REPOS = 20
MAX_PATH = 1024


def _repos(value: str) -> list[str]:
    """``/srv/git/app,/srv/git/api`` → the paths, normalised, each once; ``none`` → []."""
    example = "standup team set repos /srv/git/app,/srv/git/api"
    if value.strip().lower() == "none":
        return []
    paths: list[str] = []
    for part in value.split(","):
        path = part.strip()
        if not path:
            raise BadInput(f"repos {escaped(value)!r} has an empty path", example)
        if not path.startswith("/") or len(path) > MAX_PATH or escaped(path) != path:
            raise BadInput(f"repos: {escaped(path)[:60]!r} is not an absolute path", example)
        path = os.path.normpath(path)
        if path not in paths:
            paths.append(path)
    if len(paths) > MAX_REPOS:
        raise BadInput(f"repos: at most {MAX_REPOS} repositories", example)
    return paths


def _shown_repos(repos: list[str]) -> str:
    return ", ".join(repos) or "none"


# key → (stored field, how to read the value, how to show it, an example)
SETTINGS: dict[str, tuple[str, Callable[[str], Any], Callable[[Any], str], str]] = {
    "speaker-time": (
        "speaker_seconds",
        lambda v: parse_duration(v, least=5, most=3600, what="speaker-time"),
        format_duration,
        "standup team set speaker-time 90s",
    ),
    "meeting-time": (
        "meeting_seconds",
        lambda v: parse_duration(v, least=60, most=8 * 3600, what="meeting-time"),
        format_duration,
        'standup team set meeting-time "15 min"',
    ),
    "repos": ("repos", _repos, _shown_repos, "standup team set repos /srv/git/app"),
    "archive-after": (
        "archive_after_days",
        lambda v: parse_days(v, what="archive-after"),
        format_days,
        "standup team set archive-after 90d",
    ),
}
LABELS = {"speaker-time": "speaker time", "meeting-time": "meeting time",
          "repos": "repositories", "archive-after": "archive after"}  # fmt: skip


def set_team(
    store: Store, actor: Actor, key: str, value: str, *, now: datetime | None = None
) -> Done:
    """Change one team setting. An unknown key or a value that does not read is
    :class:`BadInput` and nothing is written; the same value again writes nothing."""
    now = now or clock.now()
    setting = SETTINGS.get((key or "").strip().lower())
    if setting is None:
        raise BadInput(
            f"there is no team setting {escaped(str(key))[:40]!r} "
            f"(settings: {', '.join(SETTINGS)})",
            "standup team set speaker-time 90s",
        )
    name = (key or "").strip().lower()
    field, read, show, example = setting
    if not isinstance(value, str) or not value.strip():
        raise BadInput(f"say the new {LABELS[name]}", example)
    try:
        wanted = read(value)
    except BadInput as exc:
        raise BadInput(exc.message, example) from None
    with store.transaction() as tx:
        doc = tx.get("team", TEAM_KEY)
        team = Team.from_doc(doc, TEAM_KEY) if doc is not None else Team()  # damaged: refused
        old = getattr(team, field)
        if old == wanted:
            return Done(team, note=f"the {LABELS[name]} is already {show(old)}; nothing changed")
        fields = {field: wanted, "changed_by": actor.login, "os_login": actor.os_login}
        if doc is None:
            tx.insert("team", {**Team().to_doc(), **fields}, TEAM_KEY)
        else:
            tx.update("team", TEAM_KEY, fields)
        board = Board.load(tx, parts=())
        said = (
            f"{called(board, actor.login)} set the {LABELS[name]} to {one_line(show(wanted))} "
            f"(was {one_line(show(old))})"
        )
        event = events.append(tx, actor, "team", None, said, now=now, old={field: old})
        team = Team.from_doc(tx.get("team", TEAM_KEY) or {}, TEAM_KEY)
    return Done(team, (event,))
