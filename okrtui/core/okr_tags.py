"""The marks people put on an OKR line besides its sentence: owners (`@ana`, `[skobes]`,
`\\[ayla\\]`, `(owner: Ana)`, `— owner Sofia`), kinds (`[aspirational]`), weights, a grade after the
owner (`[skobes] 0.5`), footnote labels, `p0 -` prefixes, checkboxes and status marks.

`take_tags` takes them off, so the sentence parser sees only the sentence and the owner is the
one named. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from okrtui.core.kr_words import ANY_VERB
from okrtui.core.models import ObjectiveKind
from okrtui.core.text import one_line
from okrtui.core.values import parse_value

MAX_NAME = 60

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
        if any(w.lower() in ANY_VERB for w in words[:1]):
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
