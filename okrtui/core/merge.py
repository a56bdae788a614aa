"""Three-way merge of a store file's data, record by record: what `okrtui merge-driver` writes.

Two machines that changed the same team file since they last met each hold a whole TinyDB
document. A line merge is useless on it (orjson writes one line) and so is a merge by row key
(TinyDB's "1", "2", ... are positions that collide when both sides insert). Records have their
own ids, so this merges by id and renumbers the rows:

- a record added, changed or removed on one side only takes that side's version;
- a record changed on both sides merges field by field: different fields both apply, nested
  objects merge by key, lists keep what either side added and drop what either removed (a team
  member renamed two ways keeps both new names, with a conflict);
- the same field set to two values becomes a recorded conflict (a row in the `conflicts` table
  with both values) and the record shows the later side's value: never conflict markers;
- a record removed on one side and changed on the other is kept, with a notice;
- a blocker resolved on one side stays resolved; when the other side edited it meanwhile, both
  changes apply and a notice says so (`blocker_resolved`), naming the resolution and the edit;
- check-ins are one per KR and week, whatever their ids: two answers for the same KR and week
  keep the later as current and the other in its `history`, with a notice (`sync_notices`).

Unknown tables and fields are carried through like any other data. `rev` and `changed_at`, when
present, are bookkeeping: they say which side is later and never conflict. The result depends
only on the three inputs, never on which side is "ours": two people merging the same pair of
versions write the same file, so later merges of their merges stay clean.

Pure: data in, data out. Reading, schema checks and writing are the caller's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from okrtui.core.sync_count import CONFLICTS, NOTICES

Record = dict[str, Any]
Table = dict[str, Record]
Data = dict[str, Table]
Validator = Callable[[str, Record], bool]
"""Whether okrtui can read a record of a table; a merged record that fails falls back to one side."""

META = "_meta"
CHECKINS = "checkins"
BLOCKERS = "blockers"
HISTORY = "history"
BOOKKEEPING = ("rev", "changed_at")
"""Fields the store keeps about a record's versions: they order versions and never conflict."""
WHOLE_RECORD = "*"
"""The `field` of a conflict where the merged record was not valid and one side's was kept whole."""


class _Missing:
    """A field or record that a version does not have (distinct from a JSON null)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

_RANKS: dict[tuple[str, str], tuple[str, ...]] = {
    ("cycles", "state"): ("planning", "active", "closed"),
    ("meetings", "state"): ("in_progress", "finished"),
}
"""Fields that only move forward: when both sides moved them, the furthest wins (a closed cycle
stays closed, a finished meeting stays finished)."""

_WHOLE_LISTS = {("retros", "grades")}
"""Lists that are one answer, not a set of items: two different ones are a conflict."""

_NAME_LISTS = {("teams", "members")}
"""Lists of names: one removed on both sides while each side added another is a name changed two
ways (Ben renamed Benjamin here, Ben S. there). Both new names are kept, and a conflict asks."""


def always_valid(_table: str, _record: Record) -> bool:
    return True


@dataclass
class MergeResult:
    data: Data
    conflicts: list[Record] = field(default_factory=list)
    """Conflicts this merge found (also in `data["conflicts"]`)."""
    notices: list[Record] = field(default_factory=list)
    """Notices this merge wrote (also in `data["sync_notices"]`)."""


def merge_data(base: Data | None, ours: Data, theirs: Data, valid: Validator = always_valid) -> MergeResult:
    """Merge two versions of a store file's tables against their common ancestor (None: no ancestor).

    `_meta` is left out: the caller stamps the schema it writes.
    """
    base = base or {}
    found = _Found(valid)
    data: Data = {}
    for name in sorted((set(ours) | set(theirs)) - {META}):
        data[name] = _merge_table(name, base.get(name, {}), ours.get(name, {}), theirs.get(name, {}), found)
    for name, new in ((CONFLICTS, found.conflicts), (NOTICES, found.notices)):
        if new:
            data[name] = _with_records(data.get(name, {}), new)
    return MergeResult(data, found.conflicts, found.notices)


# -- comparing versions --------------------------------------------------------------------------


def canon(value: Any) -> str:
    """A value's identity: its JSON with sorted keys (so key order never makes two values differ)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def same(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    return a == b or canon(a) == canon(b)


