"""Numbers as people type them: `1,200`, `12.5`, `55%`, `800K`, `$1.2M`, `-3`."""

from __future__ import annotations

import math
import re

SUFFIX = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9}
"""Magnitudes people type after a number: 800K, 1.2M, 2.5bn."""
CURRENCY = "$€£¥"
_HEAD = r"^(?P<sign>[-+−]?)\s*(?P<cur>[$€£¥]?)\s*(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
_NUMBER = _HEAD + r"\s*(?P<suffix>k|m|bn|b)?\s*(?P<unit>%|[$€£¥])?$"
_NUMBER_AND_REST = _HEAD + r"\s*(?P<rest>.*?)$"
"""Patterns compiled on first use (`re` caches them), not at import: `status` only formats numbers."""


def parse_value(text: str) -> float:
    """Parse a typed number; raises ValueError with a message fit to show under a field."""
    cleaned = _cleaned(text)
    match = re.match(_NUMBER, cleaned, re.IGNORECASE)
    if not match:
        raise _not_a_number(cleaned)
    return _finite(_signed(match) * SUFFIX[(match["suffix"] or "").lower()])


def number_and_rest(text: str) -> tuple[float, str, str]:
    """A typed number (signed, before any magnitude), its leading currency symbol, and what follows
    it (`1.5k teams` -> (1.5, "", "k teams")), for readers that know which units to expect."""
    cleaned = _cleaned(text)
    match = re.match(_NUMBER_AND_REST, cleaned, re.IGNORECASE)
    if not match:
        raise _not_a_number(cleaned)
    return _signed(match), match["cur"], match["rest"]


def _cleaned(text: str) -> str:
    cleaned = text.strip().replace("\u00a0", " ").replace("_", "")
    if not cleaned:
        raise ValueError("enter a number, e.g. 1200, 55% or $1.2M")
    return cleaned


def _not_a_number(cleaned: str) -> ValueError:
    return ValueError(f"{_shorten(cleaned)!r} is not a number (try 1200, 1,200, 55% or $1.2M)")


def _signed(match: re.Match[str]) -> float:
    value = float(match["num"].replace(",", ""))
    return -value if match["sign"] in ("-", "−") else value


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("that number is too large")
    return value


def format_value(value: float | None, unit: str = "") -> str:
    """Short, human display of a KR value with its unit: 1.2K, $2.5M, 55%, 300 ms."""
    if value is None:
        return "—"
    magnitude = abs(value)
    if magnitude >= 1e4:
        text = _scaled(value)
    elif value == int(value):
        text = f"{int(value):,}"
    else:
        text = f"{value:.4g}" if magnitude < 1 else f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit in CURRENCY:
        return f"-{unit}{text[1:]}" if text.startswith("-") and unit else f"{unit}{text}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit else text


def _scaled(value: float) -> str:
    """Three significant digits and a letter; rounding up moves to the next letter (1M, not 1e+03K)."""
    for size, letter in ((1e3, "K"), (1e6, "M"), (1e9, "B")):
        text = f"{value / size:.3g}"
        if abs(float(text)) < 1000:
            return f"{text}{letter}"
    return f"{value / 1e9:,.0f}B"


def plain_number(value: float) -> str:
    """A value as typed back into a field: no grouping, no needless decimals."""
    return str(int(value)) if value == int(value) and abs(value) < 1e15 else repr(value)


def _shorten(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
