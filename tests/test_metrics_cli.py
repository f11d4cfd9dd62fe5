"""``standup metrics``: one real process over the hand-computed board, its past WHEN
phrases, and its refusals (one line, exit 2, nothing written)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from standup.errors import BadInput
from standup.past import past_when
from tests.test_metrics import ABSENCES, ITEMS, PEOPLE, QUESTIONS, write

# Wednesday 25 November 2026, 10:00 in Lisbon (UTC+0), as the suite's clock says.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
LISBON = ZoneInfo("Europe/Lisbon")


def test_metrics_command(cli, db: Path) -> None:  # noqa: ANN001
    db.parent.mkdir(parents=True)
    tables = {"people": PEOPLE, "absences": ABSENCES, "questions": QUESTIONS, "blocked": ITEMS}
    write(db, tables)
    # The hand-computed window of tests/test_metrics.py, as a person types it: Monday
    # 9th from 00:00 through Sunday 22nd (a day as --until includes it).
    got = cli.json("metrics", "--since", "2026-11-09", "--until", "2026-11-22")
    assert got["since"] == "2026-11-09T00:00:00+00:00"
    assert got["until"] == "2026-11-23T00:00:00+00:00"
    assert got["questions"]["asked"] == 8 and got["blocked"]["seconds"] == 529200
    assert got["pm_coverage_share"] == pytest.approx(78 / 90)
    # Without options: the last 14 days (Nov 11 10:00 to now), as text.
    out = cli("metrics").stdout
    assert out.splitlines()[0] == "Metrics from 2026-11-11 10:00 to 2026-11-25 10:00"
    assert "Questions: 7 asked" in out  # Q3 (Nov 11 20:00) to Q7, Q9, Q10
    for argv, says in [
        (["--since", "blursday"], "--since: cannot read the time 'blursday'"),
        (["--since", "2026-11-20", "--until", "2026-11-10"], "is not before --until"),
        (["--until", "2026-02-30"], "--until"),
        (["--since", "99999999 days ago"], "--since"),
        (["--since", "1969-12-31"], "--since"),
    ]:
        line = cli.fails("metrics", *argv)
        assert line.startswith("standup: ") and says in line, line
    assert cli("metrics", "--since", "blursday", check=False).returncode == 2


@pytest.mark.parametrize(
    ("phrase", "end", "expected"),
    [
        ("now", False, "2026-11-25T10:00:00+00:00"),
        ("today", False, "2026-11-25T00:00:00+00:00"),
        ("today", True, "2026-11-26T00:00:00+00:00"),
        ("yesterday", False, "2026-11-24T00:00:00+00:00"),
        ("wed", False, "2026-11-25T00:00:00+00:00"),  # today is Wednesday
        ("last wednesday", False, "2026-11-18T00:00:00+00:00"),
        ("mon", False, "2026-11-23T00:00:00+00:00"),
        ("fri", True, "2026-11-21T00:00:00+00:00"),  # Friday 20th, through its end
        ("2026-03-29", True, "2026-03-30T00:00:00+01:00"),  # Lisbon went to summer time
        ("3 days ago", False, "2026-11-22T10:00:00+00:00"),
        ("2 hours ago", False, "2026-11-25T08:00:00+00:00"),
        ("1 month ago", False, "2026-10-25T10:00:00+00:00"),
        # 10:00 on Oct 4 was summer time (+01:00): days keep the clock time across DST
        ("52 days ago", False, "2026-10-04T10:00:00+01:00"),
        ("2026-11-02 14:00 Europe/Berlin", False, "2026-11-02T14:00:00+01:00"),
    ],
)
def test_past_phrases(phrase: str, end: bool, expected: str) -> None:
    got = past_when(phrase, "--since", NOW, LISBON, end=end)
    assert got == datetime.fromisoformat(expected), got.isoformat()


def test_unreadable_past_phrase_names_the_option() -> None:
    with pytest.raises(BadInput) as caught:
        past_when("3/4", "--until", NOW, LISBON, end=True)
    assert caught.value.message.startswith("--until")
