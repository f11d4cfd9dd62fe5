"""Text typed by one person is shown literally to everyone: no terminal control codes.

Stored text is kept exactly as typed; everything that *prints* user text passes it
through :func:`clean` first, which drops C0 controls (except tab and newline), DEL,
C1 controls and the bidi embedding/override/isolate controls — so ESC sequences such as
OSC 52 clipboard writes never reach a terminal, and a right-to-left override cannot make
one question read as another. Markup safety (``[bold]``, ``[@click=…]``) is the UI's
job: it never parses user text as markup.

Error messages quote what was typed with :func:`escaped` (the controls made visible);
JSON output goes through :func:`json_safe`.
"""

from __future__ import annotations

import re
from functools import cache

# Bidi controls: LRE RLE PDF LRO RLO (U+202A–U+202E), LRI RLI FSI PDI (U+2066–U+2069).
_BIDI = "\u202a-\u202e\u2066-\u2069"
# What a terminal acts on rather than shows; lone surrogates (undecodable bytes of an
# argument) cannot be printed at all. Every one of them is "not printable" to Python
# (categories Cc, Cf, Cs), so text that ``str.isprintable`` passes has none: the
# patterns are compiled only for text that may (~1 ms at every start otherwise).
UNSHOWN = f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]"
ESCAPE = f"[\x00-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]"
# The same characters in UTF-8, as msgspec leaves them in JSON: DEL, C1, bidi.
_JSON_RAW = rb"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"


_KEPT = str.maketrans("", "", "\t\n")  # clean keeps these two, not printable either


@cache
def _pattern(source: str | bytes) -> re.Pattern:  # type: ignore[type-arg]
    return re.compile(source)


def _unshown(m: re.Match[str]) -> str:
    return "\ufffd" if "\ud800" <= m.group() <= "\udfff" else ""


def clean(text: str) -> str:
    """``text`` without terminal control characters (tab and newline kept)."""
    if text.isprintable() or text.translate(_KEPT).isprintable():
        return text
    return _pattern(UNSHOWN).sub(_unshown, text)


def one_line(text: str) -> str:
    """``clean(text)`` on a single line: newlines and tabs become spaces."""
    return " ".join(clean(text).split())


def is_blank(text: str | None) -> bool:
    """True when nothing visible would be left of ``text`` on screen."""
    return text is None or not clean(text).strip()


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(m: re.Match[str]) -> str:
    named = _NAMED.get(m.group())
    if named:
        return named
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as Python keeps it: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escaped(text: str) -> str:
    """``text`` with every control (tab and newline too), bidi control and undecodable
    byte written out as an escape (``\\x1b``, ``\\u202e``, ``\\xff``): one line that
    shows exactly what was typed, for error messages."""
    return text if text.isprintable() else _pattern(ESCAPE).sub(_escape, text)


def undecodable(text: str) -> bool:
    """True when ``text`` holds bytes that were not UTF-8 (lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _json_escape(m: re.Match[bytes]) -> bytes:
    return b"\\u%04x" % ord(m.group().decode())


def json_safe(raw: bytes) -> bytes:
    """Encoded JSON with DEL, C1 and bidi controls escaped as C0 already is.

    msgspec escapes only C0; the rest would reach a terminal raw when JSON is printed.
    Safe on the encoded bytes: JSON's own structure is ASCII, so these sequences occur
    only inside strings, and UTF-8 never hides one inside another character.
    """
    return _pattern(_JSON_RAW).sub(_json_escape, raw)
