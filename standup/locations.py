"""Where standup keeps things. Nothing is created at import; directories are made when
first written to (by the store)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "STANDUP_DB"
ENV_CONFIG = "STANDUP_CONFIG_DIR"


def db_path(explicit: str | None = None) -> Path:
    """``--db``, else ``$STANDUP_DB``, else ``board.json`` in the user's XDG data dir."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("standup", appauthor=False)) / "board.json"


def config_dir() -> Path:
    """``$STANDUP_CONFIG_DIR``, else the user's XDG config dir for standup."""
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("standup", appauthor=False))
