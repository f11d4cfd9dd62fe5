"""``standup import FILE``: a JSON export restored into an empty or missing board, the
whole file checked first (issue 12 item 4)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from standup.errors import StandupError
from standup.exporting import dump_json
from standup.importing import restore
from standup.model import _TIME_FIELDS
from standup.store import Store
from tests.conftest import Cli
from tests.export_seed import at, seeded_copy

LATER = "2026-11-30T12:00:00+00:00"


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The seeded board's export, as bytes."""
    store = seeded_copy(tmp_path_factory.mktemp("seed") / "board.json")
    return dump_json(store.read().data, at(25, 10))


def test_export_import_export_is_the_same_board(tmp_path: Path, cli: Cli, db: Path) -> None:
    seeded_copy(db)
    exported = tmp_path / "export.json"
    cli("export", "--format", "json", "--output", str(exported))
    restored = tmp_path / "new" / "board.json"
    other = Cli({**cli.env, "STANDUP_DB": str(restored)}, restored)
    done = other("import", str(exported))
    assert done.stdout.startswith(
        "imported 4 people, 1 absence, 6 questions, 3 blocked items, 2 notes, 1 stand-up, "
    )
    assert "1 check-in, the team's settings into " in done.stdout
    first = exported.read_text()
    first_at = json.loads(first)["exported_at"]
    again = other("export", "--format", "json", now=LATER).stdout
    assert first_at != LATER and f'"exported_at": "{first_at}"' in first
    assert again == first.replace(first_at, LATER)  # byte for byte, but for exported_at
    for what in (("questions", "--all"), ("blocked", "--all"), ("people",)):
        assert other.json("list", *what) == cli.json("list", *what), what
    # the counters came along: the next question is Q7, not a reused id
    assert other.json("ask", "Next?")["id"] == "Q7"


def _edit(change: Callable[[dict[str, Any]], None]) -> Callable[[bytes], bytes]:
    def edit(raw: bytes) -> bytes:
        data = json.loads(raw)
        change(data)
        return json.dumps(data).encode()

    return edit


def _question(change: Callable[[dict[str, Any]], None]) -> Callable[[bytes], bytes]:
    return _edit(lambda d: change(d["tables"]["questions"]["3"]))


BAD: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "not JSON": (lambda raw: raw[:-20], "it is not JSON"),
    "a board file, not an export": (
        lambda raw: json.dumps(json.loads(raw)["tables"]).encode(),
        'no "format": "standup-export"',
    ),
    "no format marker": (_edit(lambda d: d.pop("format")), "not a standup export"),
    "a newer schema": (_edit(lambda d: d.update(schema=2)), "schema 2 is newer"),
    "a schema that is not one": (_edit(lambda d: d.update(schema="1")), "schema '1' is not one"),
    "no tables": (_edit(lambda d: d.pop("tables")), "tables is missing"),
    "a missing field": (
        _question(lambda q: q.pop("asked_by")),
        "questions Q3: asked_by is missing",
    ),
    "a bad time": (
        _question(lambda q: q.update(asked_at="2026-11-24 09:00")),
        "questions Q3: asked_at",
    ),
    "a naive time": (
        _question(lambda q: q.update(answered_at="2026-11-24T09:50:00")),
        "questions Q3: answered_at",
    ),
    "a bad exported_at": (_edit(lambda d: d.update(exported_at="today")), "exported_at: 'today'"),
    "a duplicate id": (
        lambda raw: raw.replace(b'"questions": {\n', b'"questions": {\n      "3": {},\n', 1),
        "questions Q3 is given twice",
    ),
    "a duplicate field": (
        lambda raw: raw.replace(b'"text": "Dark', b'"text": "x", "text": "Dark', 1),
        "questions Q6: 'text' is given twice",
    ),
    "a key that is not an id": (
        _edit(lambda d: d["tables"]["notes"].update({"03": d["tables"]["notes"]["1"]})),
        "notes: '03' is not a record id",
    ),
    "a table standup does not know": (
        _edit(lambda d: d["tables"].update(secrets={})),
        "'secrets' is not a table",
    ),
    "a login twice": (
        _edit(lambda d: d["tables"]["people"].update({"9": d["tables"]["people"]["2"]})),
        "people person 9 (bruno): the login is on the board twice",
    ),
    "counters below the ids": (_edit(lambda d: d["next"].update(Q=3)), "next.Q is 3"),
    "a missing counter": (_edit(lambda d: d["next"].pop("E")), "next.E None"),
    "a partial export (--since)": (
        _edit(lambda d: d.update(since="2026-11-24T00:00:00+00:00")),
        "partial export",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_file_is_refused_with_one_line(
    case: str, export: bytes, tmp_path: Path, db: Path
) -> None:
    change, said = BAD[case]
    path = tmp_path / "export.json"
    path.write_bytes(change(export))
    with pytest.raises(StandupError) as err:
        restore(Store(db), str(path))
    line = err.value.line()
    assert said in line and "nothing was written" in line, line
    assert "\n" not in line and str(path) in line
    assert not db.exists() and not db.parent.exists()  # not even the board's directory


def test_every_kind_of_record_is_checked(export: bytes, tmp_path: Path, db: Path) -> None:
    """A damaged document in each table is caught, named by table and id."""
    data = json.loads(export)
    for name, docs in data["tables"].items():
        key = next(iter(docs))
        broken = json.loads(export)
        times = dict.fromkeys(_TIME_FIELDS, "x")  # every record has one, but the team's
        broken["tables"][name][key] = {**docs[key], **times, "speaker_seconds": "x"}
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(broken))
        with pytest.raises(StandupError, match=f"cannot import .*: {name} "):
            restore(Store(db), str(path))
        assert not db.exists()


