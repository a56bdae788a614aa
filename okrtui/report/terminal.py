"""Whether output goes to a terminal and how wide it is, decided as rich's Console decides them,
so the status lines are laid out and coloured exactly where and as rich would."""

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


def output_width(*, dumb: bool = False) -> int:
    """rich's `Console.width`: COLUMNS, else the size of a terminal on stdin, stdout or stderr,
    else 80; on a `dumb` terminal 80, unless COLUMNS and LINES are both set. (COLUMNS=0 is taken
    as 80, where rich would print nothing at all.)"""
    columns, lines = os.environ.get("COLUMNS"), os.environ.get("LINES")
    given = columns is not None and columns.isdigit()
    if dumb and not (given and lines is not None and lines.isdigit()):
        return 80
    if columns is not None and given:
        return int(columns) or 80
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        return width or 80
    return 80
