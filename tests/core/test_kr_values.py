"""A value is read in its KR's own unit: the unit accepted, another unit refused, a typo caught."""

from __future__ import annotations

from typing import Any

import pytest

from okrtui.core.kr_values import far_outside, parse_kr_value
from okrtui.core.models import Direction, KeyResult, KRKind


def kr(unit: str = "", **changes: Any) -> KeyResult:
    fields: dict[str, Any] = {"id": "kr-1", "objective": "ob-1", "title": "t", "owner": "Ana", "unit": unit}
    fields.update(baseline=14, target=6)
    fields.update(changes)
    return KeyResult(**fields)


MINUTES = kr("min")
TEAMS = kr("teams", baseline=1200, target=2000)
PERCENT = kr("%", kind=KRKind.PERCENT, baseline=18, target=5)
DOLLARS = kr("$", kind=KRKind.CURRENCY, baseline=0, target=2e6)
LATENCY = kr("ms", baseline=300, target=300, direction=Direction.MAINTAIN_BELOW)
ENPS = kr("", baseline=12, target=40)
LAUNCH = kr("", kind=KRKind.BINARY)


@pytest.mark.parametrize(
    ("text", "key_result", "value"),
    [
        ("12 min", MINUTES, 12),
        ("12min", MINUTES, 12),
        ("12m", MINUTES, 12),
        ("12 minutes", MINUTES, 12),
        ("9", MINUTES, 9),
        ("1,650 teams", TEAMS, 1650),
        ("1 team", TEAMS, 1),
        ("1.5k", TEAMS, 1500),
        ("1.5K teams", TEAMS, 1500),
        ("45%", PERCENT, 45),
        ("45 percent", PERCENT, 45),
        ("$1.2M", DOLLARS, 1.2e6),
        ("1.2m", DOLLARS, 1.2e6),
        ("-$5", DOLLARS, -5),
        ("250ms", LATENCY, 250),
        ("-20", ENPS, -20),
        ("done", LAUNCH, 1),
        ("0", LAUNCH, 0),
    ],
)
def test_the_krs_own_unit_is_accepted(text: str, key_result: KeyResult, value: float) -> None:
    assert parse_kr_value(text, key_result) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "key_result", "mentions"),
    [
        ("$1.2M", TEAMS, "'$1.2M' is in $ (money); kr-1 is measured in teams"),
        ("45%", TEAMS, "is in percent"),
        ("12 apples", TEAMS, "is in apples"),
        ("2 h", MINUTES, "'2 h' is in hours; kr-1 is measured in min"),
        ("12 ms", MINUTES, "is in milliseconds"),
        ("0.3 s", LATENCY, "is in seconds"),
        ("€5", DOLLARS, "is in € (money)"),
        ("12 min", PERCENT, "is in minutes"),
        ("-5", MINUTES, "kr-1 is a duration: it cannot be negative"),
        ("-3%", PERCENT, "a percentage: it cannot be negative"),
        ("-1", TEAMS, "a count of teams: it cannot be negative"),
        ("2", LAUNCH, "done or not done"),
        ("abc", MINUTES, "'abc' is not a number"),
        ("", MINUTES, "enter a number"),
    ],
)
def test_another_unit_or_a_negative_count_is_refused_in_one_sentence(
    text: str, key_result: KeyResult, mentions: str
) -> None:
    with pytest.raises(ValueError) as caught:
        parse_kr_value(text, key_result)
    assert mentions in str(caught.value) and "\n" not in str(caught.value)


def test_a_kr_whose_range_is_negative_takes_negative_values() -> None:
    assert parse_kr_value("-3", kr("teams", baseline=-10, target=0)) == -3


@pytest.mark.parametrize(
    ("key_result", "value", "far"),
    [
        (MINUTES, 90, False),  # slow, but a real week can be that slow
        (MINUTES, 140, True),  # 14 with an extra zero
        (MINUTES, -100, True),
        (TEAMS, 16_500, True),
        (TEAMS, 2_400, False),
        (LATENCY, 3_000, True),
        (LATENCY, 400, False),  # a broken line, not a typo
        (LAUNCH, 1, False),
    ],
)
def test_a_value_ten_times_the_range_outside_it_looks_like_a_typo(
    key_result: KeyResult, value: float, far: bool
) -> None:
    warning = far_outside(key_result, value)
    assert (warning is not None) is far
    if warning:
        assert "far outside kr-1's range" in warning
