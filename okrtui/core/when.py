"""How long ago, as a person says it: "a moment ago", "7 min ago", "yesterday"."""

from __future__ import annotations

from datetime import datetime


def ago(then: datetime | None, now: datetime) -> str:
    if then is None:
        return "earlier"
    seconds = (now - then).total_seconds()
    if seconds < 90:
        return "a moment ago"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min ago"
    hours = round(seconds / 3600)
    if hours < 24:
        return f"{hours} h ago"
    days = (now.date() - then.date()).days
    return "yesterday" if days == 1 else f"{days} days ago"
