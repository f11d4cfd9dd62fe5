"""The store on real files and real processes: locking, atomicity, staleness, damage."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from standup.errors import DamagedFile, NewerSchema, StoreError, UnsafePermissions
from standup.store import SCHEMA, Store
from tests.conftest import standup_cmd


def _ask(store: Store, text: str) -> int:
    with store.transaction() as tx:
        n = tx.next_id("Q")
        tx.insert("questions", {"text": text}, n)
    return n


def test_new_board_is_not_created_by_reading(db: Path) -> None:
    snap = Store(db).read()
    assert snap.table("questions") == {}
    assert snap.meta["schema"] == SCHEMA
    assert not db.exists()


def test_write_creates_group_shared_files(db: Path) -> None:
    old = os.umask(0o022)
    try:
        _ask(Store(db), "hello")
    finally:
        os.umask(old)
    assert stat.S_IMODE(db.stat().st_mode) == 0o660
    assert stat.S_IMODE(Path(f"{db}.lock").stat().st_mode) == 0o660
    data = json.loads(db.read_text())  # plain JSON in TinyDB's layout
    assert data["questions"]["1"]["text"] == "hello"
    assert data["meta"]["1"]["schema"] == SCHEMA


def test_revision_counts_writes_and_signature_changes(db: Path) -> None:
    store = Store(db)
    _ask(store, "one")
    first = store.read()
    _ask(store, "two")
    second = store.read()
    assert second.revision == first.revision + 1
    assert store.signature() != first.signature
    assert store.signature() == second.signature


def test_failed_transaction_writes_nothing(db: Path) -> None:
    store = Store(db)
    _ask(store, "one")
    before = db.read_bytes()
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.insert("questions", {"text": "two"}, tx.next_id("Q"))
        raise RuntimeError("boom")
    assert db.read_bytes() == before
    assert _ask(store, "two") == 2  # the id was not burnt either


def test_ids_are_never_reused(db: Path) -> None:
    store = Store(db)
    _ask(store, "one")
    n = _ask(store, "two")
    with store.transaction() as tx:
        tx.remove("questions", n)
    assert _ask(store, "three") == 3


CONCURRENT_ASKER = textwrap.dedent(
    """
    import sys
    from standup.cli import main
    worker, count = sys.argv[1], int(sys.argv[2])
    for i in range(count):
        rc = main(["ask", f"question {worker}-{i}"])
        if rc != 0:
            sys.exit(rc)
    """
)


def test_six_processes_twenty_asks_each_lose_nothing(db: Path, cli_env: dict[str, str]) -> None:
    workers, count = 6, 20
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CONCURRENT_ASKER, str(w), str(count)],
            env=cli_env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(workers)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    questions = Store(db).read().table("questions")
    texts = sorted(q["text"] for q in questions.values())
    expected = sorted(f"question {w}-{i}" for w in range(workers) for i in range(count))
    assert texts == expected
    assert sorted(questions) == list(range(1, workers * count + 1))


def test_concurrent_installed_commands(db: Path, cli_env: dict[str, str]) -> None:
    """24 `standup ask` processes started at once through the installed command."""
    procs = [
        subprocess.Popen([*standup_cmd(), "ask", f"q{i}"], env=cli_env, stderr=subprocess.PIPE)
        for i in range(24)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    questions = Store(db).read().table("questions")
    assert sorted(q["text"] for q in questions.values()) == sorted(f"q{i}" for i in range(24))
    assert sorted(questions) == list(range(1, 25))


KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from standup.store import Store
    store = Store(sys.argv[1])
    print("ready", flush=True)
    i = 0
    while True:
        with store.transaction() as tx:
            n = tx.next_id("Q")
            tx.insert("questions", {"text": "x" * 200, "i": i}, n)
        i += 1
    """
)


def _temps(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f".{db.name}.tmp-*"))


