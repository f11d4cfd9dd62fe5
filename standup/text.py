"""Text typed by one person is shown literally to everyone: no terminal control codes.

Stored text is kept exactly as typed; everything that *prints* user text passes it
through :func:`clean` first, which drops C0 controls (except tab and newline), DEL and
C1 controls — so ESC sequences such as OSC 52 clipboard writes never reach a terminal.
Markup safety (``[bold]``, ``[@click=…]``) is the UI's job: it never parses user text
as markup.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """``text`` without terminal control characters (tab and newline kept)."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """``clean(text)`` on a single line: newlines and tabs become spaces."""
    return " ".join(clean(text).split())


def is_blank(text: str | None) -> bool:
    """True when nothing visible would be left of ``text`` on screen."""
    return text is None or not clean(text).strip()
