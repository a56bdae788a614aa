"""The meeting's agenda: its steps, their time budgets and where a resumed meeting picks up.

Pure and clock-free: callers pass seconds in, so the re-planning maths is unit-testable.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from okrtui.core.status import KRStatus

OPENING = "opening"
BLOCKERS = "blockers"
SUMMARY = "summary"
FIXED_SHARES = {OPENING: 0.07, BLOCKERS: 0.13, SUMMARY: 0.07}
"""Share of the meeting kept for the steps around the KRs; the KRs share the rest equally."""
MIN_KR_SECONDS = 30.0
"""However late the meeting runs, a KR still gets this long: shorter is not a conversation."""
ENDING_SECONDS = 20.0
"""The clock warns this long before a step's budget runs out."""


class StepKind(StrEnum):
    OPENING = "opening"
    KR = "kr"
    BLOCKERS = "blockers"
    SUMMARY = "summary"


@dataclass(frozen=True)
class Step:
    kind: StepKind
    key: str
    """`opening`, `blockers`, `summary`, or the KR's id: the key of the meeting's `step_seconds`."""

    @property
    def is_kr(self) -> bool:
        return self.kind is StepKind.KR


class ClockState(StrEnum):
    """How a countdown stands; each has a word and a symbol so colour is never alone."""

    RUNNING = "running"
    ENDING = "ending"
    OVER = "over"

    @property
    def symbol(self) -> str:
        return {"running": "◷", "ending": "▲", "over": "✖"}[self.value]


def build_steps(kr_ids: Iterable[str]) -> list[Step]:
    """Opening, one step per KR in the given order, blockers and actions, summary."""
    return [
        Step(StepKind.OPENING, OPENING),
        *(Step(StepKind.KR, kr_id) for kr_id in kr_ids),
        Step(StepKind.BLOCKERS, BLOCKERS),
        Step(StepKind.SUMMARY, SUMMARY),
    ]


def order_by_risk(statuses: Sequence[KRStatus]) -> list[KRStatus]:
    """Riskiest first: lowest confidence, then the biggest confidence drop, then the stalest check-in.

    A KR never checked in counts as the least confident and the stalest.
    """

    def risk(status: KRStatus) -> tuple[int, int, str]:
        confidence = status.confidence if status.confidence is not None else 0
        delta = status.trend.delta if status.trend else 0
        return confidence, delta, status.last_week or ""

    return sorted(statuses, key=risk)


