"""The headings of an OKR doc and what each one is, from its words and from what sits under it.

A heading above objectives that is not one is a team (`## Marketing`) or a title; a heading with
KRs under it is an objective; a measurable heading whose bullets are not KRs is a KR
(`#### KR: Cut flaky tests by 50%`); `## Key Results` hands its items to the objective above and
`## Notes` holds none. Children are classified first, so a heading's role can depend on them. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from okrtui.core.kr_table import Column, columns
from okrtui.core.kr_words import ANY_VERB, PROSE_OPENERS
from okrtui.core.markdown_tree import Block, Heading, Item, ItemList, Paragraph, Table
from okrtui.core.models import KRKind
from okrtui.core.okr_labels import Label, Role, label_of
from okrtui.core.okr_names import heading_name, looks_like_name
from okrtui.core.okr_tags import Tags, take_tags
from okrtui.core.sentence import MAX_TITLE, parse_kr


def outline(blocks: list[Block]) -> Section:
    """The doc's headings as a tree, each with its blocks and its role decided."""
    root = _sections(blocks)
    _classify(root)
    return root


class Kind(Enum):
    CONTAINER = "container"
    """Above objectives: a team, a cycle or a title."""
    OBJECTIVE = "objective"
    KR = "kr"
    KR_LIST = "kr list"
    """`## Key Results`: its items belong to the objective above."""
    SKIPPED = "skipped"
    """`## Notes`, `## Initiatives`: nothing under it is an OKR."""
    LINE = "line"
    """`### Owner: Priya`: a labelled line that happens to be a heading."""
    PROSE = "prose"


@dataclass
class Section:
    heading: Heading | None
    body: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    kind: Kind = Kind.PROSE
    label: Label | None = None
    tags: Tags | None = None
    names_team: bool = False
    """This section or one below it is a team: a heading above it is only a title."""


def _sections(blocks: list[Block]) -> Section:
    root = Section(None)
    stack = [root]
    for block in blocks:
        if not isinstance(block, Heading):
            stack[-1].body.append(block)
            continue
        section = Section(block)
        while len(stack) > 1 and (top := stack[-1].heading) is not None and top.level >= block.level:
            stack.pop()
        stack[-1].children.append(section)
        stack.append(section)
    return root


def _classify(section: Section) -> None:
    """Each heading's role from its words and from what sits under it (children first)."""
    for child in section.children:
        _classify(child)
    section.names_team = any(child.names_team for child in section.children)
    if section.heading is None:
        return
    tags = take_tags(section.heading.text.text)
    label = label_of(tags.text)
    if label is not None and label.role is Role.SECTION and not label.value:
        label = None  # "## Related work:": read as any other heading
    section.tags, section.label = tags, label
    role = label.role if label else None
    if role is Role.SECTION and label is not None:
        section.kind = {"krs": Kind.KR_LIST, "objectives": Kind.CONTAINER}.get(label.value, Kind.SKIPPED)
    elif role is Role.TEAM:
        section.kind, section.names_team = Kind.CONTAINER, True
    elif role is Role.OBJECTIVE:
        section.kind = Kind.OBJECTIVE
    elif role is Role.KR:
        section.kind = Kind.KR
    elif role is not None:
        section.kind = Kind.LINE
    else:
        section.kind = _unlabelled_kind(section, tags.text)
        if section.kind is Kind.CONTAINER and heading_name(tags.text) and not section.names_team:
            section.names_team = True


def _unlabelled_kind(section: Section, text: str) -> Kind:
    name = heading_name(text)
    below = {child.kind for child in section.children}
    if below & {Kind.OBJECTIVE, Kind.CONTAINER} or _has_objectives(section.body, looks_like_name(text)):
        return Kind.CONTAINER
    if not name:
        return Kind.CONTAINER  # "## Q3 2025", "# OKRs": a title, whatever sits under it
    if measurable(text) and not _has_measurable_items(section.body):
        return Kind.KR  # its bullets are initiatives
    if below & {Kind.KR, Kind.KR_LIST} or _has_krs(section.body):
        return Kind.OBJECTIVE
    return Kind.PROSE


def _has_objectives(body: list[Block], under_a_name: bool) -> bool:
    """Objectives in a section's own text: `Objective:` lines, or bullets with KRs nested below."""
    for block in body:
        if isinstance(block, Paragraph) and any(_role(line.text) is Role.OBJECTIVE for line in block.lines):
            return True
        if isinstance(block, Table) and Column.OBJECTIVE in columns(block.header):
            return True
        if isinstance(block, ItemList) and any(_opens_objective(item, under_a_name) for item in block.items):
            return True
    return False


def _opens_objective(item: Item, under_a_name: bool) -> bool:
    text = item.lines[0].text if item.lines else ""
    role = _role(text)
    if role is Role.OBJECTIVE:
        return True
    nested = [i for block in item.children if isinstance(block, ItemList) for i in block.items]
    if role is not None or not nested or measurable(text) or not text:
        return False
    return under_a_name or any(measurable(i.lines[0].text) for i in nested if i.lines)


def _has_krs(body: list[Block]) -> bool:
    for block in body:
        if isinstance(block, ItemList | Table):
            return True
        if isinstance(block, Paragraph) and any(
            _role(line.text) is Role.KR or looks_like_kr(take_tags(line.text).text) for line in block.lines
        ):
            return True
    return False


def _has_measurable_items(body: list[Block]) -> bool:
    return any(
        isinstance(block, ItemList) and any(i.lines and measurable(i.lines[0].text) for i in block.items)
        for block in body
    )


def _role(text: str) -> Role | None:
    label = label_of(take_tags(text).text)
    return label.role if label else None


def measurable(text: str) -> bool:
    parsed = parse_kr(take_tags(text).text)
    return parsed.kind is not KRKind.BINARY or parsed.relative


def looks_like_kr(text: str) -> bool:
    """A plain line (not a bullet) is a KR when it starts like one or reads as a measurable result."""
    words = text.split()
    if not words or text.endswith("?"):
        return False
    first = words[0].lower().strip(",.:;*_")
    if first in ANY_VERB and len(text) <= MAX_TITLE:
        return True
    return first not in PROSE_OPENERS and len(words) <= 20 and measurable(text)
