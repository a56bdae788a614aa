"""When an action is late, for the typed actions (`core.actions`) and the light rows `okrtui status`
reads (`core.read_models.ActionRow`) alike, so both paths mark the same actions overdue."""

from __future__ import annotations

from datetime import date
from typing import Protocol


class DatedAction(Protocol):
    @property
    def is_open(self) -> bool: ...

    @property
    def due(self) -> date | None: ...


def is_overdue(action: DatedAction, today: date) -> bool:
    """Open and past its due date (an action due today is not late yet)."""
    return action.is_open and action.due is not None and action.due < today
