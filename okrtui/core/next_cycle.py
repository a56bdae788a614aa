"""Planning the next cycle: its dates, and which unfinished key results carry over into it.

Pure, so the editor can show what would be carried before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from pydantic import ValidationError

from okrtui.core.board import Board
from okrtui.core.ids import new_id
from okrtui.core.models import Cycle, CycleState, KeyResult, Objective
from okrtui.core.status import KRStatus, board_status
from okrtui.core.weeks import quarter_of


def cycle_after(cycles: Iterable[Cycle], today: date) -> Cycle:
    """The quarter after the newest cycle (the current quarter in an empty store)."""
    ends = [c.end for c in cycles]
    day = max(ends) + timedelta(days=1) if ends else today
    cycle_id, start, end = quarter_of(day)
    return Cycle(id=cycle_id, start=start, end=end, state=state_on(start, today))


def state_on(start: date, today: date) -> CycleState:
    """A cycle starting later is being planned; one already under way is active."""
    return CycleState.PLANNING if start > today else CycleState.ACTIVE


def unfinished(board: Board, today: date) -> list[KRStatus]:
    """Live KRs that have not reached their target (score below 1.0), in display order."""
    return [kr for o in board_status(board, today) for kr in o.key_results if kr.score < 1.0]


@dataclass
class Carried:
    """What one team takes into the new cycle: copies of objectives, and their unfinished KRs."""

    team: str
    objectives: list[Objective] = field(default_factory=list)
    key_results: list[KeyResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """KRs that could not be carried (e.g. already at target), one line each."""

    @property
    def docs(self) -> list[Objective | KeyResult]:
        return [*self.objectives, *self.key_results]


def carry_over(board: Board, cycle: Cycle, today: date, taken: set[str]) -> Carried:
    """New objectives and KRs in `cycle` for each unfinished KR, starting from where it stands now.

    Each carried KR keeps its title, owner, target and unit; its current value becomes the new
    baseline, so the new cycle scores only what is still to do. Ids are added to `taken`.
    """
    carried = Carried(board.team.id)
    copies: dict[str, Objective] = {}
    for status in unfinished(board, today):
        source = status.objective
        if source.id not in copies:
            copies[source.id] = source.model_copy(
                update={"id": _take("ob", taken), "cycle": cycle.id, "archived": False}
            )
            carried.objectives.append(copies[source.id])
        try:
            kr = KeyResult.model_validate(
                {
                    **status.kr.model_dump(exclude={"id", "objective", "baseline", "due", "archived"}),
                    "id": _take("kr", taken),
                    "objective": copies[source.id].id,
                    "baseline": status.value,
                }
            )
        except ValidationError:
            carried.skipped.append(f"{status.kr.id} '{status.kr.title}' is already at its target")
            continue
        carried.key_results.append(kr)
    carried.objectives = [
        o for o in carried.objectives if any(k.objective == o.id for k in carried.key_results)
    ]
    return carried


def _take(prefix: str, taken: set[str]) -> str:
    fresh = new_id(prefix, taken)
    taken.add(fresh)
    return fresh
