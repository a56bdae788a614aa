"""A small plotext line chart (value or confidence over the cycle's weeks) that follows the theme.

    chart = TrendChart(ChartData(weeks, values, colour="okr-chart-value", target=kr.target,
                                 pace=pace_line), id="value-chart")
    chart.data = new_data      # redraws
    TrendChart(framed=True)    # a legend on its first row and week labels on its last

plotext draws colours itself, so they are read from the app's theme variables at render time and
the chart redraws when the theme changes. Drawings are kept in one small cache (`chart_text`) keyed
by data, size and colours: a chart that did not change costs nothing on refresh, and one drawn
ahead in a thread (the meeting's next KR) is only shown. Every line has its own glyph as well as
its colour (braille value, `─` target, `·` pace), so the chart reads without colour (NO_COLOR,
projectors).

The y ticks are placed one per row (every other row on tall charts) at the value plotext draws on
that row: plotext's own ticks can outnumber the rows, and then a label goes missing and the
others no longer sit on the rows they name.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.geometry import Size
from textual.reactive import reactive
from textual.theme import Theme
from textual.widget import Widget

from okrtui.core.models import Cycle
from okrtui.core.series import weekly_series
from okrtui.core.status import KRStatus
from okrtui.core.values import format_value

FALLBACK = {"okr-chart-value": "primary", "okr-chart-confidence": "accent"}
VALUE_GLYPH, TARGET_GLYPH, PACE_GLYPH = "⣿", "─", "·"
LABEL_EVERY_ROW_UP_TO = 12
"""Taller charts label every other row, so the labels do not crowd the axis."""


@dataclass(frozen=True)
class LegendItem:
    """One line of a chart named in its legend, said in fewer words as room runs out."""

    variants: tuple[str, ...]
    """From the fullest to the shortest."""
    colour: str

    def say(self, level: int) -> str:
        return self.variants[min(level, len(self.variants) - 1)]


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
    legend: tuple[LegendItem, ...] = ()
    """What a framed chart says on its first row."""

    @classmethod
    def of(
        cls,
        weeks: Sequence[str],
        values: Sequence[float | None],
        *,
        colour: str = "okr-chart-value",
        target: float | None = None,
        pace: Sequence[float] | None = None,
        ylim: tuple[float, float] | None = None,
        legend: Sequence[LegendItem] = (),
    ) -> ChartData:
        return cls(
            tuple(weeks),
            tuple(values),
            colour=colour,
            target=target,
            pace=tuple(pace) if pace else None,
            ylim=ylim,
            legend=tuple(legend),
        )

    def y_range(self) -> tuple[float, float]:
        """From the lowest to the highest point of every line drawn (never an empty range)."""
        if self.ylim:
            return self.ylim
        points = [v for v in self.values if v is not None] + list(self.pace or ())
        if self.target is not None:
            points.append(self.target)
        if not points:
            return (0.0, 1.0)
        low, high = min(points), max(points)
        if low == high:
            pad = abs(low) * 0.1 or 1.0
            return (low - pad, high + pad)
        return (low, high)


class TrendChart(Widget):
    """A braille line chart sized to its widget, y ticks on the left; framed: a legend and week labels."""

    DEFAULT_CSS = """
    TrendChart { height: 6; width: 1fr; }
    """

    data: reactive[ChartData | None] = reactive(None)

    def __init__(
        self,
        data: ChartData | None = None,
        *,
        framed: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ):
        super().__init__(id=id, classes=classes)
        self.framed = framed
        self.set_reactive(TrendChart.data, data)
        self._held = False

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def hold(self, data: ChartData) -> None:
        """Take new data but draw nothing until `release`: for a chart about to be resized, so
        it is drawn once, at its new size (a repaint, where hiding it would cost a relayout)."""
        self._held = True
        self.data = data

    def show(self, data: ChartData) -> None:
        """Take new data and draw it at the next frame."""
        self._held = False
        self.data = data
        self.refresh()

    def release(self) -> None:
        if self._held:
            self._held = False
            self.refresh()

    def _theme_changed(self, theme: Theme) -> None:
        self.refresh()

    def render(self) -> Text:
        data = self.data
        if data is None or self._held:
            return Text("")
        drawing = self.drawing(data)
        return drawing() if drawing is not None else Text("")

    def drawing(self, data: ChartData, size: Size | None = None) -> Callable[[], Text] | None:
        """How `data` is drawn at this chart's size (or `size`, for a chart not laid out yet) and
        colours (None: too small to draw): called ahead, off the UI thread, it leaves the chart
        only to be shown (see `chart_text`)."""
        width, height = size or self.content_size
        if width < 8 or (height - 1 if self.framed else height) < 2:
            return None
        names = (data.colour, "okr-chart-target", "okr-chart-pace", "foreground")
        rgb = tuple((name, self._rgb(name)) for name in names)
        return partial(chart_text, data, width, height, rgb, self.framed)

    def _rgb(self, variable: str) -> tuple[int, int, int]:
        variables = self.app.theme_variables
        value = variables.get(variable) or variables.get(FALLBACK.get(variable, "foreground"), "white")
        return Color.parse(value).rgb


def legend_line(items: Sequence[LegendItem], width: int, rgb: dict[str, tuple[int, int, int]]) -> Text:
    """The legend in `width` cells: in as many words as fit, at worst cut with `…`."""
    levels = max((len(i.variants) for i in items), default=1)
    tries = [(0, "  ")] + [(level, " ") for level in range(levels)]
    for level, gap in tries:
        if cell_len(gap.join(i.say(level) for i in items)) <= width:
            break
    line = Text()
    for n, item in enumerate(items):
        if n:
            line.append(gap)
        colour = rgb.get(item.colour, rgb["foreground"])
        line.append(item.say(level), Style(color=f"rgb({colour[0]},{colour[1]},{colour[2]})"))
    line.truncate(width, overflow="ellipsis")
    return line


def row_ticks(low: float, high: float, rows: int) -> tuple[list[float], list[str]]:
    """The value on each row (on tall charts every second or third row, the top and the bottom one
    always), rounded to less than half a row."""
    if rows < 2:
        return [low], [f"{low:g}"]
    step = (high - low) / (rows - 1)
    every = 1
    if rows > LABEL_EVERY_ROW_UP_TO:
        every = next((k for k in (2, 3) if (rows - 1) % k == 0), 2)
    picked = list(range(0, rows, every))
    if picked[-1] != rows - 1:
        picked[-1] = rows - 1
    ticks = [low + step * row for row in picked]
    decimals = 0 if step >= 10 else max(1, math.ceil(-math.log10(step)))  # rounded by under half a row
    return ticks, [f"{t:.{decimals}f}" for t in ticks]


def week_ticks(weeks: Sequence[str], room: int) -> tuple[list[int], list[str]]:
    """Week labels (`W47`): the last week always, then every k-th week back from the first, as many
    as `room` cells fit with a space or more between them."""
    if not weeks:
        return [], []
    labels = [w.rsplit("-", 1)[-1] for w in weeks]
    label = max(cell_len(x) for x in labels) + 2
    count = len(weeks)
    per_week = (room - label) / max(1, count - 1)  # the last label overhangs the last week
    step = math.floor(label / per_week) + 1 if per_week > 0 else count  # strictly more than a label apart
    positions = list(range(1, count + 1, step))
    if positions[-1] != count:
        if (count - positions[-1]) * per_week <= label:
            positions.pop()
        positions.append(count)
    return positions, [labels[p - 1] for p in positions]


@lru_cache(maxsize=16)
def chart_text(
    data: ChartData, width: int, height: int, rgb: tuple[tuple[str, tuple[int, int, int]], ...], framed: bool
) -> Text:
    """A chart as drawn, kept for the next few draws: the KR on screen, the ones drawn ahead, the
    one before (a chart costs 3-5 ms to plot, a meeting step has two)."""
    colours = dict(rgb)
    plot = Text.from_ansi(_plot(data, width, height - 1 if framed else height, colours, weeks=framed))
    if framed:
        plot = Text("\n").join([legend_line(data.legend, width, colours), plot])
    return plot


def _plot(
    data: ChartData, width: int, rows: int, rgb: dict[str, tuple[int, int, int]], *, weeks: bool
) -> str:
    with _CANVAS:
        return _plot_on_canvas(data, width, rows, rgb, weeks=weeks)


_CANVAS = threading.Lock()
"""plotext draws on one module-level canvas: one chart at a time (the UI thread, `warm_up`, or a
meeting step drawing the next KR ahead)."""


def _plot_on_canvas(
    data: ChartData, width: int, rows: int, rgb: dict[str, tuple[int, int, int]], *, weeks: bool
) -> str:
    import plotext as plt

    plt.clf()
    plt.limit_size(False, False)  # the widget's size, not the terminal's (a headless run has none)
    plt.theme("clear")
    plot_rows = rows - 1 if weeks else rows
    plt.plotsize(width, rows)
    plt.frame(False)
    plt.ticks_color(rgb["foreground"])
    low, high = data.y_range()
    ticks, labels = row_ticks(low, high, plot_rows)
    plt.yticks(ticks, labels)
    plt.ylim(low, high)
    xs = list(range(1, len(data.weeks) + 1))
    if weeks:
        room = width - max(cell_len(label) for label in labels) - 1
        plt.xticks(*week_ticks(data.weeks, room))
    else:
        plt.xticks([])
    points = [(x, y) for x, y in zip(xs, data.values, strict=False) if y is not None]
    if data.pace:
        plt.plot(xs[: len(data.pace)], list(data.pace), marker=PACE_GLYPH, color=rgb["okr-chart-pace"])
    if data.target is not None:
        plt.hline(data.target, rgb["okr-chart-target"])
    if points:
        plt.plot([p[0] for p in points], [p[1] for p in points], marker="braille", color=rgb[data.colour])
    if xs:
        plt.xlim(1, max(len(xs), 2))
    return str(plt.build())


def warm_up() -> None:
    """Import plotext and draw one small chart (0.4 s, the first build 50 ms of it), in a thread
    while a screen waits: the first KR a room sees does not pay for it."""
    weeks, white = ["2026-W01", "2026-W02"], (255, 255, 255)
    data = ChartData.of(weeks, [0.0, 1.0], colour="foreground", target=1.0, pace=[0.0, 0.5])
    _plot(data, 16, 5, dict.fromkeys(("foreground", "okr-chart-target", "okr-chart-pace"), white), weeks=True)


SPARKS = "▁▂▃▄▅▆▇█"


def spark(data: ChartData) -> str:
    """The series as one line of block characters (a week without a check-in is a space)."""
    low, high = data.y_range()
    span = (high - low) or 1.0
    return "".join(
        " " if v is None else SPARKS[max(0, min(7, round((v - low) / span * 7)))] for v in data.values
    )


def sparklines(value: ChartData, confidence: ChartData) -> str:
    """The collapsed chart pane: both series and their legends (without the glyphs) on one line."""

    def words(data: ChartData) -> str:
        return " · ".join(item.say(1).split(" ", 1)[-1] for item in data.legend)

    return f"value {spark(value)} {words(value)} │ confidence {spark(confidence)} {words(confidence)}"


def kr_charts(status: KRStatus, cycle: Cycle, upto: str | None = None) -> tuple[ChartData, ChartData]:
    """The value chart (with target and expected-pace lines) and the confidence chart of a KR."""
    series = weekly_series(status, cycle, upto)
    unit = status.kr.unit
    values = [v for v in series.values if v is not None]
    now = format_value(values[-1], unit) if values else "none yet"
    target = f"{TARGET_GLYPH} target {format_value(status.kr.target, unit)}"
    legend = [
        LegendItem(
            (f"{VALUE_GLYPH} value {now}", f"{VALUE_GLYPH} now {now}", f"{VALUE_GLYPH} {now}"),
            "okr-chart-value",
        ),
        LegendItem((target,), "okr-chart-target"),
    ]
    if series.pace:
        pace = format_value(series.pace[-1], unit)
        legend.append(
            LegendItem(
                (
                    f"{PACE_GLYPH} expected pace {pace}",
                    f"{PACE_GLYPH} pace {pace}",
                    f"{PACE_GLYPH} pace {pace}",
                    f"{PACE_GLYPH} pace",
                ),
                "okr-chart-pace",
            )
        )
    value = ChartData.of(
        series.weeks,
        series.values,
        colour="okr-chart-value",
        target=status.kr.target,
        pace=series.pace,
        legend=legend,
    )
    confidences = [c for c in series.confidences if c is not None]
    said = f"{confidences[-1]:.0f}/10" if confidences else "none yet"
    confidence = ChartData.of(
        series.weeks,
        series.confidences,
        colour="okr-chart-confidence",
        ylim=(1, 10),
        legend=[
            LegendItem(
                (f"{VALUE_GLYPH} confidence {said}", f"{VALUE_GLYPH} now {said}"), "okr-chart-confidence"
            )
        ],
    )
    return value, confidence
