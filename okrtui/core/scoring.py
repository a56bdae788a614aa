"""OKR maths: progress, score bands, pace and confidence. Pure functions over the models."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import NamedTuple, Protocol

from okrtui.core.kinds import Direction, KRKind


class Measured(Protocol):
    """What the maths reads of a key result: a pydantic `KeyResult` or a light read row."""

    @property
    def kind(self) -> KRKind: ...
    @property
    def direction(self) -> Direction | None: ...
    @property
    def baseline(self) -> float: ...
    @property
    def target(self) -> float: ...


PACE_TOLERANCE = 0.15
"""Progress may trail the calendar by this much before a KR counts as behind pace."""
CONFIDENCE_DROP_ALERT = 2


class Band(Enum):
    """A traffic-light status. Every band carries a symbol and a word so colour is never alone."""

    OFF_TRACK = ("off track", "✖", "okr-off-track")
    AT_RISK = ("at risk", "▲", "okr-at-risk")
    ON_TRACK = ("on track", "✔", "okr-on-track")

    def __init__(self, label: str, symbol: str, variable: str) -> None:
        self.label = label
        self.symbol = symbol
        self.variable = variable
        self.badge = f"{symbol} {label}"
        """`✔ on track`: what every view shows (an attribute, made once: `status` shows one per KR)."""


def progress(kr: Measured, value: float) -> float:
    """How far `value` has gone from baseline to target (1.0 = there; may pass 1.0 or drop below 0)."""
    if kr.kind is KRKind.BINARY:
        return 1.0 if value >= 0.5 else 0.0
    if kr.direction is Direction.MAINTAIN_ABOVE:
        return 1.0 if value >= kr.target else 0.0
    if kr.direction is Direction.MAINTAIN_BELOW:
        return 1.0 if value <= kr.target else 0.0
    return (value - kr.baseline) / (kr.target - kr.baseline)


def score(kr: Measured, value: float) -> float:
    """Progress clamped to the OKR score range 0.0-1.0."""
    return min(1.0, max(0.0, progress(kr, value)))


def score_band(value: float) -> Band:
    if value < 0.4:
        return Band.OFF_TRACK
    if value < 0.7:
        return Band.AT_RISK
    return Band.ON_TRACK


def confidence_band(confidence: int) -> Band:
    if confidence <= 3:
        return Band.OFF_TRACK
    if confidence <= 6:
        return Band.AT_RISK
    return Band.ON_TRACK


def is_behind_pace(kr: Measured, value: float, elapsed: float) -> bool:
    """Progress clearly trails the share of the cycle gone. Maintain and binary KRs have no pace."""
    if kr.kind is KRKind.BINARY or (kr.direction and kr.direction.is_maintain):
        return False
    return progress(kr, value) < elapsed - PACE_TOLERANCE


class Trend(NamedTuple):
    """Week-over-week change of confidence."""

    delta: int

    @property
    def symbol(self) -> str:
        return "↑" if self.delta > 0 else "↓" if self.delta < 0 else "→"

    @property
    def is_alert(self) -> bool:
        return self.delta <= -CONFIDENCE_DROP_ALERT

    def __str__(self) -> str:
        return f"{self.symbol}{abs(self.delta)}" if self.delta else self.symbol


def trend(confidences: Sequence[int]) -> Trend | None:
    """The change between the last two confidences, or None with fewer than two."""
    if len(confidences) < 2:
        return None
    return Trend(confidences[-1] - confidences[-2])


def weighted_score(scores_and_weights: Sequence[tuple[float, float]]) -> float | None:
    """An objective's score: the weighted mean of its KRs' scores."""
    total = sum(weight for _, weight in scores_and_weights)
    if not total:
        return None
    return sum(s * w for s, w in scores_and_weights) / total
