"""`standup metrics --json` over everything on a board with 100,000 records of history.

The board comes from :func:`bench.seed_history.make_board` (questions, blocked items,
absences and log events over ~3 years, a team of ten in three zones). Prints, measured
side by side in this one run, the median wall time of

  * `python -c "import tinydb"` (the baseline: a Python start that only imports the
    storage library),
  * `standup metrics --json --since 1970-01-01` (everything, weekly series included),
  * `standup metrics` (the default: the last 14 days, as text),

and each as a ratio to the baseline. Target: everything <= 15x the baseline.

Run: python bench/bench_metrics.py [--records N] [--runs N] [--board PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from seed_history import NOW, make_board  # noqa: E402

TARGET = 15.0


def standup() -> list[str]:
    script = Path(sys.executable).with_name("standup")
    return [str(script)] if script.exists() else [sys.executable, "-m", "standup"]


def median_time(argv: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--board", help="use (and keep) this board file instead of a temp one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        board = Path(args.board or Path(tmp) / "board.json")
        if not board.exists():
            started = time.perf_counter()
            counts = make_board(board, args.records)
            print(f"seeded {counts} in {time.perf_counter() - started:.1f}s")
        print(f"board: {board} ({board.stat().st_size / 1e6:.1f} MB)")
        env = {k: v for k, v in os.environ.items() if not k.startswith("STANDUP_")}
        env.update(STANDUP_DB=str(board), STANDUP_NOW=NOW.isoformat(), STANDUP_USER="ana")
        runs = {
            "baseline": [sys.executable, "-c", "import tinydb"],
            "metrics --json (everything)": [
                *standup(), "metrics", "--json", "--since", "1970-01-01"
            ],
            "metrics (last 14 days)": [*standup(), "metrics"],
        }  # fmt: skip
        for argv in runs.values():  # warm the page cache and .pyc files
            subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
        # interleaved rounds, so a busy moment on the machine hits every command alike
        samples: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.runs):
            for name, argv in runs.items():
                samples[name].append(median_time(argv, env, 1))
        base = statistics.median(samples["baseline"])
        for name, values in samples.items():
            t = statistics.median(values)
            line = f"{name:<30} {t * 1000:8.1f} ms  {t / base:5.1f}x baseline"
            if name.startswith("metrics --json"):
                line += f"  (target <= {TARGET:.0f}x: {'ok' if t / base <= TARGET else 'MISSED'})"
            print(line)


if __name__ == "__main__":
    main()
