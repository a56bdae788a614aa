"""ISO weeks and quarters: every check-in is filed under a week, so the calendar must be right."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.core.weeks import parse_week, quarter_of, shift_week, today, week_of, week_start, weeks_between
from tests.conftest import TODAY

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2200, 12, 31))


def test_today_honours_the_pinned_date(monkeypatch: pytest.MonkeyPatch) -> None:
    assert today() == TODAY
    monkeypatch.setenv("OKRTUI_TODAY", "2027-01-04")
    assert today() == date(2027, 1, 4)
    monkeypatch.delenv("OKRTUI_TODAY")
    assert today() == date.today()


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2026, 11, 18), "2026-W47"),
        (date(2021, 1, 3), "2020-W53"),
        (date(2024, 12, 30), "2025-W01"),
        (date(2026, 12, 31), "2026-W53"),
    ],
)
def test_week_of_uses_iso_weeks(day: date, week: str) -> None:
    assert week_of(day) == week


@pytest.mark.parametrize(("text", "week"), [("2026-W47", "2026-W47"), (" 2026-w05 ", "2026-W05")])
def test_parse_week_normalises(text: str, week: str) -> None:
    assert parse_week(text) == week


@pytest.mark.parametrize(
    "text", ["2026-W54", "2025-W53", "2026-W00", "W47", "2026-47", "2026-W7", "", "next"]
)
def test_parse_week_refuses_weeks_that_do_not_exist(text: str) -> None:
    with pytest.raises(ValueError, match="week"):
        parse_week(text)


def test_week_start_is_the_monday() -> None:
    assert week_start("2026-W47") == date(2026, 11, 16)
    assert week_start("2025-W01") == date(2024, 12, 30)


def test_shift_week_crosses_years() -> None:
    assert shift_week("2026-W53", 1) == "2027-W01"
    assert shift_week("2027-W01", -1) == "2026-W53"


def test_weeks_between_lists_every_touched_week() -> None:
    assert weeks_between(date(2026, 11, 18), date(2026, 12, 1)) == ["2026-W47", "2026-W48", "2026-W49"]
    assert weeks_between(date(2026, 11, 18), date(2026, 11, 1)) == []


@pytest.mark.parametrize(
    ("day", "quarter", "start", "end"),
    [
        (date(2026, 1, 1), "2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 5, 20), "2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 9, 30), "2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 12, 31), "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_quarter_of(day: date, quarter: str, start: date, end: date) -> None:
    assert quarter_of(day) == (quarter, start, end)


@given(days)
def test_a_day_falls_in_its_own_week(day: date) -> None:
    week = week_of(day)
    assert parse_week(week) == week
    assert week_start(week) <= day < week_start(week) + timedelta(days=7)


@given(days, st.integers(-600, 600))
def test_shifting_there_and_back_returns(day: date, weeks: int) -> None:
    week = week_of(day)
    assert shift_week(shift_week(week, weeks), -weeks) == week
    assert (week_start(shift_week(week, weeks)) - week_start(week)).days == 7 * weeks


@given(days)
def test_quarters_hold_their_day(day: date) -> None:
    _, start, end = quarter_of(day)
    assert start <= day <= end
    assert quarter_of(end + timedelta(days=1))[1] == end + timedelta(days=1)
