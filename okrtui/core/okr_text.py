"""Read OKRs the way teams write them: handbook pages, README files, roadmap tables, plain
`Team:` / `Objective:` / `KR1:` docs.

Structure first, sentences last: the Markdown becomes a tree (`markdown_tree`), each part gets its
role from its place and its words (a heading above objectives is a team, a bullet under
`Key Results:` is a KR, one under a KR is an initiative, `Tracked: Weekly` is metadata), and only
then is a KR's sentence read (`sentence`, `kr_parts`). Pure: text in, a `Plan` out.

Nothing is dropped silently: every non-blank line that did not go into the plan is listed in
`Plan.skipped` with the reason, so a dry run shows what the reader made of the doc.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from okrtui.core.kr_parts import read_parts
from okrtui.core.kr_table import Column, columns, first_free, row_parts
from okrtui.core.markdown_tree import (
    Aside,
    Block,
    Heading,
    Item,
    ItemList,
    Paragraph,
    Quote,
    Row,
    Table,
    TextLine,
    parse_markdown,
)
from okrtui.core.models import KRKind, ObjectiveKind
from okrtui.core.okr_labels import Label, Role, label_of
from okrtui.core.okr_names import cycle_named, heading_name, looks_like_name
from okrtui.core.okr_sections import Kind, Section, looks_like_kr, outline
from okrtui.core.okr_tags import (
    MAX_NAME,
    Tags,
    is_footnote,
    is_placeholder,
    kind_named,
    split_names,
    take_tags,
)
from okrtui.core.safe_text import without_controls
from okrtui.core.sentence import MAX_TITLE, ParsedKR, clean_title
from okrtui.core.text import one_line

__all__ = ["MAX_NAME", "Plan", "PlannedKR", "PlannedObjective", "read_okrs"]

MAX_LINE = 5000
_LIST_MARK = re.compile(r"^(?P<indent>[ \t]*)(?:[•◦▪‣●○■□·]|(?:[a-z]|[ivx]{1,4}|[IVX]{1,4})[.)])[ \t]+(?=\S)")
"""List markers Markdown does not know (• from Word, a. and ii. from Google Docs): read as bullets."""
NESTED = "nested under a KR (an initiative or note?)"
PROSE = "not a team, objective or KR line"


@dataclass(frozen=True)
class PlannedKR:
    line: int
    parsed: ParsedKR
    owner: str = ""
    """The owner the doc names for this KR; placement falls back to the objective's owner."""
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
    """A cycle named in the doc ("# Q4 2026 OKRs" -> 2026-Q4; "## Q3" -> Q3, year unknown), if any."""
    notes: tuple[str, ...] = ()
    """Remarks on the whole doc (a second cycle named, quoted text read because nothing else was)."""
    used: frozenset[int] = frozenset()
    """The lines that went into the plan: teams, cycles, objectives, KRs, owners, labels."""

    @property
    def teams(self) -> list[str | None]:
        return list(dict.fromkeys(o.team for o in self.objectives))


def read_okrs(text: str) -> Plan:
    """A plan from a pasted doc. Never raises on any text; unread lines are listed as skipped."""
    text = without_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    source = [line[:MAX_LINE] for line in text.split("\n")]
    tree = parse_markdown("\n".join(_LIST_MARK.sub(r"\g<indent>- ", line) for line in source))
    plan = _Reader(source, quotes=False).read(tree)
    if not plan.objectives and any(isinstance(block, Quote) for block in tree):
        quoted = _Reader(source, quotes=True).read(tree)
        if quoted.objectives:
            note = "the OKRs were all in quoted text (> ...): read them as the doc"
            return Plan(quoted.objectives, quoted.skipped, quoted.cycle, (*quoted.notes, note), quoted.used)
    return plan


# -- drafts while reading ------------------------------------------------------------------------


@dataclass
class _KRDraft:
    line: int
    text: str
    tags: Tags
    baseline: str = ""
    target: str = ""
    unit: str = ""

    def freeze(self) -> PlannedKR:
        parsed = read_parts(self.text, self.baseline, self.target, self.unit)
        if self.tags.baseline is not None and parsed.kind is not KRKind.BINARY and parsed.baseline is None:
            parsed = parsed.with_baseline(self.tags.baseline, unit=self.tags.baseline_unit)
        notes = list(self.tags.notes)
        if self.tags.kind is not None:
            notes.append(f"[{self.tags.kind.value}] applies to objectives: put it on the objective line")
        return PlannedKR(self.line, parsed, self.tags.owner, self.tags.weight or 1.0, tuple(notes))


