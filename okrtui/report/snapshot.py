"""The status of a store at a date, gathered once for every output format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from okrtui.core.models import Cycle
from okrtui.core.status import KRStatus, ObjectiveStatus, board_status
from okrtui.core.weeks import week_of
from okrtui.store import Store


@dataclass(frozen=True)
class Snapshot:
    today: date
    cycle: Cycle | None
    objectives: list[ObjectiveStatus]

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
    objectives = [o for b in store.boards(chosen_cycle, chosen_team) for o in board_status(b, today)]
    if owner:
        wanted = owner.strip().lower()
        objectives = [
            ObjectiveStatus(o.objective, o.team, [k for k in o.key_results if k.kr.owner.lower() == wanted])
            for o in objectives
        ]
        objectives = [o for o in objectives if o.key_results]
    return Snapshot(today, chosen_cycle, objectives)
