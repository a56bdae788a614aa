"""One-line sparklines from block characters, for tables and pipes."""

from __future__ import annotations

from collections.abc import Sequence

BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float], width: int = 8) -> str:
    """The last `width` values as block characters scaled between their min and max."""
    recent = list(values)[-width:]
    if not recent:
        return ""
    low, high = min(recent), max(recent)
    if high == low:
        return BLOCKS[3] * len(recent)
    steps = len(BLOCKS) - 1
    return "".join([BLOCKS[round((v - low) / (high - low) * steps)] for v in recent])
