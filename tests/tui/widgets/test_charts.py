"""The charts as a person reads them: a y label on every row it names, week labels to the last week,
a legend that fits its width and names value, target and pace."""

from __future__ import annotations

import itertools
import re

import pytest
from rich.cells import cell_len

from okrtui.tui.widgets.charts import ChartData, LegendItem, _plot, legend_line, spark, week_ticks

RGB = {
    name: (200, 200, 200) for name in ("okr-chart-value", "okr-chart-target", "okr-chart-pace", "foreground")
}
ESCAPES = re.compile(r"\x1b\[[0-9;]*m")
WEEKS = [f"2026-W{n:02d}" for n in range(40, 53)] + ["2027-W01"]


def plotted(data: ChartData, width: int, rows: int, *, weeks: bool = False) -> list[str]:
    return ESCAPES.sub("", _plot(data, width, rows, RGB, weeks=weeks)).splitlines()


def y_labels(lines: list[str]) -> list[tuple[int, float]]:
    """(row, value) of every row that starts with a number."""
    found = [(row, re.match(r"\s*(-?\d+(?:\.\d+)?)", line)) for row, line in enumerate(lines)]
    return [(row, float(m.group(1))) for row, m in found if m]


@pytest.mark.parametrize("rows", [3, 4, 5, 6, 7, 8, 12, 13, 24, 29])
@pytest.mark.parametrize(("low", "high"), [(5.0, 17.6), (6.0, 14.0), (99.9, 99.99), (0, 1200)])
def test_each_y_label_sits_on_the_row_whose_value_it_names(rows: int, low: float, high: float) -> None:
    data = ChartData.of(WEEKS[:10], [high, None, (low + high) / 2, low], target=low)
    labels = y_labels(plotted(data, 40, rows))
    step = (high - low) / (rows - 1)
    assert labels[0][0] == 0 and labels[-1][0] == rows - 1  # the top and the bottom row are named
    gaps = {b[0] - a[0] for a, b in itertools.pairwise(labels)}
    assert len(labels) >= rows // 3 and max(gaps) <= 3  # no label goes missing
    for row, value in labels:
        assert value == pytest.approx(high - row * step, abs=step / 2 + 1e-9)


@pytest.mark.parametrize("count", [1, 2, 5, 10, 13, 14])
@pytest.mark.parametrize("width", range(12, 121, 9))
def test_week_labels_run_from_the_first_week_to_this_week(count: int, width: int) -> None:
    weeks = WEEKS[:count]
    data = ChartData.of(weeks, [5.0] * count, ylim=(1, 10))
    bottom = plotted(data, width, 4, weeks=True)[-1]
    shown = re.findall(r"W\d\d", bottom)
    assert shown == week_ticks(weeks, width - 5)[1]
    assert shown[-1] == weeks[-1][-3:] and (count < 2 or shown[0] == weeks[0][-3:] or len(shown) == 1)


def test_the_legend_says_what_fits_and_cuts_with_an_ellipsis() -> None:
    items = [
        LegendItem(("⣿ value 9.94%", "⣿ now 9.94%", "⣿ 9.94%"), "okr-chart-value"),
        LegendItem(("─ target 5%",), "okr-chart-target"),
        LegendItem(("· expected pace 8.57%", "· pace 8.57%", "· pace 8.57%", "· pace"), "okr-chart-pace"),
    ]
    assert legend_line(items, 80, RGB).plain == "⣿ value 9.94%  ─ target 5%  · expected pace 8.57%"
    assert legend_line(items, 34, RGB).plain == "⣿ 9.94% ─ target 5% · pace 8.57%"
    tiny = legend_line(items, 12, RGB).plain
    assert tiny.endswith("…") and cell_len(tiny) <= 12
    wide = [LegendItem(("⣿ 変更失敗率 9.94%",), "okr-chart-value")]
    cut = legend_line(wide, 10, RGB).plain
    assert cut.endswith("…") and cell_len(cut) <= 10


def test_value_target_and_pace_read_without_colour() -> None:
    """Each line has its own glyph: braille for the value, `─` the target, `·` the pace."""
    pace = [18.0 - 1.3 * n for n in range(10)]
    data = ChartData.of(WEEKS[:10], [17.6, 15.0, 13.0, None, 11.0], target=5.0, pace=pace)
    text = "\n".join(plotted(data, 40, 8))
    assert "─" in text and "·" in text and re.search("[\u2801-\u28ff]", text)


def test_a_sparkline_leaves_a_gap_for_a_week_without_a_check_in() -> None:
    assert spark(ChartData.of(WEEKS[:3], [1.0, None, 10.0], ylim=(1, 10))) == "▁ █"
