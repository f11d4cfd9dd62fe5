"""``standup export --format md``: the stand-up digest and the decision records (issue 10
item 8, issue 12 item 3), against a reviewed golden file; and user text shown literally
wherever the Markdown is rendered."""

from __future__ import annotations

import html
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from standup.board import Board
from standup.digest import md
from standup.text import one_line
from standup.view import BoardView
from tests.conftest import Cli
from tests.export_seed import at, seeded_copy

GOLDEN = Path(__file__).parent / "data" / "export-digest.md"


def test_the_digest_of_a_seeded_board_is_the_reviewed_one(db: Path, cli: Cli) -> None:
    """One stand-up and several decisions: assumed by the clock (with the item it
    unblocked), overridden, answered by the addressee, confirmed; hostile text shown
    literally. Regenerate with STANDUP_GOLDEN=1 and review the file before committing."""
    import os

    seeded_copy(db)
    out = cli("export", "--format", "md").stdout
    if os.environ.get("STANDUP_GOLDEN"):
        GOLDEN.write_text(out)
    assert out == GOLDEN.read_text()


def test_since_keeps_later_stand_ups_and_decisions(db: Path) -> None:
    from standup.digest import markdown
    from standup.store import Store

    seeded_copy(db)
    snapshot = Store(db).read()
    board = Board.load(snapshot, parts=("questions", "blocked", "standups"))
    view = BoardView(board, at(25, 10), board.zone_of("ana"))
    text = markdown(view, since=at(24, 9, 42))
    assert "since 2026-11-24 09:42" in text
    assert "No stand-ups recorded." in text  # S1 started at 09:30
    assert re.findall(r"^### (Q\d+)", text, re.M) == ["Q1", "Q2", "Q3"]  # not Q6 (09:40)


RENDER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
TAGS = re.compile(r"<[^>]+>")


def _shown(markdown: str) -> str:
    """What a reader sees of rendered ``markdown``: its text, tags and entities gone."""
    return html.unescape(TAGS.sub("", RENDER.render(markdown))).strip()


MARKUP = st.sampled_from(list("\\`*_[]()<>&|~$#!-+=.:1 \n\t") + ["&amp;", "http://x", "\x1b["])


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.one_of(MARKUP, st.text(max_size=3)), max_size=12).map("".join))
def test_text_is_shown_literally_wherever_it_stands(text: str) -> None:
    want = one_line(text)
    for where in ("{}", "- **Decision:** {}", "### Q3: {}", "- **Parked:**\n  - {}"):
        prefix = _shown(where.format("")).strip()
        got = " ".join(_shown(where.format(md(text))).split())
        assert got == " ".join(f"{prefix} {want}".split()), (where, text, md(text))
