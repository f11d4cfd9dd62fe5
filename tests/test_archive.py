"""Yearly archives (issue 12 item 5): what moves, what stays, one place for every record,
ids never reused, archives read back by ``list --all``, and a damaged or unsafe archive
never fatal to the live board."""

from __future__ import annotations

import json
import os
import shutil
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standup import archives, archiving, ops
from standup.cli.archive import parse_duration
from standup.errors import BadInput, StoreError
from standup.store import Store
from tests.archive_seed import ANA, BRUNO, YEARS, at, seed

NOW = at(2026, 11, 25)
TABLES = ("questions", "blocked", "absences", "notes", "standups", "checkins", "events", "people")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "board.json"
    seed(Store(path))
    return path


@pytest.fixture
def board(template: Path, db: Path) -> Path:
    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, db)
    return db


def everything(store: Store) -> dict[str, dict[int, dict]]:
    """Every record, board and archives, less the events the moves themselves logged."""
    snap = archives.read_all(store)
    out = {t: snap.table(t) for t in TABLES}
    out["events"] = {k: d for k, d in out["events"].items() if d.get("kind") != "archived"}
    return out


def places(db: Path) -> dict[tuple[str, str], list[str]]:
    """Where each record is: (table, key) -> the files holding it."""
    out: dict[tuple[str, str], list[str]] = {}
    for path in [db, *map(Path, archives.archive_files(db).values())]:
        for table, docs in json.loads(path.read_bytes()).items():
            if table != "meta":
                for key in docs:
                    out.setdefault((table, key), []).append(path.name)
    return out


def run_move(db: Path, older: timedelta | None = None) -> archiving.Moved:
    store = Store(db)
    with store.transaction() as tx:
        return archiving.move(store, tx, NOW, older)


def test_closed_old_records_move_by_year_open_and_recent_stay(board: Path) -> None:
    before = everything(Store(board))
    moved = run_move(board)
    assert sorted(moved.by_year) == list(YEARS)
    live = Store(board).read()
    left = {t: {k: d for k, d in live.table(t).items()} for t in TABLES}
    texts = {d["text"] for d in left["questions"].values()}
    assert texts == {"Open since 2023?", "One-way, overdue?", "Recent?"}
    assert [d["title"] for d in left["blocked"].values()] == ["waits on the open one"]
    assert [d["who"] for d in left["absences"].values()] == ["bruno"]  # open-ended
    assert not left["notes"] and not left["standups"] and not left["checkins"]
    assert all(d["at"] >= "2026-08-27" for d in left["events"].values())  # by age alone
    in_2023 = json.loads(Path(archives.archive_path(board, 2023)).read_bytes())["questions"]
    unreviewed = [d for d in in_2023.values() if d["text"] == "Unreviewed?"]
    assert unreviewed[0]["reviewed"] is False  # kept as it was: never reviewed
    assert [d["status"] for d in in_2023.values() if d["text"] == "Assumed?"] == ["open"]
    assert len(left["people"]) == 2  # people never move
    assert everything(Store(board)) == before  # merged, every answer is the same
    assert all(len(files) == 1 for files in places(board).values())
    for year in YEARS:
        path = Path(archives.archive_path(board, year))
        assert stat.S_IMODE(path.stat().st_mode) == 0o660
        meta = json.loads(path.read_bytes())["meta"]["1"]
        assert meta["archive"] == year and meta["board"] == "board.json"
        assert meta.get("sealed", False) == (year < 2026)  # 2026 may still receive records
        for table, docs in json.loads(path.read_bytes()).items():
            for key, doc in docs.items():
                stamp = doc.get("at") or doc.get("asked_at") or doc.get("start") or ""
                assert table == "meta" or str(year) in json.dumps(doc), (table, key, stamp)
    assert run_move(board).by_year == {}  # nothing left to move


def test_ids_are_never_reused_after_archiving(board: Path) -> None:
    top = max(Store(board).read().table("questions"))
    store = Store(board)
    with store.transaction() as tx:  # a board counted before "next" knew every kind
        tx._doc("meta", 1)["next"].pop("Q")
    run_move(board)
    q = ops.ask(Store(board), BRUNO, "After the archive?", now=NOW).record
    assert q.id == top + 1


def test_a_damaged_record_stays_byte_for_byte(board: Path) -> None:
    raw = board.read_bytes().replace(b'"text":"Drop v1 in 2022?"', b'"text":7', 1)
    board.write_bytes(raw)
    run_move(board)
    assert b'"text":7' in board.read_bytes()


