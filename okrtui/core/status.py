"""Where every KR and objective stands this week: the numbers all views show."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from okrtui.core.board import Board
from okrtui.core.models import Blocker, CheckIn, KeyResult, Objective, Team
from okrtui.core.scoring import (
    Band,
    Trend,
    confidence_band,
    is_behind_pace,
    progress,
    score,
    score_band,
    trend,
    weighted_score,
)
from okrtui.core.weeks import week_of


@dataclass(frozen=True)
class KRStatus:
    kr: KeyResult
    objective: Objective
    team: Team
    history: list[CheckIn]
    """Check-ins oldest first."""
    open_blockers: list[Blocker]
    expected: float
    """The share of the cycle gone: the progress a KR on pace has."""
    this_week: str

    @property
    def latest(self) -> CheckIn | None:
        return self.history[-1] if self.history else None

    @property
    def before_this_week(self) -> list[CheckIn]:
        """The check-ins up to last week: what a new answer this week is compared with."""
        return [c for c in self.history if c.week < self.this_week]

    @property
    def value(self) -> float:
        return self.latest.value if self.latest else self.kr.baseline

    @property
    def last_week(self) -> str | None:
        return self.latest.week if self.latest else None

    @property
    def checked_in_this_week(self) -> bool:
        return self.last_week == self.this_week

    @property
    def progress(self) -> float:
        return progress(self.kr, self.value)

    @property
    def score(self) -> float:
        return score(self.kr, self.value)

    @property
    def score_band(self) -> Band:
        return score_band(self.score)

    @property
    def confidence(self) -> int | None:
        return self.latest.confidence if self.latest else None

    @property
    def trend(self) -> Trend | None:
        return trend([c.confidence for c in self.history])

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

    def confidence_text(self, missing: str = "–") -> str:
        """`7↓2`: the latest confidence and its week-over-week change; `missing` before any check-in."""
        return missing if self.confidence is None else f"{self.confidence}{self.trend or ''}"

    @property
    def behind_pace(self) -> bool:
        return is_behind_pace(self.kr, self.value, self.expected)

    @property
    def health(self) -> Band:
        """The KR's status: its owner's confidence, downgraded to at risk when behind pace or when
        a keep-above/below line is broken.

        A KR nobody has checked in on yet is at risk: nobody knows where it stands.
        """
        if self.confidence is None:
            return Band.AT_RISK
        band = confidence_band(self.confidence)
        if (self.behind_pace or self.threshold_broken) and band is Band.ON_TRACK:
            return Band.AT_RISK
        return band

    @property
    def threshold_broken(self) -> bool:
        """A keep-above/keep-below KR whose latest value is on the wrong side of its line."""
        direction = self.kr.direction
        return bool(self.history and direction and direction.is_maintain and self.score < 1.0)


@dataclass(frozen=True)
class ObjectiveStatus:
    objective: Objective
    team: Team
    key_results: list[KRStatus]

    @property
    def score(self) -> float | None:
        """The weighted mean of the KRs' scores; None until any KR has a check-in."""
        if not any(k.history for k in self.key_results):
            return None
        return weighted_score([(k.score, k.kr.weight) for k in self.key_results])

    @property
    def band(self) -> Band | None:
        return None if self.score is None else score_band(self.score)


def board_status(board: Board, today: date) -> list[ObjectiveStatus]:
    """The status of every live objective and KR on a board, in display order."""
    expected = board.cycle.elapsed(today)
    this_week = week_of(today)
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
            )
            for kr in board.krs_of(objective.id)
        ]
        result.append(ObjectiveStatus(objective=objective, team=board.team, key_results=krs))
    return result
