"""What the board remembers between runs: ``settings.toml`` in the config dir.

Only the theme for now. The file is small TOML a person can edit; it is written when a
choice changes (never at import or start-up) and a file that cannot be read is ignored
with a problem line rather than stopping the board.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE = "settings.toml"

Settings = tuple[dict[str, object], str | None]


def read(config_dir: Path) -> Settings:
    """The settings, and a problem line if the file exists but cannot be used."""
    path = config_dir / FILE
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, f"{path}: cannot read it ({exc}); settings ignored"
    import tomllib  # only with a settings file (and the board's early read reads it)

    try:
        with fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return {}, f"{path}: cannot read it ({exc}); settings ignored"
    return data, None


def remembered_theme(config_dir: Path, read_already: Settings | None = None) -> str | None:
    """The theme chosen last time; ``read_already``: :func:`read`'s answer, if read."""
    value = (read_already or read(config_dir))[0].get("theme")
    return value if isinstance(value, str) else None


def remember_theme(config_dir: Path, name: str) -> None:
    """Save ``name`` as the theme to open with next time (atomically; other keys kept)."""
    data, _problem = read(config_dir)
    if data.get("theme") == name:
        return
    data["theme"] = name
    config_dir.mkdir(parents=True, exist_ok=True)
    lines = ["# standup board settings (written by the board; safe to edit)"]
    # A JSON string is a valid TOML basic string for the simple values kept here.
    import json  # only when a choice is saved: not on the board's start-up path

    lines += [f"{key} = {json.dumps(value)}" for key, value in data.items() if _simple(value)]
    path = config_dir / FILE
    tmp = path.with_name(f".{FILE}.{os.getpid()}.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _simple(value: object) -> bool:
    return isinstance(value, str | int | float | bool)
