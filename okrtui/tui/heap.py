"""Keeping the garbage collector out of the frames that matter.

A full collection walks every object the process holds: once a screen has imported and built what
it needs (pydantic models, Textual's widgets and styles, plotext), that is 60-90 ms, and it comes
when a burst of allocations trips it, which is during a big frame such as the meeting's first KR.
Collecting once at a quiet moment and freezing what survives (`gc.freeze`) takes those objects
out of every later collection, which then walks only what was made since: a few milliseconds.

The collection before freezing is of the young generations only: a full one took 60-140 ms of CPU
on each screen, and a room of eight joining at once paid it eight times over on two cores just as
the facilitator moved to the first KR. What a full one would free (a few thousand objects from
start-up) stays frozen: well under a megabyte.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect what was made lately, then leave everything alive out of later collections."""
    gc.collect(1)
    gc.freeze()
