"""What a merge of two machines' versions leaves in a store file for people to see.

`okrtui merge-driver` writes these into two tables of the file it merged (a team's file, or
`workspace.json` for teams and cycles): `conflicts`, one row per field set differently on two
machines, and `sync_notices`, one row per thing worth telling (two check-ins for the same KR and
week met; a blocker resolved on one machine was edited on another; a record removed on one machine
was kept because the other changed it). Rows have
content-derived ids, so two machines that merge the same versions write the same rows.

Rows are records (with `rev`), so resolving one goes through the store's checked, locked write.
A view lists the rows not yet `resolved` (conflicts) or `seen` (notices). Resolving a conflict is an
ordinary edit of the record's field plus `resolved=True` on the row; the row is kept, not deleted,
so that a later merge with a machine that still has it does not bring it back as new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from okrtui.core.models import Record


class SyncConflict(Record):
    table: str
    """The table of the record: `key_results`, `blockers`, `teams`, ..."""
    record: str
    """The record's id (for check-ins, `kr@week`)."""
    field: str
    """The field, dotted when nested (`step_seconds.kr-7q2f`); `*` when the merged record would not
    have been valid and one side's record was kept whole."""
    values: list[Any]
    """Both values, in a fixed order."""
    chosen: Any
    """The value the record holds until someone chooses (the later edit's)."""
    message: str
    resolved: bool = False


class SyncNotice(Record):
    kind: str
    """`checkins_met` (both kept: the later current, the other in its history), `blocker_resolved`
    (resolved on one machine, edited on another: it stays resolved) or `kept`."""
    table: str
    record: str
    message: str
    kr: str | None = None
    """The KR it is about, when it is about a check-in or a blocker (the dashboard marks that KR)."""
    week: str | None = None
    kept: str | None = None
    """For `checkins_met`: the id of the check-in that is current."""
    replaced: str | None = None
    """For `checkins_met`: the id of the one now in its history."""
    seen: bool = False


@dataclass(frozen=True)
class WorkspaceSync:
    """What merges left in `workspace.json`: conflicts and notices about teams, cycles, time away.
    (A team's board holds its own, in `Board.conflicts` and `Board.sync_notices`.)"""

    conflicts: list[SyncConflict] = field(default_factory=list)
    notices: list[SyncNotice] = field(default_factory=list)

    def open_conflicts(self) -> list[SyncConflict]:
        return [c for c in self.conflicts if not c.resolved]

    def unseen_notices(self) -> list[SyncNotice]:
        return [n for n in self.notices if not n.seen]


def open_conflicts(rows: dict[str, dict[str, Any]]) -> list[SyncConflict]:
    """A file's `conflicts` table as models, the unresolved ones only."""
    found = (SyncConflict.model_validate(row) for row in rows.values())
    return [conflict for conflict in found if not conflict.resolved]


def unseen_notices(rows: dict[str, dict[str, Any]]) -> list[SyncNotice]:
    found = (SyncNotice.model_validate(row) for row in rows.values())
    return [notice for notice in found if not notice.seen]


def conflicts_of(conflicts: list[SyncConflict], table: str, record: str) -> list[SyncConflict]:
    """The open conflicts about one record, e.g. `conflicts_of(board.conflicts, "key_results", kr.id)`."""
    return [c for c in conflicts if c.table == table and c.record == record and not c.resolved]


def resolved(conflicts: list[SyncConflict]) -> list[SyncConflict]:
    """The rows to save with the edit that settles them (kept, so a later merge does not revive them)."""
    return [c.model_copy(update={"resolved": True}) for c in conflicts]
