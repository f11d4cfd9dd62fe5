"""The read-only board and the board in a browser, through Pilot (issue 11, item 6).

On a read-only board no key that writes is active: each is hidden from the footer, the
palette and the key itself does nothing; the file is never touched. The line above the
board says how it acts: "in a browser as LOGIN" when served, "read-only" when it is.
"""

from __future__ import annotations

from standup.store import Store
from standup.ui import keys
from standup.ui.screens.board import WRITES, BoardScreen
from standup.ui.served import ServedBanner
from standup.ui.widgets.keybar import KeyBar
from tests.ui.conftest import ME, loaded, screen_text, settled

WRITE_KEYS = [b for b in keys.BOARD if b.action in WRITES]


def test_every_write_key_is_covered() -> None:
    assert {b.action for b in WRITE_KEYS} == WRITES  # each write of the board has a key


async def test_no_key_writes_on_a_read_only_board(seeded: Store, make_app) -> None:  # noqa: ANN001
    before = seeded.path.read_bytes()
    app = make_app(Store(seeded.path, read_only=True))
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        board = app.board_screen
        banner = board.query_one(ServedBanner)
        assert "read-only" in str(banner.render())
        for table in ("#questions", "#blocked"):  # r and u depend on the focused table
            board.query_one(table).focus()
            await settled(pilot, board)
            for binding in WRITE_KEYS:
                assert not board.check_action(binding.action, ()), binding.action
                await pilot.press(binding.key)
                await settled(pilot, board)
                assert app.screen is board, f"{binding.key} opened {app.screen!r}"
        footer = screen_text(app).splitlines()[-1]
        for binding in WRITE_KEYS:
            assert f"{binding.key} {binding.description}" not in footer, footer
        assert "? help" in footer and "^q quit" in footer
        titles = [c.title for c in app.get_system_commands(board)]
        assert not any(b.tooltip in titles for b in WRITE_KEYS), titles
        assert any("List every key" in t for t in titles)  # help is still there
    assert seeded.path.read_bytes() == before


async def test_a_writable_board_keeps_its_keys_and_has_no_banner(seeded: Store, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        assert type(app.board_screen) is BoardScreen
        assert not app.board_screen.query(ServedBanner)
        assert app.board_screen.check_action("ask", ())


async def test_served_says_whose_name_changes_carry(seeded: Store, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded, served=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        first = screen_text(app).splitlines()[0]
        assert f"in a browser as {ME}" in first, first
        assert app.board_screen.check_action("ask", ())  # served, not read-only: writes
        assert "a ask" in screen_text(app).splitlines()[-1]
        assert app.board_screen.query_one(KeyBar)
