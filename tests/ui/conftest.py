"""Fixtures for the board's Pilot and snapshot tests.

A real board file in a temporary directory (seeded through :mod:`standup.ops`, as people
would), a fixed clock injected into the app (Wednesday 2026-11-25 10:00 in Lisbon), a
config dir of its own, no animations and no cursor blink — deterministic by
configuration. Tests wait on workers and conditions (:func:`wait_for`) and on queued
messages (:func:`settled`), never a fixed sleep, and never assert on elapsed time.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest
from textual.worker import WorkerCancelled

from standup import ops
from standup.store import Store

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # Wednesday; Lisbon is UTC+0 in winter
TZ = "Europe/Lisbon"
ME = "carla"


def actor(login: str) -> ops.Actor:
    return ops.Actor(login, "tester")


def hours_ago(h: float) -> datetime:
    return NOW - timedelta(hours=h)


def seed_team(store: Store) -> None:
    """The PM (Ana) away until tomorrow 09:00 with Bruno deciding; two open questions (one
    overdue one-way door), one with a fallback; two blocked items (one aged); a note."""
    ana, bruno, carla = actor("ana"), actor("bruno"), actor("carla")
    ops.add_person(store, ana, "bruno", name="Bruno", role="lead", tz=TZ, now=hours_ago(500))
    ops.add_person(
        store, ana, "ana", name="Ana", role="pm", tz=TZ, delegate="bruno", now=hours_ago(500)
    )
    ops.add_person(store, ana, "carla", name="Carla", role="eng", tz=TZ, now=hours_ago(500))
    ops.add_note(store, ana, "Goal this sprint: the CSV export", now=hours_ago(100))
    ops.away(
        store, ana, until="tomorrow 09:00", delegate="bruno", note="at the customer",
        now=hours_ago(1),
    )  # fmt: skip
    ops.ask(
        store, carla, "Which export format do we ship first?", by="17:00",
        fallback="CSV first, PDF next sprint", now=hours_ago(2),
    )  # fmt: skip
    ops.ask(
        store, bruno, "Can we drop the 2019 file format?", by="in 1 hour", one_way=True,
        now=hours_ago(3),
    )  # fmt: skip
    ops.block(store, carla, "Export button", on="Q1", now=hours_ago(1.5))
    ops.block(store, bruno, "Payment sandbox access", on="the bank's API team", now=hours_ago(98))


def seed_questions(store: Store, count: int) -> None:
    """``count`` open questions by Carla, "question number 1" (oldest) upwards."""
    me = actor("carla")
    for n in range(count):
        ops.ask(store, me, f"question number {n + 1}", now=NOW - timedelta(hours=count - n))


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", TZ)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    for name in ("STANDUP_NOW", "STANDUP_USER", "STANDUP_DB", "STANDUP_CONFIG_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def board_path(tmp_path: Path) -> Path:
    return tmp_path / "board" / "board.json"


@pytest.fixture
def store(board_path: Path) -> Store:
    return Store(board_path)


@pytest.fixture
def seeded(store: Store) -> Store:
    seed_team(store)
    return store


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return tmp_path / "config"


@pytest.fixture
def make_app(config_dir: Path) -> Callable[..., object]:
    """``make_app(store, user="carla", theme=None, clock=…)`` → a board app for Pilot."""
    from standup.ui.app import StandupApp

    def make(
        store: Store,
        user: str = ME,
        theme: str | None = None,
        clock: Callable[[], datetime] = lambda: NOW,
        **kwargs: object,
    ) -> StandupApp:
        app = StandupApp(
            store=store,
            actor=actor(user),
            clock=clock,
            theme=theme,
            config_dir=kwargs.pop("config", config_dir),  # type: ignore[arg-type]
            blink=False,
            **kwargs,  # type: ignore[arg-type]
        )
        app.animation_level = "none"
        record_notices(app)
        return app

    return make


class Said(NamedTuple):
    """One notification the app showed."""

    message: str
    title: str
    severity: str
    markup: bool


def record_notices(app) -> None:  # noqa: ANN001
    """Keep every notification ``app`` shows in ``app.said`` (through the public
    ``notify``, which screens and widgets call too), so tests need not read Textual's
    private notification store."""
    app.said = []
    show = app.notify

    def notify(message: str, **kwargs: object) -> None:
        title, severity = str(kwargs.get("title", "")), str(kwargs.get("severity", "information"))
        app.said.append(Said(message, title, severity, bool(kwargs.get("markup", True))))
        show(message, **kwargs)  # type: ignore[arg-type]

    app.notify = notify


WAIT_S = 30.0  # only bounds a test that would hang: a claim about nothing, so generous


async def wait_for(pilot, condition: Callable[[], object], timeout: float = WAIT_S) -> None:  # noqa: ANN001
    """Let the app run until ``condition()`` holds.

    Each round awaits the app's workers (a load or a write in flight) and lets it handle
    its messages, then looks again; a short pause only when that was not enough (a
    change another process wrote is noticed by the app's poll). ``timeout`` fails a test
    that would otherwise hang; it is not a measure of speed.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await workers_done(pilot)
        await pilot.pause()
        if not condition():
            await pilot.pause(0.02)


async def workers_done(pilot) -> None:  # noqa: ANN001
    """Await the app's workers. One replaced by a newer one (a reload the poll or the
    tick started meanwhile) is done too: its ``WorkerCancelled`` is not a failure."""
    with contextlib.suppress(WorkerCancelled):
        await pilot.app.workers.wait_for_complete()


async def settled(pilot, *nodes) -> None:  # noqa: ANN001
    """Wait until every message already queued for ``nodes``, then for the app, has been
    handled — and what handling them queued on the app too. "Nothing happened" is only
    asserted after this: right after a key or a click, nothing has happened *yet*."""
    import asyncio

    for node in (*nodes, pilot.app, pilot.app):
        done = asyncio.Event()
        if node.call_later(done.set):
            await asyncio.wait_for(done.wait(), WAIT_S)


async def loaded(pilot) -> None:  # noqa: ANN001
    """Wait until the board has been read and painted once, with what was new in the
    inbox (read by a worker right after the first view) on it."""
    from textual.worker import WorkerState

    app = pilot.app
    await wait_for(pilot, lambda: app.view is not None and app.board_screen.view is not None)
    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    await wait_for(
        pilot, lambda: not any(w.group == "inbox" and w.state in busy for w in app.workers)
    )
    await pilot.pause()


def screen_text(app) -> str:  # noqa: ANN001
    """What is on the screen, as plain text lines (read from an SVG screenshot)."""
    import html
    import re

    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    pattern = r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>'
    for m in re.finditer(pattern, svg):
        rows.setdefault(float(m[2]), []).append((float(m[1]), html.unescape(m[3])))
    lines = []
    for y in sorted(rows):
        line = [" "] * (app.size.width + 10)
        for x, text in rows[y]:
            column = round(x / 12.2)  # Textual's SVG cell width
            for i, ch in enumerate(text.replace("\xa0", " ")):
                if column + i < len(line):
                    line[column + i] = ch
        lines.append("".join(line).rstrip())
    return "\n".join(lines)
