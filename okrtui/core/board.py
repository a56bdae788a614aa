"""A team's OKRs for one cycle: the unit the store files and the views read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from okrtui.core.drafts import DraftKeyResult
from okrtui.core.ids import new_id
from okrtui.core.models import (
    Action,
    Blocker,
    CheckIn,
    Cycle,
    CycleState,
    KeyResult,
    Meeting,
    Objective,
    Team,
)
from okrtui.core.read_models import closed_reason
from okrtui.core.retro_record import Retro
from okrtui.core.sync_records import SyncConflict, SyncNotice


@dataclass
class Board:
    """Everything one team has in one cycle. Lists keep the store's order (creation order)."""

    cycle: Cycle
    team: Team
    objectives: list[Objective] = field(default_factory=list)
    key_results: list[KeyResult] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    blockers: list[Blocker] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    drafts: list[DraftKeyResult] = field(default_factory=list)
    """KRs still needing input (owner, baseline); never scored or shown in meetings."""
    retros: list[Retro] = field(default_factory=list)
    """The end-of-cycle retrospective (one per team and cycle)."""
    actions: list[Action] = field(default_factory=list)
    """Action items with a life (see `core.actions`); meetings written before schema 2 held theirs."""
    conflicts: list[SyncConflict] = field(default_factory=list)
    """What two machines set differently (`core.sync_records`), resolved ones included."""
    sync_notices: list[SyncNotice] = field(default_factory=list)

    def open_conflicts(self) -> list[SyncConflict]:
        return [c for c in self.conflicts if not c.resolved]

    def unseen_notices(self) -> list[SyncNotice]:
        return [n for n in self.sync_notices if not n.seen]

    def sync_subject(self, row: SyncConflict | SyncNotice) -> str | None:
        """The KR or objective a sync conflict or notice is about (a check-in's or a blocker's is
        its KR's), for the dashboard's ⚠; None when it is about neither."""
        if isinstance(row, SyncNotice) and row.kr:
            return row.kr
        if row.table in ("key_results", "objectives"):
            return row.record
        if row.table == "checkins":
            return row.record.partition("@")[0]  # check-ins merge by `kr@week`
        if row.table == "blockers":
            return next((b.kr for b in self.blockers if b.id == row.record), None)
        return None

    @property
    def retro(self) -> Retro | None:
        """The team's retrospective of this cycle, if it has held one."""
        return self.retros[-1] if self.retros else None

    def closed_because(self) -> str | None:
        """Why this board takes no more check-ins or edits, or None while it is open.

        A team's retro closes that team's board; closing the cycle (`okrtui cycle close`) closes all.
        """
        retro = self.retro
        closed_by_retro = retro is not None and retro.closed_at is not None
        return closed_reason(
            self.cycle.id, self.cycle.state is CycleState.CLOSED, self.team.name, closed_by_retro
        )

    def live_objectives(self) -> list[Objective]:
        return [o for o in self.objectives if not o.archived]

    def krs_of(self, objective_id: str) -> list[KeyResult]:
        return [k for k in self.key_results if k.objective == objective_id and not k.archived]

    def live_key_results(self) -> list[KeyResult]:
        """KRs of live objectives, grouped by objective in display order."""
        return [kr for o in self.live_objectives() for kr in self.krs_of(o.id)]

    def open_drafts(self) -> list[DraftKeyResult]:
        """Drafts still waiting for input: not discarded, under a live objective, in display order."""
        return [d for o in self.live_objectives() for d in self.drafts_of(o.id)]

    def drafts_of(self, objective_id: str) -> list[DraftKeyResult]:
        return [d for d in self.drafts if d.objective == objective_id and not d.archived]

    def draft(self, draft_id: str) -> DraftKeyResult | None:
        return next((d for d in self.drafts if d.id == draft_id), None)

    def kr(self, kr_id: str) -> KeyResult | None:
        return next((k for k in self.key_results if k.id == kr_id), None)

    def objective(self, objective_id: str) -> Objective | None:
        return next((o for o in self.objectives if o.id == objective_id), None)

    def checkins_of(self, kr_id: str) -> list[CheckIn]:
        """A KR's check-ins, oldest week first."""
        return sorted((c for c in self.checkins if c.kr == kr_id), key=lambda c: c.week)

    def checkin(self, kr_id: str, week: str) -> CheckIn | None:
        return next((c for c in self.checkins if c.kr == kr_id and c.week == week), None)

    def latest_before(self, kr_id: str, week: str) -> CheckIn | None:
        """The newest check-in strictly before `week` (what a new check-in is compared with)."""
        earlier = [c for c in self.checkins_of(kr_id) if c.week < week]  # as KRStatus.before_this_week
        return earlier[-1] if earlier else None

    def blockers_of(self, kr_id: str, *, open_only: bool = False) -> list[Blocker]:
        return [b for b in self.blockers if b.kr == kr_id and (b.is_open or not open_only)]

    def open_blockers(self) -> list[Blocker]:
        return [b for b in self.blockers if b.is_open]

    def meeting_in(self, week: str) -> Meeting | None:
        """The newest meeting held in `week`, if any."""
        held = [m for m in self.meetings if m.week == week]
        return max(held, key=lambda m: m.started_at) if held else None

    def id_maker(self) -> Callable[[str], str]:
        """Fresh ids for new records of this board, unique among its ids and each other."""
        taken = self.ids()

        def make(prefix: str) -> str:
            made = new_id(prefix, taken)
            taken.add(made)
            return made

        return make

    def ids(self) -> set[str]:
        groups = (
            self.objectives,
            self.key_results,
            self.checkins,
            self.blockers,
            self.meetings,
            self.drafts,
            self.retros,
            self.actions,
        )
        return {doc.id for group in groups for doc in group}