def test_sigkill_at_random_moments_leaves_a_readable_file(db: Path) -> None:
    store = Store(db)
    with store.transaction() as tx:  # a board big enough that a write takes a moment
        for _ in range(3000):
            tx.insert("questions", {"text": "history " * 20}, tx.next_id("Q"))
    rng = random.Random(1234)
    for _ in range(30):
        proc = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, str(db)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))  # a random moment of its write loop, not a wait
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        # whatever is left over is the killed writer's own temp file, at most one
        left = _temps(db)
        assert len(left) <= 1 and all(f"tmp-{proc.pid}-" in t.name for t in left), left
        before = store.read().table("questions")  # parses, ids unique by construction
        assert sorted(before) == list(range(1, len(before) + 1))  # every write whole
        n = _ask(store, "after the kill")  # later writes work, with the next fresh id...
        assert n == max(before) + 1
        after = store.read().table("questions")
        assert sorted(after) == [*sorted(before), n] and after[n]["text"] == "after the kill"
        assert _temps(db) == []  # ...and clean up


KILLED_BEFORE_REPLACE = textwrap.dedent(
    """
    import os, signal, sys
    from standup.store import Store
    def die(*args):  # SIGKILL at the worst moment: temp file written, board not replaced
        os.kill(os.getpid(), signal.SIGKILL)
    os.replace = die
    with Store(sys.argv[1]).transaction() as tx:
        tx.insert("questions", {"text": "lost"}, tx.next_id("Q"))
    """
)


def test_a_writer_killed_before_its_replace_leaves_a_temp_the_next_writer_removes(
    db: Path,
) -> None:
    store = Store(db)
    _ask(store, "kept")
    content = db.read_bytes()
    proc = subprocess.Popen([sys.executable, "-c", KILLED_BEFORE_REPLACE, str(db)])
    assert proc.wait(timeout=60) == -signal.SIGKILL
    left = _temps(db)
    assert len(left) == 1 and f"tmp-{proc.pid}-" in left[0].name  # written, never replaced
    assert b"lost" in left[0].read_bytes()
    assert db.read_bytes() == content  # the board is the old one, whole
    assert _ask(store, "next") == 2  # the killed write burnt no id
    assert _temps(db) == []


STALE_WRITER = textwrap.dedent(
    """
    import sys
    from standup.store import Store
    store = Store(sys.argv[1])
    with store.transaction() as tx:
        tx.insert("questions", {"text": sys.argv[2]}, tx.next_id("Q"))
    """
)


def test_long_lived_reader_and_writer_see_other_processes(db: Path) -> None:
    store = Store(db)
    _ask(store, "mine")
    assert len(store.read().table("questions")) == 1
    subprocess.run([sys.executable, "-c", STALE_WRITER, str(db), "theirs"], check=True)
    seen = store.read().table("questions")
    assert [q["text"] for q in seen.values()] == ["mine", "theirs"]
    assert _ask(store, "mine again") == 3  # no stale next id
    with store.transaction() as tx:  # no stale query cache in the same process either
        assert [d["text"] for d in tx.all("questions").values()] == [
            "mine",
            "theirs",
            "mine again",
        ]


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[1, 2, 3]", b'{"questions": [1]}', b'{"meta": {"x": {}}}', b"\x00\xff"],
)
def test_damaged_file_is_reported_and_never_written(db: Path, content: bytes) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(content)
    store = Store(db)
    with pytest.raises(DamagedFile) as err:
        store.read()
    assert str(db) in err.value.line()
    with pytest.raises(DamagedFile):
        store.read(lazy=True)  # the board's reader checks the file as thoroughly
    with pytest.raises(DamagedFile):
        _ask(store, "x")
    assert db.read_bytes() == content


def test_damaged_file_through_the_cli(cli, db: Path) -> None:  # noqa: ANN001
    db.parent.mkdir(parents=True)
    db.write_bytes(b'{"questions": {"1": {"text": "half')
    for args in (["ask", "x"], ["list", "questions"], ["status", "--json"]):
        line = cli.fails(*args)
        assert "damaged" in line and str(db) in line


def test_newer_schema_is_refused(db: Path) -> None:
    db.parent.mkdir(parents=True)
    content = json.dumps({"meta": {"1": {"schema": SCHEMA + 1}}}).encode()
    db.write_bytes(content)
    with pytest.raises(NewerSchema):
        Store(db).read()
    with pytest.raises(NewerSchema):
        _ask(Store(db), "x")
    assert db.read_bytes() == content


