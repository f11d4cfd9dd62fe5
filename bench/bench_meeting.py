"""Benchmark of the stand-up meeting screen, beside the board's own figures. Not part of
the test run.

Measured in one run, in-app with Textual's Pilot (``App.run_test``, headless, at 120×40),
on the bench board of ``bench_board.py`` (10,000 records of history, ~30 open, 3 people):

1. the board's first paint: ``run_test`` entered → the board read and drawn (the view on
   the screen, then the pending messages — layout and refresh — handled: ``pilot.pause``);
2. ``m`` → the meeting drawn: the first ``m`` (which writes the stand-up's start), then
   ``m`` on the running meeting after ``escape`` (median of ``--rounds``);
3. key → screen inside it: ``n`` (a write: the speaker's time stored, the next one shown)
   and ``j`` (select in the order, no write), each until the screen shows the change;
   beside the board's own ``j`` (move in the questions) measured the same way.

Targets (issue 10): ``m`` → meeting drawn ≤ 100 ms; key → screen ≤ 30 ms median.
Figures are printed with their ratio to the board's own (first paint, ``j``).

Each key is posted to the app as the terminal driver posts it, and timed until its
effect is on the screen (``call_after_refresh``). The first version of this bench
waited with ``Pilot.press``/``Pilot.pause``, which add idle waits of >= 20 ms each,
two or three per key (more under load): its figures (m 358 ms, j 93 ms, n 718 ms)
were mostly those waits and the load, not the screen.

Last measured (2026-11-30 16:33 UTC, shared 2-core machine at load 1.5-3): board first
paint 84 ms; board j 16.5 ms; m -> meeting drawn, first (writes the stand-up's start,
imports the screen's modules) 140 ms, then median 58 ms; meeting j 16.9 ms; n/p
14.6 ms to the screen, 39.5 ms until written and drawn. A key that only redraws costs
one frame (Textual draws at most 60 times a second: 16.7 ms).

Then (2026-11-30 16:55 UTC, same machine, load 3): first m 143 ms before, 75-88 ms
after; median m 56 ms. The first m no longer waits for the start's locked write: the
screen is drawn from the plan the start stores (``ops.meeting.planned``) and the start
is written in the background (a refused start goes back to the board with its line);
the screen's modules are imported in a worker once the board is drawn (``App._preload``;
the board's first paint unchanged: 1.30x hello-world with it, 1.31x without, same run);
and the screen is created with its breakpoint class (``-wide``), which Textual would
otherwise add on its first resize, restyling every widget and laying it out again.

Where n's time went: a locked write of the 3 MB board (~15 ms in the store: read, lazy
parse and check of the whole file, encode, fsync), awaited in the key's handler, which
blocked the screen's drawing until it was done, then a frame; the board's reload after
the write (``App.write``) decodes the file again in a thread meanwhile. Now the screen
shows the change at once (``ops.meeting.moved_on``, the change the write makes) and
writes in the background, in key order; and it updates only the widgets whose text
changed (each ``Static.update`` lays the whole screen out again).

Usage: python bench/bench_meeting.py [--rounds 20] [--keys 30]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_board import seed  # noqa: E402

from standup.ops import Actor  # noqa: E402
from standup.store import Store  # noqa: E402


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


async def drawn(app) -> None:  # noqa: ANN001
    """Until the app has drawn what is pending (``call_after_refresh``: after the next
    refresh of the screen)."""
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()


async def until(condition) -> None:  # noqa: ANN001
    """Until ``condition()`` holds, then until it is on the screen. Polled every
    millisecond: ``Pilot.pause`` would add its own idle waits (>= 20 ms each, several
    per key under load), which is what the first version of this bench measured."""
    while not condition():
        await asyncio.sleep(0.001)


async def press(app, key: str, condition) -> float:  # noqa: ANN001
    """Seconds from the key posted to the app (as the terminal driver posts it) to its
    effect drawn."""
    from textual import events

    t = time.perf_counter()
    app.post_message(events.Key(key, key if len(key) == 1 else None))
    await until(condition)
    await drawn(app)
    return time.perf_counter() - t


async def measure(path: Path, rounds: int, keys: int) -> dict[str, list[float]]:
    from standup.ui.app import StandupApp
    from standup.ui.screens.board import BoardScreen
    from standup.ui.screens.meeting import MeetingScreen

    out: dict[str, list[float]] = {
        k: [] for k in ("paint", "m1", "m", "n", "n_written", "j", "board_j")
    }
    with tempfile.TemporaryDirectory() as config:
        app = StandupApp(
            store=Store(path), actor=Actor("carla", "bench"), config_dir=Path(config), blink=False
        )
        app.animation_level = "none"
        t0 = time.perf_counter()
        async with app.run_test(size=(120, 40)) as pilot:
            await until(lambda: app.view is not None and app.board_screen.view is not None)
            await drawn(app)
            out["paint"].append(time.perf_counter() - t0)
            await pilot.pause()
            table = app.board_screen.query_one("#questions")
            for i in range(keys):
                before = table.cursor_row  # type: ignore[attr-defined]
                ms = await press(app, "j" if i % 2 == 0 else "k",
                                 lambda b=before: table.cursor_row != b)  # type: ignore[attr-defined]  # fmt: skip
                out["board_j"].append(ms)
            for r in range(rounds + 1):
                ms = await press(app, "m", lambda: isinstance(app.screen, MeetingScreen))
                out["m1" if r == 0 else "m"].append(ms)
                await pilot.pause()
                await press(app, "escape", lambda: isinstance(app.screen, BoardScreen))
                await pilot.pause()
            await press(app, "m", lambda: isinstance(app.screen, MeetingScreen))
            await pilot.pause()
            screen = app.screen
            for i in range(keys):
                before = screen.selected  # type: ignore[attr-defined]
                ms = await press(app, "j" if i % 2 == 0 else "k",
                                 lambda b=before: screen.selected != b)  # type: ignore[attr-defined]  # fmt: skip
                out["j"].append(ms)
            for i in range(keys):  # n and p in turn: each a write of the board
                before = screen.standup.current  # type: ignore[attr-defined]
                key = "n" if i % 2 == 0 else "p"
                t = time.perf_counter()
                ms = await press(app, key, lambda b=before: screen.standup.current != b)  # type: ignore[attr-defined]
                out["n"].append(ms)
                await until(lambda: not screen._moves)  # type: ignore[attr-defined]  # noqa: SLF001
                await drawn(app)
                out["n_written"].append(time.perf_counter() - t)
                await pilot.pause()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--keys", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "board.json"
        seed(path)
        got = asyncio.run(measure(path, args.rounds, args.keys))
    paint = got["paint"][0]
    board_j = statistics.median(got["board_j"])
    print("in-app (Pilot, 120x40), board of 10,000 records")
    print(f"board first paint             {ms(paint)}")
    print(f"board j -> screen (median)    {ms(board_j)}")
    rows = [
        ("m -> meeting drawn (first, starts it)", got["m1"][0], paint, "first paint", 0.100),
        ("m -> meeting drawn (median)", statistics.median(got["m"]), paint, "first paint", 0.100),
        ("meeting j -> screen (median)", statistics.median(got["j"]), board_j, "board j", 0.030),
    ]
    if got["n"]:
        rows.append(
            ("meeting n -> screen (median)", statistics.median(got["n"]), board_j, "board j", 0.030)
        )
    if got["n_written"]:
        written = statistics.median(got["n_written"])
        print(f"{'meeting n -> written and drawn (median)':<38}{ms(written)}  (no target)")
    for label, value, base, what, target in rows:
        verdict = "ok" if value <= target else "OVER"
        print(
            f"{label:<38}{ms(value)}  = {value / base:5.2f}x {what}"
            f"  (target {target * 1000:.0f} ms: {verdict})"
        )


if __name__ == "__main__":
    main()
