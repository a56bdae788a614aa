"""What a heading or title line names: a quarter ("# FY23-Q1 OKRs" -> 2023-Q1) and a team
("## Marketing", "Platform Team OKRs" -> Platform), once the title words are gone. Pure."""

from __future__ import annotations

import re

from okrtui.core.kr_words import ANY_VERB

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
        and words[0].lower() not in ANY_VERB
        and not text.rstrip().endswith((".", "!", "?"))
    )
