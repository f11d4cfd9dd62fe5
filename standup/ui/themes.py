"""Themes as data files people can read and copy.

The shipped themes live in the top-level ``themes/`` folder of the source tree, installed
as the package data ``standup.themes``; a person adds their own as ``*.toml`` files in
``<config dir>/themes/``. Each file becomes a :class:`textual.theme.Theme`, with the app's
own status colours under ``[variables]`` (see :data:`standup.ui.look.VARIABLE_DEFAULTS`).

A file that cannot be used is skipped with a problem message (shown as a notice), never
a crash: a typo in someone's theme must not keep the board from opening.

:func:`start_with` registers them on the board's app and starts it with the chosen one.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.color import Color, ColorParseError
from textual.theme import BUILTIN_THEMES, Theme

from standup.text import one_line
from standup.ui import settings
from standup.ui.themefiles import Table, read_all

if TYPE_CHECKING:
    from standup.ui.early import Start

DEFAULT_THEME = "dark"
SHIPPED = ("dark", "light", "high-contrast")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_COLOR_KEYS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
_NUMBER_KEYS = ("luminosity_spread", "text_alpha")
_KNOWN = {f.name for f in fields(Theme)}


class ThemeError(ValueError):
    """A theme file that cannot be used; the message says what to fix."""


def parse_theme(data: dict[str, Any], source: str) -> Theme:
    """A :class:`Theme` from a theme file's table, or :class:`ThemeError`."""
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ThemeError(f'{source}: `name` must be a short lower-case name such as "my-dark"')
    unknown = sorted(set(data) - _KNOWN - {"variables"})
    if unknown:
        raise ThemeError(f"{source}: unknown key {unknown[0]!r} (known: primary, background, …)")
    if "primary" not in data:
        raise ThemeError(f'{source}: `primary` is missing (e.g. primary = "#4ea1ff")')
    kwargs: dict[str, Any] = {"name": name}
    for key in _COLOR_KEYS:
        if key in data:
            kwargs[key] = _color(data[key], f"{source}: {key}")
    for key in _NUMBER_KEYS:
        if key in data:
            value = data[key]
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ThemeError(f"{source}: {key} must be a number")
            kwargs[key] = float(value)
    if "dark" in data:
        if not isinstance(data["dark"], bool):
            raise ThemeError(f"{source}: dark must be true or false")
        kwargs["dark"] = data["dark"]
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ThemeError(f"{source}: [variables] must be a table of colours")
    kwargs["variables"] = {
        str(k): _color(v, f"{source}: variables.{k}") for k, v in variables.items()
    }
    return Theme(**kwargs)


def _color(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ThemeError(f'{where} must be a colour in quotes, e.g. "#4ea1ff"')
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeError(f'{where}: {value!r} is not a colour (e.g. "#4ea1ff")') from None
    return value


def load_themes(
    config_dir: Path, files: tuple[list[tuple[str, Table | str]], list[str]] | None = None
) -> tuple[dict[str, Theme], list[str]]:
    """Shipped themes, then the person's own (which may replace a shipped one by name).

    Returns the themes by name and one problem line per file that could not be used.
    ``files``: :func:`standup.ui.themefiles.read_all`'s answer, when it was read already
    (by the board's early read); else the files are read here.
    """
    found, listing = files if files is not None else read_all(config_dir)
    themes: dict[str, Theme] = {}
    problems = list(listing)
    for source, table in found:
        try:
            if isinstance(table, str):
                raise ThemeError(table)
            theme = parse_theme(table, source)
        except ThemeError as exc:
            problems.append(one_line(str(exc)) + " — theme skipped")
            continue
        themes[theme.name] = theme
    return themes, problems


def choose(
    requested: str | None, remembered: str | None, themes: dict[str, Theme]
) -> tuple[str, str | None]:
    """The theme to start with, and a notice when the requested one does not exist.

    ``--theme`` wins, then the remembered choice, then :data:`DEFAULT_THEME`.
    """
    fallback = remembered if remembered in themes else DEFAULT_THEME
    if fallback not in themes:  # the shipped files are missing: use any theme there is
        fallback = next(iter(themes), DEFAULT_THEME)
    if requested is None:
        return fallback, None
    if requested in themes:
        return requested, None
    names = ", ".join(sorted(themes)) or "none found"
    return fallback, f"there is no theme {requested!r} (themes: {names}); using {fallback!r}"


def start_with(
    app: App[Any], requested: str | None, config_dir: Path, start: Start | None = None
) -> tuple[list[str], str | None]:
    """Register the themes found on ``app`` and start it with the one :func:`choose`
    picks; the palette then offers standup's themes only.

    Returns the problem lines to show once the board is up, and the theme to remember
    then (a ``--theme`` that differs from the remembered one), else ``None``. ``start``:
    the files the board's early read found, when it read them (:mod:`standup.ui.early`).
    """
    found, problems = load_themes(config_dir, start and start.themes)
    if not found:  # no theme files at all: Textual's own default still works
        problems.append("no theme files found; using Textual's default")
        app.stylesheet.set_variables(app.get_css_variables())  # the board may not have yet
        return problems, None
    for theme in found.values():
        app.register_theme(theme)
    remembered = settings.remembered_theme(config_dir, start and start.settings)
    name, problem = choose(requested, remembered, found)
    if problem:
        problems.append(problem)
    first_theme(app, name)
    for builtin in BUILTIN_THEMES:  # the palette offers standup's themes only
        if builtin not in found:
            app.unregister_theme(builtin)
    return problems, name if name == requested != remembered else None


def first_theme(app: App[Any], name: str) -> None:
    """Start ``app`` with theme ``name``, its CSS parsed once.

    Textual has no public way to choose the first theme before ``App.__init__``
    builds the stylesheet (only ``TEXTUAL_THEME``, read when Textual is imported).
    Setting ``app.theme`` runs the watcher, whose ``refresh_css`` re-parses every
    style sheet and empties the parse cache: the board's CSS was parsed three times
    before the first frame (~9 ms measured at start). Nothing is parsed or drawn
    yet, so the theme can be set without its watcher, through public API, doing
    what the watcher does that matters before the first frame: the theme's classes
    on the app and its variables in the stylesheet. The watcher also swaps the
    ANSI-to-truecolor map between dark and light, so a theme whose darkness differs
    from Textual's default takes the public switch
    (``tests/ui/test_themes.py`` compares both ways)."""
    theme = app.get_theme(name)
    if theme is None or theme.dark != app.current_theme.dark:
        app.theme = name  # the watcher: re-parses, once more before the first frame
        return
    app.set_reactive(App.theme, name)
    stale = [c for c in app.classes if c.startswith("-theme-")]
    app.set_class(False, *stale, update=False)
    app.set_class(True, f"-theme-{name}", update=False)
    app.set_class(theme.dark, "-dark-mode", update=False)
    app.set_class(not theme.dark, "-light-mode", update=False)
    app.stylesheet.set_variables(app.get_css_variables())
