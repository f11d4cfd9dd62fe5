"""Who has the board open (standup.presence): a heartbeat file per person beside the
board, fresh for 90 s, renamed away on exit; never the board file; never through a link,
a FIFO or a directory planted in its place; and the CLI's JSON (``on_board``,
``seen_at``) reads it.

Times are the heartbeat's own (set from the injected clock), so nothing here waits for
time to pass: "90 s later" is a ``now`` 90 s later."""

from __future__ import annotations

import os
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standup import presence
from standup.presence import Heartbeat

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def later(seconds: float) -> datetime:
    return NOW + timedelta(seconds=seconds)


@pytest.fixture
def board(tmp_path: Path) -> Path:
    """A board file in a directory of its own (only its path matters here)."""
    path = tmp_path / "team" / "board.json"
    path.parent.mkdir()
    path.write_bytes(b"")
    return path


def folder(board: Path) -> Path:
    return Path(presence.directory(board))


def on(board: Path, login: str, now: datetime) -> bool:
    return presence.read(board, [login], now).on_board(login)


def seen_at(board: Path, login: str, now: datetime) -> datetime | None:
    return presence.read(board, [login], now).seen_at(login)


# -- fresh, stale, gone ------------------------------------------------------------------


def test_a_heartbeat_is_fresh_until_90_seconds_then_stale(board: Path) -> None:
    assert Heartbeat(board, "ana").beat(NOW) is None
    assert (folder(board) / "ana").is_file()
    assert on(board, "ana", NOW)
    assert on(board, "ana", later(89.999))
    assert not on(board, "ana", later(90))  # stale at 90 s
    assert seen_at(board, "ana", later(90)) == NOW  # still says when she was last seen
    assert not on(board, "bruno", NOW) and seen_at(board, "bruno", NOW) is None


def test_each_beat_moves_the_mark_on(board: Path) -> None:
    beat = Heartbeat(board, "ana")
    beat.beat(NOW)
    beat.beat(later(30))
    beat.beat(later(60))
    assert on(board, "ana", later(149))
    assert not on(board, "ana", later(150))
    assert seen_at(board, "ana", later(150)) == later(60)


def test_a_heartbeat_far_in_the_future_is_not_believed(board: Path) -> None:
    Heartbeat(board, "ana").beat(later(3600))  # another board's clock, an hour ahead
    assert not on(board, "ana", NOW)
    Heartbeat(board, "bruno").beat(later(5))  # a little ahead: clocks read a moment apart
    assert on(board, "bruno", NOW)


def test_leaving_removes_the_mark_and_keeps_when(board: Path) -> None:
    beat = Heartbeat(board, "ana")
    beat.beat(NOW)
    beat.leave(later(40))
    assert not (folder(board) / "ana").exists()
    assert (folder(board) / "ana~").is_file()
    assert not on(board, "ana", later(41))
    assert seen_at(board, "ana", later(41)) == later(40)  # the last time she had it open
    assert beat.beat(later(50)) is None  # a beat after leaving (a late worker) does nothing
    assert not (folder(board) / "ana").exists()
    again = Heartbeat(board, "ana")  # she opens the board again
    again.beat(later(60))
    assert on(board, "ana", later(61)) and seen_at(board, "ana", later(61)) == later(60)


def test_two_boards_of_one_person_leave_one_mark(board: Path) -> None:
    """Two terminals: closing one keeps the mark; closing the last removes it."""
    first, second = Heartbeat(board, "ana"), Heartbeat(board, "ana")
    first.beat(NOW)
    second.beat(later(1))
    first.leave(later(2))
    assert (folder(board) / "ana").exists() and on(board, "ana", later(3))
    second.leave(later(4))
    assert not (folder(board) / "ana").exists() and not on(board, "ana", later(5))


def test_leaving_before_any_beat_or_twice_is_harmless(board: Path) -> None:
    beat = Heartbeat(board, "ana")
    beat.leave(NOW)
    beat.leave(NOW)
    assert not folder(board).exists()


def test_me_is_on_the_board_while_its_heartbeat_runs(board: Path) -> None:
    seen = presence.read(board, ["ana", "bruno"], NOW, me="ana")
    assert seen.on == {"ana"} and seen.seen_at("ana") == NOW and seen.problem is None
    assert not folder(board).exists()  # a read never writes


def test_beats_from_threads_and_leave_do_not_race(board: Path) -> None:
    beat = Heartbeat(board, "ana")
    threads = [threading.Thread(target=beat.beat, args=(later(i),)) for i in range(8)]
    for t in threads:
        t.start()
    beat.leave(later(100))
    for t in threads:
        t.join()
    assert not (folder(board) / "ana").exists()  # no beat after leave brought it back


def test_the_board_file_is_never_written(board: Path) -> None:
    board.write_bytes(b'{"standup": "untouched"}')
    before = os.stat(board)
    beat = Heartbeat(board, "ana")
    beat.beat(NOW)
    presence.read(board, ["ana"], NOW)
    beat.leave(later(1))
    after = os.stat(board)
    assert board.read_bytes() == b'{"standup": "untouched"}'
    assert (before.st_mtime_ns, before.st_ino) == (after.st_mtime_ns, after.st_ino)


