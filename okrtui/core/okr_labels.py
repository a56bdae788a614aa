"""What a line of an OKR doc says it is, by its label: `Objective:`, `KR2 -`, `Owner:`,
`Key Results:`, `Tracked: Weekly`, `Score: 0.6`, `Notes:`.

The reader places a line by its label first and reads the words after it only when the label
says they are a KR or an objective. Pure: strings in, small values out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    TEAM = "team"
    OBJECTIVE = "objective"
    KR = "kr"
    OWNER = "owner"
    WHY = "why"
    CYCLE = "cycle"
    KIND = "kind"
    BASELINE = "baseline"
    TARGET = "target"
    META = "metadata"
    SECTION = "section"


@dataclass(frozen=True)
class Label:
    role: Role
    value: str
    """The text after the label; for a section or metadata, what its items are ("krs", "objectives")
    or why they are skipped ("a note")."""
    key: str = ""
    """The label as written, lower case ("tracking manager")."""


_DASH = r"\s*[:.)\-–—]\s*"
_TEAM = re.compile(r"^team(?:\s+name)?" + _DASH + r"(.+)$", re.IGNORECASE)
_OBJECTIVE = re.compile(r"^(?:objective|goal|o)\s*\d*(?:\.\d+)?" + _DASH + r"(.+)$", re.IGNORECASE)
_KR = re.compile(r"^(?:kr|key\s*results?)\s*\d*(?:\.\d+)*" + _DASH + r"(.+)$", re.IGNORECASE)
_KEYED = re.compile(r"^(?P<key>[A-Za-z][A-Za-z ()/&'’-]{0,40}?)\s*[:：]\s*(?P<value>.*)$")
_SECTION = re.compile(r"^(?P<name>[A-Za-z][\w &/'-]{0,40}?)\s*(?:\([^)]{0,40}\))?\s*[:：]?$", re.IGNORECASE)

_KR_SECTIONS = {
    "key results",
    "key result",
    "krs",
    "kr",
    "results",
    "metrics",
    "measures",
    "success metrics",
    "success criteria",
    "measured by",
    "key results and owners",
}
_OBJECTIVE_SECTIONS = {"objectives", "objective", "okrs", "okr", "goals", "our okrs", "our objectives"}
_SKIP_SECTIONS = {
    "notes": "a note",
    "note": "a note",
    "initiatives": "an initiative",
    "key initiatives": "an initiative",
    "projects": "an initiative",
    "tasks": "an initiative",
    "actions": "an initiative",
    "action items": "an initiative",
    "next steps": "an initiative",
    "milestones": "an initiative",
    "deliverables": "an initiative",
    "how": "an initiative",
    "approach": "an initiative",
    "plan": "an initiative",
    "risks": "a note",
    "dependencies": "a note",
    "assumptions": "a note",
    "open questions": "a note",
    "questions": "a note",
    "links": "a link",
    "resources": "a link",
    "references": "a link",
    "see also": "a link",
    "background": "a note",
    "context": "a note",
    "rationale": "a note",
    "retrospective": "a note",
    "retro": "a note",
    "learnings": "a note",
    "lessons learned": "a note",
    "scoring": "a note",
    "grading": "a note",
    "appendix": "a note",
    "glossary": "a note",
    "non-goals": "a note",
    "out of scope": "a note",
    "template": "a template",
    "example": "a template",
    "examples": "a template",
    "changelog": "a note",
    "history": "a note",
    "summary": "a note",
    "overview": "a note",
    "faq": "a note",
}
_OWNER_KEYS = {
    "owner",
    "owners",
    "owner(s)",
    "dri",
    "lead",
    "leads",
    "responsible",
    "accountable",
    "assignee",
    "driver",
    "captain",
    "champion",
    "point person",
    "point of contact",
    "poc",
    "kr owner",
    "objective owner",
    "owned by",
}
_WHY_KEYS = {"why", "because", "rationale", "context", "motivation", "reason", "purpose", "background"}
_CYCLE_KEYS = {"cycle", "quarter", "period", "time frame", "timeframe", "okr cycle", "okr period"}
_KIND_KEYS = {"type", "kind", "category", "objective type"}
_BASELINE_KEYS = {
    "baseline",
    "current",
    "current value",
    "start",
    "starting value",
    "starting point",
    "today",
    "now",
    "as of today",
    "current state",
    "from",
}
_TARGET_KEYS = {"target", "target value", "goal value", "end value", "to", "aim"}
_META_KEYS = {
    "a score": "score|final score|grade|final grade|self-score|self score|rating|end of quarter score|"
    "eoq score|final",
    "a status": "status|progress|health|confidence|state|update|latest|result|results|current status",
    "metadata": "tracked|tracking|cadence|frequency|review|check-in|check-ins|priority|labels|tags|"
    "theme|pillar|area|effort|size|estimate|impact",
    "a person": "tracking manager|manager|reviewer|reviewers|sponsor|sponsors|stakeholders|stakeholder|"
    "contributors|contributor|support|team members|helpers|reporter|informed|consulted",
    "a link": "links|link|issue|issues|tracking issue|epic|ticket|tickets|jira|pr|prs|pull request|doc|"
    "docs|rfc|design doc|dashboard|dashboards|slack|channel|thread|planning thread|discussion|see|"
    "see also|reference|references|source|data source|url",
    "a note": "notes|note|comments|comment|remarks|learnings|retro|retrospective|outcome|dependencies|"
    "depends on|risks|risk|blockers|blocked by|assumptions|description|summary|measure|measured by|"
    "measurement|metric|kpi|definition|formula|methodology",
    "an initiative": "initiatives|initiative|tasks|task|projects|project|actions|action items|next steps|"
    "approach|plan|milestones|deliverables|how|work",
    "a date": "due|due date|deadline|eta|date|updated|last updated|target date|when|start date|end date",
}
_META = {key: why for why, keys in _META_KEYS.items() for key in keys.split("|")}


_META_PREFIXES = tuple(
    (f"{key} ", why)
    for key, why in _META.items()
    if " " in key or key in ("score", "grade", "status", "notes")
)
"""Labels that open with a known one: "Final score for the quarter:", "Status as of May:"."""
_SKIP_NOUNS = {
    "dates": "a date",
    "schedule": "a date",
    "timeline": "a date",
    "calendar": "a date",
    "meetings": "a note",
    "links": "a link",
    "resources": "a link",
    "risks": "a note",
    "notes": "a note",
    "initiatives": "an initiative",
    "projects": "an initiative",
    "questions": "a note",
    "changes": "a note",
    "decisions": "a note",
}
"""A section whose name ends with these ("Q1 review dates", "Open risks") holds no OKRs."""
_DATED = re.compile(
    r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?)\s*[:–—-]",
    re.IGNORECASE,
)


def label_of(text: str) -> Label | None:
    """The label a line starts with (`Objective:`, `KR2 -`, `Owner:`, `Tracked:`), or None."""
    if _DATED.match(text):
        return Label(Role.META, "a dated note", "date")
    if section := _SECTION.match(text):
        name = _key(section["name"])
        last = name.split()[-1] if name.split() else ""
        if name not in _KR_SECTIONS and name not in _SKIP_SECTIONS and last in _SKIP_NOUNS:
            return Label(Role.SECTION, _SKIP_NOUNS[last], name)
        if name in _KR_SECTIONS:
            return Label(Role.SECTION, "krs", name)
        if name in _OBJECTIVE_SECTIONS:
            return Label(Role.SECTION, "objectives", name)
        if name in _SKIP_SECTIONS:
            return Label(Role.SECTION, _SKIP_SECTIONS[name], name)
    keyed = _KEYED.match(text)
    key = _key(keyed["key"]) if keyed else ""
    value = keyed["value"].strip() if keyed else ""
    if keyed and key in _OWNER_KEYS:
        return Label(Role.OWNER, value, key)
    for pattern, role in ((_TEAM, Role.TEAM), (_KR, Role.KR), (_OBJECTIVE, Role.OBJECTIVE)):
        if found := pattern.match(text):
            return Label(role, found[1].strip(), role.value)
    if not keyed:
        return None
    for keys, role in (
        (_WHY_KEYS, Role.WHY),
        (_CYCLE_KEYS, Role.CYCLE),
        (_KIND_KEYS, Role.KIND),
        (_BASELINE_KEYS, Role.BASELINE),
        (_TARGET_KEYS, Role.TARGET),
    ):
        if key in keys and value:
            return Label(role, value, key)
    meta = _META.get(key) or next((why for prefix, why in _META_PREFIXES if key.startswith(prefix)), None)
    if meta is not None:
        return Label(Role.META, meta, key)
    if not value and len(key.split()) <= 6:
        return Label(Role.SECTION, "", key)  # "Related PRs:", "What we will measure:": a label line
    return None


def _key(text: str) -> str:
    """A label's words as looked up: lower case, one space, no numbering or trailing `s` of KR(s)."""
    return " ".join(re.sub(r"[\d.]+$", "", text.lower().replace("’", "'")).split())
