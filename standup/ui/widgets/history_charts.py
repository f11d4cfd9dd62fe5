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

Series = tuple[str, str, str, Callable[[float], str]]  # id, label, weekly key, format

SERIES: tuple[Series, ...] = (
    ("asked", "asked", "asked", lambda v: str(int(v))),
    ("answered", "answered", "answered", lambda v: str(int(v))),
    ("median", "to answer", "median_answer_seconds", lambda v: age(int(v))),
    ("blocked", "blocked", "blocked_seconds", lambda v: age(int(v))),
)


def values(weekly: Sequence[dict[str, Any]], key: str) -> list[float]:
    """One number a week (a week with nothing counted is 0)."""
    return [float(w.get(key) or 0) for w in weekly]


def stretched(data: Sequence[float], width: int) -> list[float]:
    """Each week repeated so that every week gets (nearly) the same number of cells:
    the sparkline shares its width out among data points, unevenly when there are
    fewer points than cells."""
    if not data or width <= len(data):
        return list(data)
    times = -(-width // len(data))  # ceil
    return [v for v in data for _ in range(times)]


def summary(data: Sequence[float], fmt: Callable[[float], str]) -> str:
    if not data:
        return "no weeks"
    return f"last {fmt(data[-1])} · max {fmt(max(data))}"


class Chart(Horizontal):
    """A label, the weekly sparkline, and the latest and highest values in words."""

    def __init__(self, series: Series) -> None:
        super().__init__(id=f"chart-{series[0]}", classes="history-chart")
        self.series = series
        self.weeks: list[float] = []

    def compose(self) -> ComposeResult:
        yield Static(Content(self.series[1]), classes="chart-label")
        yield Sparkline([], summary_function=max, classes="chart-line")
        yield Static(Content(""), classes="chart-summary")

    def show(self, weekly: Sequence[dict[str, Any]]) -> None:
        _id, _label, key, fmt = self.series
        self.weeks = values(weekly, key)
        self._draw()
        self.query_one(".chart-summary", Static).update(Content(summary(self.weeks, fmt)))

    def _draw(self) -> None:
        line = self.query_one(Sparkline)
        line.data = stretched(self.weeks, line.size.width)

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
