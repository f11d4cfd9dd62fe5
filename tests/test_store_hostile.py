"""The board file against a hostile world: paths that are not regular files, a lock file
deleted while held, OS errors, damaged bookkeeping, and reads that must never write.

Real files, real processes, the installed ``standup``. Every run that could hang has a
timeout; nothing waits for time to pass — a test waits on a condition it can observe
(a line from a process, an entry in ``/proc``) and fails if it never comes.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from standup.errors import DamagedFile, NotRegularFile
from standup.store import SCHEMA, Store
from tests.conftest import standup_cmd

HANG = 20  # seconds: a run that takes longer hangs (a normal one takes well under 1 s)
WRITES = (["ask", "x"], ["block", "y"], ["note", "z"], ["hours", "mon-fri 09:00-17:00"])
READS = (["status"], ["status", "--json"], ["list", "questions"], ["list", "people", "--json"])


def run(
    env: dict[str, str], *args: str, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*standup_cmd(), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG,
        preexec_fn=preexec,
    )


def refused(env: dict[str, str], *args: str, code: int = 3, **kw: Callable[[], None]) -> str:
    """Run a command that must fail with one line (and no hang); return that line."""
    proc = run(env, *args, **kw)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == code, (args, proc.returncode, proc.stderr)
    assert len(lines) == 1 and "Traceback" not in proc.stderr, (args, proc.stderr)
    return lines[0]


def listing(folder: Path) -> dict[str, bytes | str]:
    """Every entry in ``folder``: a regular file's bytes, else what it is."""
    out: dict[str, bytes | str] = {}
    for p in sorted(folder.iterdir()):
        st = p.lstat()
        if stat.S_ISREG(st.st_mode):
            out[p.name] = p.read_bytes()
        elif stat.S_ISLNK(st.st_mode):
            out[p.name] = f"link to {os.readlink(p)}"
        else:
            out[p.name] = f"mode {stat.S_IFMT(st.st_mode):o}"
    return out


