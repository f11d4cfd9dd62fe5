"""CLI speed on a board with years of history (10,000 records).

Prints, measured in this one run:
  * the median wall time of `standup ask`, `standup list questions --json` and
    `standup inbox --peek` (the log holds two events per question: ~16,000; once for a
    user who has looked and has one new event, once for one who never looked), each
    as a ratio to `python -c "import tinydb"` (the baseline: a Python start that does
    nothing but import the storage library);
  * writes per second with 4 concurrent writer processes on the same file.

Targets: `ask` and `inbox` <= 2.5x the baseline. Run: python bench/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from standup.model import Absence, BlockedItem, Event, Person, Question
from standup.store import Store

RECORDS = 10_000


def seed(path: Path, records: int = RECORDS) -> None:
    """A realistic old board: ~2 years of answered questions and unblocked items."""
    start = datetime(2024, 11, 25, 9, tzinfo=UTC)
    store = Store(path)
    with store.transaction() as tx:
        for login, role in [
            ("ana", "pm"),
            ("bruno", "lead"),
            *[(f"eng{i}", "eng") for i in range(20)],
        ]:
            tx.insert(
                "people",
                Person(
                    login, login.title(), role=role, tz="Europe/Lisbon", hours="mon-fri 9-17"
                ).to_doc(),
            )
        n_items = records // 5
        for i in range(records - n_items):
            at = start + timedelta(hours=i * 1.5)
            open_ = i >= records - n_items - 30
            q = Question(
                id=tx.next_id("Q"),
                text=f"Question {i}: which option should we take for part {i % 97}?",
                asked_by=f"eng{i % 20}",
                asked_at=at,
                to="ana",
                fallback="the simpler one",
                needed_by=at + timedelta(days=3000 if open_ else 2),
                status="open" if open_ else "answered",
                answer=None if open_ else "Take the simpler one",
                answered_by=None if open_ else "ana",
                answered_at=None if open_ else at + timedelta(hours=5),
            )
            tx.insert("questions", q.to_doc(), q.id)
            _log(tx, "asked", q.key, q.asked_by, at, ["ana"], f"{q.asked_by} asked {q.key}")
            if not open_:
                said = f"Ana answered {q.key}: “Take the simpler one”"
                _log(tx, "answered", q.key, "ana", at + timedelta(hours=5), [q.asked_by], said)
        for i in range(n_items):
            at = start + timedelta(hours=i * 7)
            item = BlockedItem(
                id=tx.next_id("B"),
                title=f"Item {i}",
                owner=f"eng{i % 20}",
                since=at,
                on="the vendor",
                status="unblocked" if i < n_items - 10 else "blocked",
                unblocked_at=at + timedelta(hours=20) if i < n_items - 10 else None,
            )
            tx.insert("blocked", item.to_doc(), item.id)
        tx.insert(
            "absences",
            Absence(
                id=tx.next_id("A"), who="ana", start=start, end=start + timedelta(days=3)
            ).to_doc(),
        )


def _log(tx, kind: str, ref: str, by: str, at: datetime, for_: list[str], text: str) -> None:  # noqa: ANN001
    eid = tx.next_id("E")
    event = Event(id=eid, at=at, kind=kind, ref=ref, by=by, os_login=by, text=text, for_=for_)
    tx.insert("events", event.to_doc(), eid)


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


WRITER = textwrap.dedent(
    """
    import sys, time
    from standup.cli import main
    n = int(sys.argv[1])
    for i in range(n):
        assert main(["ask", f"writer question {i}"]) == 0
    """
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--writes", type=int, default=50, help="asks per concurrent writer")
    args = ap.parse_args()
    standup = str(Path(sys.executable).with_name("standup"))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "board.json"
        t0 = time.perf_counter()
        seed(db)
        size = db.stat().st_size / 1e6
        print(
            f"board: {RECORDS} records, {size:.1f} MB (seeded in {time.perf_counter() - t0:.1f} s)"
        )
        env = {**os.environ, "STANDUP_DB": str(db), "STANDUP_USER": "eng1", "TZ": "Europe/Lisbon"}
        # As a user's install runs: bytecode cached (pip compiles it at install; this
        # machine sets PYTHONDONTWRITEBYTECODE), the same for the baseline and standup.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        print("both commands run with bytecode caching allowed, after a warm-up run")
        cmds = {
            "baseline": [sys.executable, "-c", "import tinydb"],
            "ask": [standup, "ask", "Is this fast?"],
            "list": [standup, "list", "questions", "--json"],
            "inbox": [standup, "inbox", "--peek"],  # eng1 looked once: a day's news
            "first": [standup, "inbox", "--peek", "--user", "eng2"],  # never looked
        }
        for cmd in cmds.values():  # warm the page cache and .pyc files
            timed(cmd, env)
        timed([standup, "inbox"], env)  # eng1 looks (marks ~400 events seen) …
        timed([standup, "ask", "News for eng1?", "--to", "eng1"], env)  # … then one is new
        samples: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(args.runs):  # interleaved, so load drifts hit all alike
            for name, cmd in cmds.items():
                samples[name].append(timed(cmd, env))
        base = statistics.median(samples["baseline"])
        print(
            f"baseline `python -c 'import tinydb'`: median {base * 1000:.1f} ms ({args.runs} runs)"
        )
        for name, label in (
            ("ask", "standup ask"),
            ("list", "standup list questions --json"),
            ("inbox", "standup inbox (one new of ~400)"),
            ("first", "standup inbox (first look: ~400)"),
        ):
            med = statistics.median(samples[name])
            print(f"{label:<32} median {med * 1000:6.1f} ms  = {med / base:.2f}x baseline")
        writers = 4
        t0 = time.perf_counter()
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(args.writes)], env=env, stdout=subprocess.DEVNULL
            )
            for _ in range(writers)
        ]
        for p in procs:
            assert p.wait() == 0
        elapsed = time.perf_counter() - t0
        total = writers * args.writes
        # the board and its yearly archives: the day's first write archived the old ones
        from standup.archives import read_all

        count = len(read_all(Store(db)).table("questions"))
        expected = RECORDS - RECORDS // 5 + len(samples["ask"]) + 2 + total  # + warm-ups
        rate = total / elapsed
        print(
            f"{writers} concurrent writers: {total} asks in {elapsed:.2f} s = {rate:.1f} writes/s"
        )
        print(f"board now holds {count} questions; none lost: {count == expected}")


if __name__ == "__main__":
    main()
