"""Whether output goes to a terminal and how wide it is, decided as rich's Console decides them,
so the plain status lines are used exactly where rich would print no escape codes."""

from __future__ import annotations

import os
from typing import IO


def is_terminal(stream: IO[str]) -> bool:
    """rich's `Console.is_terminal`: TTY_COMPATIBLE, then FORCE_COLOR, then `isatty()`."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def output_width() -> int:
    """rich's `Console.width` for a console that is not a terminal: COLUMNS, else the size of a
    terminal on stdin, stdout or stderr, else 80."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns) or 80
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        return width or 80
    return 80
