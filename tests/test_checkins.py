"""Check-ins and the commits that pre-fill them, on real git repositories made here
(commits with set author and committer dates and authors), real board files, and the
installed ``standup`` where the process matters (exit codes, stderr lines)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from standup import ops
from standup.board import Board
from standup.checkins import find_commits, last_working_day, matches
from standup.errors import BadInput, DamagedRecord
from standup.model import Person
from standup.store import Store

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

TZ = "Europe/Lisbon"  # UTC+0 in winter: the times below read the same on the wall
MON = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
THU = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
WEEKDAYS = "mon-fri 09:00-17:00"


def make_repo(path: Path, commits: list[tuple[str, str, str]]) -> Path:
    """A git repository at ``path`` with ``commits``: (author "Name <email>", ISO time,
    subject), authored and committed at that time, on two branches (``--all`` reads
    both)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", HOME=str(path.parent))

    def git(*args: str, **extra: str) -> None:
        subprocess.run(["git", "-C", str(path), *args], env={**env, **extra}, check=True,
                       capture_output=True)  # fmt: skip

    path.mkdir(parents=True)
    git("init", "-q", "-b", "main")
    for n, (author, at, subject) in enumerate(commits):
        if n == len(commits) - 1 and n > 0:
            git("checkout", "-q", "-b", "side")  # the last one on a branch of its own
        name, email = author[:-1].split(" <")
        git("-c", f"user.name={name}", "-c", f"user.email={email}", "commit", "-q",
            "--allow-empty", "-m", subject, GIT_AUTHOR_DATE=at, GIT_COMMITTER_DATE=at)  # fmt: skip
    return path


CARLA = "Carla Reis <carla@corp.example>"
DORA_WORK = "D. Lopes <dlopes@corp.example>"


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    root = tmp_path_factory.mktemp("git")
    app = make_repo(root / "app", [
        (CARLA, "2026-11-24T15:00:00+00:00", "tue: the export query"),
        (CARLA, "2026-11-25T11:00:00+00:00", "wed: CSV header"),
        (CARLA, "2026-11-26T16:00:00+00:00", "thu: after the check-in"),
        (CARLA, "2026-11-27T15:00:00+00:00", "fri: export button"),
        ("Bruno <bruno@corp.example>", "2026-11-27T16:00:00+00:00", "fri: bruno's fix"),
        (DORA_WORK, "2026-11-27T17:00:00+00:00", "fri: dora at work"),
        ("Dora <dora@home.example>", "2026-11-27T18:00:00+00:00", "fri: dora at home"),
        (CARLA, "2026-11-30T09:00:00+00:00", "mon: early commit"),
    ])  # fmt: skip
    api = make_repo(root / "api", [
        ("carla <c@elsewhere.example>", "2026-11-29T12:00:00+00:00", "sun: api docs"),
        (CARLA, "2026-11-20T12:00:00+00:00", "last week"),
    ])  # fmt: skip
    return str(app), str(api)


def person(login: str, name: str, *, hours: str | None = WEEKDAYS, git: str | None = None):  # noqa: ANN201
    return Person(login=login, name=name, tz=TZ, hours=hours, git=git)


def subjects(found, login: str) -> list[str]:  # noqa: ANN001
    return [c.subject for c in found.commits[login]]


def test_monday_looks_back_to_friday(repos: tuple[str, str]) -> None:
    found = find_commits(repos, {"carla": person("carla", "Carla Reis")}, MON)
    assert subjects(found, "carla") == [
        "fri: export button",
        "mon: early commit",
        "sun: api docs",  # the login as the author's name, in any case
    ]
    assert found.notes == []
    assert found.since["carla"] == datetime(2026, 11, 27, tzinfo=found.since["carla"].tzinfo)
    first = found.commits["carla"][0]
    assert (first.repo, first.at) == (repos[0], datetime(2026, 11, 27, 15, tzinfo=UTC))
    assert len(first.sha) == 40


