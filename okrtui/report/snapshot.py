"""The status of a store at a date, gathered once for every output format."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from okrtui.core.actions import open_actions
from okrtui.core.models import Action, Cycle
from okrtui.core.status import KRStatus, ObjectiveStatus, board_status
from okrtui.core.sync_count import SyncCount
from okrtui.core.weeks import week_of
from okrtui.store import Store
from okrtui.store.errors import NotFoundError


@dataclass(frozen=True)
class Snapshot:
    today: date
    cycle: Cycle | None
    objectives: list[ObjectiveStatus]
    drafts: int = 0
    """Imported KRs still waiting for an owner or numbers (not scored, not shown as KRs)."""
    closed: dict[str, str] = field(default_factory=dict)
    """Teams whose board takes no more check-ins, with why (a retro held, the cycle closed)."""
    sync: dict[str, SyncCount] = field(default_factory=dict)
    """Teams whose board holds open sync conflicts or notices."""
    actions: dict[str, list[Action]] = field(default_factory=dict)
    """Each shown team's open actions, oldest week first."""
    workspace_sync: SyncCount = field(default_factory=SyncCount)
    """Open sync conflicts and notices of `workspace.json` (teams, cycles): everyone's."""

    @property
    def week(self) -> str:
        return week_of(self.today)

    @property
    def key_results(self) -> list[KRStatus]:
        return [kr for o in self.objectives for kr in o.key_results]


def take_snapshot(
    store: Store,
    today: date,
    *,
    team: str | None = None,
    cycle: str | None = None,
    owner: str | None = None,
) -> Snapshot:
    """Read what `status` shows: one cycle (default: the current one), optionally one team or owner."""
    chosen_team = store.team(team) if team else None
    chosen_cycle = store.cycle(cycle) if cycle else store.current_cycle(today)
    if chosen_cycle is None:
        return Snapshot(today, None, [])
    boards = store.boards(chosen_cycle, chosen_team)
    objectives = [o for b in boards for o in board_status(b, today)]
    closed = {b.team.id: why for b in boards if (why := b.closed_because())}
    counts = {b.team.id: SyncCount(len(b.open_conflicts()), len(b.unseen_notices())) for b in boards}
    sync = {team: count for team, count in counts.items() if count}
    actions = {b.team.id: open_actions(b) for b in boards}
    drafts = sum(len(b.open_drafts()) for b in boards)
    workspace = store.workspace_sync()
    workspace_sync = SyncCount(len(workspace.open_conflicts()), len(workspace.unseen_notices()))
    everything = Snapshot(today, chosen_cycle, objectives, drafts, closed, sync, actions, workspace_sync)
    chosen = narrow(everything, owner=owner)
    if owner and everything.objectives and not chosen.objectives:
        names = ", ".join(owners(everything))
        raise NotFoundError(f"no key results owned by {owner!r} in {chosen_cycle.id} (owners: {names})")
    return chosen


def narrow(snapshot: Snapshot, *, team: str | None = None, owner: str | None = None) -> Snapshot:
    """Only one team's objectives (by id) and/or one owner's KRs (case-insensitive), dropping empties."""
    objectives = [o for o in snapshot.objectives if team is None or o.team.id == team]
    actions = {t: held for t, held in snapshot.actions.items() if team is None or t == team}
    if owner:
        wanted = owner.strip().lower()
        objectives = [shown for o in objectives if (shown := o.owned_by(wanted)).key_results]
        actions = {t: [a for a in held if a.owner.lower() == wanted] for t, held in actions.items()}
    return replace(snapshot, objectives=objectives, actions=actions)


def owners(snapshot: Snapshot) -> list[str]:
    """Every KR owner in the snapshot, each once, sorted case-insensitively."""
    return sorted({k.kr.owner for k in snapshot.key_results}, key=str.lower)
