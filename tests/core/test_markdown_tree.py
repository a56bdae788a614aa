"""The Markdown tree the reader works on: every piece keeps its source line, links keep only text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from okrtui.core.markdown_tree import Aside, Heading, ItemList, Paragraph, Quote, Table, parse_markdown


def test_blocks_keep_their_line_numbers_and_nesting() -> None:
    blocks = parse_markdown(
        "# Title\nTeam: Ops\nKR1: one\n\n- Key Results:\n  - Cut X from 3 to 1 [@alan](https://x.y/alan)\n"
        "    wrapped here\n  - ~~dropped~~ kept\n"
    )
    heading, paragraph, items = blocks
    assert isinstance(heading, Heading) and (heading.first, heading.level, heading.text.text) == (
        1,
        1,
        "Title",
    )
    assert isinstance(paragraph, Paragraph) and [(x.number, x.text) for x in paragraph.lines] == [
        (2, "Team: Ops"),
        (3, "KR1: one"),
    ]
    assert isinstance(items, ItemList)
    nested = items.items[0].children[0]
    assert isinstance(nested, ItemList)
    first, second = nested.items
    assert [(x.number, x.text, x.linked) for x in first.lines] == [
        (6, "Cut X from 3 to 1 @alan", "@alan"),
        (7, "wrapped here", ""),
    ]
    assert (second.lines[0].text, second.lines[0].struck) == ("kept", True)


def test_tables_quotes_and_asides() -> None:
    blocks = parse_markdown(
        "| KR | Target |\n|---|---|\n| Cut <br> errors | 1% |\n\n"
        "> quoted\n\n```\ncode 1 2\n```\n<div>x</div>\n"
    )
    table, quote, fence, html = blocks
    assert isinstance(table, Table) and table.header == ["KR", "Target"]
    assert [(row.line, [c.text for c in row.cells]) for row in table.rows] == [(3, ["Cut errors", "1%"])]
    assert isinstance(quote, Quote) and quote.first == 5
    assert isinstance(fence, Aside) and fence.why == "a code block"
    assert isinstance(html, Aside) and html.why == "HTML"


def test_placeholders_in_angle_brackets_stay_text() -> None:
    paragraph = parse_markdown("KR1: Increase <metric> to <b>50%</b>\n")[0]
    assert isinstance(paragraph, Paragraph) and paragraph.lines[0].text == "KR1: Increase <metric> to 50%"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_any_text_parses(text: str) -> None:
    parse_markdown(text)
