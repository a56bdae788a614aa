"""Schema versions of store files and the migrations between them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from okrtui.core.ids import derived_id
from okrtui.store.errors import NewerSchemaError, UnreadableFileError

SCHEMA_VERSION = 2
META_TABLE = "_meta"

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def actions_out_of_meetings(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 -> 2: action items leave the meeting record for a table of their own, `actions`.

    Each item becomes an open action raised in its meeting's week, with the KR of the blocker it came
    from, under an id derived from the meeting and its place there (`core.actions.legacy_action_id`),
    so a file read before and after its first write shows the same ids. The meeting keeps an empty
    list. A meeting row too damaged to read is left as it is, for validation to name.
    """
    meetings = data.get("meetings")
    if not isinstance(meetings, dict):
        return data
    blockers = data.get("blockers", {})
    kr_of = {row.get("id"): row.get("kr") for row in blockers.values() if isinstance(row, dict)}
    actions = dict(data.get("actions", {}))
    next_row = max((int(key) for key in actions), default=0) + 1
    moved = {}
    for key, row in meetings.items():
        items = row.get("action_items") if isinstance(row, dict) else None
        if not items or not isinstance(items, list) or not isinstance(row.get("id"), str):
            continue
        if not all(isinstance(item, dict) for item in items):
            continue
        for index, item in enumerate(items):
            actions[str(next_row)] = {
                "id": derived_id("ac", f"{row['id']}/{index}"),
                "text": item.get("text"),
                "owner": item.get("owner") or "",
                "due": item.get("due"),
                "blocker": item.get("blocker"),
                "kr": kr_of.get(item.get("blocker")),
                "raised_week": row.get("week"),
                "meeting": row["id"],
                "state": "open",
            }
            next_row += 1
        moved[key] = {**row, "action_items": []}
    if not moved:
        return data
    return {**data, "meetings": {**meetings, **moved}, "actions": actions}


MIGRATIONS: dict[int, Migration] = {1: actions_out_of_meetings}
"""MIGRATIONS[n] turns a version-n file's data into version n+1. Add one with each schema bump."""


def version_of(data: dict[str, Any]) -> int:
    """The file's schema version: exactly an integer (`1.9`, `"1"` and `true` are not versions)."""
    meta = data.get(META_TABLE, {}).get("1", {})
    if not isinstance(meta, dict) or "schema" not in meta:
        return SCHEMA_VERSION
    found = meta["schema"]
    if type(found) is not int:
        raise TypeError("not an integer")
    return found


def check_and_migrate(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """Refuse files from a newer okrtui; bring older ones up to date in memory."""
    try:
        found = version_of(data)
    except TypeError:
        raise UnreadableFileError(path, "its schema version is not a whole number") from None
    if found > SCHEMA_VERSION:
        raise NewerSchemaError(path, found, SCHEMA_VERSION)
    if found < 1 or any(v not in MIGRATIONS for v in range(found, SCHEMA_VERSION)):
        raise UnreadableFileError(path, f"it has an unknown schema version ({found})")
    for version in range(found, SCHEMA_VERSION):
        data = MIGRATIONS[version](data)
    return data


def stamp(data: dict[str, Any]) -> dict[str, Any]:
    """Mark data as written by this schema version."""
    return {**data, META_TABLE: {"1": {"schema": SCHEMA_VERSION}}}
