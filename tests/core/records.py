"""Store file data for merge tests: TinyDB tables of plain records, as files hold them."""

from __future__ import annotations

from typing import Any

KR = {"id": "kr-a", "objective": "ob-a", "title": "Grow signups", "owner": "Ana", "baseline": 0, "target": 10}


def tables(**named: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """TinyDB data: each table's records under row keys "1", "2", ..."""
    return {name: {str(n): rec for n, rec in enumerate(rows, 1)} for name, rows in named.items()}


def rows(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    return list(data.get(table, {}).values())


def checkin(cid: str, week: str, value: float, at: str, author: str = "Ana", **more: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "kr": "kr-a",
        "week": week,
        "value": value,
        "confidence": 7,
        "author": author,
        "created_at": f"2026-11-{at}T09:00:00Z",
        "history": [],
        **more,
    }


def blocker(bid: str, **more: Any) -> dict[str, Any]:
    return {"id": bid, "kr": "kr-a", "text": "Waiting on legal", "raised_week": "2026-W46", **more}
