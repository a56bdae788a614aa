"""Schema versions of store files and the migrations between them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from okrtui.store.errors import NewerSchemaError, UnreadableFileError

SCHEMA_VERSION = 1
META_TABLE = "_meta"

Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}
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
