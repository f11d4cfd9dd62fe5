"""``standup export --format json``: a lossless dump of the board and its archives, and
``--output`` written like the board is (issue 12 item 3)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from standup import archives
from standup.cli import main
from standup.exporting import dump, dump_json
from standup.store import Snapshot, Store
from tests.conftest import NOW, Cli
from tests.export_seed import at, seeded_copy

LATER = "2026-12-01T08:00:00+00:00"


@pytest.fixture
def seeded(db: Path) -> Store:
    return seeded_copy(db)


def test_the_dump_is_every_document_as_stored(seeded: Store, db: Path, cli: Cli) -> None:
    out = json.loads(cli("export", "--format", "json").stdout)
    stored = json.loads(db.read_bytes())
    assert list(out) == ["format", "schema", "exported_at", "since", "next", "tables"]
    assert out["format"] == "standup-export" and out["schema"] == stored["meta"]["1"]["schema"]
    assert out["exported_at"] == NOW and out["since"] is None
    for name, docs in stored.items():
        if name != "meta":  # every field as written, in its order; documents in id order
            in_order = {key: docs[key] for key in sorted(docs, key=int)}
            assert json.dumps(out["tables"][name]) == json.dumps(in_order), name
    # the counters: the board's own (ids are never reused), every kind named
    assert out["next"] == stored["meta"]["1"]["next"]
    assert list(out["next"]) == ["Q", "B", "N", "A", "S", "E", "C"] and out["next"]["Q"] == 7


def test_two_exports_differ_only_in_exported_at(seeded: Store) -> None:
    data = seeded.read().data
    first = dump_json(data, at(25, 10))
    second = dump_json(seeded.read().data, at(30, 12))
    assert first != second
    assert first.replace(b"2026-11-25T10:00:00", b"T") == second.replace(
        b"2026-11-30T12:00:00", b"T"
    )


def test_since_keeps_the_records_touched_since(seeded: Store) -> None:
    out = dump(seeded.read().data, at(25, 10), since=at(24, 9, 30))
    assert out["since"] == "2026-11-24T09:30:00+00:00"
    # Q5 was asked and withdrawn before; Q6 was confirmed after, Q4's deadline is ahead
    assert sorted(map(int, out["tables"]["questions"])) == [1, 2, 3, 4, 6]
    assert out["tables"]["people"] == {}  # all added on the 20th, unchanged since
    assert list(out["tables"]["team"]) == ["1"]  # settings carry no time: always kept
    assert list(out["tables"]["absences"]) == ["1"]  # dora's absence ends after


def test_a_damaged_record_is_dumped_as_it_is_and_named(seeded: Store, db: Path, cli: Cli) -> None:
    raw = db.read_bytes()
    damaged = b'"9":{"text":5,"asked_by":"carla","asked_at":"2026-11-24T08:00:00"}'
    db.write_bytes(raw.replace(b'"questions":{', b'"questions":{' + damaged + b",", 1))
    proc = cli("export", "--format", "json")
    out = json.loads(proc.stdout)
    assert out["tables"]["questions"]["9"] == json.loads(damaged[4:])
    assert out["next"]["Q"] == 10  # past the damaged one's id too
    [line] = proc.stderr.splitlines()
    assert "Q9" in line and "import refuses" in line


def test_export_reads_the_archives(
    seeded: Store, db: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture
) -> None:
    """What :func:`standup.archives.read_all` merges in (an archived question, as the
    archive work will give it) is in the dump and the digest."""
    live = seeded.read()
    old = {"text": "Archived?", "asked_by": "ana", "asked_at": "2025-01-02T09:00:00+00:00",
           "to": "ana", "status": "answered", "answer": "Yes", "answered_by": "ana",
           "answered_at": "2025-01-02T10:00:00+00:00"}  # fmt: skip
    merged = {**live.data, "questions": {"100": old, **live.data["questions"]}}
    monkeypatch.setattr(archives, "read_all", lambda store: Snapshot(merged, live.signature))
    monkeypatch.setenv("STANDUP_DB", str(db))
    monkeypatch.setenv("STANDUP_NOW", NOW)
    monkeypatch.setenv("STANDUP_USER", "ana")
    assert main(["export", "--format", "json"]) == 0
    out = json.loads(capsysbinary.readouterr().out)
    assert out["tables"]["questions"]["100"] == old
    assert list(out["tables"]["questions"])[-1] == "100" and out["next"]["Q"] == 101
    assert main(["export", "--format", "md"]) == 0
    assert "### Q100: Archived?" in capsysbinary.readouterr().out.decode()


# -- --output --------------------------------------------------------------------------


def test_output_writes_the_file_whole(seeded: Store, db: Path, cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    assert cli("export", "--format", "json", "--output", str(target)).stdout == ""
    assert target.read_bytes() == cli("export", "--format", "json").stdout.encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # the whole board: its writer's
    target.chmod(0o640)
    target.write_text("older")
    cli("export", "--format", "md", "--output", str(target))
    assert target.read_text().startswith("# Stand-ups and decisions")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # kept
    assert sorted(p.name for p in target.parent.iterdir()) == ["export.json"]  # no temp left


@pytest.mark.parametrize(
    ("make", "said"),
    [
        ("symlink", "symbolic link"),
        ("fifo", "FIFO"),
        ("directory", "directory"),
        ("board", "the board"),
        ("lock", "beside it"),
        ("missing-dir", "No such file"),
    ],
)
def test_output_refuses_what_is_not_a_regular_file(
    seeded: Store, db: Path, cli: Cli, tmp_path: Path, make: str, said: str
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    target = tmp_path / "export.json"
    if make == "symlink":
        target.symlink_to(victim)
    elif make == "fifo":
        os.mkfifo(target)
    elif make == "directory":
        target.mkdir()
    elif make == "board":
        target = db
    elif make == "lock":
        target = Path(f"{db}.lock")
    else:
        target = tmp_path / "nowhere" / "export.json"
    before = sorted(os.listdir(target.parent)) if target.parent.exists() else None
    line = cli.fails("export", "--format", "json", "--output", str(target))
    assert said in line and ("nothing was written" in line or "refuses" in line), line
    assert victim.read_text() == "keep me"
    if before is not None:
        assert sorted(os.listdir(target.parent)) == before  # no temp file left either
