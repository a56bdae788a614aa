"""Which team's file of a cycle holds a KR, answered without parsing every team's file.

`cycles/<cycle>/.kr-index` maps each team to the KR ids of its file and the signature that file had
when they were read (inode, size, mtime, ctime). An entry is trusted only while the file still has
that signature, one `lstat` per team and no parse; any other file is parsed as if there were no
index. So a stale, missing, damaged or planted index costs time, never a wrong answer. The index is
written under the store lock: by each transaction that changes a board's KR ids, and by a lookup
that had to parse files it could not trust. It is machine-local (inodes), so git sync ignores it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from okrtui.store.errors import StoreError
from okrtui.store.files import Signature, atomic_write, read_bytes

INDEX_NAME = ".kr-index"
VERSION = 1
MAX_INDEX = 4 * 1024 * 1024
"""50 teams of 20 KRs take 30 kB: anything near this is damage or an attack, read as no index."""
MAX_ID = 64


@dataclass(frozen=True)
class Entry:
    signature: Signature
    krs: frozenset[str]
    """Lower-cased, as lookups compare them."""


@dataclass
class CycleIndex:
    entries: dict[str, Entry] = field(default_factory=dict)
    """By team id."""

    def team_of(self, kr_id: str) -> str | None:
        """The team whose file held `kr_id` (lower-cased) when it was indexed."""
        return next((team for team, entry in self.entries.items() if kr_id in entry.krs), None)

    def trusted(self, team: str, now: Signature | None) -> bool:
        """Whether the entry still describes the team's file as it is `now`."""
        entry = self.entries.get(team)
        return entry is not None and now is not None and entry.signature == now

    def ids(self) -> set[str]:
        return {kr for entry in self.entries.values() for kr in entry.krs}


def index_path(root: Path, cycle_id: str) -> Path:
    return root / "cycles" / cycle_id / INDEX_NAME


def kr_ids(data: Mapping[str, Any] | None) -> frozenset[str]:
    """The KR ids of a board file's data (as `files.read_json` checked it)."""
    rows = (data or {}).get("key_results", {}).values()
    return frozenset(row["id"].lower() for row in rows if isinstance(row.get("id"), str))


def read_index(root: Path, cycle_id: str) -> CycleIndex:
    """The cycle's index; an empty one when it is missing, unreadable, unsafe or not in shape."""
    try:
        raw = read_bytes(index_path(root, cycle_id), root, MAX_INDEX)
    except StoreError:
        return CycleIndex()
    return CycleIndex() if raw is None else parse(raw)


def parse(raw: bytes) -> CycleIndex:
    """Strictly: anything but the shape `dump` writes is no index at all."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return CycleIndex()
    teams = data.get("teams") if isinstance(data, dict) and data.get("version") == VERSION else None
    if not isinstance(teams, dict):
        return CycleIndex()
    entries = {}
    for team, entry in teams.items():
        found = _entry(entry)
        if found is None or not isinstance(team, str):
            return CycleIndex()
        entries[team] = found
    return CycleIndex(entries)


def _entry(entry: object) -> Entry | None:
    if not isinstance(entry, dict):
        return None
    sig, krs = entry.get("file"), entry.get("krs")
    if not (isinstance(sig, list) and len(sig) == 4 and all(type(n) is int and n >= 0 for n in sig)):
        return None
    if not (isinstance(krs, list) and all(isinstance(k, str) and 0 < len(k) <= MAX_ID for k in krs)):
        return None
    return Entry((sig[0], sig[1], sig[2], sig[3]), frozenset(k.lower() for k in krs))


def dump(index: CycleIndex) -> bytes:
    teams = {
        team: {"file": list(entry.signature), "krs": sorted(entry.krs)}
        for team, entry in sorted(index.entries.items())
    }
    return orjson.dumps({"version": VERSION, "teams": teams})


def write_index(root: Path, cycle_id: str, index: CycleIndex) -> None:
    """Replace the index (call under the store lock). A failure leaves the old one, which lookups
    then distrust where it is out of date: the index never stops a write or a lookup. Not fsynced:
    after a crash it may be old or unreadable, which costs a lookup time, never a wrong answer."""
    with suppress(StoreError, OSError):
        atomic_write(index_path(root, cycle_id), dump(index), root, create=False, durable=False)


def merged(
    old: CycleIndex, now: Mapping[str, Signature], known: Iterable[tuple[str, Signature, frozenset[str]]]
) -> CycleIndex:
    """`old` updated with what was just read or written (`known`: team, the signature its file had
    when its ids were taken, the ids) where the file is still as it was (`now`). Out-of-date
    entries stay: never trusted to rule a file out, they still say where to look first."""
    entries = dict(old.entries)
    for team, sig, krs in known:
        if now.get(f"{team}.json") == sig:
            entries[team] = Entry(sig, krs)
    return CycleIndex(entries)
