"""A typed value read against the KR it is for: its own unit accepted, anything else refused.

`12 min`, `12min` and `12m` are minutes on a KR measured in minutes; `1.5k` is 1,500; `45%` is 45 on
a percent KR. A value in another unit or currency (`$1.2M` on a KR counting teams, `2 h` on one in
minutes) is refused rather than guessed at, and so is a negative count, duration or percentage.
A value far outside the KR's range is probably a typo: `far_outside` says so, and the caller asks
for a confirmation (`--yes` in the CLI, a dialog in a form) before saving it.

Pure functions, so the CLI and the TUI's check-in form give the same answer for the same typing.
"""

from __future__ import annotations

import math
import re

from okrtui.core.models import KeyResult, KRKind
from okrtui.core.values import CURRENCY, SUFFIX, format_value, number_and_rest

FAR = 10.0
"""A value more than this many times the KR's range outside it is probably a typo."""

DURATIONS: dict[str, tuple[str, ...]] = {
    "milliseconds": ("ms", "msec", "msecs", "millisecond", "milliseconds"),
    "seconds": ("s", "sec", "secs", "second", "seconds"),
    "minutes": ("min", "mins", "minute", "minutes"),
    "hours": ("h", "hr", "hrs", "hour", "hours"),
    "days": ("d", "day", "days"),
    "weeks": ("w", "wk", "wks", "week", "weeks"),
}
"""Each duration with the ways it is written; a bare `m` after a number is minutes only on a KR in
minutes (elsewhere it is a million, as in `$1.2M`)."""
_DURATION_OF = {alias: name for name, aliases in DURATIONS.items() for alias in aliases}
PERCENT_WORDS = ("%", "percent", "pct")
SIGNED_UNITS = ("pts", "points", "°c", "°f", "c", "f", "db", "nps")
"""Units whose values may fall below zero (scores, temperatures)."""
_BINARY = {"1": 1.0, "done": 1.0, "yes": 1.0, "0": 0.0, "not done": 0.0, "no": 0.0}
_SUFFIX_FIRST = re.compile(r"^(bn|k|m|b)\s*(.*)$", re.IGNORECASE)


def is_percent(kr: KeyResult) -> bool:
    return kr.kind is KRKind.PERCENT or kr.unit.lower() in PERCENT_WORDS


def duration_of(kr: KeyResult) -> str | None:
    """The duration a KR is measured in (`minutes` for a unit `min`), or None."""
    return _DURATION_OF.get(kr.unit.lower())


def unit_name(kr: KeyResult) -> str:
    """What the KR is measured in, as a sentence says it."""
    if is_percent(kr):
        return "percent"
    if _is_symbol(kr.unit):
        return f"{kr.unit} (money)"
    return kr.unit or "plain numbers (no unit)"


def parse_kr_value(text: str, kr: KeyResult) -> float:
    """`text` as a value of `kr`; ValueError with one sentence when it does not fit the KR."""
    if kr.kind is KRKind.BINARY:
        return _binary(text, kr)
    number, currency, rest = number_and_rest(text)
    magnitude, unit = _magnitude_and_unit(rest.strip(), kr)
    if currency and unit:
        raise ValueError(f"{text.strip()!r} has two units ({currency} and {unit})")
    typed = currency or unit
    if typed and not _fits(typed, kr):
        typed_name = _typed_name(typed)
        raise ValueError(f"{text.strip()!r} is in {typed_name}; {kr.id} is measured in {unit_name(kr)}")
    value = number * magnitude
    if not math.isfinite(value):
        raise ValueError("that number is too large")
    if value < 0 and not negatives_allowed(kr):
        raise ValueError(f"{kr.id} is {_what(kr)}: it cannot be negative ({text.strip()})")
    return value


def negatives_allowed(kr: KeyResult) -> bool:
    """Counts, durations, percentages and milestones never go below zero; money, scores and plain
    numbers (an eNPS, a balance) may, and so may any KR whose own range does."""
    if kr.baseline < 0 or kr.target < 0:
        return True
    if kr.kind in (KRKind.MILESTONE, KRKind.PERCENT) or is_percent(kr) or duration_of(kr):
        return False
    unit = kr.unit.lower()
    return not unit or _is_symbol(unit) or kr.kind is KRKind.CURRENCY or unit in SIGNED_UNITS


def far_outside(kr: KeyResult, value: float) -> str | None:
    """Why `value` looks like a typo for `kr` (more than `FAR` times its range outside the range),
    or None. The caller asks for a confirmation before saving such a value."""
    if kr.kind is KRKind.BINARY:
        return None
    low, high = sorted((kr.baseline, kr.target))
    width = (high - low) or abs(kr.target) / FAR or 1.0
    if low - FAR * width <= value <= high + FAR * width:
        return None
    return (
        f"{format_value(value, kr.unit)} is far outside {kr.id}'s range "
        f"({format_value(kr.baseline, kr.unit)} → {format_value(kr.target, kr.unit)})"
    )


def _binary(text: str, kr: KeyResult) -> float:
    cleaned = " ".join(text.strip().lower().split())
    if cleaned in _BINARY:
        return _BINARY[cleaned]
    raise ValueError(f"{kr.id} is done or not done: give 1 (done) or 0 (not done), not {text.strip()[:20]!r}")


def _magnitude_and_unit(rest: str, kr: KeyResult) -> tuple[float, str]:
    """Split what follows the number into a magnitude (`k`, `m`, `bn`) and a unit, preferring the
    KR's own unit: `ms` on a KR in milliseconds is not a million seconds, `m` on minutes not a million."""
    if not rest or _fits(rest, kr):
        return 1.0, rest
    match = _SUFFIX_FIRST.match(rest)
    if match is None:
        return 1.0, rest
    after = match[2].strip()
    if after and not _fits(after, kr) and _known_unit(rest):
        return 1.0, rest  # `12 ms` on a KR in minutes is milliseconds, not a million seconds
    return SUFFIX[match[1].lower()], after


def _fits(typed: str, kr: KeyResult) -> bool:
    """Whether a typed unit is the KR's own (any case, singular or plural)."""
    word = typed.lower()
    if word in PERCENT_WORDS:
        return is_percent(kr)
    if _is_symbol(word):
        return kr.unit == typed or (kr.kind is KRKind.CURRENCY and not _is_symbol(kr.unit))
    duration = duration_of(kr)
    if duration is not None:
        return _DURATION_OF.get(word) == duration or (word == "m" and duration == "minutes")
    unit = kr.unit.lower()
    return bool(unit) and word in (unit, unit.rstrip("s"), unit + "s", unit.removesuffix("es"))


def _is_symbol(unit: str) -> bool:
    return len(unit) == 1 and unit in CURRENCY


def _known_unit(typed: str) -> bool:
    word = typed.lower()
    return word in PERCENT_WORDS or _is_symbol(word) or word in _DURATION_OF


def _typed_name(typed: str) -> str:
    word = typed.lower()
    if word in PERCENT_WORDS:
        return "percent"
    if _is_symbol(word):
        return f"{typed} (money)"
    return _DURATION_OF.get(word, typed)


def _what(kr: KeyResult) -> str:
    if is_percent(kr):
        return "a percentage"
    if duration_of(kr):
        return "a duration"
    if kr.kind is KRKind.MILESTONE:
        return "a milestone count"
    return f"a count of {kr.unit}" if kr.unit else "a count"
