"""Markdown as the tree of blocks an OKR doc is made of, every piece with its source line numbers.

markdown-it-py does the parsing (CommonMark plus tables and strikethrough); this module keeps only
what the OKR reader needs to decide what each part is: headings, list items with their nesting,
tables cell by cell, quotes, and paragraphs split into their source lines. Link targets, images
and emphasis are dropped here, so a URL's digits or a bold label never reach the sentence parser.
Pure: text in, tree out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_LAYOUT_TAG = re.compile(r"^</?(?:br|p|div|hr)\b[^>]*>$", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"^<(?:/?(?:a|b|i|u|s|em|strong|span|sup|sub|code|kbd|mark|small|del|ins|img|font|details|summary)"
    r"\b[^>]*|!--.*--)>$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class TextLine:
    """One source line of plain text: what a person reads once the Markdown is rendered."""

    number: int
    text: str
    linked: str = ""
    """The part of the text that sat inside links (a list of links is not a list of KRs)."""
    struck: bool = False
    """Some of it was struck through (the author dropped it): that part is left out of `text`."""


@dataclass
class Heading:
    first: int
    last: int
    level: int
    text: TextLine


@dataclass
class Paragraph:
    first: int
    last: int
    lines: list[TextLine]


@dataclass
class Item:
    """A list item: its first paragraph, line by line, and whatever is nested below it."""

    first: int
    last: int
    lines: list[TextLine]
    children: list[Block] = field(default_factory=list)


@dataclass
class ItemList:
    first: int
    last: int
    items: list[Item]


@dataclass
class Row:
    line: int
    cells: list[TextLine]


@dataclass
class Table:
    first: int
    last: int
    header: list[str]
    rows: list[Row]


@dataclass
class Quote:
    first: int
    last: int
    children: list[Block]


@dataclass
class Aside:
    """A block that holds no OKRs by its nature (fenced code, HTML), kept to say why it was skipped."""

    first: int
    last: int
    why: str


Block = Heading | Paragraph | ItemList | Table | Quote | Aside


def parse_markdown(text: str) -> list[Block]:
    """The document's top-level blocks in order. Never raises on any text."""
    tokens = _PARSER.parse(text)
    blocks, _ = _blocks(tokens, 0, None)
    return blocks


def _span(token: Token) -> tuple[int, int]:
    start, end = token.map or (0, 1)
    return start + 1, max(start + 1, end)


def _blocks(tokens: list[Token], index: int, closing: str | None) -> tuple[list[Block], int]:
    """Blocks from `index` up to the token of type `closing` (or the end); returns the index after it."""
    found: list[Block] = []
    while index < len(tokens):
        token = tokens[index]
        if token.type == closing:
            return found, index + 1
        block, index = _block(tokens, index)
        if block is not None:
            found.append(block)
    return found, index


def _block(tokens: list[Token], index: int) -> tuple[Block | None, int]:
    token = tokens[index]
    kind = token.type
    first, last = _span(token)
    if kind == "heading_open":
        lines = _lines(tokens[index + 1], first)
        if len(lines) > 1:  # a setext heading over several lines reads as lines, not one title
            return Paragraph(first, last, lines), index + 3
        text = lines[0] if lines else TextLine(first, "")
        return Heading(first, last, int(token.tag[1:]), text), index + 3
    if kind == "paragraph_open":
        return Paragraph(first, last, _lines(tokens[index + 1], first)), index + 3
    if kind in ("bullet_list_open", "ordered_list_open"):
        return _list(tokens, index, kind.replace("_open", "_close"))
    if kind == "table_open":
        return _table(tokens, index)
    if kind == "blockquote_open":
        children, after = _blocks(tokens, index + 1, "blockquote_close")
        return Quote(first, last, children), after
    if kind == "code_block":  # indented text: in a pasted plain-text doc these are just lines
        rows = token.content.rstrip("\n").split("\n")
        return Paragraph(
            first, last, [TextLine(first + n, row.strip()) for n, row in enumerate(rows)]
        ), index + 1
    if kind == "fence":
        return Aside(first, last, "a code block"), index + 1
    if kind == "html_block":
        return Aside(first, last, "HTML"), index + 1
    return None, index + 1  # rules, and closing tokens of blocks this reader does not open


def _list(tokens: list[Token], index: int, closing: str) -> tuple[ItemList, int]:
    first, last = _span(tokens[index])
    items: list[Item] = []
    index += 1
    while index < len(tokens) and tokens[index].type != closing:
        if tokens[index].type != "list_item_open":
            index += 1
            continue
        item_first, item_last = _span(tokens[index])
        children, index = _blocks(tokens, index + 1, "list_item_close")
        lines: list[TextLine] = []
        head = children[0] if children else None
        if isinstance(head, Paragraph) and head.first == item_first:
            lines = head.lines
            del children[0]
        items.append(Item(item_first, item_last, lines, children))
    return ItemList(first, last, items), index + 1


def _table(tokens: list[Token], index: int) -> tuple[Table, int]:
    first, last = _span(tokens[index])
    header: list[str] = []
    rows: list[Row] = []
    cells: list[TextLine] = []
    line = first
    index += 1
    while index < len(tokens) and tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            line, cells = _span(token)[0], []
        elif token.type == "inline":
            cells.append(_joined(token, line))
        elif token.type == "tr_close":
            if header or line != first:
                rows.append(Row(line, cells))
            else:
                header = [cell.text for cell in cells]
        index += 1
    return Table(first, last, header, rows), index + 1


def _joined(inline: Token, number: int) -> TextLine:
    """A table cell: one line whatever `<br>`s it holds."""
    parts = _lines(inline, number)
    return TextLine(
        number,
        " ".join(p.text for p in parts).strip(),
        " ".join(p.linked for p in parts).strip(),
        any(p.struck for p in parts),
    )


def _lines(inline: Token, first: int) -> list[TextLine]:
    """The inline content as source lines: emphasis, link targets and images (captions, not sentences)
    gone, links' text kept."""
    lines: list[TextLine] = []
    text: list[str] = []
    linked: list[str] = []
    struck = False
    in_link = in_strike = 0
    number = first

    def close() -> None:
        lines.append(
            TextLine(number, " ".join("".join(text).split()), " ".join("".join(linked).split()), struck)
        )

    for child in inline.children or ():
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            close()
            text, linked, struck, number = [], [], False, number + 1
        elif kind == "link_open":
            in_link += 1
        elif kind == "link_close":
            in_link = max(0, in_link - 1)
        elif kind == "s_open":
            in_strike += 1
            struck = True
        elif kind == "s_close":
            in_strike = max(0, in_strike - 1)
        elif kind in ("text", "code_inline", "html_inline") and not in_strike:
            content = _html(child.content) if kind == "html_inline" else child.content
            text.append(content)
            if in_link:
                linked.append(content)
    close()
    return lines


def _html(tag: str) -> str:
    """Inline HTML: layout tags become a space, formatting tags vanish, anything else (`<metric>`) stays."""
    if _LAYOUT_TAG.match(tag):
        return " "
    return "" if _HTML_TAG.match(tag) else tag
