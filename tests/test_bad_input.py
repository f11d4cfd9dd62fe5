"""The adversarial pass's command lines, through the installed ``standup`` (issue 9
items 6 and 7): bad input is one clean line that writes nothing; output carries no
control codes, JSON escapes DEL, C1 and bidi controls, the terminal never sees bidi."""

from __future__ import annotations

import json

import pytest

from tests.test_text import FORBIDDEN, forbidden_in


@pytest.fixture
def team(cli):  # noqa: ANN001, ANN201
    cli("person", "add", "ana", "--name", "Ana", "--role", "pm")
    cli("ask", "an existing question")
    cli("note", "a pinned note")
    return cli


@pytest.mark.parametrize(
    "args, needle",
    [
        (["ask", "\udcff"], r"argument 2 ('\xff') is not valid UTF-8"),  # bytes b"\xff"
        (["ask", "ok", "--to", "an\udce9"], r"argument 4 ('an\xe9') is not valid UTF-8"),
        (["--user", "\udcff\udcfe", "status"], r"('\xff\xfe')"),
        (["note", "--remove", "²"], "'²' is not a note number"),
        (["note", "--remove", "①"], "'①' is not a note number"),
        (["note", "--remove", "9" * 5000], "is not a note number"),
        (["note", "--remove", "1" * 10], "is not a note number"),
        (["person", "add", "bob\n"], r"'bob\n' is not a login"),
        (["person", "add", "bob", "--role", "eng\n"], r"'eng\n' is not a role"),
        (["ask", "x", "--user", "ana\n"], r"'ana\n' is not a login"),
        (["list", "\x1b[2J\x07"], r"invalid choice: '\x1b[2J\x07'"),
        (["ask", "x", "--bogus", "\x1b]52;c;aGk=\x07"], r"--bogus \x1b]52;c;aGk=\x07"),
        (["ask", "x", "\x1b[31m\nnew\u202eline"], r"\x1b[31m\nnew\u202eline"),
        (["frob\x1b[2J\nnicate"], r"invalid choice: 'frob\x1b[2J\nnicate'"),
    ],
)
def test_bad_input_is_one_clean_line(team, args: list[str], needle: str) -> None:  # noqa: ANN001
    line = team.fails(*args)  # one line, non-zero, no traceback, the file unchanged
    assert line.startswith("standup: ") and needle in line, line
    assert not FORBIDDEN.findall(line), line


def test_json_escapes_del_c1_and_bidi(team) -> None:  # noqa: ANN001
    text = "a\x7fb\x85c\x9bd\u202ee\u2066f\u2069\x1b[31mg"
    team("ask", text, "--fallback", "\u202dno")
    raw = team("list", "questions", "--json").stdout.encode()
    assert not forbidden_in(raw), raw
    assert "\\u007f" in raw.decode() and "\\u0085" in raw.decode() and "\\u202e" in raw.decode()
    questions = json.loads(raw)
    assert questions[1]["text"] == text and questions[1]["fallback"] == "\u202dno"  # as typed
    raw = team("status", "--json").stdout.encode()
    assert not forbidden_in(raw) and json.loads(raw)["questions"][1]["text"] == text


def test_text_output_drops_bidi_controls(team) -> None:  # noqa: ANN001
    team("ask", "pay \u202eNOITCA\u202c now", "--fallback", "\u2067rtl\u2069")
    team("block", "\u202dtitle", "--on", "\u202ethe bank")
    for args in (["status"], ["list", "questions"], ["list", "blocked"], ["status", "--brief"]):
        out = team(*args).stdout
        assert not FORBIDDEN.findall(out), (args, out)
    assert "pay NOITCA now" in team("list", "questions").stdout
