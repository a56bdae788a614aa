"""One message, five forms: plain text (a terminal, an email, a login banner), Markdown, and the JSON
payloads Slack's and Microsoft Teams' incoming webhooks take.

A report (the digest, the reminder, the actions list) builds a `Message` of sections, each a list
of lines made of spans. The renderers here decide how a span looks in each form, so a report is
written once. Every span is text, never markup, whoever typed it: made visible (no escape
sequences), escaped in Markdown, and sent to Slack and Teams in elements that do not parse markup
(Slack `rich_text` text elements, Adaptive Card `TextRun`s), so an `<!channel>` or a `*` in a KR
title stays what it says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from okrtui.core.safe_text import visible

CHAT_LINES = 25
"""Lines per section in a chat message; the rest is counted, not dropped silently."""
SLACK_BLOCKS = 50
"""Slack refuses a message with more blocks than this."""
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
"""What Markdown could read as formatting, a link, HTML or a table inside a line of text."""


@dataclass(frozen=True)
class Span:
    text: str
    strong: bool = False


@dataclass(frozen=True)
class Line:
    spans: tuple[Span, ...]
    depth: int = 0
    """0 for a line of its own, 1 for a detail under the line above it."""

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


def line(*parts: str | Span, depth: int = 0) -> Line:
    """A line from plain strings and spans: `line(strong("0.62"), " Boring releases")`."""
    return Line(tuple(part if isinstance(part, Span) else Span(part) for part in parts if part), depth)


def strong(text: str) -> Span:
    return Span(text, strong=True)


@dataclass(frozen=True)
class Section:
    heading: str
    lines: list[Line] = field(default_factory=list)
    empty: str = "none"
    """What the section says when it has no lines."""


@dataclass(frozen=True)
class Message:
    title: str
    summary: str
    """One sentence for a chat notification (Slack's `text`): the numbers, no store text beyond names."""
    sections: list[Section]


# -- text and Markdown ----------------------------------------------------------------------------


def to_text(message: Message) -> str:
    title = visible(message.title)
    out = [title, "=" * min(len(title), 80)]
    for section in message.sections:
        out += ["", visible(section.heading)]
        out += [f"{'    ' * item.depth}  - {visible(item.text)}" for item in section.lines]
        out += [] if section.lines else [f"  {section.empty}"]
    return "\n".join(out) + "\n"


def markdown_text(text: str) -> str:
    """Store text shown as itself in Markdown: visible, with Markdown's special characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text))


def to_markdown(message: Message) -> str:
    out = [f"# {markdown_text(message.title)}"]
    for section in message.sections:
        out += ["", f"## {markdown_text(section.heading)}", ""]
        out += [f"{'  ' * item.depth}- {_markdown_spans(item.spans)}" for item in section.lines]
        out += [] if section.lines else [f"{markdown_text(section.empty)}"]
    return "\n".join(out) + "\n"


def _markdown_spans(spans: tuple[Span, ...]) -> str:
    return "".join(
        f"**{markdown_text(s.text)}**" if s.strong and s.text.strip() else markdown_text(s.text)
        for s in spans
    )


# -- chat payloads ----------------------------------------------------------------------------------


def _capped(section: Section) -> Iterator[Line]:
    yield from section.lines[:CHAT_LINES]
    rest = len(section.lines) - CHAT_LINES
    if rest > 0:
        yield line(f"… and {rest} more (see the text form)")


def slack_text(text: str) -> str:
    """Text for a Slack `text` field: visible, and `&`, `<`, `>` escaped as Slack asks (no mentions)."""
    return visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_slack(message: Message) -> dict[str, Any]:
    """The JSON an incoming webhook takes: `{"text": ..., "blocks": [...]}` (Block Kit)."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": visible(message.title)[:150]}}
    ]
    sections = message.sections
    room = SLACK_BLOCKS - 2  # the header, and a last block saying what did not fit
    for section in sections[:room]:
        elements: list[dict[str, Any]] = [_slack_section([strong(section.heading)])]
        lines = list(_capped(section)) or [line(section.empty)]
        for depth, run in _runs(lines):
            elements.append(
                {
                    "type": "rich_text_list",
                    "style": "bullet",
                    "indent": depth,
                    "elements": [_slack_section(item.spans) for item in run],
                }
            )
        blocks.append({"type": "rich_text", "elements": elements})
    if len(sections) > room:
        more = f"… and {len(sections) - room} more sections (see the text form)"
        blocks.append({"type": "context", "elements": [{"type": "plain_text", "text": more}]})
    return {"text": slack_text(message.summary), "blocks": blocks}


def _slack_section(spans: tuple[Span, ...] | list[Span]) -> dict[str, Any]:
    elements = []
    for span in spans:
        element: dict[str, Any] = {"type": "text", "text": visible(span.text)}
        if span.strong:
            element["style"] = {"bold": True}
        elements.append(element)
    return {"type": "rich_text_section", "elements": elements}


def _runs(lines: list[Line]) -> Iterator[tuple[int, list[Line]]]:
    """Consecutive lines of the same depth, so each becomes one (possibly indented) Slack list."""
    run: list[Line] = []
    for item in lines:
        if run and item.depth != run[-1].depth:
            yield run[-1].depth, run
            run = []
        run.append(item)
    if run:
        yield run[-1].depth, run


ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


def to_teams(message: Message) -> dict[str, Any]:
    """The JSON a Teams incoming webhook (or a Workflows "post to a channel" webhook) takes: a
    message with one Adaptive Card, all text in `TextRun`s (which Teams does not read as Markdown)."""
    body: list[dict[str, Any]] = [_rich([Span(message.title, strong=True)], size="Large")]
    for section in message.sections:
        body.append(_rich([Span(section.heading, strong=True)], spacing="Medium"))
        for item in list(_capped(section)) or [line(section.empty)]:
            bullet = "    ◦ " if item.depth else "• "
            body.append(_rich([Span(bullet), *item.spans], spacing="None"))
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "msteams": {"width": "Full"},
        "fallbackText": visible(message.summary),
        "body": body,
    }
    return {
        "type": "message",
        "attachments": [{"contentType": ADAPTIVE_CARD, "contentUrl": None, "content": card}],
    }


def _rich(spans: list[Span], **extra: str) -> dict[str, Any]:
    runs = []
    for span in spans:
        run: dict[str, Any] = {"type": "TextRun", "text": visible(span.text)}
        if span.strong:
            run["weight"] = "Bolder"
        if "size" in extra:
            run["size"] = extra["size"]
        runs.append(run)
    block: dict[str, Any] = {"type": "RichTextBlock", "inlines": runs}
    if "spacing" in extra:
        block["spacing"] = extra["spacing"]
    return block


FORMATS = ("text", "markdown", "slack", "teams")


def render(message: Message, fmt: str) -> str:
    """`message` in one of `FORMATS`; the chat forms are JSON, ready for `curl -d @-`."""
    import json

    if fmt == "markdown":
        return to_markdown(message)
    if fmt == "slack":
        return json.dumps(to_slack(message), ensure_ascii=False) + "\n"
    if fmt == "teams":
        return json.dumps(to_teams(message), ensure_ascii=False) + "\n"
    return to_text(message)
