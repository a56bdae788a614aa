"""Read OKRs the way teams write them in docs: Markdown headings, bullets, `Objective:` / `KR1:` lines.

Pure: text in, a `Plan` out. Nothing is dropped silently: every line that was not used is
listed in `Plan.skipped` with the reason, so a dry run shows what the reader made of the doc.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from okrtui.core import kr_words as vocab
from okrtui.core.models import ObjectiveKind
from okrtui.core.sentence import MAX_TITLE, ParsedKR, clean_title, parse_kr
from okrtui.core.text import one_line
from okrtui.core.values import parse_value

MAX_NAME = 60

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(?:[-*+•·]|\d{1,3}[.)]|[a-zA-Z][.)])\s+(?:\[[ xX]\]\s+)?(.*)$")
_DASH = r"\s*[:.)\-–—]\s*"
_TEAM = re.compile(r"^team" + _DASH + r"(.+)$", re.IGNORECASE)
_OBJECTIVE = re.compile(r"^(?:objective|goal|o)\s*\d*(?:\.\d+)?" + _DASH + r"(.+)$", re.IGNORECASE)
_KR = re.compile(r"^(?:kr|key\s*results?)\s*\d*(?:\.\d+)*" + _DASH + r"(.+)$", re.IGNORECASE)
_WHY = re.compile(r"^(?:why|because|rationale|context)\s*:\s*(.+)$", re.IGNORECASE)
_SECTION = re.compile(
    r"^(?:key\s*results?|krs?|objectives?|okrs?|goals?|results?|metrics?|notes?|initiatives?)"
    r"(?:\s*\(.*\))?\s*:?$",
    re.IGNORECASE,
)
_CYCLE = re.compile(
    r"\b(?:(?P<y1>20\d\d)[-\s]?Q(?P<q1>[1-4])|Q(?P<q2>[1-4])[\s-]*(?:FY)?'?(?P<y2>20\d\d|\d\d))\b",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"\b(?:okrs?|objectives?|and|key results?|plan|draft|for|the|team)\b|[-–—:|,/()]", re.I
)
_AT_OWNER = re.compile(r"(?<![\w@])@([^\s@()\[\],;:!?]*[^\s@()\[\],;:!?.])")
_PAREN = re.compile(r"[(\[]\s*(owner|baseline|weight|kind)\s*[:=]\s*([^)\]]*)[)\]]", re.IGNORECASE)
_KIND_TAG = re.compile(
    r"[(\[]\s*(committed|aspirational|learning|stretch|moonshot|roofshot)\s*[)\]]", re.IGNORECASE
)
_KINDS = {
    "committed": ObjectiveKind.COMMITTED,
    "roofshot": ObjectiveKind.COMMITTED,
    "aspirational": ObjectiveKind.ASPIRATIONAL,
    "stretch": ObjectiveKind.ASPIRATIONAL,
    "moonshot": ObjectiveKind.ASPIRATIONAL,
    "learning": ObjectiveKind.LEARNING,
}
_KR_VERBS = (
    vocab.INCREASE_VERBS | vocab.DECREASE_VERBS | vocab.KEEP_VERBS | vocab.TASK_VERBS | vocab.COUNT_VERBS
)
_TRAILING = re.compile(r"[\s,;–—-]+$")


@dataclass(frozen=True)
class PlannedKR:
    line: int
    parsed: ParsedKR
    owner: str = ""
    weight: float = 1.0
    notes: tuple[str, ...] = ()
    """What the reader (not the sentence parser) could not place: stray tags, a bad weight."""


@dataclass(frozen=True)
class PlannedObjective:
    line: int
    title: str
    team: str | None
    owner: str = ""
    kind: ObjectiveKind = ObjectiveKind.COMMITTED
    why: str = ""
    key_results: tuple[PlannedKR, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    objectives: tuple[PlannedObjective, ...]
    skipped: tuple[tuple[int, str], ...] = ()
    """(line number, why it was not used) for every non-blank line that did not become part of the plan."""
    cycle: str | None = None
    """A cycle named in the doc ("# Q4 2026 OKRs" -> 2026-Q4), if any."""

    @property
    def teams(self) -> list[str | None]:
        return list(dict.fromkeys(o.team for o in self.objectives))


@dataclass
class _Annotated:
    text: str
    owner: str = ""
    kind: ObjectiveKind | None = None
    baseline: float | None = None
    baseline_unit: str = ""
    weight: float | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class _ObjectiveDraft:
    line: int
    title: str
    team: str | None
    owner: str
    kind: ObjectiveKind
    indent: int
    """Indent of the bullet that opened it, or -1 for a heading or label line."""
    why: str = ""
    krs: list[PlannedKR] = field(default_factory=list)
    kr_indent: int | None = None
    notes: list[str] = field(default_factory=list)

    def freeze(self) -> PlannedObjective:
        return PlannedObjective(
            self.line,
            self.title,
            self.team,
            self.owner,
            self.kind,
            self.why,
            tuple(self.krs),
            tuple(self.notes),
        )


class _Reader:
    def __init__(self) -> None:
        self.team: str | None = None
        self.cycle: str | None = None
        self.objectives: list[_ObjectiveDraft] = []
        self.skipped: list[tuple[int, str]] = []

    @property
    def current(self) -> _ObjectiveDraft | None:
        return self.objectives[-1] if self.objectives else None

    def line(self, number: int, raw: str) -> None:
        expanded = raw.replace("\t", "    ").rstrip()
        stripped = expanded.lstrip()
        if not stripped or set(stripped) <= set("-=*_|: "):
            return  # blank lines, rules, table borders
        indent = len(expanded) - len(stripped)
        text = stripped.lstrip(">").strip() if stripped.startswith(">") else stripped
        if heading := _HEADING.match(text):
            self.heading(number, len(heading[1]), _plain(heading[2]))
        elif bullet := _BULLET.match(text):
            self.item(number, indent, _plain(bullet[1]), bulleted=True)
        else:
            self.item(number, indent, _plain(text), bulleted=False)

    def heading(self, number: int, level: int, text: str) -> None:
        if not text or _SECTION.match(text):
            return
        if self.labelled(number, -1, text):
            return
        if level == 1 or re.search(r"^team\b|\bteam$", text, re.IGNORECASE):
            self.title_or_team(number, text)
            return
        self.open_objective(number, text, -1)

    def title_or_team(self, number: int, text: str) -> None:
        """`# Platform` names a team; `# Q4 2026 OKRs` names the cycle and is only a title."""
        if cycle := _CYCLE.search(text):
            year = cycle["y1"] or cycle["y2"]
            year = year if len(year) == 4 else f"20{year}"
            self.cycle = f"{year}-Q{cycle['q1'] or cycle['q2']}"
        rest = _TITLE_WORDS.sub(" ", _CYCLE.sub(" ", text))
        rest = re.sub(r"\b(?:20\d\d|H[12]|FY\d*)\b", " ", rest).strip()
        if rest:
            self.set_team(number, " ".join(rest.split()))
        elif not cycle:
            self.skipped.append((number, "a title heading"))

    def set_team(self, number: int, name: str) -> None:
        name = str(one_line(name))
        if not name:
            self.skipped.append((number, "a team with no name"))
            return
        if len(name) > MAX_NAME:
            self.skipped.append((number, f"team name longer than {MAX_NAME} characters: shortened"))
        self.team = name[:MAX_NAME].strip()

    def labelled(self, number: int, indent: int, text: str) -> bool:
        if team := _TEAM.match(text):
            self.set_team(number, _TRAILING.sub("", team[1]).strip())
            return True
        if kr := _KR.match(text):
            self.add_kr(number, indent, kr[1])
            return True
        if objective := _OBJECTIVE.match(text):
            self.open_objective(number, objective[1], indent)
            return True
        if (why := _WHY.match(text)) and self.current:
            self.current.why = (self.current.why + " " + why[1]).strip()[:500]
            return True
        return False

    def item(self, number: int, indent: int, text: str, *, bulleted: bool) -> None:
        if not text or _SECTION.match(text):
            return
        if self.labelled(number, indent if bulleted else -1, text):
            return
        current = self.current
        if bulleted:
            if current is None or (current.indent >= 0 and indent <= current.indent):
                self.open_objective(number, text, indent)
            elif current.kr_indent is not None and indent > current.kr_indent:
                self.skipped.append((number, "nested under a KR (an initiative or note?)"))
            else:
                self.add_kr(number, indent, text)
            return
        if current is not None and _looks_like_kr(text):
            self.add_kr(number, indent, text)
        else:
            self.skipped.append((number, "not a team, objective or KR line"))

    def open_objective(self, number: int, text: str, indent: int) -> None:
        note = _annotate(text)
        title = clean_title(note.text)
        if not title:
            self.skipped.append((number, "an objective with no title"))
            return
        if len(title) > MAX_TITLE:
            note.notes.append(f"title shortened to {MAX_TITLE} characters")
            title = title[: MAX_TITLE - 1].rstrip() + "…"
        if note.baseline is not None or note.weight is not None:
            note.notes.append("baseline and weight apply to KRs, not objectives: ignored")
        self.objectives.append(
            _ObjectiveDraft(
                number,
                title,
                self.team,
                note.owner,
                note.kind or ObjectiveKind.COMMITTED,
                indent,
                notes=note.notes,
            )
        )

    def add_kr(self, number: int, indent: int, text: str) -> None:
        current = self.current
        if current is None:
            self.skipped.append((number, "a KR before any objective"))
            return
        if current.kr_indent is None:
            current.kr_indent = max(indent, 0)
        note = _annotate(text)
        if note.kind is not None:
            note.notes.append(f"[{note.kind.value}] applies to objectives: put it on the objective line")
        parsed = parse_kr(note.text)
        if not parsed.title:
            self.skipped.append((number, "a KR with no text"))
            return
        if note.baseline is not None and parsed.kind.value != "binary":
            parsed = parsed.with_baseline(note.baseline, unit=note.baseline_unit)
        current.krs.append(PlannedKR(number, parsed, note.owner, note.weight or 1.0, tuple(note.notes)))

    def plan(self) -> Plan:
        return Plan(tuple(o.freeze() for o in self.objectives), tuple(self.skipped), self.cycle)


def read_okrs(text: str) -> Plan:
    """A plan from a pasted doc. Never raises on any text; unreadable lines are listed as skipped."""
    reader = _Reader()
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        reader.line(number, raw[:5000])
    return reader.plan()


def _plain(text: str) -> str:
    """Drop Markdown emphasis so `**Objective:**` reads as `Objective:`."""
    return re.sub(r"\*\*|__|`", "", text).strip()


def _annotate(text: str) -> _Annotated:
    """Take owner, kind, baseline and weight tags out of a line, leaving the sentence."""
    found = _Annotated(text)

    def paren(match: re.Match[str]) -> str:
        key, value = match[1].lower(), match[2].strip()
        if key == "owner":
            _set_owner(found, value)
        elif key == "kind" and value.lower() in _KINDS:
            found.kind = _KINDS[value.lower()]
        elif key in ("baseline", "weight"):
            try:
                number = parse_value(value)
            except ValueError as error:
                found.notes.append(f"{key}: {error}")
            else:
                if key == "weight" and not 0 < number <= 100:
                    found.notes.append("weight must be above 0 and at most 100: ignored")
                else:
                    setattr(found, key, number)
                    found.baseline_unit = next((c for c in "%$€£¥" if c in value), "")
        else:
            found.notes.append(f"{key}: {value!r} not understood")
        return " "

    def kind(match: re.Match[str]) -> str:
        found.kind = _KINDS[match[1].lower()]
        return " "

    def at(match: re.Match[str]) -> str:
        _set_owner(found, match[1])
        return " "

    rest = _PAREN.sub(paren, text)
    rest = _KIND_TAG.sub(kind, rest)
    rest = _AT_OWNER.sub(at, rest)
    found.text = _TRAILING.sub("", re.sub(r"\s+([.,;:!?])", r"\1", " ".join(rest.split())))
    return found


def _set_owner(found: _Annotated, name: str) -> None:
    name = str(one_line(name))
    if not name:
        return
    if found.owner and found.owner.lower() != name.lower():
        found.notes.append(f"several owners ({found.owner}, {name}): kept {found.owner}; a KR has one owner")
        return
    if len(name) > MAX_NAME:
        found.notes.append(f"owner name shortened to {MAX_NAME} characters")
    found.owner = name[:MAX_NAME].strip()


def _looks_like_kr(text: str) -> bool:
    """A plain line under an objective is a KR when it has a value or starts like one."""
    parsed = parse_kr(text)
    if parsed.kind.value != "binary" or parsed.relative:
        return True
    first = text.split(maxsplit=1)[0].lower() if text.split() else ""
    return first in _KR_VERBS and len(text) <= MAX_TITLE
