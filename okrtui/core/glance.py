"""What `okrtui status` shows, from light read rows: the same figures as `core.status` (both derive
them in `core.standing`), the same order and filters as `report.snapshot`, without pydantic."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from operator import attrgetter
from typing import NamedTuple

from okrtui.core.read_models import (
    ActionRow,
    BlockerRow,
    CheckInRow,
    CycleRow,
    KRRow,
    ObjectiveRow,
    TeamRow,
    closed_reason,
)
from okrtui.core.standing import KRStanding, ObjectiveStanding
from okrtui.core.sync_count import SyncCount
from okrtui.core.votes import LastVote
from okrtui.core.weeks import week_of

_WEEK = attrgetter("week")


class BoardRows(NamedTuple):
    """One team's board of one cycle, as read for a glance (lists in the file's row order).

    This and `Glance` are NamedTuples, cheaper to define than dataclasses (`status` pays for every
    class it defines); the KR and objective glances are plain classes, for their shared properties."""

    team: TeamRow
    objectives: list[ObjectiveRow]
    key_results: list[KRRow]
    checkins: list[CheckInRow]
    blockers: list[BlockerRow]
    drafts: int
    retro_closed: bool
    votes: dict[str, LastVote]
    """Each KR's latest confidence vote (see `core.votes.last_votes`)."""
    sync: SyncCount
    actions: list[ActionRow]


class KRGlance(KRStanding):
    """Where a KR stands, from read rows (as `core.status.KRStatus` from models).

    A plain class: a frozen dataclass costs most of a millisecond to define and a `__setattr__`
    per field to build, and `status` builds hundreds. Nothing changes it once built."""

    kr: KRRow
    objective: ObjectiveRow
    team: TeamRow
    history: list[CheckInRow]
    open_blockers: list[BlockerRow]
    last_vote: LastVote | None

    def __init__(
        self,
        kr: KRRow,
        objective: ObjectiveRow,
        team: TeamRow,
        history: list[CheckInRow],
        open_blockers: list[BlockerRow],
        expected: float,
        this_week: str,
        last_vote: LastVote | None = None,
    ) -> None:
        self.kr = kr
        self.objective = objective
        self.team = team
        self.history = history
        self.open_blockers = open_blockers
        self.expected = expected
        self.this_week = this_week
        self.last_vote = last_vote


class ObjectiveGlance(ObjectiveStanding):
    """Where an objective stands, from its KRs' glances (a plain class, as `KRGlance`)."""

    objective: ObjectiveRow
    team: TeamRow
    key_results: list[KRGlance]

    def __init__(self, objective: ObjectiveRow, team: TeamRow, key_results: list[KRGlance]) -> None:
        self.objective = objective
        self.team = team
        self.key_results = key_results


class Glance(NamedTuple):
    """A store's status at a date, as `report.snapshot.Snapshot` holds it."""

    today: date
    cycle: CycleRow | None
    objectives: list[ObjectiveGlance]
    drafts: int
    closed: dict[str, str]
    sync: dict[str, SyncCount]
    """Teams whose board holds open sync conflicts or notices."""
    actions: dict[str, list[ActionRow]]
    """Each shown team's open actions, oldest week first (as `core.actions.open_actions`)."""
    workspace_sync: SyncCount = SyncCount()
    """Open sync conflicts and notices of `workspace.json` (teams, cycles): everyone's."""

    @property
    def week(self) -> str:
        return week_of(self.today)

    @property
    def key_results(self) -> list[KRGlance]:
        return [kr for o in self.objectives for kr in o.key_results]


def board_glance(cycle: CycleRow, board: BoardRows, today: date) -> list[ObjectiveGlance]:
    """Every live objective and KR of a board, in display order (as `core.status.board_status`)."""
    expected = cycle.elapsed(today)
    this_week = week_of(today)
    history: dict[str, list[CheckInRow]] = {}
    for checkin in board.checkins:
        history.setdefault(checkin.kr, []).append(checkin)
    blockers: dict[str, list[BlockerRow]] = {}
    for blocker in board.blockers:
        if blocker.open:
            blockers.setdefault(blocker.kr, []).append(blocker)
    result = []
    for objective in (o for o in board.objectives if not o.archived):
        krs = [
            KRGlance(
                kr=kr,
                objective=objective,
                team=board.team,
                history=sorted(history.get(kr.id, []), key=_WEEK),
                open_blockers=blockers.get(kr.id, []),
                expected=expected,
                this_week=this_week,
                last_vote=board.votes.get(kr.id),
            )
            for kr in board.key_results
            if kr.objective == objective.id and not kr.archived
        ]
        result.append(ObjectiveGlance(objective=objective, team=board.team, key_results=krs))
    return result


def glance(
    cycle: CycleRow, boards: Sequence[BoardRows], today: date, workspace_sync: SyncCount | None = None
) -> Glance:
    closed_cycle = cycle.state == "closed"
    closed = {
        b.team.id: why
        for b in boards
        if (why := closed_reason(cycle.id, closed_cycle, b.team.name, b.retro_closed))
    }
    objectives = [o for b in boards for o in board_glance(cycle, b, today)]
    sync = {b.team.id: b.sync for b in boards if b.sync}
    actions = {
        b.team.id: sorted((a for a in b.actions if a.is_open), key=lambda a: a.raised_week) for b in boards
    }
    drafts = sum(b.drafts for b in boards)
    return Glance(today, cycle, objectives, drafts, closed, sync, actions, workspace_sync or SyncCount())


def narrow(snapshot: Glance, owner: str) -> Glance:
    """Only one owner's KRs (case-insensitive), dropping objectives left empty."""
    wanted = owner.strip().lower()
    kept = [shown for o in snapshot.objectives if (shown := o.owned_by(wanted)).key_results]
    actions = {
        team: [a for a in held if a.owner.lower() == wanted] for team, held in snapshot.actions.items()
    }
    return snapshot._replace(objectives=kept, actions=actions)


def owners(snapshot: Glance) -> list[str]:
    """Every KR owner in the glance, each once, sorted case-insensitively."""
    return sorted({k.kr.owner for k in snapshot.key_results}, key=str.lower)
