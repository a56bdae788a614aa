"""The OKR maths a team reads every week: progress, score, bands, pace and confidence trend."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from okrtui.core.models import Direction, KeyResult, KRKind
from okrtui.core.scoring import (
    Band,
    Trend,
    confidence_band,
    is_behind_pace,
    progress,
    score,
    score_band,
    trend,
    weighted_score,
)
from tests.support import check_in

numbers = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
confidences = st.integers(min_value=1, max_value=10)


def kr(baseline: float, target: float, **changes: object) -> KeyResult:
    return KeyResult(
        id="kr-abcd",
        objective="ob-abcd",
        title="A KR",
        owner="Ana",
        baseline=baseline,
        target=target,
        **changes,
    )


@st.composite
def moving_krs(draw: st.DrawFn, direction: Direction | None = None) -> KeyResult:
    """A metric KR whose baseline and target are apart (in the given direction, if any)."""
    baseline, target = draw(numbers), draw(numbers)
    assume(abs(target - baseline) > 1e-6 * max(1.0, abs(target), abs(baseline)))
    if (direction is Direction.INCREASE and target < baseline) or (
        direction is Direction.DECREASE and target > baseline
    ):
        baseline, target = target, baseline
    return kr(baseline, target)


@st.composite
def any_krs(draw: st.DrawFn) -> KeyResult:
    kind = draw(st.sampled_from(["moving", "maintain_above", "maintain_below", "binary"]))
    if kind == "moving":
        return draw(moving_krs())
    if kind == "binary":
        return kr(0, 1, kind=KRKind.BINARY)
    level = draw(numbers)
    return kr(level, level, direction=Direction(kind))


@given(any_krs(), numbers)
def test_score_is_always_within_zero_and_one(key_result: KeyResult, value: float) -> None:
    assert 0.0 <= score(key_result, value) <= 1.0


@given(moving_krs(Direction.DECREASE), numbers, numbers)
def test_progress_of_a_decreasing_kr_rises_as_the_value_falls(
    key_result: KeyResult, a: float, b: float
) -> None:
    assert key_result.direction is Direction.DECREASE
    low, high = sorted((a, b))
    assert progress(key_result, low) >= progress(key_result, high)
    assert score(key_result, low) >= score(key_result, high)


@given(moving_krs(Direction.INCREASE), numbers, numbers)
def test_progress_of_an_increasing_kr_rises_with_the_value(key_result: KeyResult, a: float, b: float) -> None:
    assert key_result.direction is Direction.INCREASE
    low, high = sorted((a, b))
    assert progress(key_result, low) <= progress(key_result, high)
    assert score(key_result, low) <= score(key_result, high)


@given(moving_krs())
def test_baseline_is_zero_and_target_is_one(key_result: KeyResult) -> None:
    assert progress(key_result, key_result.baseline) == pytest.approx(0.0, abs=1e-9)
    assert progress(key_result, key_result.target) == pytest.approx(1.0)


def test_progress_examples_both_ways() -> None:
    assert progress(kr(1200, 2000), 1600) == pytest.approx(0.5)
    assert progress(kr(18, 5), 11.5) == pytest.approx(0.5)
    assert progress(kr(18, 5), 2) > 1.0, "beating a target shows as more than 100%"
    assert score(kr(18, 5), 2) == 1.0
    assert progress(kr(18, 5), 20) < 0.0 and score(kr(18, 5), 20) == 0.0


def test_maintain_krs_score_full_while_the_threshold_holds() -> None:
    above = kr(99.95, 99.95, direction=Direction.MAINTAIN_ABOVE)
    below = kr(300, 300, direction=Direction.MAINTAIN_BELOW)
    assert score(above, 99.95) == score(above, 99.99) == 1.0
    assert score(above, 99.9) == 0.0
    assert score(below, 300) == score(below, 250) == 1.0
    assert score(below, 301) == 0.0


def test_binary_krs_are_done_or_not() -> None:
    done = kr(0, 1, kind=KRKind.BINARY)
    assert (score(done, 0), score(done, 1)) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0.0, Band.OFF_TRACK),
        (0.3999, Band.OFF_TRACK),
        (0.4, Band.AT_RISK),
        (0.6999, Band.AT_RISK),
        (0.7, Band.ON_TRACK),
        (1.0, Band.ON_TRACK),
    ],
)
def test_score_bands_break_at_point_four_and_point_seven(value: float, band: Band) -> None:
    assert score_band(value) is band


@given(st.floats(0, 1), st.floats(0, 1))
def test_a_higher_score_never_gets_a_worse_band(a: float, b: float) -> None:
    order = [Band.OFF_TRACK, Band.AT_RISK, Band.ON_TRACK]
    low, high = sorted((a, b))
    assert order.index(score_band(low)) <= order.index(score_band(high))


@pytest.mark.parametrize(
    ("confidence", "band"),
    [
        (1, Band.OFF_TRACK),
        (3, Band.OFF_TRACK),
        (4, Band.AT_RISK),
        (6, Band.AT_RISK),
        (7, Band.ON_TRACK),
        (10, Band.ON_TRACK),
    ],
)
def test_confidence_bands(confidence: int, band: Band) -> None:
    assert confidence_band(confidence) is band


def test_every_band_has_its_own_symbol_word_and_theme_variable() -> None:
    for field in ("symbol", "label", "variable"):
        assert len({getattr(band, field) for band in Band}) == len(Band)
    for band in Band:
        assert band.badge == f"{band.symbol} {band.label}"
        assert band.variable.startswith("okr-")


@given(st.lists(confidences, max_size=1))
def test_no_trend_without_two_check_ins(history: list[int]) -> None:
    assert trend(history) is None


@given(st.lists(confidences, min_size=2, max_size=20))
def test_trend_is_the_change_since_last_week(history: list[int]) -> None:
    result = trend(history)
    assert result is not None and result.delta == history[-1] - history[-2]
    assert result.is_alert == (result.delta <= -2)


def test_trend_reads_as_an_arrow_and_size() -> None:
    assert (str(Trend(2)), str(Trend(-3)), str(Trend(0))) == ("↑2", "↓3", "→")
    assert not Trend(-1).is_alert and Trend(-2).is_alert


def test_behind_pace_needs_a_clear_gap() -> None:
    growth = kr(0, 100)
    assert not is_behind_pace(growth, 50, elapsed=0.6)
    assert is_behind_pace(growth, 40, elapsed=0.6)
    assert not is_behind_pace(kr(0, 1, kind=KRKind.BINARY), 0, elapsed=0.9)
    assert not is_behind_pace(kr(5, 5, direction=Direction.MAINTAIN_ABOVE), 0, elapsed=0.9)


@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0.01, 100)), min_size=1, max_size=10))
def test_objective_score_is_a_weighted_mean_of_its_krs(pairs: list[tuple[float, float]]) -> None:
    result = weighted_score(pairs)
    assert result is not None
    scores = [s for s, _ in pairs]
    assert min(scores) - 1e-9 <= result <= max(scores) + 1e-9


def test_weighted_score_examples() -> None:
    assert weighted_score([(1.0, 3), (0.0, 1)]) == pytest.approx(0.75)
    assert weighted_score([]) is None


def test_a_broken_keep_above_line_is_never_shown_on_track(demo_store) -> None:
    from okrtui.core.status import board_status
    from tests.conftest import TODAY

    check_in(demo_store, "kr-upt9", week="2026-W47", value=9, confidence=8)
    board = demo_store.board(demo_store.cycle("2026-Q4"), demo_store.team("platform"))
    uptime = next(k for o in board_status(board, TODAY) for k in o.key_results if k.kr.id == "kr-upt9")
    assert uptime.threshold_broken
    assert uptime.health.label == "at risk"
