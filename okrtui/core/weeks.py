"""ISO weeks ("2026-W47") and quarters: the calendar every check-in is filed under."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, time, timedelta

WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


def today() -> date:
    """Today's date; `OKRTUI_TODAY=YYYY-MM-DD` pins it (demos, tests, screenshots)."""
    pinned = os.environ.get("OKRTUI_TODAY")
    if pinned:
        return date.fromisoformat(pinned)
    return date.today()


def now() -> datetime:
    """The time for telling how long ago something happened; noon UTC of a pinned `OKRTUI_TODAY`."""
    pinned = os.environ.get("OKRTUI_TODAY")
    if pinned:
        return datetime.combine(date.fromisoformat(pinned), time(12), tzinfo=UTC)
    return datetime.now(UTC)


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str) -> str:
    """Validate and normalise a week id; raises ValueError with a readable message."""
    match = WEEK_RE.match(text.strip().upper())
    if not match:
        raise ValueError(f"week must look like 2026-W47, not {text!r}")
    year, week = int(match[1]), int(match[2])
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{year} has no week {week}") from None
    return f"{year}-W{week:02d}"


def week_start(week: str) -> date:
    """Monday of an ISO week."""
    year, num = week.split("-W")
    return date.fromisocalendar(int(year), int(num), 1)


def shift_week(week: str, weeks: int) -> str:
    return week_of(week_start(week) + timedelta(weeks=weeks))


def weeks_between(start: date, end: date) -> list[str]:
    """Every ISO week touching the range start..end, oldest first."""
    weeks: list[str] = []
    monday = start - timedelta(days=start.weekday())
    while monday <= end:
        weeks.append(week_of(monday))
        monday += timedelta(weeks=1)
    return weeks


def quarter_of(day: date) -> tuple[str, date, date]:
    """The calendar quarter holding `day`: (id like 2026-Q4, first day, last day)."""
    q = (day.month - 1) // 3
    start = date(day.year, 3 * q + 1, 1)
    next_start = date(day.year + (q == 3), (3 * q + 3) % 12 + 1, 1)
    return f"{day.year}-Q{q + 1}", start, next_start - timedelta(days=1)


def week_end(week: str) -> date:
    """Sunday of an ISO week: the last day a check-in or an action due that week can land."""
    return week_start(week) + timedelta(days=6)


def weeks_apart(earlier: str, later: str) -> int:
    """How many weeks `later` comes after `earlier` (negative when it comes before)."""
    return (week_start(later) - week_start(earlier)).days // 7


def share_gone(start: date, end: date, day: date) -> float:
    """Fraction of the range start..end gone by `day`, 0.0-1.0 (a cycle's elapsed share)."""
    span = (end - start).days
    return min(1.0, max(0.0, (day - start).days / span))
