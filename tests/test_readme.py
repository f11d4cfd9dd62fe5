"""README's CLI section runs top to bottom on a new board, through the installed `standup`.

Each line of the ```sh block under "## The CLI" is one command, run as ana (the fixture's
user) with the clock fixed. A trailing ``# comment`` is dropped; a word of alternatives
(``questions|blocked|people``) runs once per alternative; optional flags in brackets
(``[--all] [--json]``) run both without and with them.
"""

from __future__ import annotations

import itertools
import re
import shlex
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
ALTERNATIVES = re.compile(r"[\w-]+(?:\|[\w-]+)+")
OPTIONAL = re.compile(r"\[(--[\w-]+)\]")


def cli_section(text: str) -> list[str]:
    """The lines of the first ```sh block under the "## The CLI" heading."""
    section = text.split("\n## The CLI\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("\n```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def commands(line: str) -> list[list[str]]:
    """Every argv one README line stands for (without the leading ``standup``)."""
    words = shlex.split(line, comments=True)
    assert words and words[0] == "standup", f"not a standup command: {line!r}"
    bare = line.split("#", 1)[0].split()  # alternatives and brackets are never quoted
    choices: list[list[str]] = []
    optional: list[str] = []
    for word in words[1:]:
        if OPTIONAL.fullmatch(word) and word in bare:
            optional.append(OPTIONAL.fullmatch(word).group(1))  # type: ignore[union-attr]
        elif ALTERNATIVES.fullmatch(word) and word in bare:
            choices.append(word.split("|"))
        else:
            choices.append([word])
    runs = [list(argv) for argv in itertools.product(*choices)]
    return runs + [argv + optional for argv in runs] if optional else runs


def test_the_parser_reads_alternatives_comments_and_options() -> None:
    assert commands('standup note "a # b"   # c') == [["note", "a # b"]]
    assert commands("standup list questions|people [--all]") == [
        ["list", "questions"],
        ["list", "people"],
        ["list", "questions", "--all"],
        ["list", "people", "--all"],
    ]
    assert commands('standup ask "CSV|PDF?"') == [["ask", "CSV|PDF?"]]


def test_readme_cli_section_runs_top_to_bottom(cli) -> None:  # noqa: ANN001
    lines = cli_section(README.read_text())
    assert len(lines) >= 15 and any("person set" in line for line in lines)
    assert any("person remove" in line for line in lines)
    ran = 0
    for line in lines:
        for argv in commands(line):
            proc = cli(*argv, check=False)
            assert proc.returncode == 0, f"README line failed: {line}\n  {proc.stderr}"
            assert proc.stderr == "", f"README line wrote to stderr: {line}\n  {proc.stderr}"
            ran += 1
    assert ran > len(lines)  # the alternatives ran too
    # What the story leaves behind: the answers are in, the review done.
    questions = {q["id"]: q for q in cli.json("list", "questions", "--all")}
    assert [q["status"] for q in questions.values()] == ["answered", "withdrawn", "answered"]
    assert questions["Q3"]["reviewed"] is True and questions["Q2"]["to"] == "bruno"
    assert [p["login"] for p in cli.json("list", "people")] == ["ana"]
