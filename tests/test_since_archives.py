"""``--since`` reads only the archive years its window can touch (``events``, ``export``
json and md, ``list checkins``), and answers exactly as reading every year does.

The board: four years of history archived as the product archives it, with records at
the year boundaries — asked in one year and closed in the next; a fallback taken at a
stand-up whose old deadline lies in the next year; check-ins written at either end of the
date line (UTC+14 and UTC-11), dated in the other year than their UTC time; a stand-up
that names a question archived years before. "Reading everything" is the same board with
every archive merged back into the live file (nothing to skip): every command must print
the same bytes on both.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import pytest

from standup import archiving, ops
from standup.archives import archive_files, read_all
from standup.cli import main
from standup.exporting import _times
from standup.fileformat import META
from standup.model import Event, Question
from standup.records import Checkin, Standup
from standup.store import Store
from tests.conftest import NOW, Cli

ANA, BRUNO = ops.Actor("ana", "ana"), ops.Actor("bruno", "bruno")
KIRI, PAGO = ops.Actor("kiri", "kiri"), ops.Actor("pago", "pago")


def at(y: int, mo: int, d: int, h: int = 10, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def seed(store: Store) -> None:
    ops.add_person(store, ANA, "ana", role="pm", tz="UTC", now=at(2023, 1, 2))
    ops.add_person(store, ANA, "bruno", tz="UTC", now=at(2023, 1, 2))
    ops.add_person(store, ANA, "kiri", tz="Pacific/Kiritimati", now=at(2023, 1, 2))  # UTC+14
    ops.add_person(store, ANA, "pago", tz="Pacific/Pago_Pago", now=at(2023, 1, 2))  # UTC-11
    first = None
    for y in (2023, 2024, 2025):
        q = ops.ask(store, BRUNO, f"Format {y}?", now=at(y, 3, 1)).record.key
        first = first or q
        ops.block(store, BRUNO, f"export {y}", on=q, now=at(y, 3, 1))
        ops.answer(store, ANA, q, "CSV", now=at(y, 3, 3))
        # asked in y, answered in y+1: in y+1's archive
        late = ops.ask(store, BRUNO, f"Late {y}?", now=at(y, 12, 31, 23)).record.key
        ops.answer(store, ANA, late, "yes", now=at(y + 1, 1, 1, 0, 30))
        # the fallback taken at the stand-up on Dec 28: its old deadline (Jan 15) is kept
        # in its history, but it closed — and was archived — in y
        dec = ops.ask(
            store, BRUNO, f"Decide {y}?", by=f"{y + 1}-01-15 09:00", fallback="go",
            now=at(y, 12, 20),
        ).record.key  # fmt: skip
        ops.decide_assume(store, ANA, dec, now=at(y, 12, 28))
        # kiri's Jan 1st begins at 10:00 UTC on Dec 31st; pago's Dec 31st ends at 11:00
        # UTC on Jan 1st
        ops.checkin(store, KIRI, today=f"kiri new year {y + 1}", now=at(y, 12, 31, 10, 30))
        ops.checkin(store, PAGO, today=f"pago old year {y}", now=at(y + 1, 1, 1, 5))
        ops.checkin(store, BRUNO, today=f"bruno {y}", now=at(y, 6, 1))
    # a stand-up in 2025 that names a question archived in 2023
    ops.start_standup(store, ANA, now=at(2025, 6, 2, 9))
    ops.note_raised(store, ANA, first, now=at(2025, 6, 2, 9, 5))
    ops.end_standup(store, ANA, now=at(2025, 6, 2, 9, 15))
    q = ops.ask(store, BRUNO, "Recent?", now=at(2026, 11, 20)).record.key
    ops.answer(store, ANA, q, "yes", now=at(2026, 11, 21))
    ops.checkin(store, BRUNO, today="this week", now=at(2026, 11, 23))


@pytest.fixture(scope="module")
def boards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The archived board, and the same records all in one live file."""
    archived = tmp_path_factory.mktemp("archived") / "board.json"
    store = Store(archived)
    seed(store)
    with store.transaction() as tx:
        archiving.move(store, tx, datetime.fromisoformat(NOW))
    assert sorted(archive_files(archived)) == [2023, 2024, 2025, 2026]
    merged = tmp_path_factory.mktemp("merged") / "board.json"
    data = read_all(Store(archived)).data
    merged.write_bytes(msgspec.json.encode(data))
    assert archive_files(merged) == {}
    return archived, merged


def output(db: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture, *argv: str,
           user: str = "ana") -> tuple[str, str]:  # fmt: skip
    monkeypatch.setenv("STANDUP_DB", str(db))
    monkeypatch.setenv("STANDUP_NOW", NOW)
    monkeypatch.setenv("STANDUP_USER", user)
    assert main(list(argv)) == 0
    return capfd.readouterr()


