"""Metrics on seeded boards with answers worked out by hand (the arithmetic is in the
comments), the CLI and its refusals, and property tests of the invariants.

The boards are documents written into a real TinyDB file and read back through the
store, exactly as ``standup metrics`` reads them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from standup import archives, metrics
from standup.store import Store

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # Wednesday
ADDED = "2026-01-01T00:00:00+00:00"


def z(day: int, hour: int = 0, minute: int = 0, month: int = 11) -> str:
    """A time in November 2026, UTC (Nov 9 is a Monday)."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC).isoformat()


def person(login: str, role: str, hours: str | None, tz: str = "UTC", **kw: object) -> dict:
    doc = {"login": login, "name": login.title(), "role": role, "tz": tz, "added_at": ADDED}
    if hours:
        doc["hours"] = hours
    return {**doc, **kw}


def write(path: Path, tables: dict[str, list[dict]]) -> Store:
    data = {name: {str(n): doc for n, doc in enumerate(docs, 1)} for name, docs in tables.items()}
    path.write_text(json.dumps(data))
    return Store(path)


def answered(asked: str, to: str | None, by: str, at: str, **kw: object) -> dict:
    doc = {"text": "?", "asked_by": "carla", "asked_at": asked, "to": to, "status": "answered"}
    return {**doc, "answer": "yes", "answered_by": by, "answered_at": at, **kw}


def question(asked: str, to: str | None = "ana", **kw: object) -> dict:
    return {"text": "?", "asked_by": "carla", "asked_at": asked, "to": to, **kw}


def item(since: str, on: str | None, kind: str, **kw: object) -> dict:
    return {"title": "work", "owner": "carla", "since": since, "on": on, "on_kind": kind, **kw}


# The team: ana is the PM (mon-fri 9-17 UTC, standing delegate bruno); bruno keeps
# mon-fri 9-17, carla mon-fri 8-16, all in UTC.
PEOPLE = [
    person("ana", "pm", "mon-fri 9-17", delegate="bruno"),
    person("bruno", "lead", "mon-fri 9-17"),
    person("carla", "eng", "mon-fri 8-16"),
]
# A1: ana away all of Tuesday Nov 10, bruno deciding. A2: bruno away 12-14 that day.
ABSENCES = [
    {"who": "ana", "start": z(10), "end": z(11), "kind": "ooo", "delegate": "bruno"},
    {"who": "bruno", "start": z(10, 12), "end": z(10, 14), "kind": "meeting"},
]
QUESTIONS = [
    # Q1 Mon 10:00, ana here; answered 12:00 (7200 s), before its needed-by 17:00.
    answered(z(9, 10), "ana", "ana", z(9, 12), needed_by=z(9, 17)),
    # Q2 Tue 10:00, ana away; bruno answers 11:00 (3600 s), after its needed-by 10:30.
    answered(z(10, 10), "ana", "bruno", z(10, 11), needed_by=z(10, 10, 30)),
    # Q3 Wed 20:00, ana off hours; she answers Thu 09:30 (13.5 h = 48600 s).
    answered(z(11, 20), "ana", "ana", z(12, 9, 30)),
    # Q4 Mon 16th 09:00, needed by 12:00 with a fallback, never answered: assumed.
    question(z(16, 9), needed_by=z(16, 12), fallback="CSV"),
    # Q5 withdrawn (its needed-by does not count).
    question(z(17, 10), needed_by=z(17, 12), status="withdrawn", closed_at=z(17, 11)),
    # Q6 open, needed by the 30th: not decided yet, so not in the needed-by share.
    question(z(18, 10), needed_by=z(30, 17), fallback="wait"),
    # Q7 Thu 19th 10:00 to ana (re-routed to bruno since; addressed to ana when asked,
    # and she was here), answered Fri 10:00 (86400 s), before its needed-by 17:00.
    answered(
        z(19, 10),
        "bruno",
        "ana",
        z(20, 10),
        needed_by=z(20, 17),
        history=[{"action": "rerouted", "at": z(19, 11), "by": "ana", "to": "ana"}],
    ),  # fmt: skip
    # Q8 asked before the window (not counted), answered Tue 10th 09:00.
    answered(z(5, 10), "ana", "ana", z(10, 9)),
    # Q9 asked after the window (not counted).
    question(z(23, 10)),
    # Q10 to nobody in particular (no PM then, say), answered in 3600 s: in "all" only.
    answered(z(20, 15), None, "bruno", z(20, 16)),
]
ITEMS = [
    # B1 on Q1 from Mon 09:00; Q1 answered 12:00: 3 h = 10800 s (Q1, ana).
    item(z(9, 9), "Q1", "question"),
    # B2 on Q8 from the 6th; unblocked when Q8 was answered, Tue 10th 09:00. Inside the
    # window: Mon 9th 00:00 to Tue 09:00 = 33 h = 118800 s (Q8, ana).
    item(z(6, 9), "Q8", "question"),
    # B3 on bruno from Fri 20th 12:00, still blocked: to the window's end, Mon 23rd
    # 00:00 = 60 h = 216000 s (bruno).
    item(z(20, 12), "bruno", "person"),
    # B4 on something outside, Mon 16th 00:00 to Tue 00:00 = 86400 s (nobody).
    item(z(16), "the vendor", "text", status="unblocked", unblocked_at=z(17)),
    # B5 on Q4 from Mon 16th 09:00; Q4's fallback was taken at 12:00: 10800 s (Q4, ana).
    item(z(16, 9), "Q4", "question"),
    # B6 blocked and unblocked before the window: not counted.
    item(z(1), "x", "text", status="unblocked", unblocked_at=z(2)),
    # B7 from Sun 22nd 00:00 on carla, edited at 12:00 to wait on Q6 (still open):
    # 43200 s on carla, then 43200 s on Q6 (ana) to the window's end.
    item(
        z(22),
        "Q6",
        "question",
        history=[
            {"action": "edit", "at": z(22, 12), "by": "carla", "on": "carla", "on_kind": "person"}
        ],
    ),  # fmt: skip
]


