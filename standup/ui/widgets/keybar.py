"""The footer: the keys that work here, in one line, drawn from the screen's bindings.

Textual's ``Footer`` mounts a widget per key and composes them only after the first
frame, then composes them all again whenever a key is enabled or disabled (moving from
a question to an empty table does that): ~15 widgets styled and laid out each time, and
a board whose footer arrives a frame late. This bar is one widget that draws the same
keys from :attr:`Screen.active_bindings` — the bindings Textual itself dispatches, so
``check_action``, the keymap and the key display all count — whenever it is drawn, and
redraws on the screen's ``bindings_updated_signal``.

Keys that cannot run now (``check_action`` returned ``None``) are shown dimmed; those it
hid (``False``) are left out. Keys that do not fit the width are left out whole, never
cut, in the order of :data:`standup.ui.keys.FOOTER_SPARE` (the palette and moves first, ``^q quit``
and ``? help`` last); ``?`` help and the command palette list every one. A click on a
key presses it, and the pointer over a key shows its tooltip, as Textual's footer does.
"""

from __future__ import annotations

from itertools import groupby

import msgspec
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

from standup.ui.keys import FOOTER_KEEP, FOOTER_SPARE

GAP = 1  # space between keys


class Item(msgspec.Struct, frozen=True):
    """A key as the bar shows it (a Struct: a NamedTuple class costs ~0.3 ms to make,
    at every start)."""

    shown: str  # the key as displayed: "?", "^q", "jk"
    description: str
    press: str  # the key a click presses
    enabled: bool
    tooltip: str
    id: str = ""  # the binding's id (a group: its first binding's)


class Hit(msgspec.Struct, frozen=True):
    """Where an item was drawn: columns ``start`` to ``end`` (exclusive)."""

    start: int
    end: int
    item: Item


class KeyBar(Widget):
    """One line of ``key description`` pairs at the bottom of a screen."""

    ALLOW_SELECT = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hits: list[Hit] = []  # where each key was drawn, by the last render

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen) -> None:
        self.refresh()

    def items(self) -> list[Item]:
        """The keys to show, in footer order (a group such as ``j``/``k`` as one item)."""
        by_action: dict[str, list[Item]] = {}
        display = self.app.get_key_display
        groups: dict[str, Binding.Group | None] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                item = Item(display(binding), binding.description, binding.key, enabled,
                            tooltip or binding.tooltip, binding.id or "")  # fmt: skip
                by_action.setdefault(binding.action, []).append(item)
                groups.setdefault(binding.action, binding.group)
        items: list[Item] = []
        for group, members in groupby(by_action.items(), lambda pair: groups[pair[0]]):
            firsts = [keys[0] for _, keys in members]
            if group is not None and len(firsts) > 1:
                tips = " / ".join(i.tooltip for i in firsts if i.tooltip)
                shown = "".join(i.shown for i in firsts)
                first = msgspec.structs.replace(
                    firsts[0], shown=shown, description=group.description, tooltip=tips
                )
                items.append(first)
            else:
                items += firsts
        return items

    def render(self) -> Content:
        key_style = "$footer-key-foreground bold"
        text_style = "$footer-description-foreground"
        width = self.content_region.width or self.app.size.width
        items = self.items()
        every: list[Content] = []
        for item in items:
            drawn = Content.assemble((item.shown, key_style), " ", (item.description, text_style))
            every.append(drawn.stylize("dim") if not item.enabled else drawn)
        shown = _fitting([d.cell_length for d in every], [i.id for i in items], width)
        parts: list[Content] = []
        self._hits = []
        x = 0
        for n in shown:
            item, drawn = items[n], every[n]
            start = x + (GAP if parts else 0)
            if start + drawn.cell_length > width:
                break
            if parts:
                parts.append(Content(" " * GAP))
            parts.append(drawn)
            x = start + drawn.cell_length
            self._hits.append(Hit(start, x, item))
        return Content.assemble(*parts)

    def item_at(self, x: int) -> Item | None:
        """The item drawn at column ``x``, if any."""
        return next((hit.item for hit in self._hits if hit.start <= x < hit.end), None)

    def on_click(self, event: events.Click) -> None:
        item = self.item_at(event.x)
        if item is not None and item.enabled:
            self.app.simulate_key(item.press)
        elif item is not None:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self.item_at(event.x)
        self.tooltip = item.tooltip if item is not None and item.tooltip else None


def _fitting(widths: list[int], ids: list[str], width: int) -> list[int]:
    """The indexes of the keys to show in ``width`` columns, in order: whole keys are
    left out, those in :data:`FOOTER_SPARE` first, then from the right; ^q and ? last."""
    keep = list(range(len(widths)))
    spare = [n for name in FOOTER_SPARE for n in keep if ids[n] == name]
    spare += [n for n in reversed(keep) if n not in spare and ids[n] not in FOOTER_KEEP]
    spare += [n for n in reversed(keep) if n not in spare]

    def needed() -> int:
        return sum(widths[n] for n in keep) + GAP * max(0, len(keep) - 1)

    for n in spare:
        if needed() <= width:
            break
        keep.remove(n)
    return keep
