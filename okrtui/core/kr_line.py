"""One KR line as the import reads it: the owner and weight tags (`@Chen`, `[ana]`, `(owner: …)`),
a due date (`by 2026-12-20`), then the sentence's numbers, unit and direction. The editor's sentence
field reads through this too, so a line typed there means what it would mean in an imported doc."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from okrtui.core.okr_tags import take_tags
from okrtui.core.sentence import ParsedKR, parse_kr

_DUE = re.compile(
    r"[\s,;]*\(?\b(?:by|due(?:\s+by)?|before|until)\s+(?P<date>\d{4}-\d{2}-\d{2})\b\)?", re.IGNORECASE
)


@dataclass(frozen=True)
class KRLine:
    parsed: ParsedKR
    owner: str = ""
    due: date | None = None
    weight: float | None = None


def take_due(text: str) -> tuple[str, date | None]:
    """The text without its due date, and the date (`by 2026-12-20`, `(due 2026-12-20)`)."""
    match = _DUE.search(text)
    if match is None:
        return text, None
    try:
        due = date.fromisoformat(match["date"])
    except ValueError:
        return text, None
    return (text[: match.start()] + text[match.end() :]).strip(), due


def read_kr_line(text: str) -> KRLine:
    """Read a KR line; never raises (what cannot be read is in `parsed.problems`)."""
    tags = take_tags(text)
    sentence, due = take_due(tags.text)
    parsed = parse_kr(sentence)
    if tags.baseline is not None and parsed.baseline is None:
        parsed = parsed.with_baseline(tags.baseline, unit=tags.baseline_unit)
    return KRLine(parsed, tags.owner, due, tags.weight)
