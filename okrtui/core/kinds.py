"""The closed vocabularies of the data model, and the rule that settles a KR's direction.

Kept free of pydantic so the read path (`okrtui status`) can use them without building models.
"""

from __future__ import annotations

from enum import StrEnum


class CycleState(StrEnum):
    PLANNING = "planning"
    ACTIVE = "active"
    CLOSED = "closed"


class ObjectiveKind(StrEnum):
    COMMITTED = "committed"
    ASPIRATIONAL = "aspirational"
    LEARNING = "learning"


class KRKind(StrEnum):
    METRIC = "metric"
    PERCENT = "percent"
    CURRENCY = "currency"
    BINARY = "binary"
    MILESTONE = "milestone"


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"
    MAINTAIN_ABOVE = "maintain_above"
    MAINTAIN_BELOW = "maintain_below"

    @property
    def is_maintain(self) -> bool:
        return self in (Direction.MAINTAIN_ABOVE, Direction.MAINTAIN_BELOW)


def settle_measure(
    kind: KRKind, baseline: float, target: float, direction: Direction | None
) -> tuple[float, float, Direction]:
    """A KR's baseline, target and direction as scored: binary KRs run 0 -> 1, a missing direction
    follows from baseline vs target. Raises ValueError for a KR that cannot be measured."""
    if kind is KRKind.BINARY:
        return 0.0, 1.0, direction or Direction.INCREASE
    if direction is None:
        if baseline == target:
            raise ValueError("baseline and target are equal: say which way the number should move")
        return baseline, target, Direction.INCREASE if target > baseline else Direction.DECREASE
    if not direction.is_maintain and baseline == target:
        raise ValueError("baseline and target must differ for a key result that moves")
    return baseline, target, direction
