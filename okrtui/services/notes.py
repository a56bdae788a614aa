"""Writing a meeting's notes beside the store (the Markdown itself is `okrtui.report.notes`)."""

from __future__ import annotations

from pathlib import Path

from okrtui.core.meeting_summary import MeetingSummary
from okrtui.paths import notes_dir
from okrtui.report.notes import notes_markdown
from okrtui.store.files import atomic_write


def notes_path(store_root: Path, summary: MeetingSummary) -> Path:
    meeting = summary.meeting
    return notes_dir(store_root) / f"{meeting.week}-{meeting.team}-{meeting.id}.md"


def write_notes(store_root: Path, summary: MeetingSummary) -> Path:
    """Write the notes beside the store (atomically: a reader never sees half a file)."""
    path = notes_path(store_root, summary)
    atomic_write(path, notes_markdown(summary).encode())
    return path
