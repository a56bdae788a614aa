"""Teams and cycles by what a user types, for the typed store and the light read path alike."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar

from okrtui.core.kinds import CycleState
from okrtui.store.errors import NotFoundError


class Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...


class Dated(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def state(self) -> CycleState: ...
    def contains(self, day: date) -> bool: ...


T = TypeVar("T", bound=Named)
C = TypeVar("C", bound=Dated)


def find_team(teams: Sequence[T], team_ref: str) -> T:
    """A team by id or by name (case-insensitive)."""
    wanted = team_ref.strip().lower()
    for team in teams:
        if team.id == wanted or team.name.lower() == wanted:
            return team
    names = ", ".join(t.id for t in teams) or "none yet"
    raise NotFoundError(f"no team {team_ref!r} (teams: {names})")


def find_cycle(cycles: Sequence[C], cycle_id: str) -> C:
    for cycle in cycles:
        if cycle.id.lower() == cycle_id.strip().lower():
            return cycle
    names = ", ".join(c.id for c in cycles) or "none yet"
    raise NotFoundError(f"no cycle {cycle_id!r} (cycles: {names})")


def current_cycle(cycles: Sequence[C], today: date) -> C | None:
    """The open cycle holding today, else the newest open one, else the newest of all (`cycles`
    oldest first)."""
    open_cycles = [c for c in cycles if c.state is not CycleState.CLOSED]
    for cycle in open_cycles:
        if cycle.contains(today):
            return cycle
    if open_cycles:
        return open_cycles[-1]
    return cycles[-1] if cycles else None
