"""Shared fixtures: a real board file in a temp dir, and the installed `standup` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests assert properties, never time: no per-example deadline (Hypothesis's
# default 200 ms fails an example a loaded CI machine merely ran slowly, and then calls
# the test flaky) and no "too slow" health check, for every @given in the suite.
settings.register_profile("standup", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("standup")

# A fixed moment for the whole suite: Wednesday 2026-11-25 10:00 in Lisbon (UTC+0).
NOW = "2026-11-25T10:00:00+00:00"


def pytest_configure(config: pytest.Config) -> None:
    """The processes the tests start run ``standup`` as installed: with bytecode caching.

    ``PYTHONDONTWRITEBYTECODE`` may be set where the suite runs (it is on the developers'
    machines); a checkout installed in editable mode then ships no bytecode, and every
    ``standup`` subprocess compiled each module it imports from source again (hundreds
    of processes per run). A ``pip install`` compiles at install, so a user's command
    never does that. The children of this run share a bytecode cache under
    ``.pytest_cache`` (one per checkout, owned by whoever runs the suite); Python writes
    each file atomically, so the parallel workers (``-n auto``) can share it.
    """
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        cache = config.rootpath / ".pytest_cache" / "pycache"
        cache.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.environ.setdefault("PYTHONPYCACHEPREFIX", str(cache))
    # The boards the tests start keep their parsed CSS (standup.ui.csscache) in a folder
    # of this process's, removed at the end, not in the home of whoever runs the suite.
    os.environ["STANDUP_CACHE_DIR"] = tempfile.mkdtemp(prefix="standup-tests-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.pop("STANDUP_CACHE_DIR", ""), ignore_errors=True)


def standup_cmd() -> list[str]:
    """The installed console script beside this Python, else ``python -m standup``."""
    script = Path(sys.executable).with_name("standup")
    if script.exists():
        return [str(script)]
    found = shutil.which("standup")
    return [found] if found else [sys.executable, "-m", "standup"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "board" / "board.json"


@pytest.fixture
def cli_env(db: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment for CLI subprocesses: this board, a fixed clock, user ana, Lisbon time."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STANDUP_") and k != "TZ"}
    env.update(
        STANDUP_DB=str(db),
        STANDUP_NOW=NOW,
        STANDUP_USER="ana",
        TZ="Europe/Lisbon",
        STANDUP_CONFIG_DIR=str(db.parent.parent / "config"),
    )
    return env


class Cli:
    """Runs the installed `standup` against one board file."""

    def __init__(self, env: dict[str, str], db: Path) -> None:
        self.env = env
        self.db = db

    def __call__(
        self, *args: str, user: str | None = None, now: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        env = dict(self.env)
        if user:
            env["STANDUP_USER"] = user
        if now:
            env["STANDUP_NOW"] = now
        proc = subprocess.run(
            [*standup_cmd(), *args], env=env, capture_output=True, text=True, timeout=60
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"standup {' '.join(args)} failed: {proc.stderr}")
        return proc

    def json(self, *args: str, **kw: str):  # noqa: ANN201
        import json

        return json.loads(self(*args, "--json", **kw).stdout)

    def fails(self, *args: str, **kw: str) -> str:
        """Run a command that must be refused: non-zero, one line, no traceback, no write."""
        before = self.db.read_bytes() if self.db.exists() else None
        proc = self(*args, check=False, **kw)
        assert proc.returncode != 0, f"standup {' '.join(args)} should fail: {proc.stdout}"
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got: {proc.stderr!r}"
        assert "Traceback" not in proc.stderr
        after = self.db.read_bytes() if self.db.exists() else None
        assert after == before, f"standup {' '.join(args)} changed the file"
        return lines[0]


@pytest.fixture
def cli(cli_env: dict[str, str], db: Path) -> Cli:
    return Cli(cli_env, db)
