"""Small weekly charts of the history screen: questions asked and answered, the median
time to answer and the time blocked, one week a step, oldest on the left.

Drawn with Textual's own :class:`~textual.widgets.Sparkline` (no plotting library: a
line of ``▁▂▃▅█`` per series says "more or less than usual" at 80×24, which is all a
stand-up needs, and costs no import beyond Textual's). Each chart carries its numbers in
words too — the latest week and the highest — so nothing is read from the bars alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Grid, Horizontal
from textual.content import Content
from textual.widgets import Sparkline, Static

from standup.rows import age
from standup.ui.widgets.history_numbers import NONE

Series = tuple[str, str, str, Callable[[float], str]]  # id, label, weekly key, format

SERIES: tuple[Series, ...] = (
    ("asked", "asked", "asked", lambda v: str(int(v))),
    ("answered", "answered", "answered", lambda v: str(int(v))),
    ("median", "to answer", "median_answer_seconds", lambda v: age(int(v))),
    ("blocked", "blocked", "blocked_seconds", lambda v: age(int(v))),
)


def values(weekly: Sequence[dict[str, Any]], key: str) -> list[float | None]:
    """One number a week, ``None`` for a week with nothing counted (no answer: no
    median)."""
    return [None if w.get(key) is None else float(w[key]) for w in weekly]


def stretched(data: Sequence[float | None], width: int) -> list[float]:
    """The bars to draw (a week with nothing counted at the bottom), each week repeated
    so that every week gets (nearly) the same number of cells: the sparkline shares its
    width out among data points, unevenly when there are fewer points than cells."""
    bars = [v or 0.0 for v in data]
    if not bars or width <= len(bars):
        return bars
    times = -(-width // len(bars))  # ceil
    return [v for v in bars for _ in range(times)]


def summary(data: Sequence[float | None], fmt: Callable[[float], str]) -> str:
    """``last 3 · max 8`` in words; ``—`` for what was not counted."""
    if not data:
        return "no weeks"
    counted = [v for v in data if v is not None]
    last = NONE if data[-1] is None else fmt(data[-1])
    return f"last {last} · max {fmt(max(counted)) if counted else NONE}"


class Chart(Horizontal):
    """A label, the weekly sparkline, and the latest and highest values in words."""

    def __init__(self, series: Series) -> None:
        super().__init__(id=f"chart-{series[0]}", classes="history-chart")
        self.series = series
        self.weeks: list[float | None] = []
        self._said = ""

    def compose(self) -> ComposeResult:
        yield Static(Content(self.series[1]), classes="chart-label")
        yield Sparkline([], summary_function=max, classes="chart-line")
        yield Static(Content(""), classes="chart-summary")

    def show(self, weekly: Sequence[dict[str, Any]]) -> None:
        _id, _label, key, fmt = self.series
        self.weeks = values(weekly, key)
        self._draw()
        said = summary(self.weeks, fmt)
        if said != self._said:  # each update lays the screen out again
            self._said = said
            self.query_one(".chart-summary", Static).update(Content(said))

    def _draw(self) -> None:
        line = self.query_one(Sparkline)
        data = stretched(self.weeks, line.size.width)
        if data != line.data:
            line.data = data

    def on_resize(self) -> None:
        self.call_after_refresh(self._draw)  # the sparkline has its new width then


class HistoryCharts(Grid):
    """The four weekly charts, two a line."""

    def compose(self) -> ComposeResult:
        for series in SERIES:
            yield Chart(series)

    def show(self, weekly: Sequence[dict[str, Any]]) -> None:
        for chart in self.query(Chart):
            chart.show(weekly)
