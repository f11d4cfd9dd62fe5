"""The board's parsed CSS is kept between starts (:mod:`standup.ui.csscache`): a second
start parses none of it and styles every widget exactly as a parse would; a file made
under another theme, a damaged one, or one that others could have written is not used.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet
from textual.css.tokenize import tokenize_values

from standup.store import Store
from standup.ui import csscache
from standup.ui.csscache import CachedStylesheet

from .conftest import loaded, settled
from .test_first_frame import styles


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Where Textual's parser was run: one entry per style sheet parsed."""
    seen: list[object] = []
    parse = Stylesheet._parse_rules

    def counted(self, css, read_from, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        seen.append(read_from)
        return parse(self, css, read_from, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "_parse_rules", counted)
    return seen


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    return folder / csscache.NAME


async def start(make_app, store: Store, size=(120, 40), **options) -> dict[str, dict]:  # noqa: ANN001, ANN003
    """Open a copy of the board (what one board marks as seen is not on the next) once:
    the styles of its first screen, each value as its repr (a layout is an object of
    its own in each app)."""
    folder = Path(tempfile.mkdtemp(dir=store.path.parent.parent))
    shutil.copy(store.path, folder / store.path.name)
    app = make_app(Store(folder / store.path.name), **options)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)  # with the inbox's news: For you shows or hides by them
        await settled(pilot, app.screen)
        await pilot.pause()  # the cache is written after the first frame is drawn
        return {
            node: {name: repr(value) for name, value in rules.items()}
            for node, rules in styles(app.board_screen).items()
        }


async def test_a_second_start_parses_no_css_and_styles_every_widget_alike(
    seeded: Store, make_app, cache: Path, parsed: list[object]
) -> None:  # noqa: ANN001
    plain = await start(make_app, seeded)
    assert parsed, "the board without a cache parses its CSS"
    parsed.clear()
    first = await start(make_app, seeded, css_cache=str(cache))
    assert parsed and cache.is_file()
    assert cache.stat().st_mode & 0o777 == 0o600
    assert cache.parent.stat().st_mode & 0o777 == 0o700
    parsed.clear()
    second = await start(make_app, seeded, css_cache=str(cache))
    assert parsed == []
    assert first == plain and second == plain
    # the rules themselves, not only where they matched: the same CSS back
    made, rules, tokens = pickle.loads(cache.read_bytes())
    assert tokens == tokenize_values(made[-1])  # the theme's variables, as tokens
    fresh = Stylesheet(variables=made[-1])
    for (css, read_from, defaults, tie, scope), kept in rules.items():
        again = Stylesheet._parse_rules(fresh, css, read_from, defaults, tie, scope)
        assert [described(r) for r in kept] == [described(r) for r in again], read_from


def described(rule) -> tuple[object, ...]:  # noqa: ANN001
    """A parsed rule as plain values (``RuleSet.css`` fails on some of Textual's own)."""
    rules = rule.styles.get_rules()
    return (rule.selectors, rule.is_default_rules, rule.tie_breaker, sorted(rule.selector_names),
            sorted(rule.pseudo_classes), sorted(rule.styles.important),
            {name: repr(value) for name, value in rules.items()})  # fmt: skip


async def test_the_board_at_80x24_and_as_the_pm_use_the_same_file(
    seeded: Store, make_app, cache: Path, parsed: list[object]
) -> None:  # noqa: ANN001
    await start(make_app, seeded, css_cache=str(cache))
    parsed.clear()
    narrow = await start(make_app, seeded, size=(80, 24), user="ana", css_cache=str(cache))
    assert parsed == []
    assert narrow == await start(make_app, seeded, size=(80, 24), user="ana")


async def test_another_theme_parses_its_own_rules(
    seeded: Store, make_app, cache: Path, parsed: list[object]
) -> None:  # noqa: ANN001
    await start(make_app, seeded, css_cache=str(cache), theme="dark")
    parsed.clear()
    light = await start(make_app, seeded, css_cache=str(cache), theme="light")
    assert parsed, "rules made under the dark theme's variables were used for light"
    assert light == await start(make_app, seeded, theme="light")
    parsed.clear()
    await start(make_app, seeded, css_cache=str(cache), theme="light")
    assert parsed == []


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a pickle at all",
        pickle.dumps(("some other format", {})),
        pickle.dumps(12),
    ],
)
async def test_a_damaged_file_is_parsed_over_and_written_again(
    seeded: Store, make_app, cache: Path, parsed: list[object], damage: bytes
) -> None:  # noqa: ANN001
    plain = await start(make_app, seeded)
    cache.parent.mkdir(mode=0o700)
    cache.write_bytes(damage)
    cache.chmod(0o600)
    parsed.clear()
    assert await start(make_app, seeded, css_cache=str(cache)) == plain
    assert parsed
    parsed.clear()
    assert await start(make_app, seeded, css_cache=str(cache)) == plain
    assert parsed == []