def test_old_file_is_migrated_by_the_first_write_with_a_backup(db: Path) -> None:
    db.parent.mkdir(parents=True)
    old = {"_default": {}, "questions": {"1": {"text": "from TinyDB"}, "4": {"text": "four"}}}
    db.write_text(json.dumps(old))
    db.chmod(0o640)  # a board kept from the group's write: its backup is no more open
    content = db.read_bytes()
    for lazy in (False, True):  # a read migrates in memory only
        snap = Store(db).read(lazy=lazy)
        assert snap.meta["schema"] == SCHEMA
        assert [q["text"] for q in snap.table("questions").values()] == ["from TinyDB", "four"]
    assert db.read_bytes() == content
    assert sorted(p.name for p in db.parent.iterdir()) == ["board.json"]
    assert _ask(Store(db), "next") == 5  # the first write migrates...
    assert Path(f"{db}.v0.bak").read_bytes() == content  # ...keeping the file as it was
    assert stat.S_IMODE(Path(f"{db}.v0.bak").stat().st_mode) == 0o640
    assert json.loads(db.read_text())["meta"]["1"]["schema"] == SCHEMA


def test_a_refused_write_does_not_migrate_nor_back_up(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_text(json.dumps({"questions": {"1": {"text": "old"}}}))
    content = db.read_bytes()
    with pytest.raises(RuntimeError), Store(db).transaction() as tx:
        tx.insert("questions", {"text": "two"}, tx.next_id("Q"))
        raise RuntimeError("refused")
    with Store(db).transaction():
        pass  # a transaction that changes nothing writes nothing either
    assert db.read_bytes() == content
    assert sorted(p.name for p in db.parent.iterdir()) == ["board.json", "board.json.lock"]


def test_a_second_migration_keeps_the_first_backup(db: Path) -> None:
    db.parent.mkdir(parents=True)
    Path(f"{db}.v0.bak").write_bytes(b"an older backup")
    db.write_text(json.dumps({"questions": {"1": {"text": "old"}}}))
    content = db.read_bytes()
    _ask(Store(db), "new")
    assert Path(f"{db}.v0.bak").read_bytes() == b"an older backup"
    assert Path(f"{db}.v0.1.bak").read_bytes() == content


def test_empty_file_is_a_new_board(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.touch()
    assert _ask(Store(db), "first") == 1


@pytest.mark.parametrize("which", ["board", "lock"])
def test_world_writable_files_are_refused(db: Path, which: str) -> None:
    store = Store(db)
    _ask(store, "x")
    target = db if which == "board" else store.lock_path
    target.chmod(0o666)
    before = db.read_bytes()
    with pytest.raises(UnsafePermissions) as err:
        _ask(store, "y")
    assert "chmod o-w" in err.value.line()
    assert db.read_bytes() == before


def test_symlinked_board_is_refused(db: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    _ask(Store(real), "x")
    db.parent.mkdir(parents=True)
    db.symlink_to(real)
    with pytest.raises(StoreError, match="symbolic link"):
        Store(db).read()
    with pytest.raises(StoreError, match="symbolic link"):
        _ask(Store(db), "y")
    assert len(Store(real).read().table("questions")) == 1  # nothing written through it


def test_the_file_is_tinydbs_layout(db: Path) -> None:
    """Any TinyDB (or any JSON tool) reads the board as it is."""
    from tinydb import TinyDB

    store = Store(db)
    _ask(store, "first")
    _ask(store, "second")
    with TinyDB(db, access_mode="r") as tdb:
        docs = tdb.table("questions").all()
    assert [(d.doc_id, d["text"]) for d in docs] == [(1, "first"), (2, "second")]


def test_untouched_documents_are_written_back_byte_for_byte(db: Path) -> None:
    store = Store(db)
    _ask(store, "first")
    # another tool wrote a document with its own spacing and key order
    raw = db.read_bytes().replace(b'{"text":"first"}', b'{ "zeta": 1,  "text": "first" }')
    db.write_bytes(raw)
    _ask(store, "second")
    assert b'{ "zeta": 1,  "text": "first" }' in db.read_bytes()


def test_a_document_that_is_not_an_object_is_damage(db: Path) -> None:
    db.parent.mkdir(parents=True)
    content = b'{"questions": {"1": {"text": "ok"}, "2": 7}}'
    db.write_bytes(content)
    with pytest.raises(DamagedFile):
        _ask(Store(db), "x")
    with pytest.raises(DamagedFile):
        Store(db).read()
    with pytest.raises(DamagedFile):
        Store(db).read(lazy=True)
    assert db.read_bytes() == content
