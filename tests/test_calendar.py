"""Absences from a calendar: ``standup away --ics FILE [--who WHO]`` (issue 11, item 5).

Everything through the installed ``standup`` on real board files, at fixed moments
(``STANDUP_NOW``). ``tests/data/team.ics`` is ana's calendar: a weekly planning meeting in
Berlin time (one occurrence excluded, one moved) that crosses Europe's DST change, an
all-day hike on the Sunday the US changes, a vacation after it, a dentist in UTC, a
floating lunch talk, a private doctor's appointment, a conference in Berlin, and what
must not become an absence: a transparent focus block, a cancelled offsite, a past day,
a day beyond the 60-day window and a to-do. Ana lives in New York, so her all-day dates
and floating times are New York's, while Berlin's events stay Berlin's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from standup import calendar, ops
from standup.availability import LOOKAHEAD
from standup.errors import BadInput
from standup.store import Store

DATA = Path(__file__).parent / "data"
TEAM = DATA / "team.ics"
IMPORTED_AT = "2026-10-20T07:00:00+00:00"  # a Tuesday, before the first planning meeting


def _z(moment: str) -> str:
    return moment.replace("Z", "+00:00")


@pytest.fixture
def team(cli, tmp_path: Path):  # noqa: ANN001, ANN201
    """ana (PM, New York) and bruno (Lisbon) on the board; ana's calendar imported from
    ``team.ics`` (a copy of the test file, at ``cli.ics``, that a test may rewrite)."""
    cli("person", "add", "ana", "--name", "Ana Lima", "--role", "pm", "--tz", "America/New_York")
    cli("person", "add", "bruno", "--tz", "Europe/Lisbon")
    cli.ics = tmp_path / "export" / "team.ics"
    cli.ics.parent.mkdir()
    cli.ics.write_bytes(TEAM.read_bytes())
    out = cli("away", "--ics", str(cli.ics), now=IMPORTED_AT).stdout
    assert out == "ana: absences from team.ics over the next 60 days: 14 new\n"
    return cli


def _ana(cli, moment: str) -> dict:  # noqa: ANN001
    people = cli.json("list", "people", now=_z(moment))
    return next(p for p in people if p["login"] == "ana")


# (moment, status, until): ana's status as every reader sees it, in her zone's offsets.
STATUSES = [
    # Planning is 10:00 Berlin: 08:00Z in summer time (CEST) ...
    ("2026-10-20T07:30Z", "available", "2026-10-20T04:00:00-04:00"),
    ("2026-10-20T08:30Z", "meeting", "2026-10-20T05:00:00-04:00"),
    # ... and 09:00Z after Europe's change on 25 October (New York has not changed yet).
    ("2026-10-27T08:30Z", "available", "2026-10-27T05:00:00-04:00"),
    ("2026-10-27T09:30Z", "meeting", "2026-10-27T06:00:00-04:00"),
    # A transparent focus block is free time; the dentist (UTC) is not.
    ("2026-10-22T10:00Z", "available", "2026-10-22T10:00:00-04:00"),
    ("2026-10-22T14:30Z", "meeting", "2026-10-22T11:30:00-04:00"),
    # The cancelled offsite day is free.
    ("2026-10-23T12:00Z", "available", "2026-10-27T05:00:00-04:00"),
    # A floating time is ana's own: 12:00 in New York.
    ("2026-10-28T15:30Z", "available", "2026-10-28T12:00:00-04:00"),
    ("2026-10-28T16:30Z", "meeting", "2026-10-28T13:00:00-04:00"),
    # All-day dates are New York days: the hike starts at midnight EDT, lasts the 25-hour
    # Sunday of the US change and runs into the vacation, which ends Thursday 00:00 EST.
    ("2026-11-01T03:30Z", "available", "2026-11-01T00:00:00-04:00"),
    ("2026-11-01T04:30Z", "ooo", "2026-11-05T00:00:00-05:00"),
    ("2026-11-02T04:30Z", "ooo", "2026-11-05T00:00:00-05:00"),
    ("2026-11-04T12:00Z", "ooo", "2026-11-05T00:00:00-05:00"),
    ("2026-11-05T05:00Z", "available", "2026-11-17T08:00:00-05:00"),
    # 10 November's planning is excluded (EXDATE); 17 November's moved to 14:00 Berlin.
    ("2026-11-10T09:30Z", "available", "2026-11-17T08:00:00-05:00"),
    ("2026-11-17T09:30Z", "available", "2026-11-17T08:00:00-05:00"),
    ("2026-11-17T13:30Z", "meeting", "2026-11-17T09:00:00-05:00"),
    # Two days in Berlin, timed: more than a day reads out of office.
    ("2026-11-25T12:00Z", "ooo", "2026-11-26T12:00:00-05:00"),
    # The weekly meeting, expanded to the end of the window (60 days from the import).
    ("2026-12-15T09:30Z", "meeting", "2026-12-15T05:00:00-05:00"),
    ("2026-12-22T09:30Z", "available", None),
    # Past and far-away days were not imported.
    ("2026-10-01T12:00Z", "available", "2026-10-20T04:00:00-04:00"),
    ("2027-02-01T12:00Z", "available", None),
]


def test_status_and_until_at_chosen_moments(team) -> None:  # noqa: ANN001
    seen = [(m, *(_ana(team, m)[k] for k in ("status", "until"))) for m, _, _ in STATUSES]
    assert seen == STATUSES


def test_times_keep_the_events_zone_and_dates_take_the_persons(team, db: Path) -> None:  # noqa: ANN001
    absences = json.loads(db.read_bytes())["absences"].values()
    by_note = {}
    for a in absences:
        by_note.setdefault(a.get("note"), []).append(a)
    planning = [(a["start"], a["end"]) for a in by_note["Planning"][:2]]
    assert planning == [
        ("2026-10-20T10:00:00+02:00", "2026-10-20T11:00:00+02:00"),
        ("2026-10-27T10:00:00+01:00", "2026-10-27T11:00:00+01:00"),
    ]
    hike = by_note["Hike"][0]
    assert (hike["start"], hike["end"], hike["kind"]) == (
        "2026-11-01T00:00:00-04:00",
        "2026-11-02T00:00:00-05:00",
        "ooo",
    )
    assert by_note["Dentist"][0]["start"] == "2026-10-22T14:00:00+00:00"
    assert by_note["Lunch talk"][0]["start"] == "2026-10-28T12:00:00-04:00"
    # The private appointment blocks the time but does not say what it is.
    doctor = [a for a in absences if a["uid"] == "doctor@team.example"]
    assert len(doctor) == 1 and "note" not in doctor[0]
    # What was skipped: free, cancelled, past, beyond the window, not an event.
    uids = {a["uid"] for a in absences}
    assert not uids & {f"{u}@team.example" for u in ("focus", "offsite", "past", "far", "todo")}
    assert all(a["calendar"] == str(team.ics) for a in absences)


def test_a_second_import_changes_nothing(team, db: Path) -> None:  # noqa: ANN001
    before = db.read_bytes()
    out = team("away", "--ics", str(team.ics), now=IMPORTED_AT).stdout
    assert out == "ana: absences from team.ics over the next 60 days: 14 unchanged\n"
    assert db.read_bytes() == before
    # A week later, the same file: the past is left alone and nothing is written either,
    # except what the moving window brings in (one more planning meeting).
    team("away", "--ics", str(team.ics), now="2026-10-27T12:00:00+00:00")
    after = json.loads(db.read_bytes())["absences"]
    assert {k: v for k, v in after.items() if k in json.loads(before)["absences"]} == json.loads(
        before
    )["absences"]
    assert [a["start"] for k, a in after.items() if k not in json.loads(before)["absences"]] == [
        "2026-12-22T10:00:00+01:00"
    ]
    again = db.read_bytes()
    team("away", "--ics", str(team.ics), now="2026-10-27T12:00:00+00:00")
    assert db.read_bytes() == again


def test_the_file_changed_moved_gone_and_new_events(team, db: Path) -> None:  # noqa: ANN001
    """At 14:30Z on 22 October, during the dentist: the dentist was deleted from the
    calendar (in progress: ended now), the conference too (not started: removed), the
    lunch talk moved, and a board meeting is new."""
    text = TEAM.read_text()
    text = _without(text, "dentist@team.example")
    text = _without(text, "conference@team.example")
    text = text.replace("DTSTART:20261028T120000", "DTSTART:20261028T140000")
    text = text.replace("DTEND:20261028T130000", "DTEND:20261028T150000")
    text = text.replace(
        "END:VCALENDAR",
        "BEGIN:VEVENT\nUID:board@team.example\nDTSTAMP:20261001T090000Z\nSUMMARY:Board\n"
        "DTSTART:20261030T150000Z\nDTEND:20261030T170000Z\nEND:VEVENT\nEND:VCALENDAR",
    )
    moved = team.ics
    moved.write_text(text)
    now = "2026-10-22T14:30:00+00:00"
    assert _ana(team, now)["status"] == "meeting"
    out = team("away", "--ics", str(moved), now=now).stdout
    assert out == (
        "ana: absences from team.ics over the next 60 days: "
        "1 new, 1 changed, 1 removed, 1 ended, 10 unchanged\n"  # 20 Oct is past
    )
    assert (_ana(team, now)["status"], _ana(team, now)["until"]) == (
        "available",
        "2026-10-27T05:00:00-04:00",
    )
    dentist = next(
        a for a in json.loads(db.read_bytes())["absences"].values() if a["note"] == "Dentist"
    )
    assert (dentist["start"], dentist["end"]) == ("2026-10-22T14:00:00+00:00", now)
    assert _ana(team, "2026-11-25T12:00Z")["status"] == "available"  # no conference
    assert _ana(team, "2026-10-28T16:30Z")["status"] == "available"  # the talk moved ...
    assert _ana(team, "2026-10-28T18:30Z")["until"] == "2026-10-28T15:00:00-04:00"  # ... here
    assert _ana(team, "2026-10-30T16:00Z")["status"] == "meeting"
    before = db.read_bytes()
    team("away", "--ics", str(moved), now=now)
    assert db.read_bytes() == before


def _without(text: str, uid: str) -> str:
    begin = text.index(f"UID:{uid}")
    start = text.rindex("BEGIN:VEVENT", 0, begin)
    end = text.index("END:VEVENT\n", begin) + len("END:VEVENT\n")
    return text[:start] + text[end:]


def test_back_is_not_undone_by_the_next_import(team, db: Path) -> None:  # noqa: ANN001
    now = "2026-11-02T14:00:00+00:00"
    assert _ana(team, now)["status"] == "ooo"
    assert team("back", now=now).stdout == "Ana Lima is back\n"
    out = team("away", "--ics", str(team.ics), now=now).stdout
    # Two more planning meetings come into the moved window; the vacation stays ended.
    assert out == "ana: absences from team.ics over the next 60 days: 2 new, 8 unchanged\n"
    assert _ana(team, now)["status"] == "available"
    absences = json.loads(db.read_bytes())["absences"].values()
    vacation = [a for a in absences if a["uid"] == "vacation@team.example"]
    assert [(a["end"], a["ended_by"]) for a in vacation] == [(now, "ana")]


def test_another_calendar_leaves_the_first_ones_absences(team, tmp_path: Path) -> None:  # noqa: ANN001
    other = tmp_path / "personal.ics"
    other.write_text(_without(TEAM.read_text(), "hike@team.example").replace("@team", "@home"))
    out = team("away", "--ics", str(other), now=IMPORTED_AT).stdout
    assert out == "ana: absences from personal.ics over the next 60 days: 13 new\n"
    assert _ana(team, "2026-11-01T12:00Z")["status"] == "ooo"  # the hike, from team.ics


def test_who_names_a_person_by_login_or_name(team, db: Path) -> None:  # noqa: ANN001
    bruno = team("away", "--ics", str(team.ics), "--who", "bruno", now=IMPORTED_AT, user="ana")
    assert bruno.stdout.startswith("bruno: absences from team.ics")
    people = {
        p["login"]: p
        for p in team.json("list", "people", now=_z("2026-11-01T12:00Z"), user="bruno")
    }
    # bruno's days are Lisbon's: the hike began at midnight there (00:00Z, WET).
    assert people["bruno"]["until"] == "2026-11-05T00:00:00+00:00"
    same = team("away", "--ics", str(team.ics), "--who", "ana lima", now=IMPORTED_AT, user="bruno")
    assert same.stdout == "ana: absences from team.ics over the next 60 days: 14 unchanged\n"
    line = team.fails("away", "--ics", str(team.ics), "--who", "zed", now=IMPORTED_AT)
    assert "--who 'zed' is not on the board" in line


# -- refusals: one line, non-zero, nothing written -------------------------------------


@pytest.fixture
def board(cli):  # noqa: ANN001, ANN201
    cli("person", "add", "ana", "--tz", "America/New_York")
    return cli


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "is not an iCalendar file"),
        (b"Dear team,\nI am away next week.\n", "is not an iCalendar file"),
        (b'{"_default": {}}', "is not an iCalendar file"),
        (b"\xff\xfe\x00\x01binary", "is not an iCalendar file"),
        (b"BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261101T100000Z\r\nEND:VEVENT\r\n", "not an iCal"),
        (b"BEGIN:VCALENDAR\r\nCALSCALE:ETHIOPIC\r\nEND:VCALENDAR\r\n", "not an iCal"),
        (TEAM.read_bytes()[:-40], "is not an iCalendar file"),  # cut short
    ],
)
def test_a_file_that_is_not_a_calendar(board, tmp_path: Path, content: bytes, said: str) -> None:  # noqa: ANN001
    path = tmp_path / "notes.ics"
    path.write_bytes(content)
    line = board.fails("away", "--ics", str(path))
    assert said in line and "notes.ics" in line and "nothing was imported" in line, line
    assert "(example: standup away --ics" in line


def test_what_is_not_a_readable_regular_file(board, tmp_path: Path) -> None:  # noqa: ANN001
    link = tmp_path / "link.ics"
    link.symlink_to(TEAM)  # a good calendar, but behind a link
    assert "symbolic link" in board.fails("away", "--ics", str(link))
    fifo = tmp_path / "pipe.ics"
    os.mkfifo(fifo)  # no writer: an open that blocked would hang here
    assert "a FIFO (named pipe), not a regular file" in board.fails("away", "--ics", str(fifo))
    assert "a directory" in board.fails("away", "--ics", str(tmp_path))
    assert "a device" in board.fails("away", "--ics", "/dev/null")
    assert "no such file" in board.fails("away", "--ics", str(tmp_path / "missing.ics"))
    big = tmp_path / "big.ics"
    with big.open("wb") as fh:  # sparse: no 16 MiB written to disk
        fh.truncate(calendar.MAX_BYTES + 1)
    assert "larger than 16 MiB" in board.fails("away", "--ics", str(big))
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.ics"
        locked.write_bytes(TEAM.read_bytes())
        locked.chmod(0)
        assert "permission denied" in board.fails("away", "--ics", str(locked))


def test_options_that_belong_to_a_typed_absence(board) -> None:  # noqa: ANN001
    for option in (["--until", "fri"], ["--note", "x"], ["--kind", "ooo"], ["--delegate", "x"]):
        line = board.fails("away", "--ics", str(TEAM), *option)
        assert f"not {option[0]}" in line


def test_a_series_that_cannot_be_expanded_imports_nothing(board, tmp_path: Path) -> None:  # noqa: ANN001
    """Importing the events before a broken series would remove every absence after it."""
    path = tmp_path / "rule.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261021T100000Z\r\n"
        b"DTEND:20261021T110000Z\r\nRRULE:FREQ=DAILY;BYDAY=XX\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = board("away", "--ics", str(path), check=False)
    if result.returncode == 0:  # the parser may drop a bad rule as a bad series
        assert "could not be read" in result.stdout
    else:
        board.fails("away", "--ics", str(path))


def test_events_too_often_or_too_many_are_not_expanded(tmp_path: Path) -> None:
    """A rule every minute is skipped (expanding it from its start would take hours);
    ten thousand busy events in 60 days is not one person's calendar."""
    now = datetime(2026, 10, 20, 7, tzinfo=UTC)
    minutely = _calendar([("m", "20000101T000000Z", "20000101T000030Z", "RRULE:FREQ=MINUTELY")])
    found = calendar.busy_events(minutely, now)
    assert (found.busy, found.unreadable) == ([], 1)
    many = _calendar([("h", "20261020T000000Z", "20261020T000100Z", "RRULE:FREQ=HOURLY")] * 8)
    with pytest.raises(BadInput, match="more than 10,000 busy events"):
        calendar.busy_events(many, now)


