"""Keeping the garbage collector out of the frames that matter.

A full collection walks every object the process holds: once a screen has imported and built what
it needs (pydantic models, Textual's widgets and styles, plotext), that is 60-90 ms, and it comes
when a burst of allocations trips it, which is during a big frame such as the meeting's first KR.
Collecting once at a quiet moment and freezing what survives (`gc.freeze`) takes those objects
out of every later collection, which then walks only what was made since: a few milliseconds.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect now, then leave everything alive out of later collections (call at a quiet moment)."""
    gc.collect()
    gc.freeze()
