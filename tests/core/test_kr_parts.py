"""KRs whose numbers sit apart from the sentence: roadmap cells and Baseline: / Target: lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrtui.core.kr_parts import read_parts
from okrtui.core.models import Direction, KRKind

INC, DEC = Direction.INCREASE, Direction.DECREASE
ABOVE, BELOW = Direction.MAINTAIN_ABOVE, Direction.MAINTAIN_BELOW

# title, baseline cell, target cell, baseline, target, unit, direction
CELLS = [
    ("Time to hire", "60 days", "≤45 days", 60, 45, "days", DEC),
    ("Time to hire", "", "≤45 days", 45, 45, "days", BELOW),  # no baseline: a line to hold
    ("Reduce time to hire", "", "45 days", None, 45, "days", DEC),  # the verb says which way
    ("Keep service availability", "", "≥ 99.5%", 99.5, 99.5, "%", ABOVE),
    ("Grow monthly active users", "5,000", "8,000", 5000, 8000, "", INC),
    ("Cut p95 latency", "800 ms", "-25%", 800, 600, "ms", DEC),  # a signed cell is a change
    ("NPS", "40", "+10 pts", 40, 50, "pts", INC),
    ("Cut build time", "2 h", "30 min", 120, 30, "min", DEC),  # converted to the target's unit
    ("Hold 6 show and tells", "", "6", 0, 6, "", INC),  # a count starts from zero
    ("Add 2 new carrier partners", "0", "2", 0, 2, "partners", INC),
    ("Reduce calls per 1,000 applications", "140", "90", 140, 90, "", DEC),  # the title's 1,000 is not it
    ("Support requests per order", "0.8", "≤ 0.5", 0.8, 0.5, "", DEC),  # 0.5 is not "zero"
]


@pytest.mark.parametrize(("title", "start", "end", "baseline", "target", "unit", "direction"), CELLS)
def test_cells(
    title: str, start: str, end: str, baseline: float | None, target: float, unit: str, direction: Direction
) -> None:
    parsed = read_parts(title, start, end)
    assert (parsed.baseline, parsed.target, parsed.unit, parsed.direction) == (
        baseline,
        target,
        unit,
        direction,
    )


@pytest.mark.parametrize("done", ["Done", "yes", "✅", "Launched"])
def test_a_done_cell_is_done_or_not_done(done: str) -> None:
    assert read_parts("Publish the accessibility statement", "—", done).kind is KRKind.BINARY


def test_empty_cells_leave_the_sentence_alone_and_unreadable_cells_say_so() -> None:
    assert read_parts("Cut errors from 3% to 1%", "n/a", "TBD").target == 1
    parsed = read_parts("Grow signups", "", "lots")
    assert any("could not read" in p for p in parsed.problems)


def test_a_relative_target_needs_the_baseline_to_become_a_number() -> None:
    parsed = read_parts("Shrink the bundle", "", "-30%")
    assert (parsed.relative, parsed.factor, parsed.direction, parsed.baseline) == (
        True,
        pytest.approx(0.7),
        DEC,
        None,
    )


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.text(max_size=30), st.text(max_size=30))
def test_any_cells_read_without_raising(title: str, start: str, end: str) -> None:
    parsed = read_parts(title, start, end)
    for value in (parsed.baseline, parsed.target):
        assert value is None or value == value