def _calendar(events: list[tuple[str, str, str, str]]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN"]
    for n, (uid, start, end, extra) in enumerate(events):
        lines += ["BEGIN:VEVENT", f"UID:{uid}{n}", f"DTSTART:{start}", f"DTEND:{end}"]
        lines += [extra] if extra else []
        lines += ["END:VEVENT"]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def test_the_window_is_the_lookahead() -> None:
    assert calendar.WINDOW == LOOKAHEAD


def test_other_commands_do_not_load_the_calendar_parser(cli) -> None:  # noqa: ANN001
    code = (
        "import sys; import standup.calendar; from standup.cli import main; "
        "main(['away', '--until', 'tomorrow 9am']); "
        "print(*(m in sys.modules for m in ('icalendar', 'recurring_ical_events', 'textual')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=cli.env, check=True
    )
    assert out.stdout.split()[-3:] == ["False", "False", "False"]


# -- properties ------------------------------------------------------------------------

PROPERTY = settings(
    derandomize=True,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
NOW = datetime(2026, 10, 20, 7, tzinfo=UTC)
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", None]  # None: floating


@st.composite
def events(draw: st.DrawFn) -> str:
    """One VEVENT: timed (in a zone, UTC or floating) or all-day, maybe repeating, maybe
    free or cancelled, around the import window and across its DST changes."""
    uid = draw(st.sampled_from(["a", "b", "c", "d", "e"]))
    day = date(2026, 10, 20) + timedelta(days=draw(st.integers(-70, 70)))
    lines = ["BEGIN:VEVENT", f"UID:{uid}@x", f"SUMMARY:{draw(st.text(max_size=8))!r}"]
    if draw(st.booleans()):
        days = draw(st.integers(1, 4))
        lines += [
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days):%Y%m%d}",
        ]
    else:
        zone = draw(st.sampled_from(ZONES))
        at = datetime.combine(day, datetime.min.time()) + timedelta(
            minutes=draw(st.integers(0, 24 * 60 - 1))
        )
        end = at + timedelta(minutes=draw(st.integers(1, 3 * 24 * 60)))
        param = f";TZID={zone}" if zone not in (None, "UTC") else ""
        z = "Z" if zone == "UTC" else ""
        lines += [f"DTSTART{param}:{at:%Y%m%dT%H%M%S}{z}", f"DTEND{param}:{end:%Y%m%dT%H%M%S}{z}"]
    if draw(st.booleans()):
        freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))
        lines.append(f"RRULE:FREQ={freq};COUNT={draw(st.integers(1, 30))}")
    lines += draw(
        st.sampled_from([[], ["TRANSP:TRANSPARENT"], ["STATUS:CANCELLED"], ["STATUS:TENTATIVE"]])
    )
    return "\r\n".join([*lines, "END:VEVENT"])


