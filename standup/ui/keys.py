"""Every key of the board, in one place, and the person's remapping of them.

Each key is a Textual :class:`Binding` with an ``id`` and a ``tooltip``, so the framework
can see it: the footer shows it, ``?`` help lists it, the command palette finds it, and
``keymap.toml`` in the config dir remaps it by id (``ask = "A"``) through
:meth:`App.set_keymap`. No key is handled anywhere Textual cannot see.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

KEYMAP_FILE = "keymap.toml"

# Board actions, on the board screen (``check_action`` hides those that cannot run).
# Their order is the footer's, then the app's keys (``ctrl+q``, ``ctrl+p``). When they do
# not all fit, the footer leaves out whole keys in the order of FOOTER_SPARE (every key is
# always in ``?`` help and the ctrl+p palette), so ``^q quit`` stays at 80 columns.
MOVE = Binding.Group("move", compact=True)
SELECT = Binding.Group("select", compact=True)
BOARD: list[Binding] = [
    Binding("question_mark", "help", "help", id="help", tooltip="List every key", key_display="?"),
    Binding("a", "ask", "ask", id="ask", tooltip="Ask the PM (or anyone) a question"),
    Binding("r", "reply", "reply", id="reply", tooltip="Answer the selected question"),
    Binding("b", "block", "block", id="block", tooltip="Record a blocked item"),
    Binding("u", "unblock", "unblock", id="unblock", tooltip="Unblock the selected item"),
    Binding("e", "edit", "edit", id="edit", tooltip="Edit the selected question or blocked item"),
    Binding(
        "w",
        "away",
        "away",
        id="away",
        tooltip="Mark yourself away (with a delegate), or back",
    ),
    Binding(
        "v",
        "review",
        "review",
        id="review",
        tooltip="Review what was decided for you (the return briefing)",
    ),
    Binding(
        "c",
        "checkin",
        "check-in",
        id="checkin",
        tooltip="Your check-in: yesterday (from git), today, blockers",
    ),
    Binding(
        "m",
        "meeting",
        "meeting",
        id="meeting",
        tooltip="The stand-up meeting: start it, follow it, or take over a silent one",
    ),
    Binding(
        "h",
        "history",
        "history",
        id="history",
        tooltip="History: metrics, the decision log and past stand-ups",
    ),
    Binding(
        "j",
        "move('cursor_down')",
        "move",
        id="down",
        group=MOVE,
        tooltip="Select the next row (or the down arrow)",
    ),
    Binding(
        "k",
        "move('cursor_up')",
        "move",
        id="up",
        group=MOVE,
        tooltip="Select the previous row (or the up arrow)",
    ),
]

# Ids of keys the footer leaves out first when short of room: the placeholders, then the
# palette and j/k (the arrows move too). Any other key goes from the right, ^q and ? last.
FOOTER_SPARE = (
    "palette",
    "down",
    "history",
    "checkin",
    "meeting-facilitate",
    "meeting-select-down",
    "meeting-up",
    "meeting-down",
)
FOOTER_KEEP = ("quit", "help")

# Moving inside a table (bound on the tables; shown in ``?`` help, not the footer).
TABLE: list[Binding] = [
    Binding(
        "tab",
        "app.focus_next",
        "next section",
        id="next-section",
        show=False,
        tooltip="Next section: open questions, then blocked items",
    ),
    Binding(
        "shift+tab",
        "app.focus_previous",
        "previous section",
        id="previous-section",
        show=False,
        tooltip="Previous section",
    ),
    Binding("down", "cursor_down", "down", id="down-arrow", show=False, tooltip="Next row"),
    Binding("up", "cursor_up", "up", id="up-arrow", show=False, tooltip="Previous row"),
    Binding("pagedown", "page_down", "page down", id="page-down", show=False, tooltip="Page down"),
    Binding("pageup", "page_up", "page up", id="page-up", show=False, tooltip="Page up"),
    Binding("home", "first", "top", id="top", show=False, tooltip="First row"),
    Binding("end", "last", "bottom", id="bottom", show=False, tooltip="Last row"),
]

# App-wide, priority: they work on every screen, even in a dialog.
APP: list[Binding] = [
    Binding("ctrl+q", "quit", "quit", id="quit", priority=True, tooltip="Leave the board"),
    Binding(
        "ctrl+p",
        "command_palette",
        "palette",
        id="palette",
        priority=True,
        tooltip="Find any action or theme by name",
    ),
]

# The return briefing: one key per outcome on the selected answer, as ``standup review``.
BRIEFING: list[Binding] = [
    Binding("c", "confirm", "confirm", id="review-confirm", tooltip="Confirm the answer taken"),
    Binding(
        "o",
        "override",
        "override",
        id="review-override",
        tooltip="Override it: give the answer that stands",
    ),
    Binding(
        "x",
        "reopen",
        "reopen",
        id="review-reopen",
        tooltip="Reopen the question (items that moved on it are blocked again)",
    ),
    Binding(
        "escape",
        "later",
        "later",
        id="review-later",
        tooltip="Back to the board; the rest stay for later (v)",
    ),
    Binding(
        "j",
        "move('cursor_down')",
        "move",
        id="review-down",
        group=MOVE,
        tooltip="Select the next answer (or the down arrow)",
    ),
    Binding(
        "k",
        "move('cursor_up')",
        "move",
        id="review-up",
        group=MOVE,
        tooltip="Select the previous answer (or the up arrow)",
    ),
]

# The decision round (``d`` in the meeting; the palette on the board): one key per outcome
# on the question shown, as :mod:`standup.ops.decide` does it.
DECISIONS: list[Binding] = [
    Binding(
        "a",
        "answer",
        "answer",
        id="decide-answer",
        tooltip="Answer it (the PM or the delegate present types the answer)",
    ),
    Binding(
        "f",
        "fallback",
        "fallback now",
        id="decide-fallback",
        tooltip="Assume the fallback now (its needed-by becomes now)",
    ),
    Binding(
        "p",
        "park",
        "park",
        id="decide-park",
        tooltip="Park it: left as it is, recorded in the stand-up",
    ),
    Binding(
        "g",
        "delegate",
        "to delegate",
        id="decide-delegate",
        tooltip="Hand it to the PM's delegate now",
    ),
    Binding(
        "n,space",
        "next",
        "next",
        id="decide-next",
        tooltip="Next question (n or space); this one stays as it is",
    ),
    Binding("escape", "back", "back", id="decide-back", tooltip="Leave the decision round"),
]

# The stand-up meeting (``m``). Keys that change the meeting are hidden on a board that
# only follows it (``check_action``); ``t`` shows only when its runner has gone silent.
MEETING: list[Binding] = [
    Binding("n,space", "next", "next", id="meeting-next", tooltip="Next speaker"),
    Binding("p", "previous", "previous", id="meeting-previous", tooltip="Previous speaker"),
    Binding("s", "skip", "skip", id="meeting-skip", tooltip="Skip the speaker (no update)"),
    Binding("a", "ask", "ask", id="meeting-ask", tooltip="Ask a question for the speaker"),
    Binding(
        "b", "block", "block", id="meeting-block", tooltip="Record an item the speaker is stuck on"
    ),
    Binding("x", "park", "park", id="meeting-park", tooltip="Park a topic for after the stand-up"),
    Binding("d", "decide", "decide", id="meeting-decide", tooltip="Decision round with the PM"),
    Binding("e", "end", "end", id="meeting-end", tooltip="End the stand-up and show its record"),
    Binding(
        "f",
        "facilitate",
        "facilitate",
        id="meeting-facilitate",
        tooltip="Facilitate it yourself (the day's rotation only suggests who)",
    ),
    Binding(
        "K",
        "move(-1)",
        "move up",
        id="meeting-up",
        tooltip="Move the selected person up the order",
        key_display="K",
    ),
    Binding(
        "J",
        "move(1)",
        "move down",
        id="meeting-down",
        tooltip="Move the selected person down the order",
        key_display="J",
    ),
    Binding(
        "j",
        "select(1)",
        "select",
        id="meeting-select-down",
        group=SELECT,
        tooltip="Select the next person in the order",
    ),
    Binding(
        "k",
        "select(-1)",
        "select",
        id="meeting-select-up",
        group=SELECT,
        tooltip="Select the previous person in the order",
    ),
    Binding(
        "t",
        "take_over",
        "take over",
        id="meeting-take-over",
        tooltip="Run this stand-up: its board gave no sign of life for a minute",
    ),
    Binding(
        "escape", "back", "board", id="meeting-back", tooltip="Back to the board (it keeps running)"
    ),
]

# Dialogs: enter submits from any field, escape cancels. ``tab`` is a priority binding
# so the focus moves when the app reads the key, not later when the field handles it:
# otherwise the keys typed right after it (a paste, a fast typist) reach the old field.
DIALOG: list[Binding] = [
    Binding("escape", "cancel", "cancel", id="dialog-cancel", tooltip="Close without saving"),
    Binding("enter", "submit", "save", id="dialog-submit", tooltip="Save (from any field)"),
    Binding(
        "tab",
        "app.focus_next",
        "next field",
        id="dialog-next",
        priority=True,
        show=False,
        tooltip="Next field",
    ),
    Binding(
        "shift+tab",
        "app.focus_previous",
        "previous field",
        id="dialog-previous",
        priority=True,
        show=False,
        tooltip="Previous field",
    ),
]

# History (h): the window the metrics cover, and back to the board.
HISTORY: list[Binding] = [
    Binding("1", "window('weeks')", "2 weeks", id="history-weeks", tooltip="The last 2 weeks"),
    Binding(
        "2",
        "window('quarter')",
        "quarter",
        id="history-quarter",
        tooltip="The last quarter (13 weeks)",
    ),
    Binding("3", "window('all')", "all", id="history-all", tooltip="All of the board's history"),
    Binding("escape", "close", "back", id="history-back", tooltip="Back to the board"),
    Binding(
        "j",
        "move('cursor_down')",
        "move",
        id="history-down",
        group=MOVE,
        tooltip="Select the next row (or the down arrow; tab: the next table)",
    ),
    Binding(
        "k",
        "move('cursor_up')",
        "move",
        id="history-up",
        group=MOVE,
        tooltip="Select the previous row (or the up arrow)",
    ),
]

ALL: list[Binding] = [*BOARD, *TABLE, *APP, *BRIEFING, *MEETING, *DECISIONS, *HISTORY, *DIALOG]


def load_keymap(config_dir: Path) -> tuple[dict[str, str], list[str]]:
    """``keymap.toml`` as ``{binding id: key(s)}``, and one problem line per bad entry.

    The file maps ids to keys: ``ask = "A"``, ``down = "n,ctrl+n"``. Unknown ids and
    non-string keys are reported and left out; a missing file is no keymap.
    """
    path = config_dir / KEYMAP_FILE
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        return {}, []
    except OSError as exc:
        return {}, [f"{path}: cannot read it ({exc}); default keys kept"]
    import tomllib  # only with a keymap: ~2 ms of imports before the first frame

    try:
        with fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path}: cannot read it ({exc}); default keys kept"]
    known = {b.id for b in ALL if b.id}
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in data.items():
        if binding_id not in known:
            problems.append(
                f"{path}: no key with id {binding_id!r} (ids: {', '.join(sorted(known))})"
            )
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(
                f'{path}: {binding_id} must be a key in quotes, e.g. {binding_id} = "A"'
            )
        else:
            keymap[binding_id] = keys.strip()
    return keymap, problems


def key_for(binding: Binding, keymap: dict[str, str]) -> str:
    """The key(s) a person presses for ``binding`` after their keymap, for display."""
    keys = keymap.get(binding.id or "")
    if keys is None:
        return binding.key_display or binding.key
    return keys
