"""The theme files the board starts with, read as TOML tables: the shipped ones, then the
person's own (``themes/*.toml`` in the config dir).

No Textual here: the board's early read (:mod:`standup.ui.early`) reads them in its
child process, so the board itself neither imports ``tomllib`` (~2.5 ms with its
regular expressions) nor parses TOML before its first frame. Turning a table into a
Textual theme, and checking it, is :func:`standup.ui.themes.load_themes`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import standup

Table = dict[str, Any]


def shipped_dir() -> Path:
    """The installed ``standup.themes`` package data, else ``themes/`` of a source tree.

    A plain path beside the package (standup is installed as files, never zipped):
    ``importlib.resources`` would cost the board ~1 ms of imports at every start.
    """
    package = Path(standup.__file__).resolve().parent
    installed = package / "themes"
    if any(installed.glob("*.toml")):
        return installed
    return package.parent / "themes"


def user_dir(config_dir: Path) -> Path:
    return config_dir / "themes"


def read_all(config_dir: Path) -> tuple[list[tuple[str, Table | str]], list[str]]:
    """Every theme file, shipped first, each in name order: its source (how problems
    name it) and its table, or the one line that says why it cannot be read; and one
    line per directory that cannot be listed."""
    import tomllib

    found: list[tuple[str, Table | str]] = []
    problems: list[str] = []
    sources: list[tuple[Path, str]] = []
    try:
        entries = sorted(shipped_dir().iterdir(), key=_name)
        sources += [(e, f"theme {e.name}") for e in entries]
    except OSError as exc:
        problems.append(f"the shipped themes cannot be read ({exc})")
    mine = user_dir(config_dir)
    if mine.is_dir():
        try:
            sources += [(e, str(e)) for e in sorted(mine.iterdir(), key=_name)]
        except OSError as exc:
            problems.append(f"{mine}: cannot list it ({exc})")
    for entry, source in sources:
        if not entry.name.endswith(".toml"):
            continue
        try:
            found.append((source, tomllib.loads(entry.read_text(encoding="utf-8"))))
        except (OSError, UnicodeDecodeError) as exc:
            found.append((source, f"{source}: cannot read it ({exc})"))
        except tomllib.TOMLDecodeError as exc:
            found.append((source, f"{source}: not valid TOML ({exc})"))
    return found, problems


def _name(entry: Path) -> str:
    return entry.name
