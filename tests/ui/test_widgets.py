"""The board's own widgets: the key bar (its footer) and the row table.

Both draw from state at paint time instead of composing child widgets, so the board's
first frame is whole; these tests pin what they draw and how they answer keys and clicks.
"""

from __future__ import annotations

from pathlib import Path

from textual.content import Content

from standup import ops
from standup.store import Store
from standup.ui.dialogs.ask import AskDialog
from standup.ui.dialogs.block import BlockDialog
from standup.ui.screens.board import BoardScreen
from standup.ui.widgets.keybar import KeyBar
from standup.ui.widgets.table import BoardTable, Col, fit

from .conftest import NOW, TZ, actor, loaded, screen_text, seed_questions, wait_for

EIGHTY = "? help a ask r reply b block u unblock e edit w away m meeting ^q quit"
EVERY = (
    "? help a ask r reply b block u unblock e edit w away c check-in m meeting"
    " h history jk move ^q quit ^p palette"
)


def keybar(app) -> KeyBar:  # noqa: ANN001
    return app.board_screen.query_one(KeyBar)


async def test_the_key_bar_fits_whole_keys_to_the_width(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        # the placeholders do not fit: left out whole, before any key that works
        assert str(keybar(app).render()) == EIGHTY
        assert screen_text(app).splitlines()[-1].strip() == EIGHTY
    app = make_app(seeded)
    async with app.run_test(size=(140, 30)) as pilot:
        await loaded(pilot)
        assert str(keybar(app).render()) == EVERY
    app = make_app(seeded)
    async with app.run_test(size=(40, 24)) as pilot:
        await loaded(pilot)
        assert str(keybar(app).render()) == "? help a ask r reply b block ^q quit"


async def test_the_key_bar_follows_check_action_and_the_keymap(
    store, make_app, config_dir: Path
) -> None:  # noqa: ANN001
    config_dir.mkdir(parents=True)
    (config_dir / "keymap.toml").write_text('ask = "A"\n')
    app = make_app(store)  # empty: nothing to reply to or unblock
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        text = str(keybar(app).render())
        assert "A ask" in text and "reply" not in text and "unblock" not in text
        ops.ask(store, actor("bruno"), "Is this shown?", now=NOW)
        await wait_for(pilot, lambda: "r reply" in str(keybar(app).render()))


async def test_keys_that_wait_for_the_board_are_dimmed(store, make_app, board_path: Path) -> None:  # noqa: ANN001
    board_path.parent.mkdir(parents=True)
    board_path.write_text("{ not json")
    app = make_app(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.board_screen.problem != "")
        items = {item.description: item.enabled for item in keybar(app).items()}
        assert items["ask"] is False and items["help"] is True
        rendered = keybar(app).render()
        dim = [rendered.plain[s.start : s.end] for s in rendered.spans if "dim" in str(s.style)]
        assert "a ask" in dim and "? help" not in dim


async def test_a_click_on_a_key_presses_it(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        drawn = str(keybar(app).render())
        await pilot.click(KeyBar, offset=(drawn.index("b block") + 2, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, BlockDialog))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await pilot.click(KeyBar, offset=(drawn.index("a ask"), 0))
        await wait_for(pilot, lambda: isinstance(app.screen, AskDialog))


async def test_the_pointer_over_a_key_shows_its_tooltip(seeded, make_app) -> None:  # noqa: ANN001
    app = make_app(seeded)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        bar = keybar(app)
        drawn = str(bar.render())
        await pilot.hover(KeyBar, offset=(drawn.index("b block") + 3, 0))
        assert bar.tooltip == "Record a blocked item"
        await pilot.hover(KeyBar, offset=(drawn.index("jk move") + 1, 0))  # the group's tips
        assert bar.tooltip == (
            "Select the next row (or the down arrow) / Select the previous row (or the up arrow)"
        )
        await pilot.hover(KeyBar, offset=(len(drawn) + 2, 0))  # past the last key
        assert bar.tooltip is None


def test_a_table_takes_rows_before_it_is_laid_out() -> None:
    table = BoardTable([Col("id", "Id", 4), Col("text", "Text")])
    table.show([("Q1", [Content("Q1"), Content("one")]), ("Q2", [Content("Q2"), Content("two")])])
    assert (table.row_keys, table.selected_key) == (["Q1", "Q2"], "Q1")
    assert table.virtual_size.height == 3  # the titles and two rows
    table.show([("Q2", [Content("Q2"), Content("two")])])  # Q1 went: the cursor stays in place
    assert table.selected_key == "Q2"
    table.show([])
    assert (table.selected_key, table.row_count) == (None, 0)


async def test_table_keys_scroll_and_click(store, make_app) -> None:  # noqa: ANN001
    seed_questions(store, 30)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        table = app.board_screen.query_one("#questions", BoardTable)
        visible = table.scrollable_content_region.height - 1  # rows under the titles
        assert 0 < visible < 30
        await pilot.press("end")
        assert table.selected_key == "Q30"
        assert table.scroll_y == 30 - visible  # the last row is at the bottom, in view
        assert "question number 30" in screen_text(app)
        await pilot.press("home")
        assert (table.selected_key, table.scroll_y) == ("Q1", 0)
        await pilot.press("pagedown")
        assert table.selected_key == f"Q{1 + visible}"
        await pilot.press("pageup")
        assert table.selected_key == "Q1"
        await pilot.click(table, offset=(10, 3))  # titles, Q1, Q2, Q3: the third row
        assert table.selected_key == "Q3"
        assert "question number 3" in str(app.board_screen.query_one("#detail").render())
        await pilot.click(table, offset=(10, 0))  # the titles select nothing
        assert table.selected_key == "Q3"


async def test_the_id_column_grows_with_the_ids() -> None:
    from textual.app import App

    class One(App[None]):
        def compose(self):  # noqa: ANN202
            table = BoardTable([Col("id", "Id", 4, fit=True), Col("text", "Text")])
            table.show([(f"Q{n}", [Content(f"Q{n}"), Content(f"text {n}")]) for n in (9, 12345)])
            yield table

    app = One()
    async with app.run_test(size=(40, 5)):
        lines = screen_text(app).splitlines()
    assert lines[1].split() == ["Q9", "text", "9"]
    assert lines[2].split() == ["Q12345", "text", "12345"]  # whole, not "Q12…"


async def test_the_header_wraps_beside_who_you_are(seeded, make_app) -> None:  # noqa: ANN001
    for width, you_line in ((80, 0), (44, 2)):  # at 44 the PM's line is too cramped beside it
        app = make_app(seeded)
        async with app.run_test(size=(width, 24)) as pilot:
            await loaded(pilot)
            header = app.board_screen.query_one("#header")
            lines = screen_text(app).splitlines()[: header.region.height]
        assert lines[0].lstrip().startswith("◐ PM: Ana — away until Thu 09:00")
        assert lines[you_line].endswith("you: carla · Wed 10:00")
        assert "ask Bruno (available)" in " ".join(lines)


LONG_NOTE = ("at the customer, then the airport; " * 58)[:2000]  # the longest allowed


async def test_the_header_never_grows_past_its_lines(store, make_app, tmp_path: Path) -> None:  # noqa: ANN001
    """A 2,000-character away note is cut so who decides stays in view; a 2,000-character
    name is cut at the end; the lists and the key bar below stay on screen."""
    ana = actor("ana")
    ops.add_person(store, ana, "bruno", name="Bruno", role="lead", tz=TZ, now=NOW)
    ops.add_person(store, ana, "ana", name="Ana", role="pm", tz=TZ, now=NOW)
    ops.away(store, ana, until="tomorrow 09:00", delegate="bruno", note=LONG_NOTE, now=NOW)
    named = Store(tmp_path / "named" / "board.json")
    ops.add_person(named, ana, "ana", name="Ana " + "V" * 1990, role="pm", tz=TZ, now=NOW)
    ops.away(named, ana, until="tomorrow 09:00", now=NOW)
    for board, cut_at in ((store, "ask Bruno (available)"), (named, "VVV…")):
        for width, most in ((80, 2), (44, 3)):
            app = make_app(board)
            async with app.run_test(size=(width, 24)) as pilot:
                await loaded(pilot)
                header = app.board_screen.query_one("#header")
                lines = screen_text(app).splitlines()
                assert header.region.height <= most
                top = " ".join(line.strip() for line in lines[: header.region.height])
                assert cut_at in top and "…" in top and "you: carla" in top
                assert any(line.startswith("─Open questions") for line in lines)
                assert lines[-1].lstrip().startswith("? help")


async def test_the_header_says_when_you_decide_for_the_pm(seeded, make_app) -> None:  # noqa: ANN001
    for user, says in (("bruno", "you decide for Ana now"), ("carla", "ask Bruno (available)")):
        app = make_app(seeded, user=user)
        async with app.run_test(size=(120, 30)) as pilot:
            await loaded(pilot)
            assert says in screen_text(app).splitlines()[0]
            people = str(app.board_screen.query_one("#people").render())
            assert ("· you decide" in people) == (user == "bruno")


async def test_the_tables_say_you(seeded, make_app) -> None:  # noqa: ANN001
    """ "Ask now" reads "you" for the one who can answer now (Bruno, deciding for Ana);
    an item blocked on you, or your own, says so too."""
    ops.block(seeded, actor("carla"), "Review the copy", on="bruno", now=NOW)
    for user, ask, owner, on in (
        ("bruno", "you", "Carla", "you"),
        ("carla", "Bruno", "you", "Bruno"),
    ):
        app = make_app(seeded, user=user)
        async with app.run_test(size=(120, 30)) as pilot:
            await loaded(pilot)
            questions = app.board_screen.query_one("#questions", BoardTable)
            blocked = app.board_screen.query_one("#blocked", BoardTable)
            assert [questions.cell(key, "ask").plain for key in questions.row_keys] == [ask, ask]
            assert blocked.cell("B3", "owner").plain == owner
            assert blocked.cell("B3", "on").plain == on


def test_short_columns_leave_their_room_to_the_cut_ones() -> None:
    cols = [Col("ask", "Ask", 0, share=2), Col("text", "Text", 0, share=6),
            Col("fallback", "Fallback", 0, share=3)]  # fmt: skip
    # 60 cells, 2 gaps of 2, margin and scrollbar: 54 to share. "Bruno" needs 8 (its
    # minimum), the fallback 13: the text gets all the rest instead of its 6/11 share.
    assert fit(cols, [5, 70, 13], 60) == [8, 33, 13]
    assert fit(cols, [5, 20, 13], 60) == [10, 27, 16]  # all whole: the rest shared out
    assert sum(fit(cols, [50, 50, 50], 60)) <= 54  # all cut: by shares, as before


async def test_the_question_column_takes_the_room_there_is(seeded, make_app) -> None:  # noqa: ANN001
    """At 120×40 two questions are read whole, wrapped in the table's spare height; a
    click on a wrapped row's second line selects that row."""
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        table = app.board_screen.query_one("#questions", BoardTable)
        height = table.scrollable_content_region.height
        titles = table.render_line(0).text
        start, end = titles.index("Question"), titles.index("Fallback")
        rows = [table.render_line(y).text for y in range(1, height)]  # under the titles
        text = " ".join(" ".join(row[start:end] for row in rows).split())  # the column
        assert "Which export format do we ship first?" in text
        assert "Can we drop the 2019 file format?" in text and "…" not in text
        assert rows[1].strip() and not rows[1].lstrip().startswith("Q")  # Q1's 2nd line
        await pilot.click(table, offset=(40, 2))  # Q1's second line
        assert table.selected_key == "Q1"
        second = next(n for n, line in enumerate(rows) if line.lstrip().startswith("Q2"))
        await pilot.click(table, offset=(40, second + 1))
        assert table.selected_key == "Q2"


TEXTS = [
    "",
    "a",
    "Which font for the headings?",
    "日本語のテキストが長い場合はどうなる",  # two cells a character: cuts land mid-character
    "naïve café — ok… ✓ ◆",
    "e\u0301 combining, and an emoji 🚀 in it",
    "x" * 70,
]
STYLES = ["", "$standup-id", "bold $standup-overdue", "$standup-muted", "bold"]


async def test_plain_cells_draw_as_their_content_would(seeded, make_app) -> None:  # noqa: ANN001
    """A plain ``(text, style)`` cell (the board's own tables) is drawn straight as
    segments; every line must read and look as the same cell made Content would, cut,
    padded and styled alike (cursor row included), at many widths."""
    from rich.segment import Segment

    plain_rows = [
        (f"R{n}", [(f"Q{n}", "$standup-id"), ("3d", ""), (safe_text, STYLES[n % 5]), ("", ""),
                   (TEXTS[-1 - n % 7], STYLES[(n + 2) % 5]), (TEXTS[n % 7], "")])
        for n, safe_text in enumerate(TEXTS * 4)  # more rows than lines: one line a row
    ]  # fmt: skip
    content_rows = [(key, [Content.styled(*cell) for cell in cells]) for key, cells in plain_rows]

    def drawn(table: BoardTable, rows: list) -> list[list[tuple[str, object]]]:
        table.show(rows)
        table._lines.clear()
        table._laid = None
        height = table.scrollable_content_region.height
        return [
            [(s.text, s.style) for s in Segment.simplify(table.render_line(y))]
            for y in range(height)
        ]

    for size in ((70, 24), (90, 30), (120, 40), (160, 48)):
        app = make_app(seeded)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            table = app.board_screen.query_one("#questions", BoardTable)
            table._move(2)
            want = drawn(table, content_rows)
            got = drawn(table, plain_rows)
            region = table.scrollable_content_region
            assert table._layout(region.width, region.height).wrapped == []
            assert got == want, size
            assert len(got) > 3 and "".join(t for t, _ in got[3]).strip()  # rows were drawn