@PROPERTY
@given(st.lists(events(), max_size=6), st.sampled_from(["America/New_York", "Europe/Lisbon"]))
def test_any_calendar_imports_once_and_then_changes_nothing(items: list[str], tz: str) -> None:
    text = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN", *items, "END:VCALENDAR"]
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cal.ics"
        path.write_text(text + "\r\n")
        store = Store(Path(folder) / "board.json")
        ana = ops.Actor("ana", "tester")
        ops.add_person(store, ana, "ana", tz=tz, now=NOW - timedelta(days=1))
        first = ops.import_absences(store, ana, str(path), now=NOW).record
        before = store.path.read_bytes()
        second = ops.import_absences(store, ana, str(path), now=NOW).record
        assert store.path.read_bytes() == before
        assert (second.added, second.changed, second.removed, second.ended) == ([], [], [], [])
        assert second.unchanged == len(first.added)
        for a in first.added:
            assert a.end > NOW and a.start < NOW + calendar.WINDOW and a.start < a.end
            assert a.kind in ("meeting", "ooo")


LINES = ("BEGIN:VCALENDAR", "END:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT", "UID:x",
         "DTSTART:20261021T100000Z", "DTEND:20261021T090000Z", "DTSTART;VALUE=DATE:2026",
         "DTEND;TZID=Mars/Base:20261021T100000", "RRULE:FREQ=WEEKLY;COUNT=-1",
         "RRULE:FREQ=YEARLY;BYMONTH=13", "DURATION:-PT1H", "RECURRENCE-ID:x",
         "DTSTART:99991231T235959Z", "DTEND:00010101T000000Z", "EXDATE:nope", "TRANSP:OPAQUE",
         "X-MICROSOFT-CDO-BUSYSTATUS:OOF", "RRULE:FREQ=MINUTELY", " folded", "")  # fmt: skip


