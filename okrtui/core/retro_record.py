"""What a retrospective files on a team's board: final KR grades, notes and when it closed the cycle.

Kept apart from the retro logic so `Board` can hold retros without importing what reads boards.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from okrtui.core.models import Id, Model, Record
from okrtui.core.text import Note

Score = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class Grade(Model):
    """A KR's final score. `reason` is required when the team moved it away from the suggestion."""

    kr: Id
    score: Score
    suggested: Score
    reason: Note = ""

    @property
    def adjusted(self) -> bool:
        return round(self.score, 2) != round(self.suggested, 2)


class Retro(Record):
    cycle: Id
    team: Id
    grades: list[Grade] = []
    worked: Note = ""
    did_not: Note = ""
    closed_at: datetime | None = None
    """Set when the retro closed the team's board for the cycle (the board is then read-only)."""

    def grade(self, kr_id: str) -> Grade | None:
        return next((g for g in self.grades if g.kr == kr_id), None)
