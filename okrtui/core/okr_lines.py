"""What one line of an OKR doc says about itself: its label, its owner tags, its cycle.

Teams write `**Owner:** Priya Shah`, `[skobes] 0.5`, `(owner: Ana)`, `— owner Sofia`, `p0 - ...`,
`Tracked: Weekly`, `Score: 0.6`. This module takes such marks off a line and names them, so
the reader can place the line by its role and hand the sentence parser only the sentence.
Pure: strings in, small values out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from okrtui.core.kr_words import (
    ACTION_VERBS,
    COUNT_VERBS,
    FALL_WORDS,
    IMPROVE_WORDS,
    KEEP_VERBS,
    LEVEL_VERBS,
    RISE_WORDS,
    TASK_VERBS,
)
from okrtui.core.models import ObjectiveKind
from okrtui.core.text import one_line
from okrtui.core.values import parse_value

MAX_NAME = 60
VERBS = ACTION_VERBS | COUNT_VERBS | FALL_WORDS | IMPROVE_WORDS | KEEP_VERBS | LEVEL_VERBS | RISE_WORDS
VERBS |= TASK_VERBS


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


# -- tags inside a line --------------------------------------------------------------------------

_KINDS = {
    "committed": ObjectiveKind.COMMITTED,
    "roofshot": ObjectiveKind.COMMITTED,
    "aspirational": ObjectiveKind.ASPIRATIONAL,
    "stretch": ObjectiveKind.ASPIRATIONAL,
    "moonshot": ObjectiveKind.ASPIRATIONAL,
    "learning": ObjectiveKind.LEARNING,
}
_OWNER_WORDS = r"(?:owner|owners|owner\(s\)|dri|lead|responsible|assignee|driver)"
_PAREN = re.compile(
    r"[(\[]\s*(" + _OWNER_WORDS + r"|baseline|weight|kind)\s*[:=]?\s*([^)\]]*)[)\]]", re.IGNORECASE
)
_KIND_TAG = re.compile(
    r"[(\[]\s*(committed|aspirational|learning|stretch|moonshot|roofshot)\s*[)\]]", re.IGNORECASE
)
_AT_OWNER = re.compile(r"(?<![\w@])@([^\s@()\[\],;:!?]*[^\s@()\[\],;:!?.])")
_DASH_OWNER = re.compile(
    r"\s+[—–-]+\s*" + _OWNER_WORDS + r"\s*[:=]?\s+(?P<name>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)?)\s*$",
    re.IGNORECASE,
)
_BRACKET = re.compile(r"\[(?P<names>[A-Za-z][A-Za-z .'-]{0,40}(?:\s*[,/&]\s*[A-Za-z][A-Za-z .'-]{0,40})*)\]")
_NOT_NAMES = {
    "x",
    "done",
    "wip",
    "tbd",
    "tba",
    "draft",
    "new",
    "blocked",
    "optional",
    "deprecated",
    "cancelled",
    "canceled",
    "dropped",
    "at risk",
    "on track",
    "off track",
    "green",
    "yellow",
    "red",
    "amber",
    "complete",
    "completed",
    "in progress",
    "todo",
    "to do",
    "stretch goal",
    "p",
    "link",
    "pdf",
    "doc",
}
_GRADE = r"(?:0?\.\d+|[01](?:\.0+)?)"
_SCORE_TAIL = re.compile(
    r"\s*[-–—|,;(]*\s*(?:final\s+|self[- ])?(?:score|grade|scored|graded)\s*[:=]?\s*"
    + _GRADE
    + r"\s*\)?\s*$",
    re.IGNORECASE,
)
_PRIORITY = re.compile(r"^\s*[(\[]?\s*p[0-4]\s*[)\]]?\s*(?:[-:–—)|]\s*|\s+)", re.IGNORECASE)
_CHECKBOX = re.compile(r"^\s*\[[ xX✓✔]\]\s*")
_FOOTNOTE = re.compile(r"\[\^[\w-]{1,10}\]|\[\d{1,2}\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_STATUS_MARKS = re.compile(r"[✅✔☑🟢🟡🟠🔴⚠❌⏳🚧⭕]\ufe0f?")
_PLACEHOLDER = re.compile(
    r"[\[<{]\s*(?:[A-Za-z ]*\b(?:metric|number|value|name|owner|team|goal|objective|key result|result|"
    r"outcome|target|baseline|date|description|measurable|insert|something|what|who|how|kr|okr|person)"
    r"\b[A-Za-z ]*|[XYZN])\s*[\]>}]|\bfrom\s+[XYZN]%?\s+to\s+[XYZN]%?(?!\w)"
)


@dataclass
class Tags:
    """A line with its tags taken out: the sentence, and what the tags said."""

    text: str
    owner: str = ""
    kind: ObjectiveKind | None = None
    baseline: float | None = None
    baseline_unit: str = ""
    weight: float | None = None
    notes: list[str] = field(default_factory=list)


def take_tags(text: str) -> Tags:
    """Take owner, kind, baseline, weight, grade, footnote and priority marks out of a line."""
    found = Tags(text)

    def paren(match: re.Match[str]) -> str:
        key, value = match[1].lower(), match[2].strip()
        if key == "kind":
            if value.lower() in _KINDS:
                found.kind = _KINDS[value.lower()]
        elif key in ("baseline", "weight"):
            _number_tag(found, key, value)
        else:
            _set_owners(found, value)
        return " \x00 "

    def kind(match: re.Match[str]) -> str:
        found.kind = _KINDS[match[1].lower()]
        return " "

    def at(match: re.Match[str]) -> str:
        _set_owners(found, match[1])
        return " \x00 "

    rest = _STATUS_MARKS.sub(" ", _FOOTNOTE.sub(" ", text))
    rest = _PRIORITY.sub("", _CHECKBOX.sub("", rest), count=1)
    if (score := _SCORE_TAIL.search(rest)) and rest[: score.start()].strip():
        rest = rest[: score.start()]  # "... Score: 0.6" after a KR; a line that is only a score stays
    rest = _PAREN.sub(paren, rest)
    rest = _KIND_TAG.sub(kind, rest)
    rest = _AT_OWNER.sub(at, rest)
    rest = _bracket_owners(found, rest)
    if dashed := _DASH_OWNER.search(rest):
        _set_owners(found, dashed["name"])
        rest = rest[: dashed.start()] + " \x00 "
    if "\x00" in rest:  # a grade written after the owner ("[skobes] 0.5") is not part of the KR
        rest = re.sub(r"\x00\s*(?:[-–—:|,]\s*)?" + _GRADE + r"\s*$", "\x00", rest)
    rest = rest.replace("\x00", " ")
    found.text = re.sub(
        r"(?<![\d.])[\s,;–—|.-]+$|[\s,;–—|-]+$", "", re.sub(r"\s+([.,;:!?])", r"\1", " ".join(rest.split()))
    )
    found.text = re.sub(r"\(\s*\)|\[\s*\]", "", found.text).strip()
    return found


def _bracket_owners(found: Tags, text: str) -> str:
    """`[name]` or `\\[name\\]` at the start or end of a line names its owner(s)."""
    for match in reversed(list(_BRACKET.finditer(text))):
        names = match["names"].strip()
        at_edge = not text[: match.start()].strip() or not re.sub(
            r"[\s\x00.,;:|–—-]|" + _GRADE, "", text[match.end() :]
        )
        words = names.split()
        if not at_edge or names.lower() in _NOT_NAMES or len(words) > 4 or _PLACEHOLDER.search(f"[{names}]"):
            continue
        if any(w.lower() in VERBS for w in words[:1]):
            continue  # "[Reduce churn]" is a sentence, not a name
        _set_owners(found, names)
        text = text[: match.start()] + " \x00 " + text[match.end() :]
    return text


def _number_tag(found: Tags, key: str, value: str) -> None:
    try:
        number = parse_value(value)
    except ValueError as error:
        found.notes.append(f"{key}: {error}")
        return
    if key == "weight" and not 0 < number <= 100:
        found.notes.append("weight must be above 0 and at most 100: ignored")
        return
    setattr(found, key, number)
    found.baseline_unit = next((c for c in "%$€£¥" if c in value), "")


def _set_owners(found: Tags, names: str) -> None:
    """One owner per KR: the first name given; the others are said in a note."""
    for name in split_names(names):
        if found.owner and found.owner.lower() != name.lower():
            found.notes.append(
                f"several owners ({found.owner}, {name}): kept {found.owner}; a KR has one owner"
            )
            continue
        if len(name) > MAX_NAME:
            found.notes.append(f"owner name shortened to {MAX_NAME} characters")
        found.owner = name[:MAX_NAME].strip()


def split_names(text: str) -> list[str]:
    """ "Ana / Ben, Chen & Dee (lead)" -> the names, as written, without @ or roles in brackets."""
    cleaned = re.sub(r"\((?:[^)]*)\)", " ", str(one_line(text)))
    parts = re.split(r"\s*(?:[,/&;+]|\band\b)\s*", cleaned)
    return [name for part in parts if (name := part.strip().strip(" .*_—–-").lstrip("@"))]


def is_footnote(text: str) -> bool:
    """`[^1]: Areas: checkout, search`: the text of a footnote, not a line of the OKRs."""
    return re.match(r"^\s*\[\^[\w-]{1,10}\]:", text) is not None


def is_placeholder(text: str) -> bool:
    """A template line ("KR1: Increase [metric] from X to Y"), not a KR."""
    return _PLACEHOLDER.search(text) is not None


def kind_named(text: str) -> ObjectiveKind | None:
    return _KINDS.get(text.strip().lower())


# -- cycles and names in headings ----------------------------------------------------------------

_QUARTER = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    r"(?P<y1>(?:19|20)\d\d)\s*[-/ ]?\s*Q(?P<q1>[1-4])"
    r"|FY\s?'?(?P<y2>\d\d(?:\d\d)?)\s*[-/ ]?\s*Q(?P<q2>[1-4])"
    r"|Q(?P<q3>[1-4])\s*(?:[-/ ,]\s*)?(?:FY\s?'?|')(?P<y3>(?:19|20)?\d\d)"
    r"|Q(?P<q4>[1-4])\s*[-/ ,]\s*(?P<y4>(?:19|20)\d\d)"
    r"|Q(?P<q5>[1-4])"
    r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"\b(?:okrs?|objectives?|and|key results?|plan|planning|draft|for|the|team|quarterly|roadmap|cycle"
    r"|our|of|goals?|fy\d*|h[12]|(?:19|20)\d\d|page|update|review|projects?)\b|[-–—:|,/()&·•]",
    re.IGNORECASE,
)


def cycle_named(text: str) -> tuple[str, str] | None:
    """(cycle, the rest of the text) when `text` names a quarter: "FY23-Q1 OKRs" -> ("2023-Q1", "OKRs");
    a quarter without a year gives "Q3"."""
    match = _QUARTER.search(text)
    if not match:
        return None
    groups = match.groupdict()
    quarter = next(groups[f"q{n}"] for n in range(1, 6) if groups[f"q{n}"])
    year = next((groups[f"y{n}"] for n in range(1, 5) if groups[f"y{n}"]), None)
    rest = text[: match.start()] + " " + text[match.end() :]
    if year is None:
        return f"Q{quarter}", rest
    return f"{year if len(year) == 4 else '20' + year}-Q{quarter}", rest


def heading_name(text: str) -> str:
    """What is left of a heading once cycles and title words are gone: "Platform Team OKRs" -> "Platform"."""
    named = cycle_named(text)
    rest = named[1] if named else text
    while again := cycle_named(rest):
        rest = again[1]
    name = " ".join(_TITLE_WORDS.sub(" ", rest).split())
    return re.sub(r"^[^\w]+|[^\w)]+$", "", name)  # "🚀 Design Systems" -> "Design Systems"


def looks_like_name(text: str) -> bool:
    """ "Platform", "Developer Experience": a team's name, not an objective's sentence."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    return (
        0 < len(words) <= 4
        and not re.search(r"\d", text)
        and words[0].lower() not in VERBS
        and not text.rstrip().endswith((".", "!", "?"))
    )