def test_no_board_directory_no_presence(tmp_path: Path) -> None:
    board = tmp_path / "missing" / "board.json"
    assert Heartbeat(board, "ana").beat(NOW) is None
    assert not (tmp_path / "missing").exists()  # the board's directory is the store's to make
    assert presence.read(board, ["ana"], NOW).seen == {}


# -- shared like the board ---------------------------------------------------------------


def test_directory_and_files_are_shared_through_the_group(board: Path) -> None:
    old = os.umask(0o077)  # a private umask must not lock the team out
    try:
        Heartbeat(board, "ana").beat(NOW)
    finally:
        os.umask(old)
    d = os.stat(folder(board))
    f = os.stat(folder(board) / "ana")
    assert stat.S_IMODE(d.st_mode) == 0o2770  # setgid: files made in it keep its group
    assert stat.S_IMODE(f.st_mode) == 0o660
    assert d.st_gid == os.stat(board).st_gid == f.st_gid


def test_the_presence_directory_changes_only_when_a_board_opens_or_closes(board: Path) -> None:
    beat = Heartbeat(board, "ana")
    assert presence.signature(board) is None
    beat.beat(NOW)
    opened = presence.signature(board)
    assert opened is not None
    beat.beat(later(30))
    assert presence.signature(board) == opened  # a beat is no news for the other boards
    beat.leave(later(31))
    assert presence.signature(board) != opened


# -- hostile paths -----------------------------------------------------------------------


def test_a_symlinked_presence_directory_is_refused(board: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "bruno").write_bytes(b"")
    os.utime(elsewhere / "bruno", (NOW.timestamp(), NOW.timestamp()))
    folder(board).symlink_to(elsewhere)
    problem = Heartbeat(board, "ana").beat(NOW)
    assert problem is not None and "symbolic link" in problem and "\n" not in problem
    assert str(folder(board)) in problem and "move it aside" in problem
    assert sorted(os.listdir(elsewhere)) == ["bruno"]  # nothing was written through it
    seen = presence.read(board, ["ana", "bruno"], NOW)
    assert seen.on == frozenset() and seen.problem is not None  # not believed either
    assert "symbolic link" in seen.problem


def test_a_fifo_for_the_presence_directory_never_hangs(board: Path) -> None:
    os.mkfifo(folder(board))
    problem = Heartbeat(board, "ana").beat(NOW)
    assert problem is not None and "FIFO" in problem
    assert "FIFO" in (presence.read(board, ["ana"], NOW).problem or "")
    assert presence.signature(board) is not None  # a stat, not an open: never blocks


@pytest.mark.parametrize("planted", ["fifo", "symlink", "directory", "hardlink", "dangling"])
def test_something_planted_at_the_heartbeat_is_refused(
    board: Path, tmp_path: Path, planted: str
) -> None:
    os.mkdir(folder(board), 0o2770)
    target = tmp_path / "victim"
    target.write_bytes(b"keep me")
    os.utime(target, (0, 0))
    path = folder(board) / "ana"
    {
        "fifo": lambda: os.mkfifo(path),
        "symlink": lambda: path.symlink_to(target),
        "directory": lambda: path.mkdir(),
        "hardlink": lambda: os.link(target, path),
        "dangling": lambda: path.symlink_to(tmp_path / "nothing-here"),
    }[planted]()
    problem = Heartbeat(board, "ana").beat(NOW)
    assert problem is not None and "\n" not in problem and "move it aside" in problem
    assert str(path) in problem
    assert target.read_bytes() == b"keep me" and os.stat(target).st_mtime == 0
    assert not (tmp_path / "nothing-here").exists()
    assert not on(board, "ana", NOW)  # a reader does not believe it either


def test_a_world_writable_presence_directory_is_refused(board: Path) -> None:
    os.mkdir(folder(board))
    os.chmod(folder(board), 0o777)
    (folder(board) / "bruno").write_bytes(b"")
    os.utime(folder(board) / "bruno", (NOW.timestamp(), NOW.timestamp()))
    problem = Heartbeat(board, "ana").beat(NOW)
    assert problem is not None and "writable by every user" in problem
    assert "chmod o-w" in problem
    assert not (folder(board) / "ana").exists()
    seen = presence.read(board, ["bruno"], NOW)
    assert seen.on == frozenset() and "writable by every user" in (seen.problem or "")


@pytest.mark.parametrize("login", ["../ana", "ana/x", "-rf", ".ana", "", "ana\n", "a" * 40])
def test_a_login_is_checked_before_it_names_a_file(board: Path, login: str) -> None:
    problem = Heartbeat(board, login).beat(NOW)
    assert problem is not None and "not a login name" in problem
    assert not folder(board).exists() or os.listdir(folder(board)) == []
    assert not (board.parent / "ana").exists()
    assert presence.read(board, [login], NOW).seen == {}  # a reader ignores it too