def test_a_question_moves_only_with_every_item_waiting_on_it(board: Path) -> None:
    store = Store(board)
    item = ops.block(store, BRUNO, "late item", now=at(2024, 2, 1)).record.key
    q = ops.ask(store, BRUNO, "Q with a late item", blocks=[item], now=at(2024, 2, 1))
    ops.withdraw(store, BRUNO, q.record.key, now=at(2024, 2, 2))  # the item stays blocked
    run_move(board)
    live = Store(board).read()
    assert q.record.id in live.table("questions") and int(item[1:]) in live.table("blocked")
    ops.unblock(Store(board), BRUNO, item, now=at(2026, 3, 5))
    run_move(board)
    where = places(board)
    assert where[("questions", str(q.record.id))] == ["board.archive-2026.json"]
    assert where[("blocked", item[1:])] == ["board.archive-2026.json"]


def test_a_straggler_of_a_sealed_year_stays_on_the_board(board: Path) -> None:
    run_move(board)
    store = Store(board)
    q = ops.ask(store, BRUNO, "Forgotten", now=at(2023, 6, 1)).record.key
    ops.answer(store, ANA, q, "late entry of an old answer", now=at(2023, 6, 2))
    moved = run_move(board)
    # the question and its two events: their year's archive is sealed
    assert moved.kept == 3 and q[1:] in Store(board).read().data["questions"]


def test_live_copy_wins_and_the_next_move_finishes(board: Path) -> None:
    """An interrupted move left Q1 in its archive and on the board, and the board's copy
    changed since: reads take the board's, the next move drops the archive's."""
    store = Store(board)
    run_move(board)
    archive = Path(archives.archive_path(board, 2022))
    doc = json.loads(archive.read_bytes())["questions"]["1"]
    with store.transaction() as tx:
        tx.insert("questions", {**doc, "status": "open", "reopened_at": NOW.isoformat()}, 1)
    assert everything(store)["questions"][1]["status"] == "open"
    moved = run_move(board)
    assert moved.finished == 1
    assert places(board)[("questions", "1")] == ["board.json"]


def test_list_all_is_the_same_after_archive_and_the_command_says_what_moved(cli, board) -> None:
    reads = [("list", "questions", "--all"), ("list", "blocked", "--all")]
    reads.append(("metrics", "--since", "2021-12-01"))  # over everything
    before = [cli.json(*argv) for argv in reads]
    dump = json.loads(cli("export", "--format", "json").stdout)
    records = cli("export", "--format", "md").stdout
    assert records.count("### Q") >= 5 and "## Stand-ups" in records  # to be archived too
    out = cli("archive").stdout
    assert out.startswith("archived 100 closed record(s) from before 2026-08-27 11:00")
    assert "20 to board.archive-2022.json" in out
    assert [cli.json(*argv) for argv in reads] == before
    # the exports too: the same dump but for the move's own "archived" event (and the
    # event id it took)
    after = json.loads(cli("export", "--format", "json").stdout)
    events = after["tables"]["events"]
    [moved] = [k for k, e in events.items() if e["kind"] == "archived"]
    del events[moved]
    assert after["next"]["E"] == dump["next"]["E"] + 1 == int(moved) + 1
    after["next"]["E"] -= 1
    assert after == dump
    assert cli("export", "--format", "md").stdout == records
    [logged] = [e for e in cli.json("events") if e["kind"] == "archived"]
    assert logged["by"] == "ana" and logged["text"].startswith("archived 100 record(s) closed")
    assert cli("archive").stdout.startswith("nothing to archive")
    assert "archived" in cli("archive", "--older-than", "2 weeks").stdout  # "Recent?": 23 days


def test_a_write_archives_once_a_day(cli, board: Path) -> None:
    cli("ask", "First write of the day")
    assert sorted(archives.archive_files(board)) == list(YEARS)
    assert json.loads(board.read_bytes())["meta"]["1"]["archived_on"] == "2026-11-25"
    # Later writes that day do not look: an archive made unusable goes unnoticed.
    Path(archives.archive_path(board, 2022)).write_text("{not json")
    cli("ask", "Second write")
    cli("ask", "Next day", now="2026-11-26T10:00:00+00:00")  # looks, skips 2022, writes
    assert json.loads(board.read_bytes())["meta"]["1"]["archived_on"] == "2026-11-26"