@dataclass
class _ObjectiveDraft:
    line: int
    title: str
    team: str | None
    owner: str
    kind: ObjectiveKind
    why: str = ""
    krs: list[_KRDraft] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def freeze(self) -> PlannedObjective:
        krs = tuple(kr.freeze() for kr in self.krs)
        return PlannedObjective(
            self.line, self.title, self.team, self.owner, self.kind, self.why, krs, tuple(self.notes)
        )


class _Scope(Enum):
    TOP = "top"
    """No objective around: a bullet here opens an objective."""
    OBJECTIVE = "objective"
    """Under an objective: bullets and KR-like lines are its KRs."""
    KR = "kr"
    """Under a KR: initiatives and notes, or lines about the KR (owner, baseline, target)."""
    SKIP = "skip"
    """Under a note, initiative or template label: nothing here is an OKR."""


@dataclass(frozen=True)
class _Context:
    scope: _Scope
    why: str = ""
    kr: _KRDraft | None = None


_TOP = _Context(_Scope.TOP)
_IN_OBJECTIVE = _Context(_Scope.OBJECTIVE)


@dataclass(frozen=True)
class _Logical:
    """One line as the author meant it: a wrapped line joined to the line it continues."""

    numbers: tuple[int, ...]
    text: str
    linked: str = ""
    struck: bool = False


# -- the reader ---------------------------------------------------------------------------------


