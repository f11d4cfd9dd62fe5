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
cut; ``?`` help and the command palette list every one. A click on a key presses it.
"""

from __future__ import annotations

from itertools import groupby

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

GAP = 1  # space between keys


class KeyBar(Widget):
    """One line of ``key description`` pairs at the bottom of a screen."""

    ALLOW_SELECT = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hits: list[tuple[int, int, str, bool]] = []  # (start, end, key, enabled)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen) -> None:
        self.refresh()

    def items(self) -> list[tuple[str, str, str, bool]]:
        """``(key shown, description, key to press, enabled)`` in footer order."""
        shown = [
            (binding, enabled)
            for (_, binding, enabled, _tip) in self.screen.active_bindings.values()
            if binding.show
        ]
        by_action: dict[str, list[tuple[Binding, bool]]] = {}
        for binding, enabled in shown:
            by_action.setdefault(binding.action, []).append((binding, enabled))
        items = []
        display = self.app.get_key_display
        for group, members in groupby(by_action.values(), lambda m: m[0][0].group):
            actions = list(members)
            if group is not None and len(actions) > 1:
                first, enabled = actions[0][0]
                keys = "".join(display(b[0][0]) for b in actions)
                items.append((keys, group.description, first.key, enabled))
            else:
                items += [(display(b), b.description, b.key, e) for (b, e), *_ in actions]
        return items

    def render(self) -> Content:
        key_style = "$footer-key-foreground bold"
        text_style = "$footer-description-foreground"
        width = self.content_region.width or self.app.size.width
        parts: list[Content] = []
        self._hits = []
        x = 0
        for keys, description, press, enabled in self.items():
            item = Content.assemble((keys, key_style), " ", (description, text_style))
            if not enabled:
                item = item.stylize("dim")
            start = x + (GAP if parts else 0)
            if start + item.cell_length > width:
                break
            if parts:
                parts.append(Content(" " * GAP))
            parts.append(item)
            self._hits.append((start, start + item.cell_length, press, enabled))
            x = start + item.cell_length
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._hits:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
