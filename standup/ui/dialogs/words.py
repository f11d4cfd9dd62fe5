"""The board's words for what the CLI says with flags — in one place.

A refusal comes from the same :mod:`standup.ops` check whichever front calls it, so it
names the CLI's options (``--to 'zoe' is not on the board``) and gives a CLI example
(``--by "tomorrow 9am"``). A person in a dialog typed into fields, not flags: here the
options become the dialog's field labels (the same :data:`FIELD` the dialogs label
their rows with), a person who is not on the board is named plainly with the command
that adds them, an example of a value reads "e.g. tomorrow 9am", and an example that
is the very command the form runs is left out.
"""

from __future__ import annotations

import ast
import re

from standup.errors import StandupError

# Each option of an operation, as the dialogs label its field.
FIELD: dict[str, str] = {
    "--text": "Question",
    "--to": "To",
    "--by": "Needed by",
    "--fallback": "Fallback",
    "--blocks": "Blocks",
    "--one-way": "One-way door",
    "--two-way": "Two-way door",
    "--title": "Item",
    "--on": "Waits on",
    "--owner": "Owner",
    "--note": "Note",
    "--until": "Until",
    "--from": "From",
    "--delegate": "Delegate",
    "--kind": "Kind",
    "--who": "Who",
}

_QUOTED = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
_NOT_ON_BOARD = re.compile(rf"(?:--[a-z][a-z-]*) ({_QUOTED}) is not on the board")
_OPTION = re.compile(r"--[a-z][a-z-]*")
_OPTION_EXAMPLE = re.compile(rf"(--[a-z][a-z-]*) ({_QUOTED}|[^\s].*)$")
_ADD_PERSON = re.compile(r"^(standup person add \S+)")
# Commands a dialog itself runs: as an example they would only repeat the form.
_FORMS = re.compile(r"^standup (ask|answer|block|unblock|away|back|edit)\b")


def _unquote(text: str) -> str:
    """``'bruno'`` → ``bruno`` (a Python repr, as the operations quote values)."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return value if isinstance(value, str) else text


def _labels(text: str) -> str:
    """Options become field labels; quoted values (what the person typed) stay as typed."""
    parts = re.split(f"({_QUOTED})", text)
    for i in range(0, len(parts), 2):  # the parts outside quotes
        parts[i] = _OPTION.sub(lambda m: FIELD.get(m.group(0), m.group(0)), parts[i])
    return "".join(parts)


def message(text: str) -> str:
    """A refusal's message with field labels for options, and a person who is not on
    the board named plainly."""
    if found := _NOT_ON_BOARD.search(text):
        before, after = _labels(text[: found.start()]), _labels(text[found.end() :])
        return f"{before}{_unquote(found.group(1))} is not on the board{after}"
    return _labels(text)


def example(text: str | None) -> str:
    """A refusal's example as a hint: a value to type, or a command to run elsewhere."""
    if not text:
        return ""
    if add := _ADD_PERSON.match(text):
        return f" — add them with `{add.group(1)}`"
    if _FORMS.match(text):
        return ""
    if text.startswith("standup "):
        return f" (try `{text}`)"
    if option := _OPTION_EXAMPLE.match(text):
        return f" (e.g. {_unquote(option.group(2))})"
    return f" (e.g. {text})"


def board_words(exc: StandupError) -> str:
    """The one line a dialog shows for a refusal, in the board's words."""
    return message(exc.message) + example(exc.example)
