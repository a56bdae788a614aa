"""An empty board that says where the OKRs are: "payments has no OKRs in 2026-Q4; 2027-Q1 has 3
objectives", rather than "nothing here yet" after someone imported next quarter's."""

from __future__ import annotations

from okrtui.core.models import Cycle, Team
from okrtui.store.errors import StoreError
from okrtui.store.repository import StoreView


def objectives_elsewhere(view: StoreView, team: Team, cycle: Cycle) -> str | None:
    """Why `team` has nothing in `cycle` and where its OKRs are, newest cycle first; None if nowhere."""
    for other in reversed(view.cycles()):
        if other.id == cycle.id:
            continue
        try:
            count = len(view.board(other, team).live_objectives())
        except StoreError:
            continue
        if count:
            return (
                f"{team.name} has no OKRs in {cycle.id}; {other.id} has {count} "
                f"objective{'s' if count != 1 else ''} ({other.start} to {other.end})"
            )
    return None
