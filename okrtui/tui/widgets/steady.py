"""Updating a line only when what it shows changes."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def _same(shown: object, new: Content | str) -> bool:
    if isinstance(shown, str) and isinstance(new, str):
        return shown == new
    if isinstance(shown, Content) and isinstance(new, Content):
        return shown.plain == new.plain and shown.spans == new.spans  # Content's == ignores style
    return False


def update(static: Static, content: Content | str, *, layout: bool = True) -> None:
    """`static.update(content)`, skipped when it already shows exactly that: every update lays the
    screen out again, and the room's timers re-show the same lines several times a second (on
    2 cores with 8 participants that idle work is what delays the next step)."""
    if not _same(static.content, content):
        static.update(content, layout=layout)