class _Reader:
    def __init__(self, source: list[str], *, quotes: bool) -> None:
        self.source = source
        self.quotes = quotes
        self.team: str | None = None
        self.cycle: str | None = None
        self.objectives: list[_ObjectiveDraft] = []
        self.skipped: dict[int, str] = {}
        self.used: set[int] = set()
        self.notes: list[str] = []
        self.owner = ""
        """An `Owner:` line before any objective: the owner of the objectives that follow."""

    @property
    def current(self) -> _ObjectiveDraft | None:
        return self.objectives[-1] if self.objectives else None

    def read(self, tree: list[Block]) -> Plan:
        self.walk(outline(tree), _TOP)
        self.account_for_every_line()
        objectives = tuple(o.freeze() for o in self.objectives)
        skipped = tuple(sorted(self.skipped.items()))
        return Plan(objectives, skipped, self.cycle, tuple(self.notes), frozenset(self.used))

    # -- bookkeeping

    def use(self, numbers: tuple[int, ...] | list[int] | range) -> None:
        for number in numbers:
            self.used.add(number)
            self.skipped.pop(number, None)

    def skip(self, numbers: tuple[int, ...] | list[int] | range, why: str) -> None:
        for number in numbers:
            if number not in self.used and 0 < number <= len(self.source) and self.source[number - 1].strip():
                self.skipped.setdefault(number, why)

    def account_for_every_line(self) -> None:
        """The safety net: a line no block claimed (a link definition, stray markup) is still listed."""
        for number, text in enumerate(self.source, start=1):
            stripped = text.strip()
            if not stripped or set(stripped) <= set("-=*_|:+ ") or number in self.used:
                continue
            self.skipped.setdefault(number, "not read: Markdown that holds no OKR (a link definition?)")

    # -- sections

    def walk(self, section: Section, context: _Context) -> None:
        heading = section.heading
        if heading is None:
            self.body(section.body, context)
            for child in section.children:
                self.walk(child, context)
            return
        numbers = range(heading.first, heading.last + 1)
        kind = section.kind
        if kind is Kind.CONTAINER:
            self.container(section, heading)
            inner = _TOP
        elif kind is Kind.OBJECTIVE and context.scope is _Scope.OBJECTIVE and section.label is None:
            # under an objective: "### Enterprise" groups its KRs, "### Launch the pricing page" is one
            if looks_like_name(heading.text.text):
                self.use(numbers)
                inner = _IN_OBJECTIVE
            else:
                kr = self.add_kr(tuple(numbers), heading.text.text)
                inner = _Context(_Scope.KR, kr=kr) if kr else context
        elif kind is Kind.OBJECTIVE:
            title = section.label.value if section.label else heading.text.text
            opened = self.open_objective(tuple(numbers), title, section.tags)
            inner = _IN_OBJECTIVE if opened else context
        elif kind is Kind.KR:
            text = section.label.value if section.label else heading.text.text
            kr = self.add_kr(tuple(numbers), text, section.tags)
            inner = (
                _Context(_Scope.KR, kr=kr) if kr else _Context(_Scope.SKIP, "under a KR that was not read")
            )
        elif kind is Kind.KR_LIST:
            self.use(numbers)
            inner = _IN_OBJECTIVE
        elif kind is Kind.SKIPPED:
            self.use(numbers)
            why = section.label.value if section.label else "a note"
            inner = _Context(_Scope.SKIP, f"{why} (under '{heading.text.text[:40]}')")
        elif kind is Kind.LINE:
            inner = self.line(_Logical(tuple(numbers), heading.text.text), context)[0]
        else:
            self.skip(numbers, "a heading with no OKRs under it")
            inner = context
        self.body(section.body, inner)
        for child in section.children:
            self.walk(child, inner)

    def container(self, section: Section, heading: Heading) -> None:
        text = section.tags.text if section.tags else heading.text.text
        line = tuple(range(heading.first, heading.last + 1))
        named = cycle_named(text)
        if named:
            self.set_cycle(named[0], line[0])
        if section.label is not None and section.label.role is Role.TEAM:
            self.set_team(line, section.label.value)
            return
        name = heading_name(text)
        below = any(child.names_team for child in section.children)
        if name and not below and section.label is None:
            self.set_team(line, name)
        elif named or (section.label is not None and not name):
            self.use(line)
        else:
            self.skip(
                line, "a title heading" if not name else "a title (the teams are the headings below it)"
            )

    # -- blocks

    def body(self, blocks: list[Block], context: _Context) -> _Context:
        for block in blocks:
            context = self.block(block, context)
        return context

    def block(self, block: Block, context: _Context) -> _Context:
        if isinstance(block, Paragraph):
            last_kr: _KRDraft | None = None
            for logical in _logical(block.lines, joined=False):
                context, last_kr = self.line(logical, context, last_kr)
            return context
        if isinstance(block, Heading):
            return self.line(_Logical((block.first,), block.text.text), context)[0]
        if isinstance(block, ItemList):
            for item in block.items:
                context = self.item(item, context)
            return context
        if isinstance(block, Table):
            return self.table(block, context)
        if isinstance(block, Quote):
            if self.quotes:
                return self.body(block.children, context)
            self.skip(range(block.first, block.last + 1), "quoted text (a template or an example)")
            return context
        if isinstance(block, Aside):
            self.skip(range(block.first, block.last + 1), block.why)
        return context

    def line(
        self, logical: _Logical, context: _Context, last_kr: _KRDraft | None = None
    ) -> tuple[_Context, _KRDraft | None]:
        """One line of a paragraph: a label acts on what is around it, a plain line may be a KR."""
        numbers = logical.numbers
        if _is_link(logical) or is_footnote(logical.text):
            self.skip(numbers, "a footnote" if is_footnote(logical.text) else "a link")
            return context, last_kr
        tags = take_tags(logical.text)
        label = label_of(tags.text)
        if label is not None:
            return self.labelled(numbers, label, tags, context, last_kr)
        if self.title_line(numbers, tags.text):
            return context, last_kr
        if not tags.text:
            self.skip(numbers, "struck through" if logical.struck else "an owner tag alone")
        elif is_placeholder(tags.text):
            self.skip(numbers, "a template line (placeholders)")
        elif context.scope is _Scope.SKIP:
            self.skip(numbers, context.why)
        elif context.scope is _Scope.KR:
            self.skip(numbers, NESTED)
        elif context.scope is _Scope.OBJECTIVE and self.current and looks_like_kr(tags.text):
            return context, self.add_kr(numbers, logical.text)
        else:
            self.skip(numbers, PROSE)
        return context, last_kr

    def title_line(self, numbers: tuple[int, ...], text: str) -> bool:
        """The first line of a plain doc ("Growth team — OKRs Q2 2026") names its cycle and team."""
        first = next((n for n, line in enumerate(self.source, start=1) if line.strip()), 0)
        named = cycle_named(text)
        if numbers[0] != first or self.objectives or len(text.split()) > 12:
            return False
        if not named and not re.search(r"\bOKRs?\b", text):
            return False
        if named:
            self.set_cycle(named[0], numbers[0])
        name = heading_name(text)
        if name and self.team is None and looks_like_name(name):
            self.set_team(numbers, name)
        self.use(numbers)
        return True

    def labelled(
        self, numbers: tuple[int, ...], label: Label, tags: Tags, context: _Context, last_kr: _KRDraft | None
    ) -> tuple[_Context, _KRDraft | None]:
        role = label.role
        if context.scope is _Scope.SKIP and role not in (Role.TEAM, Role.OBJECTIVE, Role.SECTION, Role.KR):
            self.skip(numbers, context.why)
            return context, last_kr
        if role is Role.SECTION and not label.value:
            self.skip(numbers, "a label line")  # its items keep the context around it
            return context, None
        if role is Role.SECTION:
            self.use(numbers)
            return _section_context(label, self.current is not None), None
        if role is Role.TEAM:
            self.set_team(numbers, label.value)
            return _TOP, None
        if role is Role.OBJECTIVE:
            opened = self.open_objective(numbers, label.value, tags)
            return (_IN_OBJECTIVE if opened else context), None
        if role is Role.KR:
            return context, self.add_kr(numbers, label.value, tags)
        subject_kr = last_kr or context.kr
        self.about(numbers, label, subject_kr, context)
        return context, last_kr

    def about(self, numbers: tuple[int, ...], label: Label, kr: _KRDraft | None, context: _Context) -> None:
        """A line about the KR or objective around it: owner, why, cycle, kind, baseline, target."""
        role, value = label.role, label.value
        current = self.current
        if role is Role.META:
            self.skip(numbers, f"{value} ({label.key})")
        elif role is Role.CYCLE and (named := cycle_named(value)):
            self.use(numbers)
            self.set_cycle(named[0], numbers[0])
        elif role is Role.OWNER and (names := split_names(value)):
            target = kr.tags if kr is not None else current
            if target is None or (kr is None and context.scope is _Scope.TOP):
                self.use(numbers)  # before any objective: it owns the objectives that follow
                self.owner = names[0][:MAX_NAME]
                return
            self.use(numbers)
            if target.owner and target.owner.lower() != names[0].lower():
                return  # the line's own tag ("@ana") wins over a later Owner: line
            target.owner = names[0][:MAX_NAME]
        elif role in (Role.BASELINE, Role.TARGET) and kr is not None:
            self.use(numbers)
            if role is Role.BASELINE:
                kr.baseline = value
            else:
                kr.target = value
        elif role is Role.WHY and current is not None and context.scope is not _Scope.KR:
            self.use(numbers)
            current.why = (current.why + " " + str(one_line(value))).strip()[:500]
        elif role is Role.KIND and current is not None and (kind := kind_named(value)):
            self.use(numbers)
            current.kind = kind
        elif role is Role.WHY:
            self.skip(numbers, "a note")
        else:
            self.skip(numbers, f"a {label.key} line with nothing to apply it to")

    def item(self, item: Item, context: _Context) -> _Context:
        """A list item: what it is decides what its nested items are; returns the context of its siblings."""
        logical = _logical(item.lines, joined=True)
        if not logical:
            self.body(item.children, context)
            return context
        first, rest = logical[0], logical[1:]
        child, siblings, kr = self.item_line(first, context)
        for extra in rest:  # `**Owner:** Priya` written on the item's next line
            self.line(extra, child if kr is None else _Context(_Scope.KR, kr=kr), kr)
        self.body(item.children, child)
        return siblings

    def item_line(self, first: _Logical, context: _Context) -> tuple[_Context, _Context, _KRDraft | None]:
        """(context for the nested items, context for the next siblings, the KR it became)."""
        numbers = first.numbers
        if _is_link(first):
            self.skip(numbers, "a link")
            return context, context, None  # KRs listed under a link line are still KRs
        tags = take_tags(first.text)
        label = label_of(tags.text)
        role = label.role if label else None
        if label is not None and role is Role.META:
            self.skip(numbers, f"{label.value} ({label.key})")
            return (context if label.value == "a link" else _Context(_Scope.SKIP, label.value)), context, None
        if label is not None and role in (Role.SECTION, Role.TEAM, Role.OBJECTIVE, Role.KR):
            after, kr = self.labelled(numbers, label, tags, context, None)
            if role is Role.KR:
                return _Context(_Scope.KR, kr=kr), context, kr
            if role is Role.OBJECTIVE:
                return after, after, None
            return after, context, None
        if label is not None:
            self.labelled(numbers, label, tags, context, context.kr)
            return _Context(_Scope.SKIP, f"under a {label.key} line"), context, None
        if not tags.text or is_placeholder(tags.text):
            why = (
                "a template line (placeholders)"
                if tags.text
                else "struck through"
                if first.struck
                else "empty"
            )
            self.skip(numbers, why)
            return _Context(_Scope.SKIP, f"under {why}"), context, None
        if context.scope is _Scope.SKIP:
            self.skip(numbers, context.why)
            return context, context, None
        if context.scope is _Scope.KR:
            self.skip(numbers, NESTED)
            return _Context(_Scope.SKIP, NESTED), context, None
        if context.scope is _Scope.OBJECTIVE and self.current is not None:
            kr = self.add_kr(numbers, first.text)
            return (_Context(_Scope.KR, kr=kr) if kr else _Context(_Scope.SKIP, NESTED)), context, kr
        opened = self.open_objective(numbers, first.text)
        return (_IN_OBJECTIVE if opened else context), context, None

    def table(self, table: Table, context: _Context) -> _Context:
        """A roadmap table: one KR per row, its columns mapped by their headers."""
        self.use((table.first, table.first + 1))
        chosen = columns(table.header)
        if Column.TITLE not in chosen and Column.OBJECTIVE not in chosen:
            free = first_free(table.header, chosen)
            if context.scope is not _Scope.OBJECTIVE or free is None:
                self.skip(range(table.first, table.last + 1), "a table with no KR or objective column")
                return context
            chosen[Column.TITLE] = free
        opened = False
        for row in table.rows:
            opened = self.row(row, chosen) or opened
        return _IN_OBJECTIVE if opened else context

    def row(self, row: Row, chosen: dict[Column, int]) -> bool:
        """One table row; True when it opened an objective."""
        parts = row_parts(chosen, [cell.text for cell in row.cells])
        numbers = (row.line,)
        opened = False
        if parts.team:
            self.set_team(numbers, parts.team)
        current = self.current
        if parts.objective and (
            current is None or current.title != clean_title(take_tags(parts.objective).text)
        ):
            opened = self.open_objective(numbers, parts.objective)
        title = parts.title
        if not title:
            if not opened:
                self.skip(numbers, "a table row with no KR")
            return opened
        label = label_of(take_tags(title).text)
        if label is not None and label.role is Role.OBJECTIVE:
            return self.open_objective(numbers, label.value) or opened
        kr = self.add_kr(numbers, title)
        if kr is None:
            return opened
        kr.baseline, kr.target, kr.unit = parts.baseline, parts.target, parts.unit
        if parts.owner and not kr.tags.owner and (names := split_names(parts.owner)):
            kr.tags.owner = names[0][:MAX_NAME]
        if parts.current and parts.baseline:
            kr.tags.notes.append(f"current value '{parts.current[:20]}' not imported: check it in")
        return opened

    # -- making things

    def set_team(self, numbers: tuple[int, ...], name: str) -> None:
        name = re.sub(r"[\s,;–—-]+$", "", str(one_line(take_tags(name).text))).strip()
        if not name:
            self.skip(numbers, "a team with no name")
            return
        self.use(numbers)
        if len(name) > MAX_NAME:
            self.notes.append(f"line {numbers[0]}: team name longer than {MAX_NAME} characters: shortened")
        self.team, self.owner = name[:MAX_NAME].strip(), ""

    def set_cycle(self, cycle: str, line: int) -> None:
        if self.cycle is None or (len(self.cycle) == 2 and cycle.endswith(self.cycle)):
            self.cycle = cycle
        elif cycle != self.cycle and not self.cycle.endswith(cycle):
            self.notes.append(
                f"line {line} names {cycle} as well: everything is imported into {self.cycle} "
                "(split the doc, or use --cycle)"
            )

    def open_objective(self, numbers: tuple[int, ...], text: str, tags: Tags | None = None) -> bool:
        found = _tags(text, tags)
        title = clean_title(found.text)
        if not title:
            self.skip(numbers, "an objective with no title")
            return False
        self.use(numbers)
        notes = list(found.notes)
        if len(title) > MAX_TITLE:
            notes.append(f"title shortened to {MAX_TITLE} characters")
            title = title[: MAX_TITLE - 1].rstrip() + "…"
        if found.baseline is not None or found.weight is not None:
            notes.append("baseline and weight apply to KRs, not objectives: ignored")
        kind = found.kind or ObjectiveKind.COMMITTED
        owner = found.owner or self.owner
        self.objectives.append(_ObjectiveDraft(numbers[0], title, self.team, owner, kind, notes=notes))
        return True

    def add_kr(self, numbers: tuple[int, ...], text: str, tags: Tags | None = None) -> _KRDraft | None:
        current = self.current
        found = _tags(text, tags)
        if current is None:
            self.skip(numbers, "a KR before any objective")
            return None
        if not clean_title(found.text):
            self.skip(numbers, "a KR with no text")
            return None
        if is_placeholder(found.text):
            self.skip(numbers, "a template line (placeholders)")
            return None
        self.use(numbers)
        draft = _KRDraft(numbers[0], found.text, found)
        current.krs.append(draft)
        return draft


