"""How many terminal cells status text takes, as rich measures it, for the plain status lines.

Printable ASCII and the symbols okrtui prints itself (arrows, badges, sparkline blocks, currency
signs) take one cell each, so most of a status is measured by `len`. Anything else (names in other
scripts, emoji, the placeholders of control characters) is measured by rich, imported on first need:
rich looks such text up character by character, and a store of 50 teams prints thousands of lines.
"""

from __future__ import annotations

SYMBOLS = "→↑↓✔✖▲⚑·—–…─▁▂▃▄▅▆▇█€£¥"
"""Every non-ASCII character okrtui's status puts on a line; one cell each in rich (a test checks)."""
_ONE_CELL = frozenset(map(chr, range(0x20, 0x7F))) | frozenset(SYMBOLS)


def one_cell_each(text: str) -> bool:
    """Whether every character of `text` takes exactly one cell (no control, wide or joining one)."""
    return _ONE_CELL.issuperset(text)


def cell_len(text: str) -> int:
    """The cells `text` takes (rich's `cell_len`)."""
    if _ONE_CELL.issuperset(text):
        return len(text)
    from rich.cells import cell_len as measured

    return measured(text)


def set_cell_size(text: str, total: int) -> str:
    """`text` cut or padded with spaces to exactly `total` cells (rich's `set_cell_size`)."""
    if _ONE_CELL.issuperset(text):
        return text[:total] if len(text) >= total else text + " " * (total - len(text))
    from rich.cells import set_cell_size as measured

    return measured(text, total)
