"""What a git merge left for people to see, on the dashboard: ⚠ on each KR or objective a sync
conflict or notice is about, and a toast the first time the dashboard shows it.

Boards are read for this only when `Snapshot.sync` says one holds something open, so a store that
never synced costs nothing more. A conflict is settled in the editor (`editor.conflicts`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from okrtui.core.board import Board
from okrtui.core.safe_text import visible
from okrtui.core.sync_records import SyncConflict, SyncNotice
from okrtui.store import StoreError

if TYPE_CHECKING:
    from okrtui.report.snapshot import Snapshot
    from okrtui.store import Store

MARK = "⚠"
RECORD_TABLES = ("key_results", "objectives")


def flags_of(boards: list[Board]) -> dict[str, str]:
    """Record id (a KR or an objective) → what is open about it, one line each."""
    flags: dict[str, list[str]] = {}
    for board in boards:
        for conflict in board.open_conflicts():
            if conflict.table in RECORD_TABLES:
                flags.setdefault(conflict.record, []).append(f"conflict: {conflict.message}; e chooses")
        for notice in board.unseen_notices():
            subject = notice.kr or (notice.record if notice.table in RECORD_TABLES else None)
            if subject:
                flags.setdefault(subject, []).append(notice.message)
    return {record: "\n".join(lines) for record, lines in flags.items()}


def flagged(label: Text, colour: str, over_symbol: bool = True) -> Text:
    """A tree row with ⚠ where a KR's status symbol was (the row keeps its width), or before an
    objective's heading."""
    rest = label.divide([2])[1] if over_symbol else label
    flagged = Text(no_wrap=True, overflow="ellipsis")
    flagged.append(f"{MARK} ", style=f"{colour} bold".strip())
    return flagged.append_text(rest)


class SyncMarks:
    """Remembers what was toasted, so each conflict or notice pops up once per dashboard."""

    def __init__(self) -> None:
        self.toasted: set[str] = set()

    def read(self, store: Store, snapshot: Snapshot) -> tuple[dict[str, str], list[str]]:
        """The flags to show, and the toast lines not yet shown (conflicts first)."""
        if snapshot.cycle is None or not snapshot.sync:
            return {}, []
        try:
            boards = [b for b in store.boards(snapshot.cycle) if b.team.id in snapshot.sync]
        except StoreError:
            return {}, []  # the dashboard names an unreadable board itself
        lines: list[str] = []
        for board in boards:
            rows: list[SyncConflict | SyncNotice] = [*board.open_conflicts(), *board.unseen_notices()]
            for row in rows:
                if row.id not in self.toasted:
                    self.toasted.add(row.id)
                    word = "Sync conflict" if isinstance(row, SyncConflict) else "Sync notice"
                    lines.append(visible(f"{word} ({board.team.name}): {row.message}"))
        return flags_of(boards), lines