def test_a_planted_left_mark_does_not_keep_anyone_on_the_board(board: Path) -> None:
    beat = Heartbeat(board, "ana")
    beat.beat(NOW)
    (folder(board) / "ana~").mkdir()  # rename onto it fails: the mark goes all the same
    beat.leave(later(1))
    assert not (folder(board) / "ana").exists()
    assert not on(board, "ana", later(2))


def test_a_file_planted_later_is_replaced_by_the_next_beat(board: Path) -> None:
    """A heartbeat file removed and a symlink put in its place between beats: the next
    beat refuses it (and says so) rather than touch what it points at."""
    beat = Heartbeat(board, "ana")
    beat.beat(NOW)
    (folder(board) / "ana").unlink()
    (folder(board) / "ana").symlink_to(board)
    before = os.stat(board).st_mtime_ns
    assert "symbolic link" in (beat.beat(later(30)) or "")
    assert os.stat(board).st_mtime_ns == before
    (folder(board) / "ana").unlink()
    assert beat.beat(later(60)) is None and beat.problem is None  # moved aside: works again
    assert on(board, "ana", later(61))


# -- the invariant -----------------------------------------------------------------------


@settings(derandomize=True, max_examples=80, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["beat", "leave"]), st.integers(0, 2), st.integers(0, 120)),
        max_size=14,
    ),
    look=st.integers(0, 300),
)
def test_on_board_is_a_fresh_beat_while_a_board_is_open(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int, int]], look: int
) -> None:
    """Up to three boards of one person beat and close in any order, time moving on: a
    reader at any later moment sees the person on the board exactly when the shared mark
    is there (some board that beat is still open) and its last beat is under 90 s old;
    ``seen_at`` is the last beat, or the moment the last open board closed."""
    board = tmp_path_factory.mktemp("p") / "board.json"
    boards = [Heartbeat(board, "ana") for _ in range(3)]
    closed: set[int] = set()
    holding: set[int] = set()  # boards whose beat made or touched the mark
    mark: datetime | None = None  # the heartbeat file's time, None while there is none
    left: datetime | None = None
    t = 0
    for action, b, step in steps:
        t += step
        if action == "beat":
            if b in closed:  # that board was closed: this is a new one opening
                boards[b], closed = Heartbeat(board, "ana"), closed - {b}
            boards[b].beat(later(t))
            holding.add(b)
            mark = later(t)
        elif b not in closed:
            boards[b].leave(later(t))
            closed.add(b)
            if b in holding:
                holding.discard(b)
                if not holding:  # the last open board takes the mark away
                    mark, left = None, later(t)
    now = later(t + look)
    seen = presence.read(board, ["ana"], now)
    for b in set(range(3)) - closed:
        boards[b].leave(later(t))  # closes its descriptor
    assert seen.on_board("ana") == (mark is not None and abs((now - mark).total_seconds()) < 90)
    assert seen.seen_at("ana") == max((m for m in (mark, left) if m is not None), default=None)


# -- the CLI's JSON ----------------------------------------------------------------------


def test_person_json_says_who_is_on_the_board(cli, db: Path) -> None:  # noqa: ANN001
    cli("person", "add", "ana", "--name", "Ana", "--role", "pm", "--tz", "Europe/Lisbon")
    cli("person", "add", "bruno", "--name", "Bruno", "--role", "lead")
    cli("person", "add", "carla", "--name", "Carla", "--role", "eng")
    Heartbeat(db, "ana").beat(NOW - timedelta(seconds=10))  # cli_env's clock is NOW
    Heartbeat(db, "bruno").beat(NOW - timedelta(seconds=95))  # a board killed: stale
    board_before, presence_before = db.read_bytes(), sorted(os.listdir(folder(db)))
    people = {p["login"]: p for p in cli.json("list", "people")}
    assert people["ana"]["on_board"] is True
    assert people["ana"]["seen_at"] == "2026-11-25T09:59:50+00:00"
    assert people["bruno"]["on_board"] is False
    assert people["bruno"]["seen_at"] == "2026-11-25T09:58:25+00:00"
    assert people["carla"]["on_board"] is False and people["carla"]["seen_at"] is None
    status = cli.json("status")
    assert status["pm"]["on_board"] is True
    assert [p["on_board"] for p in status["people"]] == [True, False, False]
    text = cli("list", "people").stdout.splitlines()
    assert text[0].startswith("ana") and text[0].endswith("· on the board"), text
    assert "on the board" not in text[1] + text[2]
    assert db.read_bytes() == board_before  # reading presence writes nothing
    assert sorted(os.listdir(folder(db))) == presence_before
    later_now = (NOW + timedelta(seconds=80)).isoformat()
    people = {p["login"]: p for p in cli.json("list", "people", now=later_now)}
    assert people["ana"]["on_board"] is False  # 90 s after her last beat


def test_person_json_with_a_hostile_presence_directory(cli, db: Path, tmp_path: Path) -> None:  # noqa: ANN001
    cli("person", "add", "ana", "--role", "pm")
    os.mkfifo(folder(db))
    people = cli.json("list", "people")
    assert people[0]["on_board"] is False and people[0]["seen_at"] is None
