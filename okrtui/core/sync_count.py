"""How many sync conflicts and notices a board holds open: what `status` tells about them.

Pydantic-free and free of the merge, so `okrtui status` counts them from the rows the light read
path parsed, and the typed path (`core.board.Board`) gives the same figures."""

from __future__ import annotations

from typing import Any, NamedTuple

CONFLICTS = "conflicts"
NOTICES = "sync_notices"
"""The tables `okrtui merge-driver` writes them to (see `core.sync_records`); named here, not in
`core.merge`, so `status` counts them without importing the merge."""


class SyncCount(NamedTuple):
    conflicts: int = 0
    """Fields two machines set differently, not yet chosen in the editor."""
    notices: int = 0
    """Things a merge did worth telling (two check-ins for one KR and week met), not yet seen."""

    def __bool__(self) -> bool:
        return bool(self.conflicts or self.notices)


def count_rows(data: dict[str, Any] | None) -> SyncCount:
    """The open rows of a store file's data, as the merge driver wrote them (`core.sync_records`)."""

    def open_rows(table: str, done: str) -> int:
        rows = (data or {}).get(table, {})
        return sum(1 for row in rows.values() if isinstance(row, dict) and not row.get(done))

    return SyncCount(conflicts=open_rows(CONFLICTS, "resolved"), notices=open_rows(NOTICES, "seen"))


def _counted(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


WORKSPACE_SUBJECT = "Teams and cycles"
"""How `status` names `workspace.json`'s sync rows (they are about teams and cycles, not a board)."""
BOARD_CHOICE = "e on one chooses"
WORKSPACE_CHOICE = "p (teams) or C (cycle dates) chooses"


def sync_line(subject: str, count: SyncCount, choice: str = BOARD_CHOICE) -> str:
    """`Platform: 1 sync conflict, 2 sync notices; the dashboard shows them (⚠), e on one chooses`."""
    parts = [_counted(count.conflicts, "sync conflict")] if count.conflicts else []
    parts += [_counted(count.notices, "sync notice")] if count.notices else []
    end = "; the dashboard shows them (⚠)" + (f", {choice}" if count.conflicts else "")
    return f"{subject}: {', '.join(parts)}{end}"
