"""Writing a meeting's notes beside the store (the Markdown itself is `okrtui.report.notes`)."""

from __future__ import annotations

import shlex
from pathlib import Path

from okrtui.core.checkin import CheckInRequest
from okrtui.core.meeting_summary import MeetingSummary
from okrtui.core.models import Meeting
from okrtui.core.safe_text import visible_lines
from okrtui.paths import notes_dir
from okrtui.report.notes import notes_markdown
from okrtui.store.files import atomic_write
from okrtui.store.repository import utcnow


def notes_path(store_root: Path, summary: MeetingSummary) -> Path:
    meeting = summary.meeting
    return notes_dir(store_root) / f"{meeting.week}-{meeting.team}-{meeting.id}.md"


def write_notes(store_root: Path, summary: MeetingSummary) -> Path:
    """Write the notes beside the store (atomically: a reader never sees half a file)."""
    path = notes_path(store_root, summary)
    atomic_write(path, notes_markdown(summary).encode(), store_root)
    return path


def write_unsaved(store_root: Path, meeting: Meeting, answer: CheckInRequest, reason: str) -> Path:
    """A note beside the meeting notes with an answer that could not be saved, and the command
    that files it, for when the terminal closed while its save was waiting."""
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    path = notes_dir(store_root) / f"unsaved-{meeting.week}-{meeting.team}-{answer.where.kr}-{stamp}.md"
    command = (
        f"okrtui checkin {answer.where.kr} --week {answer.week} --value {answer.value:g} "
        f"--confidence {answer.confidence} --as {shlex.quote(answer.author or 'OWNER')}"
    )
    text = "\n".join(
        [
            f"# Not saved: {answer.where.kr}, {answer.week} (meeting {meeting.id})",
            "",
            f"okrtui could not save this answer before the meeting's terminal closed: {reason}.",
            "",
            f"- value {answer.value:g}, confidence {answer.confidence}",
            *(
                f"- {label}: {text}"
                for label, text in (("moved", answer.moved), ("stuck", answer.stuck), ("next", answer.next))
                if text
            ),
            *(f"- new blocker: {text}" for text in answer.new_blockers),
            "",
            "To file it now:",
            "",
            f"    {command}",
            "",
        ]
    )
    atomic_write(path, visible_lines(text).encode(), store_root)
    return path
