"""A command aimed at an archived record says so, in one line, and writes nothing: the
record was archived (when it closed, in which file) and cannot change any more, told
apart from an id the board never gave and from one that is neither on the board nor in
its archives. The archives are read only for an id that is not on the board."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from standup import archives, ops
from standup.errors import BadInput
from standup.records import Standup
from standup.store import Store

ANA = ops.Actor("ana", "ana")
BRUNO = ops.Actor("bruno", "bruno")
OLD = datetime(2025, 3, 1, 10, tzinfo=UTC)
DAY = timedelta(days=1)
ARCHIVE = "board.archive-2025.json"


def archived_board(db: Path, cli) -> dict[str, bytes]:  # noqa: ANN001
    """Q1 answered, B1 unblocked, note 1 removed and S1 ended in March 2025, archived by
    the installed ``standup archive``; Q2 still open. Returns the archives' bytes."""
    store = Store(db)
    ops.add_person(store, ANA, "ana", role="pm", tz="UTC", now=OLD)
    ops.add_person(store, ANA, "bruno", role="eng", tz="UTC", now=OLD)
    ops.ask(store, BRUNO, "Which format?", now=OLD)
    ops.answer(store, ANA, "Q1", "CSV", now=OLD + DAY)
    ops.block(store, BRUNO, "export", on="the infra team", now=OLD)
    ops.unblock(store, BRUNO, "B1", now=OLD + 2 * DAY)
    ops.add_note(store, ANA, "goal: the export", now=OLD)
    ops.remove_note(store, ANA, "1", now=OLD + 3 * DAY)
    with store.transaction() as tx:
        sid = tx.next_id("S")
        ended = OLD + 4 * DAY
        start = ended - timedelta(minutes=12)
        s = Standup(id=sid, date="2025-03-05", started_at=start, facilitator="ana", ended_at=ended)
        tx.insert("standups", s.to_doc(), sid)
    ops.ask(store, BRUNO, "Still open?", now=OLD)
    cli("archive")
    files = archives.archive_files(db)
    assert list(files) == [2025]
    return {path: Path(path).read_bytes() for path in files.values()}


def test_a_command_aimed_at_an_archived_question_or_item_says_so(cli, db: Path) -> None:
    before = archived_board(db, cli)
    assert cli.fails("answer", "Q1", "PDF") == (
        f"standup: Q1 was archived (closed 2025-03-02, in {ARCHIVE}) and cannot change any "
        f"more; to read it (example: standup list questions --all)"
    )
    assert cli.fails("edit", "B1", "--title", "import") == (
        f"standup: B1 was archived (closed 2025-03-03, in {ARCHIVE}) and cannot change any "
        f"more; to read it (example: standup list blocked --all)"
    )
    assert {p: Path(p).read_bytes() for p in before} == before  # the archive too
    assert "Which format?" in cli("list", "questions", "--all").stdout  # as the line says


def test_an_id_never_given_and_one_lost_are_told_apart(cli, db: Path) -> None:
    (path,) = archived_board(db, cli)
    assert cli.fails("unblock", "B7") == (
        "standup: there is no blocked item B7 on this board: the latest is B1 "
        "(example: standup list blocked)"
    )
    os.rename(path, db.parent / "moved-away.json")
    assert cli.fails("withdraw", "Q1").startswith(
        "standup: Q1 is neither on this board nor in its archives"
    )
    Path(path).write_text("not json")  # an archive that cannot be read is named
    line = cli.fails("review", "Q1", "reopen")
    assert line.startswith("standup: Q1 is not on this board and may be archived, but the")
    assert ARCHIVE in line


def test_notes_and_standups_say_so_too(cli, db: Path) -> None:
    archived_board(db, cli)
    store = Store(db)
    with pytest.raises(BadInput, match=r"^note 1 was archived \(removed 2025-03-04, in "):
        ops.remove_note(store, ANA, "1")
    with pytest.raises(BadInput, match=r"^S1 was archived \(ended 2025-03-05, in "):
        ops.decide_park(store, ANA, "Q2", standup="S1")


def test_a_live_id_never_reads_the_archives(cli, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archived_board(db, cli)

    def no(*_: object, **__: object) -> None:
        raise AssertionError("an archive was read for a record on the board")

    monkeypatch.setattr(archives, "_read_archive", no)
    monkeypatch.setattr(archives, "archive_files", no)
    assert ops.answer(Store(db), ANA, "Q2", "yes").changed