def test_thursday_looks_back_to_wednesday(repos: tuple[str, str]) -> None:
    found = find_commits(repos, {"carla": person("carla", "Carla Reis")}, THU)
    assert subjects(found, "carla") == ["wed: CSV header"]  # not Tuesday's, not later ones


def test_a_git_pattern_replaces_the_names(repos: tuple[str, str]) -> None:
    dora = person("dora", "Dora", git=r"dlopes@corp\.example")
    found = find_commits(repos, {"dora": dora}, MON)
    assert subjects(found, "dora") == ["fri: dora at work"]  # not the one as "Dora" at home
    without = find_commits(repos, {"dora": person("dora", "Dora")}, MON)
    assert subjects(without, "dora") == ["fri: dora at home"]  # the display name


def test_office_hours_decide_the_last_working_day() -> None:
    tue_thu = person("x", "X", hours="tue-thu 9-17")
    assert last_working_day(tue_thu, date(2026, 11, 24)) == date(2026, 11, 19)  # tue → thu
    assert last_working_day(tue_thu, date(2026, 11, 26)) == date(2026, 11, 25)
    nobody = person("x", "X", hours=None)  # no hours: the day before; a weekend is skipped
    assert last_working_day(nobody, date(2026, 11, 26)) == date(2026, 11, 25)
    assert last_working_day(nobody, date(2026, 11, 30)) == date(2026, 11, 27)  # monday
    assert last_working_day(nobody, date(2026, 11, 29)) == date(2026, 11, 27)  # sunday
    assert last_working_day(None, date(2026, 11, 26)) == date(2026, 11, 25)


def test_author_matching_is_case_insensitive() -> None:
    carla = person("carla", "Carla Reis")
    assert matches("carla", carla, "CARLA REIS", "x@y")
    assert matches("carla", carla, "someone", "Carla@corp.example")  # the login as the email
    assert not matches("carla", carla, "Carla R", "c@y")  # part of the name is not the name
    assert matches("carla", person("carla", "C", git="^carla r"), "Carla Reis", "z@z")
    assert not matches("carla", person("carla", "C", git="(unclosed"), "carla", "carla@x")


def test_each_repository_is_read_once_for_everyone(repos: tuple[str, str], tmp_path: Path) -> None:
    log = tmp_path / "calls"
    fake = tmp_path / "git"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec {shutil.which("git")} "$@"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    people = {
        "carla": person("carla", "Carla Reis"),
        "dora": person("dora", "Dora", git="dlopes@corp"),
        "bruno": person("bruno", "Bruno", hours=None),
    }
    found = find_commits(repos, people, MON, git=str(fake))
    assert len(log.read_text().splitlines()) == 2  # two repositories, three people
    assert subjects(found, "bruno") == ["fri: bruno's fix"]
    assert subjects(found, "dora") == ["fri: dora at work"]
    assert len(found.commits["carla"]) == 3