def test_every_key_by_hand(tmp_path: Path) -> None:
    store = write(
        tmp_path / "board.json",
        {"people": PEOPLE, "absences": ABSENCES, "questions": QUESTIONS, "blocked": ITEMS},
    )
    since, until = datetime(2026, 11, 9, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC)
    got = metrics.compute(store.read(), since=since, until=until, now=NOW, tz=UTC)
    coverage = got.pop("pm_coverage_share")
    assert got == {
        "since": "2026-11-09T00:00:00+00:00",
        "until": "2026-11-23T00:00:00+00:00",
        # asked in the window: Q1-Q7 and Q10 = 8 = 5 answered + 1 assumed (Q4) +
        # 1 withdrawn (Q5) + 1 open (Q6). Needed-by share: Q1 met, Q2 late, Q4 assumed,
        # Q7 met (Q5 withdrawn, Q6 undecided) = 2 / 4.
        "questions": {
            "asked": 8,
            "answered": 5,
            "assumed": 1,
            "withdrawn": 1,
            "open": 1,
            "answered_by_needed_by_share": 0.5,
        },
        # all: 3600 (Q2), 3600 (Q10), 7200 (Q1), 48600 (Q3), 86400 (Q7); nearest rank:
        # median = ceil(0.5*5) = 3rd = 7200, p90 = ceil(0.9*5) = 5th = 86400.
        # ana here when asked: Q1, Q7 -> 7200, 86400: median 1st, p90 ceil(1.8) = 2nd.
        # ana away (out of office / off hours): Q2, Q3 -> 3600, 48600.
        "time_to_answer_seconds": {
            "all": {"count": 5, "median": 7200, "p90": 86400},
            "addressee_available": {"count": 2, "median": 7200, "p90": 86400},
            "addressee_away": {"count": 2, "median": 3600, "p90": 48600},
        },
        # B1 10800 + B2 118800 + B3 216000 + B4 86400 + B5 10800 + B7 86400 = 529200;
        # on questions: 10800 + 118800 + 10800 + 43200 = 183600.
        "blocked": {
            "items": 6,
            "seconds": 529200,
            "on_questions_seconds": 183600,
            "by_question": {"Q1": 10800, "Q4": 10800, "Q6": 43200, "Q8": 118800},
            "by_person": {"ana": 183600, "bruno": 216000, "carla": 43200},
        },
        # W46 (9-15): Q1, Q2, Q3 asked and answered; 3600, 7200, 48600 -> median 7200;
        # blocked B1 10800 + B2 118800. W47 (16-22): Q4, Q5, Q6, Q7, Q10 asked, Q7 and
        # Q10 answered (86400, 3600 -> median 3600); blocked 216000 + 86400 + 10800 +
        # 86400 = 399600.
        "weekly": [
            {
                "week": "2026-W46",
                "asked": 3,
                "answered": 3,
                "median_answer_seconds": 7200,
                "blocked_seconds": 129600,
            },
            {
                "week": "2026-W47",
                "asked": 5,
                "answered": 2,
                "median_answer_seconds": 3600,
                "blocked_seconds": 399600,
            },
        ],
    }
    # The others' office hours: bruno 9-17 and carla 8-16 make 8-17, 9 h on each of 10
    # weekdays = 90 h. Ana (9-17) covers 8 h of each; 8-9 nobody does (ana off hours,
    # bruno her delegate off hours too). Tuesday 10th ana is away and bruno decides:
    # 9-12 and 14-17 (he is in a meeting 12-14, with nobody after him) = 6 h.
    # Covered: 9 x 8 + 6 = 78 h of 90.
    assert coverage == pytest.approx(78 / 90)


