"""Where standup keeps things. Nothing is created at import; directories are made when
first written to (by the store)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

ENV_DB = "STANDUP_DB"
ENV_CONFIG = "STANDUP_CONFIG_DIR"
ENV_CACHE = "STANDUP_CACHE_DIR"


def db_path(explicit: str | None = None) -> str:
    """``--db``, else ``$STANDUP_DB``, else ``board.json`` in the user's XDG data dir.

    A plain string: the CLI's start-up does not pay for importing pathlib.
    """
    if explicit is not None:
        if not explicit.strip():  # not "use the default": a write would land elsewhere
            from standup.errors import BadInput

            raise BadInput("--db is empty: it names no board file", "--db ~/team/board.json")
        return os.path.expanduser(explicit)
    env = os.environ.get(ENV_DB)
    if env:
        return os.path.expanduser(env)
    from platformdirs import user_data_dir

    return os.path.join(user_data_dir("standup", appauthor=False), "board.json")


def config_dir() -> Path:
    """``$STANDUP_CONFIG_DIR``, else the user's XDG config dir for standup."""
    from pathlib import Path

    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("standup", appauthor=False))


def cache_dir() -> str:
    """``$STANDUP_CACHE_DIR``, else the user's XDG cache dir for standup: what can be
    made again (the board's parsed CSS), never the board's data."""
    env = os.environ.get(ENV_CACHE)
    if env:
        return os.path.expanduser(env)
    from platformdirs import user_cache_dir

    return user_cache_dir("standup", appauthor=False)
