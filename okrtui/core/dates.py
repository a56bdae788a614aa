"""Days as people type them for due dates and away periods: `2026-11-27`, `+7`, `today`, `tomorrow`."""

from __future__ import annotations

from datetime import date, timedelta

_WORDS = {"today": 0, "tomorrow": 1}


def parse_day(text: str, today: date) -> date:
    """A typed day; ValueError says what is accepted."""
    cleaned = text.strip().lower()
    if cleaned in _WORDS:
        return today + timedelta(days=_WORDS[cleaned])
    if cleaned.startswith("+") and cleaned[1:].isdigit() and len(cleaned) <= 5:
        return today + timedelta(days=int(cleaned[1:]))
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"{text[:20]!r} is not a day: use YYYY-MM-DD, today, tomorrow or +N days") from None