def test_coverage_across_the_autumn_dst_change(tmp_path: Path) -> None:
    """Berlin goes from CEST (+2) to CET (+1) at 03:00 on Sunday 25 October 2026."""
    berlin = ZoneInfo("Europe/Berlin")
    store = write(
        tmp_path / "board.json",
        {
            "people": [
                person("pia", "pm", "daily 1-4", "Europe/Berlin"),
                person("otto", "eng", "daily 0-6", "Europe/Berlin"),
            ]
        },
    )
    since = datetime(2026, 10, 24, tzinfo=berlin)  # Saturday 00:00 CEST
    until = datetime(2026, 10, 26, tzinfo=berlin)  # Monday 00:00 CET
    got = metrics.compute(store.read(), since=since, until=until, now=NOW, tz=berlin)
    # Saturday: otto 00-06 = 6 h, pia 01-04 = 3 h. Sunday: 00:00 CEST (22:00Z) to
    # 06:00 CET (05:00Z) is 7 real hours, and pia's 01:00 CEST (23:00Z) to 04:00 CET
    # (03:00Z) is 4. Covered 3 + 4 = 7 of 6 + 7 = 13 hours (counting the wall clock
    # would say 6 of 12).
    assert got["pm_coverage_share"] == pytest.approx(7 / 13)
    assert got["since"] == "2026-10-24T00:00:00+02:00"
    assert got["until"] == "2026-10-26T00:00:00+01:00"
    assert [w["week"] for w in got["weekly"]] == ["2026-W43"]


def test_a_person_as_they_were(tmp_path: Path) -> None:
    """Coverage uses the PM of each moment, rebuilt from the people's history: bruno
    was the PM until Wednesday 11th 12:00, when ana took over (``person set``)."""
    was = [{"action": "set", "at": z(11, 12), "by": "ana", "os_login": "ana"}]
    store = write(
        tmp_path / "board.json",
        {
            "people": [
                person("ana", "pm", "mon-fri 13-17", history=[{**was[0], "role": "eng"}]),
                person("bruno", "eng", "mon-fri 9-17", history=[{**was[0], "role": "pm"}]),
                person("carla", "eng", "mon-fri 9-17"),
            ]
        },
    )
    got = metrics.compute(
        store.read(), since=datetime(2026, 11, 9, tzinfo=UTC),
        until=datetime(2026, 11, 14, tzinfo=UTC), now=NOW,
    )  # fmt: skip
    # Until Wed 12:00 bruno is the PM: the others' hours (ana 13-17, carla 9-17) make
    # 9-17, all his: Mon 8 h, Tue 8 h, Wed 9-12 3 h, all covered. From then ana is the
    # PM: the others (bruno, carla) make 9-17; she covers 13-17: Wed 12-17 is 5 h with
    # 4 covered, Thu and Fri 8 h with 4 each. 8+8+3+4+4+4 = 31 of 8+8+3+5+8+8 = 40.
    assert got["pm_coverage_share"] == pytest.approx(31 / 40)


def test_nothing_counted_reads_null(tmp_path: Path) -> None:
    store = write(tmp_path / "board.json", {"people": [person("carla", "eng", None)]})
    got = metrics.compute(store.read(), since=None, until=None, now=NOW)
    assert got["questions"]["answered_by_needed_by_share"] is None
    assert got["time_to_answer_seconds"]["all"] == {"count": 0, "median": None, "p90": None}
    assert got["pm_coverage_share"] is None  # no PM
    assert got["blocked"]["by_question"] == {}