@PROPERTY
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(st.sampled_from(LINES), max_size=14).map(lambda x: "\r\n".join(x).encode()),
    )
)
def test_anything_at_all_is_a_calendar_or_one_refusal(data: bytes) -> None:
    try:
        found = calendar.busy_events(data, NOW)
    except BadInput as exc:
        assert "\n" not in exc.line()
        return
    for busy in found.busy:
        span = busy.span(UTC)
        assert span is None or span[0] < span[1]


def test_zones_by_windows_name_or_defined_in_the_file() -> None:
    """Outlook writes Windows zone names; other tools define their own zones in the file
    (one here with a seconds offset, which the board stores in UTC)."""
    zones = (
        "BEGIN:VTIMEZONE\r\nTZID:Old Lisbon\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        "TZOFFSETFROM:-003645\r\nTZOFFSETTO:-003645\r\nEND:STANDARD\r\nEND:VTIMEZONE"
    )
    data = _calendar(
        [
            ("w", "20261021T100000", "20261021T110000", ""),
            ("o", "20261022T100000", "20261022T110000", ""),
        ]
    )
    data = data.replace(b"DTSTART:20261021", b"DTSTART;TZID=W. Europe Standard Time:20261021")
    data = data.replace(b"DTEND:20261021", b"DTEND;TZID=W. Europe Standard Time:20261021")
    data = data.replace(b"DTSTART:20261022", b'DTSTART;TZID="Old Lisbon":20261022')
    data = data.replace(b"DTEND:20261022", b'DTEND;TZID="Old Lisbon":20261022')
    data = data.replace(b"END:VCALENDAR", zones.encode() + b"\r\nEND:VCALENDAR")
    found = calendar.busy_events(data, datetime(2026, 10, 20, tzinfo=UTC))
    spans = [busy.span(UTC) for busy in found.busy]
    assert [s[0].isoformat() for s in spans if s] == [
        "2026-10-21T10:00:00+02:00",  # Berlin's summer time
        "2026-10-22T10:36:45+00:00",  # 10:00 at -00:36:45, in UTC
    ]
