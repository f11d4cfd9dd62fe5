"""Text typed by one person reaches nobody's terminal as control codes (issue 9 item 7).

Properties of :mod:`standup.text` over any code point, lone surrogates included; the
other tests of hostile input import :data:`FORBIDDEN` from here.
"""

from __future__ import annotations

import json
import re

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from standup.text import clean, escaped, json_safe, one_line

# What must never reach a terminal or a JSON consumer raw: C0 but newline (tab too: no
# output of ours uses it), DEL, C1, and the bidi controls.
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def forbidden_in(raw: bytes) -> list[str]:
    """The forbidden characters in ``raw`` (decoded as UTF-8, bad bytes replaced)."""
    return FORBIDDEN.findall(raw.decode("utf-8", "replace"))


# Any code point, lone surrogates included (hypothesis leaves those out unless asked).
ANY_TEXT = st.text(
    alphabet=st.one_of(st.characters(exclude_categories=()), st.characters(categories=["Cs"])),
    max_size=60,
)


@settings(max_examples=300, derandomize=True)
@given(ANY_TEXT)
def test_clean_and_escaped_leave_nothing_a_terminal_acts_on(text: str) -> None:
    assert not FORBIDDEN.findall(clean(text).replace("\t", ""))
    assert not FORBIDDEN.findall(one_line(text)) and "\n" not in one_line(text)
    shown = escaped(text)
    assert not FORBIDDEN.findall(shown) and "\n" not in shown
    shown.encode("utf-8")  # printable: no lone surrogates left


@settings(max_examples=300, derandomize=True)
@given(st.recursive(ANY_TEXT.filter(lambda t: not re.search("[\ud800-\udfff]", t)), st.lists))
def test_json_safe_keeps_the_value_and_escapes_the_rest(value: object) -> None:
    raw = json_safe(msgspec.json.encode(value))
    assert not forbidden_in(raw)
    assert json.loads(raw) == value


def test_examples() -> None:
    assert clean("a\x1b[31mb\u202ec\x85d\te\nf\udcff") == "a[31mbcd\te\nf\ufffd"
    assert one_line(" a\n\tb\u2066 ") == "a b"
    assert escaped("a\nb\tc\x1b\udcff\u202e\x85") == "a\\nb\\tc\\x1b\\xff\\u202e\\x85"
    assert json_safe(msgspec.json.encode("\x7f\u202e")) == b'"\\u007f\\u202e"'


@settings(max_examples=500, derandomize=True)
@given(ANY_TEXT)
def test_text_python_calls_printable_is_never_changed_by_the_patterns(text: str) -> None:
    """``clean`` and ``escaped`` skip their patterns for text ``str.isprintable``
    passes: the patterns themselves find nothing in any such text, and both functions
    give exactly what the pattern alone gives for every text."""
    from standup.text import ESCAPE, UNSHOWN, _escape, _unshown

    unshown, escape = re.compile(UNSHOWN), re.compile(ESCAPE)
    if text.isprintable():
        assert not unshown.search(text) and not escape.search(text)
    assert clean(text) == unshown.sub(_unshown, text)
    assert escaped(text) == escape.sub(_escape, text)


def test_every_printable_code_point_is_outside_the_patterns() -> None:
    """The claim behind the shortcut, for all 1,114,112 code points, not a sample."""
    from standup.text import ESCAPE, UNSHOWN

    printable = "".join(c for c in map(chr, range(0x110000)) if c.isprintable())
    assert printable.isprintable()
    assert not re.search(UNSHOWN, printable) and not re.search(ESCAPE, printable)
    assert not re.search(UNSHOWN, "\t\n")  # clean keeps them: skipped as well
    assert all(not c.isprintable() for c in re.findall(ESCAPE, "".join(map(chr, range(0x3000)))))