def test_a_missing_or_non_git_repository_is_a_note(repos: tuple[str, str], tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    gone = str(tmp_path / "gone")
    found = find_commits(
        [gone, str(plain), repos[0]], {"carla": person("carla", "Carla Reis")}, MON
    )
    assert found.notes == [f"skipped {gone}: no such directory",
                           f"skipped {plain}: not a git repository"]  # fmt: skip
    assert subjects(found, "carla") == ["fri: export button", "mon: early commit"]


def test_a_git_that_hangs_is_cut_off_by_the_time_limit(tmp_path: Path) -> None:
    """A fake git that never answers (and leaves a child holding the pipe): the limit
    kills the whole process group and the repository is skipped with a note."""
    fake = tmp_path / "git"
    fake.write_text("#!/bin/sh\nsleep 120 &\nsleep 120\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    found = find_commits(
        [str(tmp_path)], {"carla": person("carla", "Carla")}, MON, git=str(fake), timeout=0.2
    )
    assert found.commits["carla"] == []
    assert found.notes == [
        f"skipped {tmp_path}: git took longer than 0.2 s (read what came in time)"
    ]


def test_no_git_command_is_a_note(tmp_path: Path) -> None:
    found = find_commits(
        [str(tmp_path)], {"c": None}, MON, git=str(tmp_path / "no-such-git"), timeout=1
    )
    assert found.notes == [f"skipped {tmp_path}: git is not installed (no git command on PATH)"]


# -- the operation: one per person per day, --blocked in the same transaction ----------


def test_a_second_checkin_that_day_updates_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "board.json")
    carla = ops.Actor("carla", "tester")
    ops.add_person(store, carla, "carla", name="Carla", tz="America/New_York", now=THU)
    first = ops.checkin(store, carla, today="the export", blocked=["the sandbox"], now=THU)
    assert [e.kind for e in first.events] == ["blocked", "checkin"]
    item = Board.load(store.read()).blocked[1]
    assert (item.owner, item.title) == ("carla", "the sandbox")
    # 03:00 UTC on Friday is still Thursday in New York: the same check-in
    late = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
    again = ops.checkin(store, carla, yesterday="the query", blocked=["review"], now=late)
    board = Board.load(store.read(), parts=("checkins",))
    [c] = board.checkins.values()
    assert (c.date, c.today, c.yesterday, c.blockers) == (
        "2026-11-26",
        "the export",
        "the query",
        [1, 2],
    )
    assert again.record.key == first.record.key == "C1"
    nextday = ops.checkin(store, carla, today="more", now=datetime(2026, 11, 27, 14, tzinfo=UTC))
    assert nextday.record.key == "C2" and nextday.record.date == "2026-11-27"


