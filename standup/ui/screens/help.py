"""``?``: every key, as this person has it (their ``keymap.toml`` applied), with what it
does. Built from the same :mod:`standup.ui.keys` lists the screens bind, so it cannot
drift from the real keys."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from standup.ui import keys, safe
from standup.ui.look import DIALOGS_CSS, LEGEND

GROUPS = (
    ("On the board", keys.BOARD),
    ("Moving", keys.TABLE),
    ("Anywhere", keys.APP),
    ("In the return briefing (v)", keys.BRIEFING),
    ("In the stand-up meeting (m)", keys.MEETING),
    ("In the decision round (d in the meeting, or the palette)", keys.DECISIONS),
    ("In history (h)", keys.HISTORY),
    ("In a form", keys.DIALOG),
)
KEY_WIDTH = 11
SYMBOL_WIDTH = 15


def help_text(keymap: dict[str, str], config_dir: Path | None) -> Content:
    lines: list[Content] = []
    for title, bindings in GROUPS:
        lines.append(Content.styled(title, "bold $accent"))
        for binding in bindings:
            key = keys.key_for(binding, keymap)
            lines.append(
                safe.join(
                    (f"  {key:<{KEY_WIDTH}}", "bold $standup-id"),
                    binding.tooltip or binding.description,
                )
            )
        lines.append(Content(""))
    lines.append(Content.styled("What the symbols mean", "bold $accent"))
    for heading, symbols in LEGEND:
        lines.append(Content.styled(f"  {heading}", "bold"))
        for symbol, meaning in symbols:
            lines.append(safe.join((f"    {symbol:<{SYMBOL_WIDTH}}", "bold"), meaning))
    lines.append(Content(""))
    where = config_dir / keys.KEYMAP_FILE if config_dir else keys.KEYMAP_FILE
    lines.append(safe.join(("Remap keys", "bold"), f' in {where} by id, e.g. ask = "A".'))
    lines.append(
        safe.join(
            ("Ids: ", "$standup-muted"),
            (", ".join(b.id for _t, group in GROUPS for b in group if b.id), "$standup-muted"),
        )
    )
    lines.append(safe.join(("Themes", "bold"), ": ctrl+p, then Theme (or standup --theme NAME)."))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Every key and what it does."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding(
            "escape,question_mark,q",
            "close",
            "close",
            id="help-close",
            tooltip="Back to the board",
        )
    ]
    CSS_PATH = DIALOGS_CSS  # parsed when first opened, not before the board

    def __init__(self, keymap: dict[str, str], config_dir: Path | None = None) -> None:
        super().__init__(classes="help-screen")
        self.keymap = keymap
        self.config_dir = config_dir

    def compose(self) -> ComposeResult:
        with Vertical(id="help") as box:
            box.border_title = Content("Keys")
            box.border_subtitle = Content("escape: back")
            with VerticalScroll():
                yield Static(help_text(self.keymap, self.config_dir), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