@dataclass
class Agenda:
    """Steps plus the time spent on each; answers how long every step may still take."""

    steps: list[Step]
    total_seconds: float
    spent: dict[str, float] = field(default_factory=dict)
    """Seconds already spent per step key (finished visits only)."""
    parked: set[str] = field(default_factory=set)
    """KR steps parked to the end: they get only the time the others leave over."""

    def index_of(self, key: str) -> int:
        return next(i for i, step in enumerate(self.steps) if step.key == key)

    @property
    def kr_steps(self) -> list[Step]:
        return [s for s in self.steps if s.is_kr]

    def kr_after(self, position: int) -> str | None:
        """The KR of the step after `position`, if that step is a KR (the one PageDown goes to)."""
        following = self.steps[position + 1] if position + 1 < len(self.steps) else None
        return following.key if following is not None and following.is_kr else None

    def base_plan(self) -> dict[str, float]:
        """The plan before anything ran: fixed shares around the KRs, the rest split evenly."""
        return self._share(self.steps, self.total_seconds)

    def _share(self, steps: Sequence[Step], seconds: float) -> dict[str, float]:
        fixed = {s.key: FIXED_SHARES[s.key] * self.total_seconds for s in steps if not s.is_kr}
        walked = [s for s in steps if s.is_kr and s.key not in self.parked]
        parked = [s for s in steps if s.is_kr and s.key in self.parked]
        left = seconds - sum(fixed.values())
        each = max(MIN_KR_SECONDS, left / len(walked)) if walked else 0.0
        spare = max(0.0, left - each * len(walked)) / len(parked) if parked else 0.0
        shares = {s.key: spare for s in parked} | {s.key: each for s in walked}
        return {s.key: fixed.get(s.key, shares.get(s.key, 0.0)) for s in steps}

    def budgets(self, position: int, elapsed: float = 0.0) -> dict[str, float]:
        """Each step's budget while step `position` has run `elapsed` seconds in this visit.

        Past steps get what they took. The current step gets its share of the time left when it
        was entered (so its countdown does not jump). Later steps share what remains after the
        current step; once it overruns, later KR steps shrink so the meeting still ends on time.
        """
        current = self.steps[position]
        before = sum(v for k, v in self.spent.items() if k != current.key)
        ahead = self.steps[position:]
        budgets = {s.key: self.spent.get(s.key, 0.0) for s in self.steps[:position]}
        budgets.update(self._share(ahead, self.total_seconds - before))
        current_used = self.spent.get(current.key, 0.0) + elapsed
        after_current = self.total_seconds - before - max(budgets[current.key], current_used)
        budgets.update(self._share(ahead[1:], after_current))
        return budgets

    def step_left(self, position: int, elapsed: float) -> float:
        """Seconds left on the current step (negative once it overruns)."""
        key = self.steps[position].key
        return self.budgets(position)[key] - self.spent.get(key, 0.0) - elapsed

    def meeting_left(self, position: int, elapsed: float) -> float:
        """Seconds left in the whole meeting (negative once it runs over)."""
        del position  # every booked second counts, wherever the meeting is now
        return self.total_seconds - sum(self.spent.values()) - elapsed

    def leave(self, position: int, elapsed: float) -> None:
        """Book the time of a finished visit to step `position`."""
        key = self.steps[position].key
        self.spent[key] = self.spent.get(key, 0.0) + max(0.0, elapsed)

    def park(self, keys: Iterable[str], position: int, *, to_end: bool) -> list[str]:
        """Take later KR steps out of the time budget: to the end of the KR steps (walked only on
        time left over), or out of the meeting altogether (their owners check in alone).

        Returns the keys parked: only KR steps ahead of `position` can be.
        """
        wanted = set(keys)
        moving = [s.key for s in self.steps[position + 1 :] if s.is_kr and s.key in wanted]
        kept = [s for s in self.steps if s.key not in moving]
        if to_end:
            moved = [s for s in self.steps if s.key in moving]
            at = max(i for i, s in enumerate(kept) if s.is_kr or i <= position) + 1
            kept[at:at] = moved
            self.parked |= set(moving)
        self.steps = kept
        return moving

    def resume_position(self, answered: Iterable[str]) -> int:
        """The first KR step not answered yet, else the blockers step."""
        done = set(answered)
        for i, step in enumerate(self.steps):
            if step.is_kr and step.key not in done:
                return i
        return self.index_of(BLOCKERS)


def clock_state(left: float) -> ClockState:
    if left < 0:
        return ClockState.OVER
    if left <= ENDING_SECONDS:
        return ClockState.ENDING
    return ClockState.RUNNING


def mmss(seconds: float) -> str:
    """`4:05`, `-0:20` for a countdown; minutes may exceed 59."""
    whole = math.ceil(seconds) if seconds > 0 else math.floor(-seconds)
    sign = "-" if seconds < 0 and whole else ""
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def answered_keys(
    visited: Iterable[str], meeting_checkins: Iterable[str], week_checkins: Iterable[str] = ()
) -> set[str]:
    """What a meeting has answered: KRs it saved a check-in for, and KRs it visited that already had
    one this week (an async answer the team looked at and kept). Passing a KR by saves nothing and
    answers nothing, so a resumed meeting comes back to it."""
    return set(meeting_checkins) | (set(visited) & set(week_checkins))
