"""SIGKILL of a real ``standup archive`` at every step of a move (issue 12's acceptance:
20+ moments), then a re-run: every record in exactly one place, the board readable and
answering as before. Deterministic, no sleeps: ``$STANDUP_TEST_KILL_AT=N`` makes the
process SIGKILL itself at the N-th step (after the plan; before, during and after each
archive's temp write, replace and directory sync; before the live write)."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from standup import archiving
from standup.store import Store
from tests.archive_seed import seed
from tests.conftest import standup_cmd
from tests.test_archive import everything, places, run_move


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "board.json"
    seed(Store(path))
    return path


def test_sigkill_at_every_step_then_a_rerun_leaves_every_record_once(
    template: Path, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    expected = everything(Store(template))
    record_keys = set(places(template))
    killed = 0
    for step in range(1, 60):
        db = tmp_path / f"run{step}" / "board.json"
        db.parent.mkdir()
        shutil.copy(template, db)
        env = {**cli_env, "STANDUP_DB": str(db), archiving.KILL_ENV: str(step)}
        proc = subprocess.run([*standup_cmd(), "archive"], env=env, capture_output=True)
        if proc.returncode == 0:
            break  # past the last step: the move ran to its end
        assert proc.returncode == -signal.SIGKILL, proc.stderr
        killed += 1
        # Killed: nothing lost, and reads already answer as before.
        assert set(places(db)) == record_keys
        assert everything(Store(db)) == expected
        run_move(db)  # the re-run finishes the move
        where = places(db)
        [logged] = set(where) - record_keys  # the re-run's "archived" event
        assert logged[0] == "events" and record_keys <= set(where)
        assert [k for k, files in where.items() if len(files) != 1] == []
        assert everything(Store(db)) == expected
        json.loads(db.read_bytes())  # readable, whole
        assert not [p.name for p in db.parent.iterdir() if ".tmp-" in p.name]
    assert killed >= 20