def wait_until(
    condition: Callable[[], bool], what: str, alive: subprocess.Popen, timeout: float = 60.0
) -> None:
    """Poll an observable condition (never a stand-in for time passing) while the
    process ``alive`` runs: it ending first is a failure too."""
    deadline = time.monotonic() + timeout
    while not condition():
        if alive.poll() is not None:
            raise AssertionError(f"the process ended (code {alive.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.005)


def _board(db: Path, *questions: str) -> bytes:
    store = Store(db)
    for text in questions:
        with store.transaction() as tx:
            tx.insert("questions", {"text": text}, tx.next_id("Q"))
    return db.read_bytes()


# -- paths that are not regular files --------------------------------------------------


def _plant(path: Path, kind: str, victim: Path) -> None:
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink":
        path.symlink_to(victim)
    else:  # a link to a path that does not exist yet: following it would create it
        path.symlink_to(victim.with_name("created-through-link"))


KINDS = ("directory", "fifo", "symlink", "dangling-symlink")


@pytest.mark.parametrize("kind", KINDS)
def test_board_path_that_is_not_a_regular_file(
    kind: str, db: Path, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    victim = tmp_path / "victim" / "private.json"
    victim.parent.mkdir()
    victim.write_text('{"mine": {}}')
    db.parent.mkdir()
    _plant(db, kind, victim)
    before, victims = listing(db.parent), listing(victim.parent)
    for args in (*READS, *WRITES):
        line = refused(cli_env, *args)
        assert str(db) in line
        expected = "symbolic link" if "symlink" in kind else kind.replace("fifo", "FIFO")
        assert expected in line, line
    assert listing(victim.parent) == victims  # nothing written (or created) through a link
    after = listing(db.parent)
    after.pop("board.json.lock", None)  # the writers' lock file, empty
    assert after == before


@pytest.mark.parametrize("kind", KINDS)
def test_lock_path_that_is_not_a_regular_file(
    kind: str, db: Path, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    victim = tmp_path / "victim" / "private"
    victim.parent.mkdir()
    victim.write_text("precious")
    assert run(cli_env, "ask", "one").returncode == 0
    content = db.read_bytes()
    lock = Path(f"{db}.lock")
    lock.unlink()
    _plant(lock, kind, victim)
    before, victims = listing(db.parent), listing(victim.parent)
    for args in WRITES:
        line = refused(cli_env, *args)
        assert str(lock) in line
    for args in READS:  # readers never touch the lock
        assert run(cli_env, *args).returncode == 0
    assert db.read_bytes() == content
    assert listing(db.parent) == before
    assert listing(victim.parent) == victims


@pytest.mark.parametrize("kind", KINDS)
def test_backup_path_that_is_not_a_regular_file(
    kind: str, db: Path, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    """A v0 board is migrated by its first write, which keeps a backup first."""
    victim = tmp_path / "victim" / "private"
    victim.parent.mkdir()
    victim.write_text("precious")
    db.parent.mkdir()
    db.write_text(json.dumps({"questions": {"1": {"text": "old"}}}))
    backup = Path(f"{db}.v0.bak")
    _plant(backup, kind, victim)
    before, victims = listing(db.parent), listing(victim.parent)
    line = refused(cli_env, "note", "z")
    assert str(backup) in line and "not changed" in line
    for args in READS:
        run(cli_env, *args)  # a read of a v0 file needs no backup: it writes nothing
    after = listing(db.parent)
    after.pop("board.json.lock", None)
    assert after == before
    assert listing(victim.parent) == victims


def test_store_refuses_each_kind_with_its_own_error(db: Path) -> None:
    db.parent.mkdir()
    os.mkfifo(db)
    with pytest.raises(NotRegularFile, match="FIFO"):
        Store(db).read(lazy=True)
    with pytest.raises(NotRegularFile, match="FIFO"), Store(db).transaction():
        pass


# -- a lock file deleted while it is held ----------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys
    from standup.store import Store
    with Store(sys.argv[1]).transaction() as tx:
        tx.insert("questions", {"text": "from A"}, tx.next_id("Q"))
        print("holding", flush=True)
        sys.stdin.readline()  # until the test says so
    print("done", flush=True)
    """
)


PATIENT_WRITER = textwrap.dedent(
    """
    import sys
    from standup.store import Store
    with Store(sys.argv[1], lock_timeout=300).transaction() as tx:
        tx.insert("questions", {"text": sys.argv[2]}, tx.next_id("Q"))
    """
)


def _holder(db: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "holding\n"
    return proc


def _release(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("go\n")
    proc.stdin.close()
    assert proc.stdout.read() == "done\n"
    assert proc.wait(timeout=HANG) == 0


def _flocks_of(pid: int) -> set[int]:
    """Inodes ``pid`` holds an flock on, from /proc/locks."""
    held = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields:  # a waiter, not a holder
            continue
        if fields[1] == "FLOCK" and fields[4] == str(pid):
            held.add(int(fields[5].rsplit(":", 1)[1]))
    return held


def _open_files(pid: int) -> set[tuple[int, int]]:
    """(device, inode) of every file ``pid`` has open (deleted ones too)."""
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            st = os.stat(fd)
        except OSError:
            continue
        found.add((st.st_dev, st.st_ino))
    return found


def _identity(fd_or_path: int | Path) -> tuple[int, int]:
    st = os.fstat(fd_or_path) if isinstance(fd_or_path, int) else fd_or_path.stat()
    return (st.st_dev, st.st_ino)


def _texts(db: Path) -> list[str]:
    return [q["text"] for q in Store(db).read().table("questions").values()]


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks")
def test_lock_file_deleted_while_held_then_a_second_writer(
    db: Path, cli_env: dict[str, str]
) -> None:
    """A cleanup script removes the lock file while A holds it; B starts after that,
    creates and locks a fresh lock file — and must still wait for A."""
    _board(db, "first")
    a = _holder(db)
    lock = Path(f"{db}.lock")
    lock.unlink()
    b = subprocess.Popen([*standup_cmd(), "ask", "from B"], env=cli_env, stderr=subprocess.PIPE)
    # B got its fresh lock file and now waits on the board A holds
    wait_until(lambda: lock.exists() and lock.stat().st_ino in _flocks_of(b.pid), "B locks", b)
    assert b.poll() is None  # B did not get in while A holds the board
    _release(a)
    _, err = b.communicate(timeout=HANG)
    assert b.returncode == 0, err
    assert _texts(db) == ["first", "from A", "from B"]


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks")
def test_a_waiter_whose_lock_file_was_deleted_locks_the_new_one(
    db: Path, cli_env: dict[str, str]
) -> None:
    """B waits on the lock file A holds; the file is deleted and a third writer (the
    test) takes the new one. When A is done, B must not go on with the old lock."""
    _board(db, "first")
    a = _holder(db)
    lock = Path(f"{db}.lock")
    old = _identity(lock)
    b = subprocess.Popen(  # a writer that waits longer than standup's 10 s, for a busy CI
        [sys.executable, "-c", PATIENT_WRITER, str(db), "from B"], stderr=subprocess.PIPE
    )
    wait_until(lambda: old in _open_files(b.pid), "B waits on the old lock file", b)
    lock.unlink()
    fd = os.open(lock, os.O_RDONLY | os.O_CREAT | os.O_EXCL, 0o660)
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
        new = _identity(fd)
        _release(a)
        # A let go of the old lock: B takes it, sees it is not the lock file any more,
        # and waits on the new one, which this test holds
        wait_until(lambda: new in _open_files(b.pid), "B waits on the new lock file", b)
        assert b.poll() is None
        assert _texts(db) == ["first", "from A"]
    finally:
        os.close(fd)
    _, err = b.communicate(timeout=HANG)
    assert b.returncode == 0, err
    assert _texts(db) == ["first", "from A", "from B"]


# -- OS errors: one line, the right code, the truth about what was written -------------

_libc = ctypes.CDLL(None, use_errno=True)
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER = 1, 2, 3


def _as_nobody() -> None:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


def _root_without_overrides() -> None:
    """Root that obeys file modes: the capabilities that bypass them leave the bounding
    set, so the exec'd command does not get them back."""
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER):
        if _libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture(scope="module")
def unprivileged() -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the child a user file modes apply to (None if the
    tests do not run as root). Nobody (65534) when it can run this Python; else, where
    the interpreter lives in root's home, root without the capabilities that bypass
    file modes."""
    if os.geteuid() != 0:
        return None
    probe = [sys.executable, "-c", "import standup.store"]
    for preexec in (_as_nobody, _root_without_overrides):
        try:
            if subprocess.run(probe, preexec_fn=preexec, capture_output=True).returncode == 0:
                return preexec
        except (OSError, subprocess.SubprocessError):
            continue
    pytest.skip("cannot drop root's permission overrides here")


def test_data_dir_that_cannot_be_created(
    tmp_path: Path, cli_env: dict[str, str], unprivileged: Callable[[], None] | None
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    locked.chmod(0o555)
    db = locked / "standup" / "board.json"
    env = {**cli_env, "STANDUP_DB": str(db), "STANDUP_CONFIG_DIR": str(tmp_path / "config")}
    kw = {"preexec": unprivileged} if unprivileged else {}
    line = refused(env, "ask", "x", **kw)
    assert "cannot create the board's directory" in line and "permission denied" in line
    assert "nothing was written" in line
    assert list(locked.iterdir()) == []
    proc = run(env, "status", **kw)  # no board there (or none it may see): one line at most
    assert "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) <= 1
    assert proc.returncode == 0 or "permission denied" in proc.stderr, proc.stderr


@pytest.mark.parametrize("where", ["through-a-file", "too-long"])
def test_board_path_the_system_cannot_use(
    where: str, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    if where == "through-a-file":
        (tmp_path / "file").write_text("not a directory")
        db, why = tmp_path / "file" / "board.json", "is a file, not a directory"
    else:
        db, why = tmp_path / ("x" * 300) / "board.json", "too long"
    env = {**cli_env, "STANDUP_DB": str(db)}
    before = listing(tmp_path)
    for args in (*READS, *WRITES):
        line = refused(env, *args)
        assert why in line, line
    for args in WRITES:
        assert "nothing was written" in refused(env, *args)
    assert listing(tmp_path) == before


def _size_limit(limit: int) -> Callable[[], None]:
    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a core dump
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


@pytest.mark.parametrize("fails", ["backup", "board"])
def test_file_size_limit_during_migration(fails: str, db: Path, cli_env: dict[str, str]) -> None:
    """The limit cuts the backup short (``backup``), or lets the backup through and cuts
    the migrated board short (``board``): either way no ``.bak`` is left, however often
    it is tried, and the board is as it was."""
    db.parent.mkdir()
    old = {"questions": {str(i): {"text": f"question {i} " * 20} for i in range(1, 60)}}
    db.write_text(json.dumps(old, separators=(",", ":")))  # as compact as standup's
    content = db.read_bytes()
    limit = len(content) // 2 if fails == "backup" else len(content) + 16
    for _ in range(3):
        line = refused(cli_env, "ask", "x", preexec=_size_limit(limit))
        assert "size limit" in line and "nothing was written" in line, line
        assert listing(db.parent) == {"board.json": content, "board.json.lock": b""}
    proc = run(cli_env, "ask", "x")  # without the limit: migrated, with one backup
    assert proc.returncode == 0, proc.stderr
    assert Path(f"{db}.v0.bak").read_bytes() == content
    assert sorted(listing(db.parent)) == ["board.json", "board.json.lock", "board.json.v0.bak"]


@pytest.mark.parametrize("migrating", [False, True])
def test_directory_that_refuses_fsync_after_the_write(
    migrating: bool, db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """In-process fault injection: ``fsync`` of a directory fails with EIO. The board
    was already replaced, so the line says the change was written (exit 4)."""
    from standup.cli import main

    db.parent.mkdir()
    if migrating:
        db.write_text(json.dumps({"questions": {"1": {"text": "old"}}}))
    else:
        _board(db, "old")
    content = db.read_bytes()
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    for name, value in {"STANDUP_DB": str(db), "STANDUP_USER": "ana"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("STANDUP_NOW", "2026-11-25T10:00:00+00:00")
    assert main(["ask", "written anyway"]) == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "the change was written" in err[0] and "do not run" in err[0]
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert _texts(db) == ["old", "written anyway"]
    assert Store(db).read().meta["schema"] == SCHEMA
    if migrating:  # the board holds the migration, so its backup stays
        assert Path(f"{db}.v0.bak").read_bytes() == content
    assert [p.name for p in db.parent.iterdir() if ".tmp-" in p.name] == []


# -- a file that is not a board, or whose bookkeeping is damaged -----------------------

NOT_A_BOARD = {
    "not JSON": b"{not json",
    "binary": b"\x00\xff\xfe",
    "a list": b"[1, 2, 3]",
    "a table that is a list": b'{"questions": [1]}',
}


def _meta(**fields: object) -> bytes:
    meta = {"schema": SCHEMA, "revision": 3, "next": {"Q": 2}} | fields
    return json.dumps({"questions": {"1": {"text": "q"}}, "meta": {"1": meta}}).encode()


DAMAGED_META = {
    "revision x": _meta(revision="x"),
    "revision -1": _meta(revision=-1),
    "revision true": _meta(revision=True),
    "revision 2.5": _meta(revision=2.5),
    "schema '1'": _meta(schema="1"),
    "schema null": _meta(schema=None),
    "schema 0 with meta": _meta(schema=0),
    "next a string": _meta(next="Q2"),
    "next a list": _meta(next=[2]),
    "next Q zero": _meta(next={"Q": 0}),
    "next Q a string": _meta(next={"Q": "2"}),
    "next Q null": _meta(next={"Q": None}),
    "meta record a list": b'{"meta": {"1": [1]}}',
    "meta table a list": b'{"meta": [{"schema": 1}]}',
    "meta two records": b'{"meta": {"1": {"schema": 1}, "2": {"schema": 1}}}',
    "meta without its record": b'{"meta": {}}',
}


@pytest.mark.parametrize("shape", [*NOT_A_BOARD, *DAMAGED_META])
def test_a_damaged_file_is_refused_by_the_store_and_never_written(db: Path, shape: str) -> None:
    content = NOT_A_BOARD.get(shape) or DAMAGED_META[shape]
    db.parent.mkdir()
    db.write_bytes(content)
    store = Store(db)
    for lazy in (False, True):
        with pytest.raises(DamagedFile):
            store.read(lazy=lazy)
    with pytest.raises(DamagedFile), store.transaction() as tx:
        tx.insert("questions", {"text": "x"}, tx.next_id("Q"))
    assert db.read_bytes() == content


@pytest.mark.parametrize("shape", ["not JSON", "a list", "revision x", "next Q zero"])
def test_a_damaged_file_through_every_kind_of_command(
    db: Path, shape: str, cli_env: dict[str, str]
) -> None:
    content = NOT_A_BOARD.get(shape) or DAMAGED_META[shape]
    db.parent.mkdir()
    db.write_bytes(content)
    for args in (*WRITES, ["answer", "Q1", "yes"], ["person", "add", "bo"], *READS):
        line = refused(cli_env, *args)
        assert "damaged" in line and str(db) in line and "left exactly as it is" in line
    assert listing(db.parent) == {"board.json": content, "board.json.lock": b""}


def test_reads_never_change_a_file_not_even_an_old_one(db: Path, cli_env: dict[str, str]) -> None:
    db.parent.mkdir()
    old = {"people": {"1": {"login": "ana", "name": "Ana", "role": "pm"}}}
    db.write_text(json.dumps(old))
    content = db.read_bytes()
    mtime = db.stat().st_mtime_ns
    for args in READS:
        proc = run(cli_env, *args)
        assert proc.returncode == 0, (args, proc.stderr)
    assert "Ana" in run(cli_env, "status").stdout  # the old file, read as a board
    assert listing(db.parent) == {"board.json": content}  # no backup, not even a lock
    assert db.stat().st_mtime_ns == mtime
    refused(cli_env, "answer", "Q9", "yes", code=2)  # a refused write migrates nothing
    refused(cli_env, "block", "y", "--on", "Q9", code=2)
    assert listing(db.parent) == {"board.json": content, "board.json.lock": b""}
    assert run(cli_env, "ask", "x").returncode == 0  # the first write migrates it
    assert Path(f"{db}.v0.bak").read_bytes() == content


def test_an_empty_db_option_is_refused_not_taken_for_the_default(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    home = tmp_path / "home"
    env = {**cli_env, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    del env["STANDUP_DB"]
    line = refused(env, "ask", "x", "--db", "", code=2)
    assert "--db" in line and "example" in line
    assert not home.exists()  # nothing written to the default board


@pytest.mark.parametrize("held", ["lock file", "board"])
def test_a_lock_held_too_long_is_one_line_and_writes_nothing(db: Path, held: str) -> None:
    import fcntl

    from standup.errors import LockBusy

    content = _board(db, "one")
    fd = os.open(f"{db}.lock" if held == "lock file" else db, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with (
            pytest.raises(LockBusy, match="nothing was written"),
            Store(db, lock_timeout=0.05).transaction() as tx,
        ):
            tx.insert("questions", {"text": "two"}, tx.next_id("Q"))
    finally:
        os.close(fd)
    assert db.read_bytes() == content
