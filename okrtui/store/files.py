"""Atomic, durable file writes and the TinyDB storage built on them."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from okrtui.store.errors import UnreadableFileError
from okrtui.store.schema import check_and_migrate, stamp

FILE_MODE = 0o660
DIR_MODE = 0o770
TEMP_MARK = ".tmp-"


def make_dir(path: Path) -> None:
    """Create a folder (and parents) readable and writable by owner and group only."""
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True)
        os.chmod(folder, DIR_MODE)


def atomic_write(path: Path, payload: bytes) -> None:
    """Write `payload` so that readers see the old file or the new one, never a part."""
    make_dir(path.parent)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}{TEMP_MARK}", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, FILE_MODE)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def clean_stale_temps(folder: Path) -> int:
    """Remove temp files a killed writer left. Call only while holding the store lock."""
    removed = 0
    if folder.is_dir():
        for leftover in folder.glob(f".*{TEMP_MARK}*"):
            leftover.unlink(missing_ok=True)
            removed += 1
    return removed


def read_json(path: Path) -> dict[str, Any] | None:
    """A store file's data, migrated to the current schema; None when the file does not exist."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise UnreadableFileError(path, error.strerror or str(error)) from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise UnreadableFileError(path, "it is not valid JSON (damaged or edited by hand?)") from None
    if not isinstance(data, dict) or not all(_is_table(t) for t in data.values()):
        raise UnreadableFileError(path, "it is not an okrtui store file")
    return check_and_migrate(path, data)


def _is_table(table: object) -> bool:
    """A TinyDB table: documents (objects) under decimal ids."""
    return isinstance(table, dict) and all(
        isinstance(key, str) and key.isdecimal() and isinstance(doc, dict) for key, doc in table.items()
    )


class AtomicStorage(Storage):
    """TinyDB storage for one transaction: reads the file once, writes it once, atomically, at commit.

    TinyDB's own JSONStorage writes in place (a crash can truncate the file) and a long-lived
    Table caches ids and queries that go stale when another process writes; a storage that lives
    for a single locked transaction has neither problem.
    """

    def __init__(self, path: Path, writable: bool = False) -> None:
        self.path = path
        self.writable = writable
        self._data: dict[str, Any] | None = None
        self._loaded = False
        self.dirty = False

    def read(self) -> dict[str, Any] | None:
        if not self._loaded:
            self._data = read_json(self.path)
            self._loaded = True
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        if not self.writable:
            raise RuntimeError("write outside a store transaction")
        self._data = data
        self._loaded = True
        self.dirty = True

    def commit(self) -> None:
        if self.dirty and self._data is not None:
            atomic_write(self.path, orjson.dumps(stamp(self._data)))
            self.dirty = False
