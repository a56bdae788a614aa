"""What a git merge left for people to see, on the dashboard: ⚠ on each KR or objective a sync
conflict or notice is about, and a toast the first time the dashboard shows it.

Boards are read for this only when `Snapshot.sync` says one holds something open, so a store that
never synced costs nothing more. A conflict is settled in the editor (`editor.conflicts`).
"""

from __future__ import annotations

from contextlib import suppress
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
        self.shown: list[tuple[Board, SyncNotice]] = []
        """Notices toasted by the last `read`: seen now, so `mark_seen` records it."""

    def read(self, store: Store, snapshot: Snapshot) -> tuple[dict[str, str], list[str]]:
        """The flags to show, and the toast lines not yet shown (conflicts first)."""
        if snapshot.cycle is None or not snapshot.sync:
            return {}, []
        try:
            # only the boards the snapshot found something on (the others need no second read)
            boards = [store.board(snapshot.cycle, t) for t in store.teams() if t.id in snapshot.sync]
        except StoreError:
            return {}, []  # the dashboard names an unreadable board itself
        lines: list[str] = []
        self.shown = []
        for board in boards:
            rows: list[SyncConflict | SyncNotice] = [*board.open_conflicts(), *board.unseen_notices()]
            for row in rows:
                if row.id not in self.toasted:
                    self.toasted.add(row.id)
                    if isinstance(row, SyncNotice):
                        self.shown.append((board, row))
                    word = "Sync conflict" if isinstance(row, SyncConflict) else "Sync notice"
                    lines.append(visible(f"{word} ({board.team.name}): {row.message}"))
        return flags_of(boards), lines

    def mark_seen(self, store: Store) -> None:
        """Record that the notices just toasted were seen: a notice tells, once (status and ⚠ stop
        naming it); a conflict stays until it is settled in the editor. One locked write per board,
        based on the rows as read, so a notice changed meanwhile is left for the next person."""
        by_board: dict[tuple[str, str], list[SyncNotice]] = {}
        for board, notice in self.shown:
            by_board.setdefault((board.cycle.id, board.team.id), []).append(notice)
        self.shown = []
        for (cycle, team), notices in by_board.items():
            seen = [n.model_copy(update={"seen": True}) for n in notices]
            # a closed board, or a notice changed meanwhile: it is told again next time
            with suppress(StoreError):
                store.save(cycle, team, *seen, message=f"{store.actor} saw {len(seen)} sync notice(s)")
