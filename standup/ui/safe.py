"""The one way user text reaches the screen.

Textual parses markup in every ``str`` it is handed (``Label``, ``Static``, ``DataTable``
cells, ``notify``, border titles), so ``[@click=app.quit]`` typed by one person would run
an action on another person's board and a stray ``[/`` would crash it. And no widget
strips ESC sequences (an OSC 52 clipboard write passes straight through ``Content`` and
``Text``). So user text is always wrapped here: cleaned of control characters by
:func:`standup.text.one_line` / :func:`~standup.text.clean`, then put into a ``Content``
or ``rich.text.Text`` object, which Textual renders literally.
"""

from __future__ import annotations

from textual.content import Content

from standup.text import clean, one_line

Part = tuple[str, str] | str | Content


def line(value: str | None, style: str = "") -> Content:
    """User text on one line, literally, with an optional (trusted) style."""
    return Content.styled(one_line(value or ""), style) if style else Content(one_line(value or ""))


def cell(value: str | None, style: str = "") -> tuple[str, str]:
    """User text for a table cell (:class:`standup.ui.widgets.table.BoardTable` draws it
    as one literal segment), on one line, with an optional (trusted) style."""
    return one_line(value or ""), style


def block(value: str | None) -> Content:
    """User text that may span lines (newlines kept, other controls dropped)."""
    return Content(clean(value or ""))


def join(*parts: Part) -> Content:
    """Trusted labels and user text, assembled without any markup parsing.

    ``str`` parts and ``(text, style)`` pairs are cleaned of control characters too
    (spacing kept): labels are trusted, but a part is often an f-string with a name in it.
    """
    pieces: list[Content | tuple[str, str] | str] = []
    for part in parts:
        if isinstance(part, Content):
            pieces.append(part)
        elif isinstance(part, tuple):
            pieces.append((clean(part[0]), part[1]))
        else:
            pieces.append(clean(part))
    return Content.assemble(*pieces)


def message(value: str) -> str:
    """A notification body; pass it to ``notify(..., markup=False)``."""
    return clean(value)