def _moment(record: Record) -> tuple[float, int]:
    """When a version was made: `changed_at`, else `created_at`, then `rev` (absent: 0)."""
    stamp = _timestamp(record.get("changed_at"))
    if stamp is None:
        stamp = _timestamp(record.get("created_at"))
    return (stamp if stamp is not None else 0.0, _rev(record.get("rev")) or 0)


def _timestamp(value: object) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _rev(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def later(a: Record, b: Record) -> Record:
    """The later of two versions of a record; ties go to the larger canonical form, so the
    choice never depends on which side is ours."""
    return a if (_moment(a), canon(a)) >= (_moment(b), canon(b)) else b


# -- what a merge finds --------------------------------------------------------------------------


class _Found:
    """Conflicts and notices collected while merging, with ids that depend only on their content."""

    def __init__(self, valid: Validator) -> None:
        self.valid = valid
        self.conflicts: list[Record] = []
        self.notices: list[Record] = []

    def conflict(self, table: str, record: str, path: str, values: Sequence[Any], chosen: Any) -> None:
        ordered = sorted(values, key=canon)
        subject = f"{record} {path.replace('_', ' ')}" if path != WHOLE_RECORD else record
        self.conflicts.append(
            {
                "id": _short_id("cf", table, record, path, *ordered),
                "table": table,
                "record": record,
                "field": path,
                "values": ordered,
                "chosen": chosen,
                "message": (
                    f"{subject} was set differently on two machines: "
                    + " and ".join(_show(v) for v in ordered)
                    + f"; {_show(chosen)} is kept until someone chooses"
                ),
            }
        )

    def notice(self, kind: str, table: str, record: str, message: str, **facts: Any) -> None:
        self.notices.append(
            {
                "id": _short_id("sn", kind, table, record, message),
                "kind": kind,
                "table": table,
                "record": record,
                **facts,
                "message": message,
            }
        )


def _short_id(prefix: str, *parts: Any) -> str:
    return f"{prefix}-" + hashlib.sha256(canon(parts).encode()).hexdigest()[:10]


def _show(value: Any, limit: int = 60) -> str:
    text = repr(value) if isinstance(value, str) else canon(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _with_records(table: Table, records: Iterable[Record]) -> Table:
    """Append records to a table unless one with the same id is there (it may be resolved already)."""
    known = {row.get("id") for row in table.values()}
    rows = list(table.values()) + [r for r in records if r["id"] not in known]
    return _numbered(rows)


def _numbered(rows: Iterable[Record]) -> Table:
    return {str(n): row for n, row in enumerate(rows, start=1)}


# -- tables ---------------------------------------------------------------------------------------


def record_key(table: str, record: Record) -> str:
    """What makes two rows the same record: the id, or for check-ins the KR and week."""
    if table == CHECKINS and isinstance(record.get("kr"), str) and isinstance(record.get("week"), str):
        return f"{record['kr']}@{record['week']}"
    rid = record.get("id")
    return rid if isinstance(rid, str) else "#" + canon(record)


def _merge_table(name: str, base: Table, ours: Table, theirs: Table, found: _Found) -> Table:
    if same(ours, theirs) or same(ours, base):
        return theirs
    if same(theirs, base):
        return ours
    b, o, t = (_by_key(name, rows, found) for rows in (base, ours, theirs))
    merged: dict[str, Record] = {}
    for key in sorted(o.keys() | t.keys()):  # sorted: either side first gives the same conflicts
        record = _merge_record(
            name, key, b.get(key, MISSING), o.get(key, MISSING), t.get(key, MISSING), found
        )
        if record is not MISSING:
            merged[key] = record
    order = interleave(list(b), list(o), list(t))
    return _numbered(merged[key] for key in order if key in merged)


def _by_key(name: str, rows: Table, found: _Found) -> dict[str, Record]:
    """One version's records by key, in row order; duplicates (never written by the store, but
    possible in a hand-edited file) are merged with each other rather than dropped."""
    records: dict[str, Record] = {}
    for _, row in sorted(rows.items(), key=lambda item: _row_number(item[0])):
        key = record_key(name, row)
        records[key] = _combine(name, key, MISSING, records[key], row, found) if key in records else row
    return records


def _row_number(key: str) -> int:
    return int(key) if key.isdecimal() else 0


def interleave(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> list[str]:
    """An order for merged keys: the ancestor's order, then what each side added in its own order,
    the two interleaved by key so that swapping the sides gives the same order."""
    known = set(base)
    result = list(base)
    a = [k for k in ours if k not in known]
    b = [k for k in theirs if k not in known]
    seen = set(known)
    i = j = 0
    while i < len(a) or j < len(b):
        if i < len(a) and a[i] in seen:
            i += 1
        elif j < len(b) and b[j] in seen:
            j += 1
        elif j >= len(b) or (i < len(a) and a[i] <= b[j]):
            seen.add(a[i])
            result.append(a[i])
            i += 1
        else:
            seen.add(b[j])
            result.append(b[j])
            j += 1
    return result


def _merge_record(table: str, key: str, base: Any, ours: Any, theirs: Any, found: _Found) -> Any:
    if same(ours, theirs) or same(ours, base):
        return theirs
    if same(theirs, base):
        return ours
    if ours is MISSING or theirs is MISSING:
        kept = theirs if ours is MISSING else ours
        found.notice(
            "kept",
            table,
            key,
            f"{key} was removed on one machine and changed on another; the changed one was kept",
            **_kr_of(kept),
        )
        return kept
    return _combine(table, key, base, ours, theirs, found)


def _combine(table: str, key: str, base: Any, ours: Record, theirs: Record, found: _Found) -> Record:
    """Both sides changed one record: fold check-ins, merge anything else field by field."""
    if table == CHECKINS:
        return _fold_checkins(key, ours, theirs, found)
    if table == BLOCKERS and isinstance(base, dict):
        _tell_resolved(key, base, ours, theirs, found)
    local = _Found(found.valid)
    merged = _merge_fields(table, key, "", base if isinstance(base, dict) else {}, ours, theirs, local)
    merged = _bump_rev(merged, ours, theirs)
    if found.valid(table, merged):
        found.conflicts.extend(local.conflicts)
        return merged
    kept = later(ours, theirs)
    found.conflict(table, key, WHOLE_RECORD, [ours, theirs], kept)
    return kept


def _kr_of(record: Record) -> dict[str, str]:
    """The KR a record belongs to (check-ins, blockers), as a notice's `kr`, so views can mark it."""
    kr = record.get("kr")
    return {"kr": kr} if isinstance(kr, str) else {}


def _tell_resolved(key: str, base: Record, ours: Record, theirs: Record, found: _Found) -> None:
    """A blocker resolved on one machine while the other edited it: it stays resolved (see
    `_resolve`) and the edit applies too; whoever made the edit should hear that it is closed."""
    if base.get("resolved_week"):
        return
    closers = [side for side in (ours, theirs) if side.get("resolved_week")]
    if len(closers) != 1:
        return
    closer = closers[0]
    editor = theirs if closer is ours else ours
    edits = [
        f"{name} {_show(value)}"
        for name, value in sorted(editor.items())
        if name not in (*BOOKKEEPING, "changed_by") and not same(value, base.get(name, MISSING))
    ]
    resolution = f" ({_show(closer['resolution'])})" if closer.get("resolution") else ""
    found.notice(
        "blocker_resolved",
        BLOCKERS,
        key,
        f"{key} was resolved on one machine in {closer['resolved_week']}{resolution} and edited on"
        f" another ({', '.join(edits) or 'no field'}); it stays resolved, with the edit",
        **_kr_of(closer),
    )


def _bump_rev(merged: Record, ours: Record, theirs: Record) -> Record:
    """A merge that made a version neither side had is a new revision of the record."""
    revs = [r for r in (_rev(ours.get("rev")), _rev(theirs.get("rev"))) if r is not None]
    if revs and not same(merged, ours) and not same(merged, theirs):
        return {**merged, "rev": max(revs) + 1}
    return merged


# -- fields ---------------------------------------------------------------------------------------


def _merge_fields(
    table: str, key: str, prefix: str, base: Record, ours: Record, theirs: Record, found: _Found
) -> Record:
    lead = later(ours, theirs)
    other = theirs if lead is ours else ours
    merged: Record = {}
    for name in [*lead, *(n for n in other if n not in lead)]:
        b, o, t = base.get(name, MISSING), ours.get(name, MISSING), theirs.get(name, MISSING)
        if same(o, t) or same(o, b):
            value = t
        elif same(t, b):
            value = o
        else:
            value = _resolve(table, key, prefix + name, b, o, t, lead is ours, found)
        if value is not MISSING:
            merged[name] = value
    return merged


def _resolve(
    table: str, key: str, path: str, base: Any, ours: Any, theirs: Any, ours_later: bool, found: _Found
) -> Any:
    """Both sides set one field to different values."""
    if ours is MISSING or theirs is MISSING:
        return theirs if ours is MISSING else ours  # removed on one side, changed on the other: keep
    if path in BOOKKEEPING:
        return max(ours, theirs, key=lambda v: (_timestamp(v) or 0.0, _rev(v) or 0, canon(v)))
    if (table, path) == ("blockers", "resolved_week"):
        resolved = [w for w in (ours, theirs) if isinstance(w, str)]
        return min(resolved) if resolved else ours  # resolved on either side stays resolved
    ranks = _RANKS.get((table, path))
    if ranks and ours in ranks and theirs in ranks:
        return max(ours, theirs, key=ranks.index)
    if isinstance(ours, dict) and isinstance(theirs, dict):
        below = base if isinstance(base, dict) else {}
        return _merge_fields(table, key, path + ".", below, ours, theirs, found)
    if isinstance(ours, list) and isinstance(theirs, list) and (table, path) not in _WHOLE_LISTS:
        earlier = base if isinstance(base, list) else []
        merged = merge_lists(earlier, ours, theirs)
        if (table, path) in _NAME_LISTS and _renamed_two_ways(earlier, ours, theirs):
            found.conflict(table, key, path, [ours, theirs], merged)
        return merged
    chosen = ours if ours_later else theirs
    found.conflict(table, key, path, [ours, theirs], chosen)
    return chosen


def _renamed_two_ways(base: list[Any], ours: list[Any], theirs: list[Any]) -> bool:
    b, o, t = ({canon(v) for v in side} for side in (base, ours, theirs))
    return bool((b - o) & (b - t)) and bool(o - b - t) and bool(t - b - o)


def merge_lists(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """A list as a set of items: kept if no side removed it, added if either side added it."""
    items = {canon(v): v for v in (*base, *ours, *theirs)}
    b, o, t = ([canon(v) for v in side] for side in (base, ours, theirs))
    kept = [c for c in dict.fromkeys(b) if c in o and c in t]
    known = set(b)
    order = interleave(kept, [c for c in o if c not in known], [c for c in t if c not in known])
    return [items[c] for c in order]


# -- check-ins ------------------------------------------------------------------------------------


def _fold_checkins(key: str, ours: Record, theirs: Record, found: _Found) -> Record:
    """Two answers for one KR and week: the later is current, every other answer is in its history."""
    answers = {canon(a): a for a in _answers(ours, theirs)}
    current_record = later(_answer(ours), _answer(theirs))
    current = canon(current_record)
    whole = ours if canon(_answer(ours)) == current else theirs
    history = sorted((a for c, a in answers.items() if c != current), key=lambda a: (_moment(a), canon(a)))
    folded = _bump_rev({**whole, HISTORY: history}, ours, theirs)
    if _met(ours, theirs):
        earlier = _answer(theirs if whole is ours else ours)
        kr, _, week = key.partition("@")
        found.notice(
            "checkins_met",
            CHECKINS,
            key,
            f"two check-ins for {kr} {week} met in a sync: {_who(current_record)} is current,"
            f" {_who(earlier)} is kept in its history",
            kr=kr,
            week=week,
            kept=current_record.get("id"),
            replaced=earlier.get("id"),
        )
    return folded


def _answer(record: Record) -> Record:
    return {k: v for k, v in record.items() if k != HISTORY}


def _history(record: Record) -> list[Record]:
    entries = record.get(HISTORY)
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def _answers(*records: Record) -> Iterator[Record]:
    for record in records:
        yield _answer(record)
        yield from _history(record)


def _met(ours: Record, theirs: Record) -> bool:
    """Two different answers neither of which had seen the other: someone should be told."""
    o, t = canon(_answer(ours)), canon(_answer(theirs))
    return (
        o != t
        and o not in {canon(e) for e in _history(theirs)}
        and t not in {canon(e) for e in _history(ours)}
    )


def _who(answer: Record) -> str:
    author = answer.get("author") or "someone"
    value, confidence = answer.get("value"), answer.get("confidence")
    shown = f"{value:g}" if isinstance(value, int | float) else _show(value)
    return f"{author}'s ({shown}, confidence {_show(confidence)})"