def test_import_refuses_a_board_that_is_not_empty(export: bytes, tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(export)
    cli("note", "Already here")
    line = cli.fails("import", str(path))
    assert "is not empty (2 records)" in line  # the note and its event


def test_import_into_an_empty_file_and_a_missing_one(
    export: bytes, tmp_path: Path, db: Path
) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(export)
    db.parent.mkdir()
    db.write_bytes(b"")  # an empty file is a new board
    assert restore(Store(db), str(path)).counts["questions"] == 6
    os.unlink(db)
    restore(Store(db), str(path))
    assert dump_json(Store(db).read().data, at(25, 10)) == export


@pytest.mark.parametrize("make", ["symlink", "fifo", "directory", "missing"])
def test_import_opens_only_a_regular_file(
    make: str, export: bytes, tmp_path: Path, cli: Cli
) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(export)
    path = tmp_path / "export.json"
    if make == "symlink":
        path.symlink_to(real)
    elif make == "fifo":
        os.mkfifo(path)
    elif make == "directory":
        path.mkdir()
    line = cli.fails("import", str(path))  # one line, never a hang, nothing written
    assert {"symlink": "symbolic link", "fifo": "FIFO", "directory": "directory",
            "missing": "there is no file"}[make] in line  # fmt: skip
    assert not cli.db.exists()


def test_import_caps_the_size(
    export: bytes, tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from standup import importing

    path = tmp_path / "export.json"
    path.write_bytes(export)
    monkeypatch.setattr(importing, "MAX_BYTES", len(export) - 1)
    with pytest.raises(StandupError, match="more than standup imports"):
        restore(Store(db), str(path))
    assert not db.exists()


@pytest.mark.parametrize("case", ["not JSON", "a partial export (--since)"])
def test_the_command_refuses_a_bad_file_in_one_line(
    case: str, export: bytes, tmp_path: Path, cli: Cli
) -> None:
    change, said = BAD[case]
    path = tmp_path / "export.json"
    path.write_bytes(change(export))
    proc = cli("import", str(path), check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    assert said in cli.fails("import", str(path))  # one line, nothing written
    assert not cli.db.exists()


def test_an_older_schema_is_migrated_as_a_board_file_is(
    export: bytes, tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Schema 1 is the only one yet: a made-up schema 2 whose migration marks every
    question shows an export of schema 1 going through the board's own migrations."""
    from standup import fileformat

    def to_2(data: dict[str, Any]) -> None:
        for doc in data["questions"].values():
            doc["migrated"] = True

    monkeypatch.setattr(fileformat, "SCHEMA", 2)
    monkeypatch.setitem(fileformat.MIGRATIONS, 1, to_2)
    path = tmp_path / "export.json"
    path.write_bytes(export)
    restore(Store(db), str(path))
    stored = json.loads(db.read_bytes())
    assert all(doc["migrated"] for doc in stored["questions"].values())
    assert stored["meta"]["1"]["schema"] == 2


def test_archives_round_trip_and_an_import_puts_old_records_back_in_them(
    tmp_path: Path, cli: Cli, db: Path
) -> None:
    seeded_copy(db)
    cli("archive", "--older-than", "0d")  # the closed records go to board.archive-2026.json
    assert (db.parent / "board.archive-2026.json").exists()
    exported = tmp_path / "export.json"
    cli("export", "--format", "json", "--output", str(exported))
    restored = tmp_path / "new" / "board.json"
    other = Cli({**cli.env, "STANDUP_DB": str(restored)}, restored)
    half_a_year_on = "2027-06-01T09:00:00+00:00"  # past the team's 90 days for all of it
    other("import", str(exported), now=half_a_year_on)
    archive = restored.parent / "board.archive-2026.json"
    assert archive.exists()  # closed and old: back in its year's archive
    live = json.loads(restored.read_text())
    kept = json.loads(archive.read_text())
    assert live["questions"] and kept["questions"]  # open ones stay, closed ones moved
    assert not set(live["questions"]) & set(kept["questions"])  # each in one place
    first = exported.read_text()
    again = other("export", "--format", "json", now=LATER).stdout
    first_at = f'"exported_at": "{json.loads(first)["exported_at"]}"'
    assert again == first.replace(first_at, f'"exported_at": "{LATER}"', 1)  # nothing logged
    for what in (("questions", "--all"), ("blocked", "--all")):
        assert other.json("list", *what) == cli.json("list", *what), what
