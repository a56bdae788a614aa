"""Away periods: people out of office are neither nagged nor counted as missing.

One rule, two windows: a person is away for a set of days when any away period of theirs covers
one of them. A reminder sent on a day asks about that day (someone back tomorrow is not nagged
today); a week's digest asks about the week's working days (a week partly away is not "missing").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from okrtui.core.errors import RuleError
from okrtui.core.models import Away
from okrtui.core.weeks import week_start

MAX_AWAY_DAYS = 366
"""Longer than a year is a typo in the year, not a holiday."""


def working_days(week: str) -> list[date]:
    """Monday to Friday of an ISO week."""
    monday = week_start(week)
    return [monday + timedelta(days=n) for n in range(5)]


def away_period(periods: Iterable[Away], person: str, days: Iterable[date]) -> Away | None:
    """The first period of `person` (any case) that covers one of `days`, if any."""
    wanted = person.strip().casefold()
    days = list(days)
    for period in periods:
        if period.person.casefold() == wanted and any(period.covers(day) for day in days):
            return period
    return None


def away_people(periods: Iterable[Away], days: Iterable[date]) -> dict[str, Away]:
    """Everyone away on any of `days`, by case-folded name."""
    days = list(days)
    found: dict[str, Away] = {}
    for period in periods:
        if any(period.covers(day) for day in days):
            found.setdefault(period.person.casefold(), period)
    return found


def current_and_coming(periods: Iterable[Away], today: date) -> list[Away]:
    """Periods not over yet, soonest first (what `okrtui away` lists)."""
    return sorted((p for p in periods if p.end >= today), key=lambda p: (p.start, p.person.casefold()))


def check_new_period(periods: Iterable[Away], new: Away) -> Away | None:
    """Refuse an implausible or overlapping period; return the identical one already there, if any."""
    days = (new.end - new.start).days + 1
    if days > MAX_AWAY_DAYS:
        raise RuleError(f"{new.start} to {new.end} is {days} days; an away period is at most a year")
    for period in periods:
        if period.person.casefold() != new.person.casefold():
            continue
        if (period.start, period.end) == (new.start, new.end):
            return period
        if period.start <= new.end and new.start <= period.end:
            raise RuleError(
                f"{period.person} is already away {period.start} to {period.end} ({period.id}); "
                f"cancel that first (`okrtui away --cancel {period.id}`)"
            )
    return None