def test_refusals_write_nothing(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    store = Store(path)
    carla = ops.Actor("carla", "tester")
    ops.checkin(store, carla, today="x", now=THU)
    before = path.read_bytes()
    for kw in ({}, {"today": "  "}, {"blocked": ["ok", ""]}, {"yesterday": "x" * 2001}):
        with pytest.raises(BadInput):
            ops.checkin(store, carla, now=THU, **kw)
    assert path.read_bytes() == before


def test_a_damaged_checkin_of_the_caller_is_refused_not_forked(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    store = Store(path)
    carla = ops.Actor("carla", "tester")
    ops.checkin(store, carla, today="x", now=THU)
    data = json.loads(path.read_bytes())
    data["checkins"]["1"]["date"] = "someday"
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    with pytest.raises(DamagedRecord, match="check-in 1"):
        ops.checkin(store, carla, today="y", now=THU)
    assert path.read_bytes() == before
    ops.checkin(store, ops.Actor("bruno", "tester"), today="z", now=THU)  # others go on


# -- through the installed standup ------------------------------------------------------


def test_checkin_cli(cli, repos: tuple[str, str], tmp_path: Path) -> None:  # noqa: ANN001
    gone = str(tmp_path / "gone")
    cli("person", "add", "carla", "--name", "Carla Reis", "--tz", TZ, "--hours", WEEKDAYS)
    cli("team", "set", "repos", f"{repos[0]},{gone}")
    now = MON.isoformat()
    shown = cli("checkin", user="carla", now=now)
    assert shown.stderr == f"standup: note: skipped {gone}: no such directory\n"
    assert "yesterday  fri: export button; mon: early commit  (from 2 commits)" in shown.stdout
    before = cli.db.read_bytes()
    assert cli.json("checkin", user="carla", now=now)["notes"] == [
        f"skipped {gone}: no such directory"
    ]
    assert cli.db.read_bytes() == before  # showing it writes nothing
    saved = cli.json("checkin", "--today", "ship it", "--blocked", "the sandbox",
                     user="carla", now=now)  # fmt: skip
    assert {k: saved[k] for k in ("id", "who", "date", "yesterday", "today", "blockers", "at")} == {
        "id": "C1", "who": "carla", "date": "2026-11-30", "yesterday": "", "today": "ship it",
        "blockers": ["B1"], "at": "2026-11-30T10:00:00+00:00",
    }  # fmt: skip
    assert [c["subject"] for c in saved["commits"]] == ["fri: export button", "mon: early commit"]
    assert set(saved["commits"][0]) >= {"repo", "sha", "subject", "at"}
    listed = cli.json("list", "checkins", now=now)
    assert [c["id"] for c in listed] == ["C1"]
    assert cli.json("list", "checkins", now="2026-12-01T10:00:00+00:00") == []  # not today's
    assert len(cli.json("list", "checkins", "--all", now="2026-12-01T10:00:00+00:00")) == 1
    assert len(cli.json("list", "checkins", "--since", "2026-11-30", now=now)) == 1
    line = cli.fails("checkin", "--today", " ", user="carla", now=now)
    assert line.startswith("standup: --today is empty")


def test_team_cli(cli) -> None:  # noqa: ANN001
    assert cli.json("team") == {"speaker_seconds": 120, "meeting_seconds": 900, "repos": [],
                                "archive_after_days": 90}  # fmt: skip
    cli("team", "set", "speaker-time", "1:30")
    cli("team", "set", "repos", "/srv/git/app, /srv/git/api/,/srv/git/app")
    assert cli.json("team")["repos"] == ["/srv/git/app", "/srv/git/api"]
    assert "speaker time   1m 30s" in cli("team").stdout
    line = cli.fails("team", "set", "colour", "red")
    assert line.startswith("standup: there is no team setting 'colour'"), line
    line = cli.fails("team", "set", "speaker-time", "90")
    assert "needs a unit" in line and "(example: standup team set speaker-time 90s)" in line


@pytest.mark.parametrize(
    "key, value, said",
    [("colour", "red", "there is no team setting 'colour'"),
     ("meeting-time", "10s", "outside 1m–8h"),
     ("speaker-time", "2 days", "not a duration"),
     ("repos", "src/app", "is not an absolute path"),
     ("repos", "/a,,/b", "has an empty path"),
     ("archive-after", "soon", "is not a number of days"),
     ("archive-after", " ", "say the new archive after")],
)  # fmt: skip
def test_team_refusals_write_nothing(tmp_path: Path, key: str, value: str, said: str) -> None:
    path = tmp_path / "board.json"
    store = Store(path)
    ana = ops.Actor("ana", "tester")
    ops.set_team(store, ana, "speaker-time", "2m 30s", now=THU)
    before = path.read_bytes()
    with pytest.raises(BadInput) as refused:
        ops.set_team(store, ana, key, value, now=THU)
    assert said in refused.value.message
    assert refused.value.example.startswith("standup team set")
    assert path.read_bytes() == before


def test_team_settings_are_stored_with_the_old_value_in_the_log(tmp_path: Path) -> None:
    store = Store(tmp_path / "board.json")
    ana = ops.Actor("ana", "tester")
    for key, value in [("speaker-time", "1:30"), ("meeting-time", "15 min"),
                       ("repos", "/srv/git/app"), ("archive-after", "30 days")]:  # fmt: skip
        ops.set_team(store, ana, key, value, now=THU)
    team = Board.load(store.read(), parts=()).team
    assert (team.speaker_seconds, team.meeting_seconds, team.repos, team.archive_after_days) == (
        90, 900, ["/srv/git/app"], 30)  # fmt: skip
    same = ops.set_team(store, ana, "meeting-time", "15m", now=THU)
    assert not same.changed and "nothing changed" in same.note
    last = max(store.read().table("events").items())[1]
    assert (last["kind"], last.get("ref")) == ("team", None)
    assert last["old"] == {"archive_after_days": 90}
    assert last["text"] == "ana set the archive after to 30 days (was 90 days)"
    ops.set_team(store, ana, "repos", "none", now=THU)
    assert Board.load(store.read(), parts=()).team.repos == []


def test_the_same_checkin_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    store = Store(path)
    carla = ops.Actor("carla", "tester")
    ops.checkin(store, carla, yesterday="a", today="b", now=THU)
    before = path.read_bytes()
    same = ops.checkin(store, carla, yesterday="a", today="b", commits=[], now=THU)
    assert not same.changed and "already" in same.note
    assert path.read_bytes() == before
    moved = ops.checkin(store, carla, yesterday="a", today="c", now=THU)
    assert moved.events[-1].text == "carla checked in for 2026-11-26: today “c”"