def _tags(text: str, outer: Tags | None) -> Tags:
    """The tags of `text`, with those already taken off the whole line (`outer`) it came from."""
    found = take_tags(text)
    if outer is None:
        return found
    found.owner = outer.owner or found.owner
    found.kind = outer.kind or found.kind
    found.baseline = outer.baseline if outer.baseline is not None else found.baseline
    found.baseline_unit = outer.baseline_unit or found.baseline_unit
    found.weight = outer.weight if outer.weight is not None else found.weight
    found.notes = [*outer.notes, *found.notes]
    return found


def _section_context(label: Label, has_objective: bool) -> _Context:
    if label.value == "krs":
        return _IN_OBJECTIVE if has_objective else _TOP
    if label.value == "objectives":
        return _TOP
    return _Context(_Scope.SKIP, f"{label.value} (under '{label.key}')")


def _is_link(line: _Logical) -> bool:
    """A line that is only links, or `Label: link`, or a bare URL: a pointer, not a KR."""
    text = line.text.strip()
    if re.fullmatch(r"<?https?://\S+>?", text):
        return True
    if not line.linked:
        return False
    outside = text.replace(line.linked, " ", 1) if line.linked in text else text
    for part in line.linked.split():
        outside = outside.replace(part, " ", 1)
    residue = re.sub(r"[\s\-–—:|,;•*()\[\]#\d.]+", " ", outside).strip()
    return (
        not residue
        or (text.startswith(residue) and residue.endswith(":"))
        or (len(residue.split()) <= 3 and ":" in outside)
    )


_CONTINUES = re.compile(r"^(?:[a-z(]|\d(?![\d,]*[.)]\s))")
"""A wrapped line goes on in lower case or with a number ("... from 2.1 s to / 0.9 s"), not "2) ..."."""


def _logical(text_lines: list[TextLine], *, joined: bool) -> list[_Logical]:
    """Source lines as meant: in a list item every wrapped line continues the item (unless it is a
    label); in a paragraph a line continues the previous one only when it starts in lower case and the
    previous one did not end a sentence."""
    groups: list[list[TextLine]] = []
    for line in text_lines:
        text = line.text
        if not text and not line.struck:
            continue
        last = groups[-1][-1].text if groups else ""
        continues = bool(last) and label_of(take_tags(text).text) is None
        if continues and not joined:
            continues = bool(_CONTINUES.match(text)) and not last.endswith((".", "!", "?", ":", ";"))
        if continues:
            groups[-1].append(line)  # joined once at the end: linear however long the run
        else:
            groups.append([line])
    return [
        _Logical(
            tuple(line.number for line in group),
            " ".join(line.text for line in group),
            " ".join(line.linked for line in group if line.linked),
            any(line.struck for line in group),
        )
        for group in groups
    ]
