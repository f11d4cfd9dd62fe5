"""Themes: shipped files load with every status colour, the flag and the palette switch,
the choice is remembered, a person's own theme file is picked up, bad ones fall back."""

from __future__ import annotations

from pathlib import Path

import pytest

from standup.ui import settings
from standup.ui.look import VARIABLE_DEFAULTS
from standup.ui.themes import SHIPPED, load_themes
from tests.ui.conftest import loaded, wait_for

MINE = """
name = "solarized-me"
dark = true
primary = "#268bd2"
background = "#002b36"
[variables]
standup-overdue = "#dc322f"
"""


def test_shipped_themes_define_every_status_colour(tmp_path: Path) -> None:
    themes, problems = load_themes(tmp_path)
    assert problems == []
    assert set(SHIPPED) <= set(themes)
    for name in SHIPPED:
        assert set(VARIABLE_DEFAULTS) <= set(themes[name].variables), name


async def test_flag_palette_and_memory(seeded, make_app, config_dir: Path) -> None:  # noqa: ANN001
    from textual.command import CommandPalette

    app = make_app(seeded, theme="light")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert app.theme == "light"
        assert app.theme_variables["standup-overdue"] == "#cf222e"
        assert "textual-dark" not in app.available_themes  # standup's themes only
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Theme", "enter")
        await wait_for(pilot, lambda: "themes" in str(app.screen.query_one("Input").placeholder))
        await pilot.press(*"high-contrast", "enter")
        await wait_for(pilot, lambda: app.theme == "high-contrast")
    assert settings.remembered_theme(config_dir) == "high-contrast"
    again = make_app(seeded)  # no --theme: the remembered one
    async with again.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert again.theme == "high-contrast"


async def test_a_theme_given_by_flag_is_remembered(seeded, make_app, config_dir: Path) -> None:  # noqa: ANN001
    assert settings.remembered_theme(config_dir) is None
    app = make_app(seeded, theme="light")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: settings.remembered_theme(config_dir) == "light")
    again = make_app(seeded)  # no --theme this time
    async with again.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert again.theme == "light"


async def test_unknown_theme_falls_back_with_a_notice(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded, theme="no-such-theme")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert app.theme == "dark"
        assert any("no-such-theme" in n.message for n in app.said)


async def test_a_persons_own_theme_and_a_broken_one(seeded, make_app, config_dir: Path) -> None:  # noqa: ANN001
    folder = config_dir / "themes"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(MINE)
    (folder / "broken.toml").write_text('name = "broken"\nprimary = "not a colour"\n')
    app = make_app(seeded, theme="solarized-me")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert app.theme == "solarized-me"
        assert app.theme_variables["standup-overdue"] == "#dc322f"
        assert app.theme_variables["standup-away"] == VARIABLE_DEFAULTS["standup-away"]
        assert "broken" not in app.available_themes
        assert any("broken.toml" in n.message for n in app.said)


@pytest.mark.parametrize(
    "text, problem",
    [
        ('primary = "#fff"', "name"),
        ('name = "x"', "primary"),
        ('name = "x"\nprimary = "#fff"\ncolour = "#000"', "unknown key"),
        ('name = "x"\nprimary = "#fff"\n[variables]\nstandup-away = 3', "colour"),
        ("name = [", "TOML"),
    ],
)
def test_theme_file_problems_are_one_clear_line(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "bad.toml").write_text(text)
    themes, problems = load_themes(tmp_path)
    assert set(SHIPPED) <= set(themes)
    assert len(problems) == 1 and problem in problems[0] and "bad.toml" in problems[0]


@pytest.mark.parametrize("name", SHIPPED)
async def test_the_first_theme_looks_as_the_theme_switch_makes_it(seeded, make_app, name) -> None:  # noqa: ANN001
    """The board sets its first theme without Textual's watcher when it can (one CSS
    parse fewer at start; see ``standup.ui.themes.first_theme``): the board then looks exactly
    as after switching to another theme and back through ``app.theme``."""
    app = make_app(seeded, theme=name)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        first = (app.export_screenshot(), set(app.classes), dict(app.theme_variables))
        app.theme = next(t for t in SHIPPED if t != name)
        await pilot.pause()
        app.theme = name
        await pilot.pause()
        assert (app.export_screenshot(), set(app.classes), dict(app.theme_variables)) == first


async def test_no_theme_files_at_all_opens_on_textuals_default(
    seeded, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:  # noqa: ANN001
    """A broken install that lost the shipped themes still opens a styled board: the
    default theme's variables are set even though no theme of the board's is."""
    from standup.ui import themes

    monkeypatch.setattr(themes, "load_themes", lambda *_args: ({}, []))
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert app.theme == "textual-dark"
        assert app.stylesheet._variables == app.get_css_variables()
        assert "Which export format do we ship first?" in str(
            app.screen.query_one("#questions").render_line(1).text
        )
        assert any("no theme files found" in said.message for said in app.said)
