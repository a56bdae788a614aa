"""Where every KR and objective stands this week: the numbers all views show."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from okrtui.core.board import Board
from okrtui.core.models import Blocker, CheckIn, KeyResult, Objective, Team
from okrtui.core.standing import KRStanding, ObjectiveStanding
from okrtui.core.votes import LastVote, last_votes
from okrtui.core.weeks import week_of


@dataclass(frozen=True)
class KRStatus(KRStanding):
    kr: KeyResult
    objective: Objective
    team: Team
    history: list[CheckIn]
    """Check-ins oldest first."""
    open_blockers: list[Blocker]
    expected: float
    """The share of the cycle gone: the progress a KR on pace has."""
    this_week: str
    last_vote: LastVote | None = None
    """The room's latest private confidence vote on it (the owner's confidence stays theirs)."""

    @property
    def latest(self) -> CheckIn | None:
        return self.history[-1] if self.history else None

    @property
    def before_this_week(self) -> list[CheckIn]:
        """The check-ins up to last week: what a new answer this week is compared with."""
        return [c for c in self.history if c.week < self.this_week]

    def with_answer(self, value: float, confidence: int) -> KRStatus:
        """The status as it would be if this week's check-in said `value` and `confidence`: what a
        form shows while it is being filled in (a preview, never stored)."""
        earlier = self.before_this_week
        preview = CheckIn.model_construct(
            id="ci-preview",
            kr=self.kr.id,
            week=self.this_week,
            value=value,
            confidence=confidence,
            created_at=self.latest.created_at if self.latest else datetime.now(UTC),
        )
        return replace(self, history=[*earlier, preview])


@dataclass(frozen=True)
class ObjectiveStatus(ObjectiveStanding):
    objective: Objective
    team: Team
    key_results: list[KRStatus]


def board_status(board: Board, today: date) -> list[ObjectiveStatus]:
    """The status of every live objective and KR on a board, in display order."""
    expected = board.cycle.elapsed(today)
    this_week = week_of(today)
    held = [
        (m.week, v.kr, v.round, dict(v.votes), tuple(v.not_counted)) for m in board.meetings for v in m.votes
    ]
    votes = last_votes(held)
    result = []
    for objective in board.live_objectives():
        krs = [
            KRStatus(
                kr=kr,
                objective=objective,
                team=board.team,
                history=board.checkins_of(kr.id),
                open_blockers=board.blockers_of(kr.id, open_only=True),
                expected=expected,
                this_week=this_week,
                last_vote=votes.get(kr.id),
            )
            for kr in board.krs_of(objective.id)
        ]
        result.append(ObjectiveStatus(objective=objective, team=board.team, key_results=krs))
    return result
