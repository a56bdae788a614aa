"""Roadmap tables: which column holds what, read from the header ("KR", "Current", "Target", "Owner").

A row's status cell ("22% decrease (60 to 47)"), score, notes and links are never read as the KR's
numbers: only the columns named here are used, the rest are left as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Column(StrEnum):
    TITLE = "title"
    OBJECTIVE = "objective"
    BASELINE = "baseline"
    CURRENT = "current"
    TARGET = "target"
    OWNER = "owner"
    CONTRIBUTORS = "contributors"
    TEAM = "team"
    UNIT = "unit"
    OTHER = "other"


_HEADERS = (
    (
        Column.OTHER,
        r"\b(?:status|progress|score|scores|grade|notes?|comments?|links?|ids?|priority|confidence|eta|due"
        r"|dates?|deadline|initiatives?|updates?|health|rag|trend|how|why|rationale|quarter)\b|^#$|^no\.?$",
    ),
    (Column.OWNER, r"\b(?:owners?|owner\(s\)|dri|lead|responsible|accountable|assignee|who)\b"),
    (Column.CONTRIBUTORS, r"\b(?:contributors?|team members|supporting|support|helpers|collaborators)\b"),
    (Column.TEAM, r"^(?:team|squad|group|department|area|pillar)s?$"),
    (Column.OBJECTIVE, r"\b(?:objectives?|themes?)\b|^o$|^obj\.?$"),
    (Column.BASELINE, r"\b(?:baseline|start|starting|from|initial|before|was)\b"),
    (Column.CURRENT, r"\b(?:current|now|today|actual|latest)\b"),
    (Column.TARGET, r"\b(?:target|targets|to|end|aim|goal value)\b"),
    (Column.UNIT, r"^units?$"),
    (
        Column.TITLE,
        r"\b(?:kr|krs|key results?|results?|metrics?|measures?|description|kpis?|what|goals?|outcomes?"
        r"|okrs?|success criteria)\b",
    ),
)


def columns(header: list[str]) -> dict[Column, int]:
    """The first column of each kind, by its header's words."""
    found: dict[Column, int] = {}
    for index, text in enumerate(header):
        words = " ".join(text.lower().split())
        kind = next((k for k, pattern in _HEADERS if re.search(pattern, words)), None)
        if kind is not None and kind is not Column.OTHER:
            found.setdefault(kind, index)
    if Column.BASELINE not in found and Column.CURRENT in found:
        found[Column.BASELINE] = found.pop(Column.CURRENT)  # the value now is where the cycle starts
    return found


def first_free(header: list[str], taken: dict[Column, int]) -> int | None:
    """The first column no header named: the KR's text in a table without a "KR" header."""
    used = set(taken.values())
    return next((n for n in range(len(header)) if n not in used), None)


@dataclass(frozen=True)
class RowParts:
    title: str = ""
    objective: str = ""
    team: str = ""
    owner: str = ""
    baseline: str = ""
    target: str = ""
    unit: str = ""
    current: str = ""
    """A current value beside a baseline column: not imported (it would be a check-in)."""


def row_parts(chosen: dict[Column, int], cells: list[str]) -> RowParts:
    def cell(kind: Column) -> str:
        index = chosen.get(kind)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    return RowParts(
        cell(Column.TITLE),
        cell(Column.OBJECTIVE),
        cell(Column.TEAM),
        cell(Column.OWNER),
        cell(Column.BASELINE),
        cell(Column.TARGET),
        cell(Column.UNIT),
        cell(Column.CURRENT),
    )