async def test_rules_for_this_start_from_a_file_and_a_folder_others_can_write_are_not_used(
    seeded: Store, make_app, cache: Path, parsed: list[object]
) -> None:  # noqa: ANN001
    await start(make_app, seeded, css_cache=str(cache))
    for mode in (0o620, 0o602):
        cache.chmod(mode)
        parsed.clear()
        await start(make_app, seeded, css_cache=str(cache))
        assert parsed, oct(mode)
        assert cache.stat().st_mode & 0o777 == 0o600  # written again, as its own
    cache.parent.chmod(0o770)
    parsed.clear()
    await start(make_app, seeded, css_cache=str(cache))
    assert parsed
    before = cache.stat().st_mtime_ns
    cache.unlink()
    await start(make_app, seeded, css_cache=str(cache))
    assert not cache.exists(), "a cache was written into a folder others can write to"
    assert before


async def test_a_link_is_not_followed(
    seeded: Store, make_app, cache: Path, tmp_path: Path, parsed: list[object]
) -> None:  # noqa: ANN001
    await start(make_app, seeded, css_cache=str(cache))
    real = tmp_path / "elsewhere.pickle"
    os.replace(cache, real)
    cache.symlink_to(real)
    parsed.clear()
    await start(make_app, seeded, css_cache=str(cache))
    assert parsed, "rules were read through a symbolic link"
    assert not cache.is_symlink() and real.is_file()  # the link replaced, its target kept


def test_rules_with_errors_are_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "cache" / csscache.NAME
    sheet = CachedStylesheet(variables={"accent": "red"}, path=str(path))
    sheet.add_source("Screen { color: $accent; }", read_from=("test", "good"))
    sheet.add_source("Screen { colour: red; }", read_from=("test", "bad"))
    with pytest.raises(Exception):  # noqa: B017, PT011 - Textual's own parse error
        sheet.parse()
    assert sheet.save()
    rules, tokens = csscache.load(str(path), csscache.stamp({"accent": "red"}))
    assert [read_from for _css, read_from, *_ in rules] == [("test", "good")]
    assert tokens == tokenize_values({"accent": "red"})


@pytest.mark.skipif(os.getuid() != 0, reason="giving a file to another user takes root")
async def test_a_file_or_folder_of_another_user_is_not_used(
    seeded: Store, make_app, cache: Path, parsed: list[object]
) -> None:  # noqa: ANN001
    await start(make_app, seeded, css_cache=str(cache))
    os.chown(cache, 65534, -1)  # nobody's
    parsed.clear()
    await start(make_app, seeded, css_cache=str(cache))
    assert parsed, "rules were read from another user's file"
    assert cache.stat().st_uid == os.getuid()  # written again, as this user's
    os.chown(cache.parent, 65534, -1)
    parsed.clear()
    await start(make_app, seeded, css_cache=str(cache))
    assert parsed, "rules were read from another user's folder"


def test_a_file_made_under_another_textual_install_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade rewrites the files that define parsed rules: their size and time are
    part of the stamp, so rules kept under the old ones are not loaded."""
    import sys
    import types

    source = tmp_path / "parser.py"
    source.write_text("# stands for textual.css.parse\n")
    module = types.ModuleType("fake_parser")
    module.__file__ = str(source)
    monkeypatch.setitem(sys.modules, "fake_parser", module)
    monkeypatch.setattr(csscache, "_PARSER_MODULES", ("fake_parser",))
    path = tmp_path / "cache" / csscache.NAME
    variables = {"accent": "red"}
    assert csscache.save(str(path), csscache.stamp(variables), {}, tokenize_values(variables))
    assert csscache.load(str(path), csscache.stamp(variables))[1] is not None
    source.write_text("# stands for textual.css.parse, upgraded\n")
    assert csscache.load(str(path), csscache.stamp(variables)) == ({}, None)
