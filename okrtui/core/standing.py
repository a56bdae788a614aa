"""Where a KR and an objective stand, from their numbers alone: shared by the pydantic-backed
statuses (`core.status`, what forms and screens use) and the light ones `okrtui status` reads
(`core.glance`), so both say the same thing by construction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from copy import copy
from typing import Any, Generic, Protocol, Self, TypeVar, overload

from okrtui.core.scoring import (
    Band,
    Measured,
    Trend,
    confidence_band,
    is_behind_pace,
    progress,
    score,
    score_band,
    trend,
    weighted_score,
)

T = TypeVar("T")


class cached_property(Generic[T]):  # noqa: N801  (named for what it stands in for)
    """`functools.cached_property` without its lock: Python 3.11 takes an RLock on every first
    read (3.12 dropped it), and `status` reads six figures of each of hundreds of KRs once."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> T | Self:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)  # read from __dict__ from now on
        return value


class Point(Protocol):
    """A check-in as the maths sees it."""

    @property
    def week(self) -> str: ...
    @property
    def value(self) -> float: ...
    @property
    def confidence(self) -> int: ...
    @property
    def unchanged(self) -> bool: ...


class WeightedKR(Measured, Protocol):
    @property
    def weight(self) -> float: ...
    @property
    def owner(self) -> str: ...


class KRStanding:
    """Derived figures of a KR status; subclasses hold these four attributes.

    A status is a snapshot (a new one is taken after every write), so the figures every view asks
    for many times are worked out once per status (`cached_property`)."""

    kr: WeightedKR
    history: Sequence[Point]
    """Check-ins oldest first."""
    expected: float
    """The share of the cycle gone: the progress a KR on pace has."""
    this_week: str

    @cached_property
    def latest(self) -> Point | None:
        return self.history[-1] if self.history else None

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
    def confirmed_this_week(self) -> bool:
        """Checked in this week by keeping last week's numbers (confirmed in the meeting): not updated."""
        return self.checked_in_this_week and self.latest is not None and self.latest.unchanged

    @property
    def progress(self) -> float:
        return progress(self.kr, self.value)

    @cached_property
    def score(self) -> float:
        return score(self.kr, self.value)

    @property
    def score_band(self) -> Band:
        return score_band(self.score)

    @property
    def confidence(self) -> int | None:
        return self.latest.confidence if self.latest else None

    @cached_property
    def trend(self) -> Trend | None:
        return trend([c.confidence for c in self.history])

    def confidence_text(self, missing: str = "–") -> str:
        """`7↓2`: the latest confidence and its week-over-week change; `missing` before any check-in."""
        return missing if self.confidence is None else f"{self.confidence}{self.trend or ''}"

    @cached_property
    def behind_pace(self) -> bool:
        return is_behind_pace(self.kr, self.value, self.expected)

    @cached_property
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


class ObjectiveStanding:
    """An objective's score from its KRs' standings (worked out once, as a KR's figures are)."""

    key_results: Sequence[KRStanding]

    @cached_property
    def score(self) -> float | None:
        """The weighted mean of the KRs' scores; None until any KR has a check-in."""
        if not any(k.history for k in self.key_results):
            return None
        return weighted_score([(k.score, k.kr.weight) for k in self.key_results])

    @property
    def band(self) -> Band | None:
        return None if self.score is None else score_band(self.score)

    def owned_by(self, owner: str) -> Self:
        """The objective showing only `owner`'s KRs (given lower-cased), its score still that of
        all its KRs: a filter on owner shows fewer rows, never a rescored objective. (A copy whose
        figure is set where `cached_property` keeps it, frozen dataclass or not.)"""
        shown = copy(self)
        shown.__dict__.update(
            score=self.score, key_results=[k for k in self.key_results if k.kr.owner.lower() == owner]
        )
        return shown


def week_counts(updated: int, confirmed: int, missing: int, parked: int = 0) -> str:
    """`3 updated, 2 confirmed unchanged, 1 not checked in`: a confirmed KR is not an updated one."""
    parts = [f"{updated} updated"]
    if confirmed:
        parts.append(f"{confirmed} confirmed unchanged")
    if missing:
        parts.append(f"{missing} not checked in")
    if parked:
        parts.append(f"{parked} parked")
    return ", ".join(parts)