# --- invariants ------------------------------------------------------------------------

HOURS = st.sampled_from([None, "mon-fri 9-17", "daily 1-4", "mon,wed 8-12,13-18"])
TIMES = st.integers(0, 20 * 86400).map(
    lambda s: datetime(2026, 10, 20, tzinfo=UTC) + timedelta(seconds=s)
)


@st.composite
def boards(draw: st.DrawFn) -> dict[str, list[dict]]:
    logins = ["ana", "bruno", "carla"]
    people = [
        person(login, draw(st.sampled_from(["pm", "eng"])), draw(HOURS),
               draw(st.sampled_from(["UTC", "Europe/Berlin", "America/New_York"])),
               delegate=draw(st.sampled_from([None, *logins])))
        for login in logins
    ]  # fmt: skip
    absences = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(TIMES)
        absences.append(
            {"who": draw(st.sampled_from(logins)), "start": start.isoformat(),
             "end": (start + timedelta(hours=draw(st.integers(1, 72)))).isoformat(),
             "delegate": draw(st.sampled_from([None, *logins]))}
        )  # fmt: skip
    questions = []
    for _ in range(draw(st.integers(0, 8))):
        asked = draw(TIMES)
        doc = question(asked.isoformat(), draw(st.sampled_from([None, *logins])))
        kind = draw(st.sampled_from(["open", "answered", "withdrawn"]))
        later = (asked + timedelta(seconds=draw(st.integers(0, 5 * 86400)))).isoformat()
        if draw(st.booleans()):
            doc.update(needed_by=later, fallback=draw(st.sampled_from([None, "go"])))
        if kind == "answered":
            doc.update(status="answered", answer="y", answered_by="bruno", answered_at=later)
        elif kind == "withdrawn":
            doc.update(status="withdrawn", closed_at=later)
        questions.append(doc)
    items = []
    for _ in range(draw(st.integers(0, 5))):
        since = draw(TIMES)
        on = draw(
            st.sampled_from(["bruno", "vendor", *(f"Q{n + 1}" for n in range(len(questions)))])
        )
        kind = "question" if on.startswith("Q") else "person" if on == "bruno" else "text"
        items.append(item(since.isoformat(), on, kind))
    return {"people": people, "absences": absences, "questions": questions, "blocked": items}


@settings(max_examples=60, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(tables=boards(), since=TIMES, days=st.integers(1, 25))
def test_invariants(tmp_path: Path, tables: dict, since: datetime, days: int) -> None:
    store = write(tmp_path / "board.json", tables)
    got = metrics.compute(
        store.read(), since=since, until=since + timedelta(days=days), now=NOW, tz=UTC
    )
    # The same read for the window alone (only the records it needs are decoded).
    until = since + timedelta(days=days)
    lazy = archives.read_all(store, since=since, lazy=True)
    board = metrics.load(lazy, since=since)
    assert got == metrics.compute(
        lazy, since=since, until=until, now=NOW, tz=UTC, board=board, loaded_since=since
    )
    q = got["questions"]
    assert q["asked"] == q["answered"] + q["assumed"] + q["withdrawn"] + q["open"]
    tta = got["time_to_answer_seconds"]
    assert tta["all"]["count"] == q["answered"]
    assert tta["addressee_available"]["count"] + tta["addressee_away"]["count"] <= q["answered"]
    for part in tta.values():
        assert (part["median"] is None) == (part["count"] == 0)
        if part["count"]:
            assert 0 <= part["median"] <= part["p90"]
    for share in (q["answered_by_needed_by_share"], got["pm_coverage_share"]):
        assert share is None or 0 <= share <= 1
    b = got["blocked"]
    assert 0 <= b["on_questions_seconds"] <= b["seconds"] <= b["items"] * days * 86400
    assert abs(sum(b["by_question"].values()) - b["on_questions_seconds"]) <= len(b["by_question"])
    assert sum(b["by_person"].values()) <= b["seconds"] + len(b["by_person"])
    weekly = got["weekly"]
    assert sum(w["asked"] for w in weekly) == q["asked"]
    assert sum(w["answered"] for w in weekly) == q["answered"]
    assert abs(sum(w["blocked_seconds"] for w in weekly) - b["seconds"]) <= len(weekly) + 1
