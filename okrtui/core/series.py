"""A KR's weekly series, as the meeting and the dashboard both chart it: one week per point."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from okrtui.core.models import Cycle, KeyResult, KRKind
from okrtui.core.status import KRStatus
from okrtui.core.weeks import week_start, weeks_between


@dataclass(frozen=True)
class Series:
    weeks: list[str]
    values: list[float | None]
    """The value checked in each week; None for a week without a check-in."""
    confidences: list[float | None]
    pace: list[float] | None
    """Where a KR on pace stands at the end of each week; None for KRs without a pace."""


def pace_line(kr: KeyResult, cycle: Cycle, weeks: list[str]) -> list[float] | None:
    """Binary and keep-above/below KRs have no pace (see `scoring.is_behind_pace`)."""
    if kr.kind is KRKind.BINARY or (kr.direction and kr.direction.is_maintain):
        return None
    span = kr.target - kr.baseline
    return [
        kr.baseline + span * cycle.elapsed(min(cycle.end, week_start(w) + timedelta(days=6))) for w in weeks
    ]


def weekly_series(status: KRStatus, cycle: Cycle, upto: str | None = None) -> Series:
    """Every week of the cycle (or up to week `upto`): the value and confidence checked in, and pace."""
    weeks = [w for w in weeks_between(cycle.start, cycle.end) if upto is None or w <= upto]
    by_week = {c.week: c for c in status.history}
    values = [by_week[w].value if w in by_week else None for w in weeks]
    confidences = [float(by_week[w].confidence) if w in by_week else None for w in weeks]
    return Series(weeks, values, confidences, pace_line(status.kr, cycle, weeks))
