"""A small plotext line chart (value or confidence over the cycle's weeks) that follows the theme.

    chart = TrendChart(ChartData(weeks, values, colour="okr-chart-value", target=kr.target,
                                 pace=pace_line), id="value-chart")
    chart.data = new_data      # redraws

plotext draws colours itself, so they are read from the app's theme variables at render time and
the chart redraws when the theme changes. Renders are cached per (size, data, theme): a chart that
did not change costs nothing on refresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.color import Color
from textual.reactive import reactive
from textual.theme import Theme
from textual.widget import Widget

from okrtui.core.models import Cycle
from okrtui.core.series import weekly_series
from okrtui.core.status import KRStatus

FALLBACK = {"okr-chart-value": "primary", "okr-chart-confidence": "accent"}


@dataclass(frozen=True)
class ChartData:
    """One series over the cycle's weeks; `None` marks a week without a check-in."""

    weeks: tuple[str, ...]
    values: tuple[float | None, ...]
    colour: str = "okr-chart-value"
    """Theme variable of the line."""
    target: float | None = None
    """Drawn as a flat line in `$okr-chart-target`."""
    pace: tuple[float, ...] | None = None
    """The value a KR on pace has each week, drawn in `$okr-chart-pace`."""
    ylim: tuple[float, float] | None = None

    @classmethod
    def of(
        cls,
        weeks: Sequence[str],
        values: Sequence[float | None],
        **options: object,
    ) -> ChartData:
        pace = options.pop("pace", None)
        return cls(tuple(weeks), tuple(values), pace=tuple(pace) if pace else None, **options)  # type: ignore[arg-type]


class TrendChart(Widget):
    """A braille line chart sized to its widget; y ticks on the left, no x ticks (too cramped)."""

    DEFAULT_CSS = """
    TrendChart { height: 6; width: 1fr; }
    """

    data: reactive[ChartData | None] = reactive(None)

    def __init__(self, data: ChartData | None = None, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.set_reactive(TrendChart.data, data)
        self._cache: tuple[object, Text] | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        self._cache = None
        self.refresh()

    def render(self) -> Text:
        data = self.data
        width, height = self.content_size
        if data is None or width < 8 or height < 2:
            return Text("")
        rgb = {
            name: self._rgb(name)
            for name in (data.colour, "okr-chart-target", "okr-chart-pace", "foreground")
        }
        key = (width, height, data, tuple(rgb.values()))
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, Text.from_ansi(_plot(data, width, height, rgb)))
        return self._cache[1]

    def _rgb(self, variable: str) -> tuple[int, int, int]:
        variables = self.app.theme_variables
        value = variables.get(variable) or variables.get(FALLBACK.get(variable, "foreground"), "white")
        return Color.parse(value).rgb


def _plot(data: ChartData, width: int, height: int, rgb: dict[str, tuple[int, int, int]]) -> str:
    import plotext as plt  # a module-level canvas: only ever used from the UI thread

    plt.clf()
    plt.theme("clear")
    plt.plotsize(width, height)
    plt.frame(False)
    plt.xticks([])
    plt.ticks_color(rgb["foreground"])
    xs = list(range(1, len(data.weeks) + 1))
    points = [(x, y) for x, y in zip(xs, data.values, strict=False) if y is not None]
    if data.pace:
        plt.plot(xs[: len(data.pace)], list(data.pace), marker="braille", color=rgb["okr-chart-pace"])
    if data.target is not None:
        plt.hline(data.target, rgb["okr-chart-target"])
    if points:
        plt.plot([p[0] for p in points], [p[1] for p in points], marker="braille", color=rgb[data.colour])
    if xs:
        plt.xlim(1, max(len(xs), 2))
    if data.ylim:
        plt.ylim(*data.ylim)
    return str(plt.build())


def kr_charts(status: KRStatus, cycle: Cycle, upto: str | None = None) -> tuple[ChartData, ChartData]:
    """The value chart (with target and expected-pace lines) and the confidence chart of a KR."""
    series = weekly_series(status, cycle, upto)
    value = ChartData.of(
        series.weeks, series.values, colour="okr-chart-value", target=status.kr.target, pace=series.pace
    )
    confidence = ChartData.of(series.weeks, series.confidences, colour="okr-chart-confidence", ylim=(1, 10))
    return value, confidence
