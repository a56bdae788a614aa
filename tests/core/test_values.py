"""Numbers as people type them, and back: the value field of every check-in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.core.values import format_value, parse_value, plain_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1200", 1200),
        ("1,200", 1200),
        ("12.5", 12.5),
        ("55%", 55),
        ("800K", 800_000),
        ("800k", 800_000),
        ("$1.2M", 1_200_000),
        ("-3", -3),
        ("−3", -3),
        (" 42 ", 42),
        ("1,234,567", 1_234_567),
        ("€2.5bn", 2.5e9),
        (".5", 0.5),
        ("+7", 7),
    ],
)
def test_parse_value_accepts_what_people_type(text: str, value: float) -> None:
    assert parse_value(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["abc", "", "   ", "nan", "NaN", "inf", "-inf", "🚀", "1,20", "12,34,567"])
def test_parse_value_refuses_what_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_value(text)
    assert str(caught.value) and "\n" not in str(caught.value)


def test_parse_value_refuses_numbers_too_large_to_store() -> None:
    with pytest.raises(ValueError, match="too large"):
        parse_value("9" * 400)


def test_a_long_paste_is_shortened_in_the_message() -> None:
    with pytest.raises(ValueError) as caught:
        parse_value("x" * 5000)
    assert len(str(caught.value)) < 120


@given(st.text())
def test_parse_value_never_raises_anything_but_value_error(text: str) -> None:
    try:
        value = parse_value(text)
    except ValueError as error:
        assert str(error)
    else:
        assert value == value and abs(value) != float("inf")


realistic = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-3, max_value=1e12),
    st.floats(min_value=-1e12, max_value=-1e-3),
)
"""Values a KR plausibly holds (the display never uses exponent notation inside this range)."""


@given(realistic, st.sampled_from(["", "%", "$", "€", "£"]))
def test_a_formatted_value_parses_back_to_about_the_same_number(value: float, unit: str) -> None:
    shown = format_value(value, unit)
    assert parse_value(shown) == pytest.approx(value, rel=6e-3, abs=6e-3)


@given(
    st.one_of(
        st.integers(-(10**14), 10**14).map(float), st.floats(-1e14, 1e14).filter(lambda v: abs(v) >= 1e-4)
    )
)
def test_plain_numbers_parse_back_exactly(value: float) -> None:
    assert parse_value(plain_number(value)) == value


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (None, "", "—"),
        (1200, "teams", "1,200 teams"),
        (12_500, "", "12.5K"),
        (2_500_000, "$", "$2.5M"),
        (-2_500_000, "$", "-$2.5M"),
        (55, "%", "55%"),
        (9.94, "%", "9.94%"),
        (0.25, "", "0.25"),
        (3.1e9, "", "3.1B"),
        (300, "ms", "300 ms"),
    ],
)
def test_format_value_is_short_and_carries_its_unit(value: float | None, unit: str, shown: str) -> None:
    assert format_value(value, unit) == shown


def test_plain_number_drops_needless_decimals() -> None:
    assert (plain_number(1200.0), plain_number(12.5), plain_number(-3.0)) == ("1200", "12.5", "-3")
