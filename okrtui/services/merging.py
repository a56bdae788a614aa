"""Versions of store files as git holds them: read and checked like the store reads its files, and
merged by `okrtui merge-driver`.

"Readable" means what `Store` demands before it shows a file: valid JSON, TinyDB tables, a schema
this okrtui knows (older ones migrated), and every record of a known table valid. A version that
is not is never merged, written or shared: the driver exits non-zero, so git reports a conflict
and `okrtui sync` leaves the store as it was.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from okrtui.core.errors import explain
from okrtui.core.merge import Data, MergeResult, Record, merge_data
from okrtui.store.errors import UnreadableFileError
from okrtui.store.files import atomic_write
from okrtui.store.repository import BOARD_TABLES, WORKSPACE, WORKSPACE_TABLES
from okrtui.store.schema import check_and_migrate, stamp

MODELS: dict[str, type[BaseModel]] = {**BOARD_TABLES, **WORKSPACE_TABLES}
"""Tables okrtui reads into models; any other table is carried as it is."""

_STORE_FILE = re.compile(rf"^(?:{re.escape(WORKSPACE)}|cycles/[^/]+/[^/]+\.json)$")


def is_store_file(relative: str) -> bool:
    """A path (relative to the store, with /) that okrtui reads as TinyDB tables."""
    return bool(_STORE_FILE.match(relative))


def record_problem(table: str, record: Record) -> str | None:
    """Why `Store` would refuse this record, or None."""
    model = MODELS.get(table)
    try:
        if model is not None:
            model.model_validate(record)
    except ValidationError as error:
        return explain(error)
    return None


def record_is_valid(table: str, record: Record) -> bool:
    return record_problem(table, record) is None


def parse_version(label: str, raw: bytes) -> Data:
    """One version's tables, migrated to this okrtui's schema and checked record by record.

    Raises a StoreError naming `label` (the file's path in the store) when okrtui could not read it.
    """
    where = Path(label)
    try:
        data: Any = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise UnreadableFileError(where, "it is not valid JSON (damaged, or merged by hand?)") from None
    if not isinstance(data, dict) or not all(_is_tables(t) for t in data.values()):
        raise UnreadableFileError(where, "it is not an okrtui store file")
    migrated = check_and_migrate(where, data)
    for table, rows in migrated.items():
        for row in rows.values():
            if problem := record_problem(table, row):
                raise UnreadableFileError(where, f"a {table} record is invalid: {problem}")
    return migrated


def _is_tables(table: object) -> bool:
    return isinstance(table, dict) and all(isinstance(row, dict) for row in table.values())


def encode(data: Data) -> bytes:
    """Bytes as the store writes them (orjson, stamped with this schema)."""
    return orjson.dumps(stamp(data))


def merge_files(base: Path, ours: Path, theirs: Path, label: str) -> MergeResult:
    """git's merge driver: merge the three versions and write the result over `ours`.

    An empty `base` means the file was added on both sides (no common ancestor). The result is
    checked like any version before it is written, so this never writes a file okrtui cannot read.
    """
    raw_base = base.read_bytes()
    result = merge_data(
        parse_version(label, raw_base) if raw_base.strip() else None,
        parse_version(label, ours.read_bytes()),
        parse_version(label, theirs.read_bytes()),
        record_is_valid,
    )
    merged = encode(result.data)
    parse_version(label, merged)
    atomic_write(ours, merged)
    return result
