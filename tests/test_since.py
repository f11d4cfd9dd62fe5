"""``--since`` looks back wherever it is an option (events, export, list checkins,
metrics): ``mon`` is the last Monday, not the next one (the board's WHEN looks forward,
for deadlines)."""

from __future__ import annotations

import json

from tests.conftest import Cli

MON = "2026-11-23T09:00:00+00:00"  # the suite's clock is Wednesday 2026-11-25 10:00
WED = "2026-11-25T10:00:00+00:00"


def test_since_a_weekday_reads_back_for_events_and_export(cli: Cli) -> None:
    cli("ask", "Asked on Monday?", now=MON)
    cli("ask", "Asked today?", now=WED)
    texts = [e["text"] for e in cli.json("events", "--since", "mon")]
    assert any("Asked on Monday?" in t for t in texts)  # Monday's 00:00 onwards
    texts = [e["text"] for e in cli.json("events", "--since", "tue")]
    assert not any("Asked on Monday?" in t for t in texts)
    assert any("Asked today?" in t for t in texts)
    dump = json.loads(cli("export", "--format", "json", "--since", "3 days ago").stdout)
    assert [q["text"] for q in dump["tables"]["questions"].values()] == [
        "Asked on Monday?",
        "Asked today?",
    ]


def test_since_a_weekday_reads_back_for_checkins(cli: Cli) -> None:
    cli("checkin", "--today", "Monday's work", now=MON)
    cli("checkin", "--today", "Wednesday's work", now=WED)
    rows = cli.json("list", "checkins", "--since", "mon")
    assert [c["today"] for c in rows] == ["Monday's work", "Wednesday's work"]
    assert [c["today"] for c in cli.json("list", "checkins", "--since", "yesterday")] == [
        "Wednesday's work"
    ]