WINDOWS = [
    ("events",),  # no window: every year, the log's archived part too
    ("events", "--since", "2025-01-01"),
    ("events", "--since", "2024-12-31 23:30"),  # the window edge inside a day
    ("events", "--since", "2024-12-28", "--json"),
    ("export", "--format", "json", "--since", "2025-01-01"),
    ("export", "--format", "json", "--since", "2025-01-10"),  # before the old deadline
    ("export", "--format", "md", "--since", "2024-12-31"),
    ("export", "--format", "md", "--since", "2025-06-01"),  # names a 2023 question
    ("list", "checkins", "--since", "2025-01-01", "--json"),
    ("list", "checkins", "--all", "--since", "2024-01-01"),
]


@pytest.mark.parametrize("user", ["ana", "kiri", "pago"])
def test_a_window_reads_as_reading_every_year(
    boards: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture,
    user: str,
) -> None:
    """In each reader's zone (``--since 2025-01-01`` is 2024-12-31 10:00 UTC for kiri),
    the archived board prints what the board with nothing archived prints."""
    archived, merged = boards
    for argv in WINDOWS:
        got = output(archived, monkeypatch, capfd, *argv, user=user)
        want = output(merged, monkeypatch, capfd, *argv, user=user)
        assert got == want, argv
        assert got[0].count("\n") > 3, argv  # each window shows something


def test_the_boundary_records_are_where_the_windows_need_them(
    boards: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture
) -> None:
    """What the comparison covers: the windows do show records kept in an archive of an
    earlier year than their start's, and records of a year the window skips."""
    archived, _ = boards
    out, _ = output(archived, monkeypatch, capfd, "list", "checkins", "--since", "2025-01-01")
    assert "kiri new year 2025" in out  # dated 2025-01-01, written (and archived) in 2024
    assert "pago old year 2024" not in out  # dated 2024-12-31, archived in 2025
    out, _ = output(
        archived, monkeypatch, capfd, "export", "--format", "md", "--since", "2025-06-01"
    )
    assert "Q1 “Format 2023?”" in out  # raised at a 2025 stand-up, archived in 2023
    out, _ = output(
        archived, monkeypatch, capfd, "export", "--format", "json", "--since", "2025-01-10"
    )
    texts = [q["text"] for q in json.loads(out)["tables"]["questions"].values()]
    assert "Decide 2024?" not in texts  # closed 2024-12-28: its old deadline is no touch
    assert "Late 2024?" not in texts and "Format 2025?" in texts


def test_what_a_window_keeps_is_never_in_an_earlier_years_archive(
    boards: tuple[Path, Path],
) -> None:
    """The invariant the skipping rests on, over every archived record: each time export
    and events read from a record lies before its closing, whose UTC year is its
    archive's; a check-in's date begins at most a day before its archive's year."""
    archived, _ = boards
    for year, path in archive_files(archived).items():
        data = json.loads(Path(path).read_text())
        for table, docs in data.items():
            if table == META:
                continue
            kind = {"questions": Question, "events": Event, "checkins": Checkin,
                    "standups": Standup}.get(table)  # fmt: skip
            for key, doc in docs.items():
                latest = max(_times(doc))
                assert latest.astimezone(UTC).year <= year, (table, key)
                if kind is Checkin:
                    begins = datetime.fromisoformat(doc["date"]).replace(tzinfo=UTC)
                    assert (begins - timedelta(days=1)).year <= year, key
                if kind is not None:
                    kind.from_doc(doc, int(key))  # whole: nothing damaged was archived


def test_a_window_never_opens_an_earlier_year(
    boards: tuple[Path, Path], tmp_path: Path, cli_env: dict[str, str]
) -> None:
    """2023's archive damaged: a window from 2025 does not open it (no warning, the same
    answer), a window from 2023 does and names it, through the installed command."""
    archived, _ = boards
    board = tmp_path / "board" / "board.json"
    shutil.copytree(archived.parent, board.parent)
    cli = Cli({**cli_env, "STANDUP_DB": str(board)}, board)
    skips = [
        ("events", "--since", "2025-01-01"),
        ("export", "--format", "json", "--since", "2024-12-31"),
        ("export", "--format", "md", "--since", "2025-07-01"),
        ("list", "checkins", "--since", "2024-01-02", "--json"),
    ]
    before = [cli(*argv).stdout for argv in skips]
    old = board.parent / "board.archive-2023.json"
    old.write_bytes(b"{not json")
    os.chmod(old, 0o000)  # unreadable too, where the tests do not run as root
    for argv, was in zip(skips, before, strict=True):
        proc = cli(*argv)
        assert (proc.stdout, proc.stderr) == (was, ""), argv
    for argv in [
        ("events", "--since", "2023-06-01"),
        ("export", "--format", "json", "--since", "2023-06-01"),
        ("list", "checkins", "--since", "2023-06-01"),
        ("export", "--format", "md", "--since", "2025-06-01"),  # its stand-up names Q1
    ]:
        proc = cli(*argv)
        [line] = proc.stderr.splitlines()
        assert line.startswith("standup: warning: the archive ") and "2023" in line, argv
