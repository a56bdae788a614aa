"""Away periods: one rule, asked about a day (a reminder) or a week's working days (a digest)."""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.core.away import away_people, away_period, check_new_period, current_and_coming, working_days
from okrtui.core.errors import RuleError
from okrtui.core.models import Away

BEN = Away(id="aw-1", person="Ben", start=date(2026, 11, 19), end=date(2026, 11, 27))


def test_away_on_a_day_and_in_a_week() -> None:
    assert away_period([BEN], "ben", [date(2026, 11, 18)]) is None, "back tomorrow is not away today"
    assert away_period([BEN], "BEN", [date(2026, 11, 19)]) == BEN
    assert away_people([BEN], working_days("2026-W47")) == {"ben": BEN}, "away Thursday and Friday"
    assert away_people([BEN], working_days("2026-W46")) == {}


def test_a_period_ends_after_it_starts() -> None:
    with pytest.raises(ValueError, match="ends"):
        Away(id="aw-2", person="Ben", start=date(2026, 11, 27), end=date(2026, 11, 19))


def test_an_overlapping_period_is_refused_and_the_same_one_found() -> None:
    same = BEN.model_copy(update={"id": "aw-9"})
    assert check_new_period([BEN], same) == BEN
    overlap = Away(id="aw-3", person="ben", start=date(2026, 11, 25), end=date(2026, 12, 2))
    with pytest.raises(RuleError, match=r"already away 2026-11-19 to 2026-11-27 \(aw-1\)"):
        check_new_period([BEN], overlap)
    assert check_new_period([BEN], overlap.model_copy(update={"person": "Ana"})) is None
    too_long = Away(id="aw-4", person="Ana", start=date(2026, 1, 1), end=date(2027, 6, 1))
    with pytest.raises(RuleError, match="at most a year"):
        check_new_period([], too_long)


def test_listing_shows_what_is_not_over_soonest_first() -> None:
    past = Away(id="aw-0", person="Ana", start=date(2026, 10, 1), end=date(2026, 10, 2))
    later = Away(id="aw-5", person="Ana", start=date(2026, 12, 20), end=date(2026, 12, 31))
    assert current_and_coming([later, past, BEN], date(2026, 11, 18)) == [BEN, later]
