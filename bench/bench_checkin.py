"""`standup checkin` against 3 git repositories of 10,000 commits each.

Side by side in one run, interleaved (so a loaded machine weighs on both alike):
  * A: `standup checkin` with no option (reads the board, then one `git log` per
    repository, filtered by author in Python, and prints the check-in);
  * B: `standup status` plus the same three `git -C REPO log --all …` queries run by
    hand, one after the other.

Prints the median wall time of each and the ratio A / B (target: <= 1.3). The
repositories are built with `git fast-import` (20 authors, 100 commits a day over 100
days, so each `git log` finds ~200 commits in the window and must stop walking at its
edge). Run: python bench/bench_checkin.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from standup import ops
from standup.store import Store

COMMITS = 10_000
REPOS = 3
PEOPLE = 20
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday: the window opens Tue 00:00
GIT_FORMAT = "%H%x00%aN%x00%aE%x00%at%x00%s"


def build_repo(path: Path, seed: int) -> None:
    """``COMMITS`` commits on main, the newest at NOW - 1 h, one every 14.4 minutes."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    step = timedelta(days=100) / COMMITS
    first = NOW - timedelta(hours=1) - step * (COMMITS - 1)
    chunks = []
    for n in range(COMMITS):
        who = (n + seed) % PEOPLE
        at = int((first + step * n).timestamp())
        message = f"change {n} in repo {seed}: part {n % 97}\n".encode()
        chunks.append(
            b"commit refs/heads/main\n"
            + f"mark :{n + 1}\n".encode()
            + f"author Dev {who} <dev{who}@corp.example> {at} +0000\n".encode()
            + f"committer Dev {who} <dev{who}@corp.example> {at} +0000\n".encode()
            + f"data {len(message)}\n".encode()
            + message
            + (f"from :{n}\n".encode() if n else b"")
            + b"\n"
        )
    subprocess.run(
        ["git", "-C", str(path), "fast-import", "--quiet"], input=b"".join(chunks), check=True
    )


def seed_board(db: Path, repos: list[Path]) -> None:
    store = Store(db)
    me = ops.Actor("dev0", "bench")
    for i in range(PEOPLE):
        ops.add_person(
            store, me, f"dev{i}", name=f"Dev {i}", tz="Europe/Lisbon",
            hours="mon-fri 09:00-17:30", now=NOW - timedelta(days=200),
        )  # fmt: skip
    ops.set_team(store, me, "repos", ",".join(map(str, repos)), now=NOW - timedelta(days=1))


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    standup = str(Path(sys.executable).with_name("standup"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        built = time.perf_counter()
        repos = [root / f"repo{i}" for i in range(REPOS)]
        for i, repo in enumerate(repos):
            build_repo(repo, i)
        print(f"built {REPOS} repositories of {COMMITS:,} commits in "
              f"{time.perf_counter() - built:.1f} s")  # fmt: skip
        db = root / "board.json"
        seed_board(db, repos)
        env = {k: v for k, v in os.environ.items() if not k.startswith("STANDUP_")}
        env.update(STANDUP_DB=str(db), STANDUP_NOW=NOW.isoformat(), STANDUP_USER="dev3",
                   TZ="Europe/Lisbon")  # fmt: skip
        since = "2026-11-24 00:00:00 +0000"  # dev3's last working day, as checkin computes it
        until = "2026-11-25 10:00:00 +0000"
        by_hand = [
            ["git", "-C", str(repo), "log", "--all", "--no-merges", "-z",
             f"--since={since}", f"--until={until}", f"--format={GIT_FORMAT}"]
            for repo in repos
        ]  # fmt: skip
        check = subprocess.run([standup, "checkin"], env=env, capture_output=True, text=True)
        found = check.stdout.splitlines()
        print(f"standup checkin (dev3) says: {found[1].strip()[:70]}… / {found[-1].strip()[:60]}")
        a: list[float] = []
        b: list[float] = []
        for _ in range(args.runs):
            a.append(timed([standup, "checkin"], env))
            b.append(timed([standup, "status"], env) + sum(timed(q, env) for q in by_hand))
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"A  standup checkin                              median {ma * 1000:7.1f} ms")
        print(f"B  standup status + {REPOS} x git log by hand          median {mb * 1000:7.1f} ms")
        ratio = ma / mb
        print(f"ratio A/B: {ratio:.2f}  (target <= 1.3: {'met' if ratio <= 1.3 else 'NOT met'})")


if __name__ == "__main__":
    main()
