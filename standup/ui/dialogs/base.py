"""What every form dialog shares: ``enter`` saves from any field, ``escape`` cancels, and
a refused input is shown inside the dialog — the refusal of the same :mod:`standup.ops`
check the CLI runs, in the board's words (:mod:`~standup.ui.dialogs.words`: field labels,
not flags) — while nothing is written. ``tab`` moves to the next field at once, so keys
typed right after it (a paste, a fast typist) land in that field.

A dialog collects its fields, calls :meth:`FormDialog.save` (which calls
``app.write(ops.<op>, …)``: the operation runs in a worker thread and validates before it
writes), and closes with the operation's record as its typed result, or ``None`` when
cancelled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Protocol, TypeVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, Label, Static

from standup.errors import StandupError
from standup.ui import keys, safe
from standup.ui.dialogs.words import board_words
from standup.ui.look import DIALOGS_CSS

T = TypeVar("T")
R = TypeVar("R")


class Writer(Protocol):
    """The part of the app a dialog uses (see :meth:`StandupApp.write`)."""

    blink: bool

    async def write(self, op: Callable[..., R], *args: Any, **kwargs: Any) -> R: ...


class Toggle(Checkbox, inherit_bindings=False):
    """A checkbox that leaves ``enter`` to the dialog (it saves); ``space`` toggles."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("space", "toggle_button", "toggle", id="toggle", tooltip="Tick or untick")
    ]


class Field(Input):
    """An input that runs its own editing keys (``backspace``, arrows, ``ctrl+u``, …) when
    it reads them.

    Textual lets such a key bubble up to the app, which runs the input's binding later:
    after the printable keys that followed it were already typed, so a fast typist's
    ``ab⌫c`` read ``abc``. Here the key is handled in its turn, like a printable one.
    """

    EDIT_KEYS: ClassVar[dict[str, str]] = {
        key.strip(): binding.action
        for binding in Input.BINDINGS
        if isinstance(binding, Binding)
        for key in binding.key.split(",")
    }

    async def on_key(self, event: events.Key) -> None:
        action = self.EDIT_KEYS.get(event.key)
        if action is not None and not event.is_printable:
            event.stop()
            event.prevent_default()  # not Input's own handler, nor the bubbled binding
            await self.run_action(action)


def field_input(
    *,
    id: str,
    placeholder: str = "",
    value: str = "",
    suggestions: Iterable[str] = (),
    blink: bool = True,
) -> Input:
    words = list(suggestions)
    # Not selected on focus: in a form filled in for editing, a key typed after ``e`` or
    # ``tab`` adds to the value instead of wiping it (and Textual's ``end`` keeps a
    # select-all selected); ``ctrl+u`` clears a field.
    widget = Field(
        value,
        placeholder=placeholder,
        id=id,
        compact=True,
        select_on_focus=False,
        suggester=SuggestFromList(words, case_sensitive=False) if words else None,
    )
    widget.set_reactive(Input.cursor_blink, blink)
    return widget


def optional(value: str) -> str | None:
    """An empty field means "not given" (the operation's default)."""
    return value if value.strip() else None


class FormDialog(ModalScreen[T]):
    """Base class. Subclasses set :attr:`TITLE_TEXT`, compose :meth:`fields` and
    implement :meth:`save`."""

    BINDINGS = keys.DIALOG
    CSS_PATH = DIALOGS_CSS  # parsed when the first dialog opens, not before the board
    TITLE_TEXT: ClassVar[str] = ""
    SAVE_WORD: ClassVar[str] = "save"
    editing: object | None = None  # the record a form filled in for editing edits

    def __init__(self) -> None:
        super().__init__(classes="form-dialog")
        self._busy = False

    @property
    def writer(self) -> Writer:
        return cast(Writer, self.app)

    @property
    def blink(self) -> bool:
        return getattr(self.app, "blink", True)

    def compose(self) -> ComposeResult:
        fields = list(self.fields())
        tab = " · tab: next field" if any(w.has_class("field") for w in fields) else ""
        if tab and self.editing is not None:
            tab += " · ctrl+u: clear"
        with Vertical(id="dialog") as box:
            box.border_title = Content(self.heading())
            yield from fields
            yield Static(id="dialog-error")
            yield Static(
                Content(f"enter: {self.save_word()} · escape: cancel{tab}"), id="dialog-hint"
            )

    def heading(self) -> str:
        return self.TITLE_TEXT

    def save_word(self) -> str:
        """What ``enter`` does, in the hint line ("save" when editing)."""
        return "save" if self.editing is not None else self.SAVE_WORD

    def fields(self) -> ComposeResult:
        yield from ()

    def row(self, label: str, widget: Input) -> Horizontal:
        """A labelled field on one line."""
        return Horizontal(Label(Content(label), classes="field-label"), widget, classes="field")

    def context(self, content: Content) -> Static:
        """Read-only lines that say what the dialog acts on (user text made safe)."""
        return Static(content, classes="dialog-context")

    def value(self, input_id: str) -> str:
        return self.query_one(f"#{input_id}", Input).value

    async def save(self) -> T:
        raise NotImplementedError

    def show_error(self, line: str) -> None:
        error = self.query_one("#dialog-error", Static)
        error.update(safe.join(("✗ ", "bold"), safe.line(line)) if line else Content(""))
        error.set_class(bool(line), "-shown")

    async def action_submit(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.show_error("")
        try:
            result = await self.save()
        except StandupError as exc:
            self.show_error(board_words(exc))
            return
        finally:
            self._busy = False
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.action_submit()
