"""Text cut and padded to a number of terminal cells: CJK and emoji take two, a cut shows `…`."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size


def fit(text: str, width: int, *, right: bool = False) -> str:
    """`text` in exactly `width` cells: padded, or cut with an ellipsis (never mid wide character)."""
    if width <= 0:
        return ""
    size = cell_len(text)
    if size > width:
        return set_cell_size(text, width - 1) + "…"
    padding = " " * (width - size)
    return padding + text if right else text + padding