def test_a_damaged_archive_is_named_never_fatal(cli, board: Path) -> None:
    cli("archive")
    archive = Path(archives.archive_path(board, 2024))
    archive.write_text('{"questions": [1, 2]}')
    proc = cli("list", "questions", "--all", "--json", check=False)
    assert proc.returncode == 0
    assert proc.stderr.count("\n") == 1 and "board.archive-2024.json cannot be used" in proc.stderr
    texts = [q["text"] for q in json.loads(proc.stdout)]
    assert "Which format in 2023?" in texts and "Which format in 2024?" not in texts
    # A straggler for 2024 stays on the board; the file is left as it is.
    store = Store(board)
    q = ops.ask(store, BRUNO, "Late 2024", now=at(2024, 6, 1)).record.key
    ops.answer(store, ANA, q, "ok", now=at(2024, 6, 2))
    proc = cli("archive", check=False)
    assert proc.returncode == 3 and proc.stderr.count("\n") == 1
    assert archive.read_text() == '{"questions": [1, 2]}'
    assert q[1:] in json.loads(board.read_bytes())["questions"]


def test_a_window_reads_only_the_archives_of_its_years(board: Path) -> None:
    """A record is archived by its closing year, never before it began: a window from
    2025-06 needs the board and 2025's archive and later, not 2022-2024's (not even
    opened: a damaged 2023 archive is not named)."""
    run_move(board)
    store = Store(board)
    full = archives.read_all(store)
    old = ("2022.json", "2023.json", "2024.json")
    early = {
        key for key, where in places(board).items() if any(map(lambda n: n.endswith(old), where))
    }
    assert early and any(name.endswith("2025.json") for w in places(board).values() for name in w)
    Path(archives.archive_path(board, 2023)).write_text("not an archive")
    windowed = archives.read_all(store, since=at(2025, 6, 1), lazy=True)
    assert windowed.problems == ()
    for table in TABLES:
        want = {k: d for k, d in full.table(table).items() if (table, str(k)) not in early}
        assert windowed.table(table) == want
    assert "cannot be used" in archives.read_all(store).problems[0]


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_an_archive_path_that_is_not_a_regular_file(cli, board: Path, tmp_path, kind) -> None:
    path = Path(archives.archive_path(board, 2023))
    target = tmp_path / "elsewhere.json"
    target.write_text("{}")
    if kind == "symlink":
        path.symlink_to(target)
    else:
        os.mkfifo(path)
    proc = cli("archive", check=False)  # never a hang on the FIFO
    assert proc.returncode == 3
    assert "board.archive-2023.json" in proc.stderr and proc.stderr.count("\n") == 1
    assert target.read_text() == "{}"
    assert path.is_symlink() if kind == "symlink" else stat.S_ISFIFO(path.lstat().st_mode)
    assert "Which format in 2023?" in board.read_text()  # its year stays on the board
    assert "Which format in 2022?" not in board.read_text()
    listed = cli("list", "questions", "--all", "--json", check=False)
    assert listed.returncode == 0 and "2023" in listed.stderr


def test_an_archive_is_never_written_as_a_board(cli, board: Path) -> None:
    cli("archive")
    archive = archives.archive_path(board, 2022)
    line = cli.fails("note", "hello", "--db", archive)
    assert "yearly archive" in line
    assert cli("list", "questions", "--all", "--db", archive).returncode == 0


def test_read_only_board_refuses_archive(cli, board: Path) -> None:
    assert "read-only" in cli.fails("archive", "--read-only")


@pytest.mark.parametrize("text", ["90d", "30 days", "12w", "2 weeks", " 1 day ", "0d", "7WK"])
def test_durations(text: str) -> None:
    assert parse_duration(text).days >= 0


@settings(derandomize=True, max_examples=200)
@given(st.text(max_size=12))
def test_duration_parser_never_crashes(text: str) -> None:
    try:
        days = parse_duration(text).days
    except BadInput as exc:
        assert "\n" not in exc.line() and "--older-than" in exc.line()
    else:
        assert 0 <= days <= 100 * 366


def test_bad_duration_is_one_line(cli, board: Path) -> None:
    assert "not a duration" in cli.fails("archive", "--older-than", "3 months")


def test_store_error_never_escapes_the_daily_run(board: Path) -> None:
    Path(archives.archive_path(board, 2025)).mkdir()
    store = Store(board, archive_daily=True)
    ops.add_note(store, ANA, "still written", now=NOW)
    assert "still written" in board.read_text()
    assert "Which format in 2025?" in board.read_text()
    assert "Which format in 2024?" not in board.read_text()
    with pytest.raises(StoreError):
        archives._read_archive(archives.archive_path(board, 2025), 2025, lazy=True)
