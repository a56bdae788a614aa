"""TinyDB tables over data read once: the document layer of a store transaction.

TinyDB's own JSONStorage writes in place (a crash can truncate the file) and a long-lived Table
caches ids and queries that go stale when another process writes. A storage that lives for one
locked transaction, holding the data `read_json` already parsed, has neither problem: TinyDB keeps
the tables and row ids, the transaction writes the file once, atomically, at commit.
"""

from __future__ import annotations

from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document


class MemoryStorage(Storage):
    """The data of one store file, held for one transaction."""

    def __init__(self, data: dict[str, Any] | None) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any] | None:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True


def open_tables(data: dict[str, Any] | None) -> tuple[TinyDB, MemoryStorage]:
    holder: list[MemoryStorage] = []

    def storage() -> MemoryStorage:
        holder.append(MemoryStorage(data))
        return holder[0]

    db = TinyDB(storage=storage)
    return db, holder[0]


def rows_by_id(db: TinyDB, table: str) -> dict[str, Document]:
    """A table's documents by their record id."""
    return {row["id"]: row for row in db.table(table, cache_size=0).all() if isinstance(row.get("id"), str)}


def upsert(db: TinyDB, table: str, docs: list[dict[str, Any]]) -> None:
    """Insert or replace documents by their `id`, in one pass (TinyDB's `upsert` scans per document).

    Replaced documents keep their row id; new ones get the next free one.
    """
    tinydb_table = db.table(table, cache_size=0)
    existing = tinydb_table.all()
    row_of = {row.get("id"): row.doc_id for row in existing}
    next_row = max((row.doc_id for row in existing), default=0) + 1
    rows: dict[int, Document] = {}
    for doc in docs:
        row_id = row_of.get(doc["id"])
        if row_id is None:
            row_id = row_of[doc["id"]] = next_row
            next_row += 1
        rows[row_id] = Document(doc, doc_id=row_id)
    old_rows = {row.doc_id for row in existing}
    replaced = [row_id for row_id in rows if row_id in old_rows]
    if replaced:
        tinydb_table.remove(doc_ids=replaced)
    tinydb_table.insert_multiple(rows.values())


def remove(db: TinyDB, table: str, ids: set[str]) -> None:
    rows = [row.doc_id for row in db.table(table, cache_size=0).all() if row.get("id") in ids]
    if rows:
        db.table(table, cache_size=0).remove(doc_ids=rows)
