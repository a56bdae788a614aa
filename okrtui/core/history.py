"""What changed between two versions of a store file, said in words; and a KR as it stood then.

Git keeps every version of a store file; these read two of them (as plain data, the way they are
stored) and say what a person would want to know: "checked in 2026-W47: 9 min, confidence 6",
"2 check-ins, 1 blocker". Pure: the caller fetches the versions from git.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from okrtui.core.merge import BOOKKEEPING, Data, Record, canon, record_key
from okrtui.core.models import Blocker, CheckIn, KeyResult
from okrtui.core.text import one_line
from okrtui.core.values import format_value

_WORDS = {
    "checkins": ("check-in", "check-ins"),
    "key_results": ("key result", "key results"),
    "objectives": ("objective", "objectives"),
    "blockers": ("blocker", "blockers"),
    "meetings": ("meeting", "meetings"),
    "drafts": ("draft", "drafts"),
    "retros": ("retro", "retros"),
    "actions": ("action", "actions"),
    "teams": ("team", "teams"),
    "cycles": ("cycle", "cycles"),
    "away": ("time away", "times away"),
    "conflicts": ("conflict", "conflicts"),
    "sync_notices": ("sync notice", "sync notices"),
}


def counted(count: int, one: str, many: str | None = None) -> str:
    """A count and its noun: "1 change", "3 changes"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def clean(text: object) -> str:
    """Text from a store or a commit, safe to print: one line, no control characters."""
    return str(one_line(str(text)))


def _records(data: Data | None, table: str) -> dict[str, str]:
    rows = (data or {}).get(table, {})
    return {record_key(table, row): canon(row) for row in rows.values() if isinstance(row, dict)}


def changed_counts(before: Data | None, after: Data | None) -> dict[str, int]:
    """How many records of each table were added, changed or removed."""
    counts: dict[str, int] = {}
    for table in sorted(set(before or {}) | set(after or {})):
        if table.startswith("_"):
            continue
        old, new = _records(before, table), _records(after, table)
        changed = sum(1 for key in old.keys() | new.keys() if old.get(key) != new.get(key))
        if changed:
            counts[table] = changed
    return counts


def summary(before: Data | None, after: Data | None) -> str:
    """What a commit of this file changed, for its message: "2 check-ins, 1 blocker"."""
    return say_counts(changed_counts(before, after))


def say_counts(counts: dict[str, int]) -> str:
    parts = [counted(count, *_WORDS.get(table, (table, table))) for table, count in sorted(counts.items())]
    return ", ".join(parts) or "no record changed"


# -- one key result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class KRSlice:
    """Everything a store file holds about one KR: its record, check-ins by week, blockers by id."""

    kr: Record | None = None
    checkins: dict[str, Record] = field(default_factory=dict)
    blockers: dict[str, Record] = field(default_factory=dict)


def kr_slice(data: Data | None, kr_id: str) -> KRSlice:
    tables = data or {}
    kr = next((r for r in tables.get("key_results", {}).values() if r.get("id") == kr_id), None)
    checkins = {str(r.get("week")): r for r in tables.get("checkins", {}).values() if r.get("kr") == kr_id}
    blockers = {str(r.get("id")): r for r in tables.get("blockers", {}).values() if r.get("kr") == kr_id}
    return KRSlice(kr, checkins, blockers)


def describe_kr_change(before: KRSlice, after: KRSlice) -> list[str]:
    """What happened to a KR between two versions, one phrase per change."""
    said = _describe_record(before.kr, after.kr)
    unit = str((after.kr or before.kr or {}).get("unit") or "")
    for week, checkin in sorted(after.checkins.items()):
        old = before.checkins.get(week)
        if old is not None and _answer(old) == _answer(checkin) and old != checkin:
            said.append(f"kept another check-in of {clean(week)} in its history")
        elif canon(checkin) != canon(old):
            said.append(_checked_in(checkin, unit))
    for blocker_id, blocker in after.blockers.items():
        old = before.blockers.get(blocker_id)
        text = clean(blocker.get("text", ""))
        if old is None:
            said.append(f"raised blocker {clean(blocker_id)}: {text}")
        elif old.get("resolved_week") is None and blocker.get("resolved_week") is not None:
            said.append(f"resolved blocker {clean(blocker_id)}: {text}")
        elif canon(old) != canon(blocker):
            said.append(f"changed blocker {clean(blocker_id)}")
    return said


def _answer(checkin: Record) -> str:
    return canon({k: v for k, v in checkin.items() if k not in ("history", *BOOKKEEPING)})


def _describe_record(before: Record | None, after: Record | None) -> list[str]:
    if before is None:
        return ["added the key result"] if after is not None else []
    if after is None:
        return ["removed the key result"]
    changed = [
        name
        for name in dict.fromkeys([*before, *after])
        if name not in BOOKKEEPING and canon(before.get(name)) != canon(after.get(name))
    ]
    said = []
    if "archived" in changed:
        said.append("archived it" if after.get("archived") else "restored it")
        changed.remove("archived")
    if changed:
        said.append("changed " + ", ".join(name.replace("_", " ") for name in changed))
    return said


def _checked_in(checkin: Record, unit: str) -> str:
    value = checkin.get("value")
    shown = format_value(float(value), unit) if isinstance(value, int | float) else clean(value)
    who = f" ({clean(checkin['author'])})" if checkin.get("author") else ""
    confidence = clean(checkin.get("confidence"))
    return f"checked in {clean(checkin.get('week'))}: {shown}, confidence {confidence}{who}"


# -- a KR as it stood in a week -------------------------------------------------------------------


@dataclass(frozen=True)
class KRThen:
    kr: KeyResult
    checkin: CheckIn | None
    """The latest check-in of that week or before."""
    open_blockers: list[Blocker]
    """Blockers raised by then and not resolved by then."""


def kr_as_of(data: Data | None, kr_id: str, week: str) -> KRThen | None:
    """The KR in this version of its file, with what was known by the end of `week`; None when the
    KR is not in it. Raises ValidationError when the version holds a record okrtui cannot read."""
    found = kr_slice(data, kr_id)
    if found.kr is None:
        return None
    kr = KeyResult.model_validate(found.kr)
    checkins = [CheckIn.model_validate(r) for w, r in sorted(found.checkins.items()) if w <= week]
    blockers = [Blocker.model_validate(r) for r in found.blockers.values()]
    return KRThen(
        kr,
        checkins[-1] if checkins else None,
        [
            b
            for b in blockers
            if b.raised_week <= week and (b.resolved_week is None or b.resolved_week > week)
        ],
    )
