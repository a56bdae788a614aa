"""When the time left cannot hold every KR: how much will not fit, which KRs to park, and which
parked KRs the team is owed first at its next meeting.

Pure and clock-free like the agenda: callers pass the seconds in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from okrtui.core.agenda import MIN_KR_SECONDS, Agenda, mmss
from okrtui.core.models import CheckIn, Meeting
from okrtui.core.scoring import Band
from okrtui.core.status import KRStatus

SLACK_SECONDS = 1.0
"""An overrun smaller than this is rounding, not news."""
_HEALTH_RANK = {Band.OFF_TRACK: 0, Band.AT_RISK: 1, Band.ON_TRACK: 2}


@dataclass(frozen=True)
class Overrun:
    """The plan runs past the timebox although every later KR is down to the floor."""

    over_seconds: float
    """How far past the timebox the meeting ends if every step ahead takes its (floored) budget."""
    wont_fit: int
    """How many of the KRs ahead must go for the rest to end on time."""
    candidates: tuple[str, ...]
    """The KRs ahead that could be parked (not the current one, not parked already)."""

    def describe(self) -> str:
        """`3 KRs will not fit: about 2:20 over` (the overrun rounded to 10 seconds)."""
        about = max(10, round(self.over_seconds / 10) * 10)
        krs = "1 KR" if self.wont_fit == 1 else f"{self.wont_fit} KRs"
        return f"{krs} will not fit: about {mmss(about)} over"


def plan_over(agenda: Agenda, position: int, elapsed: float) -> float:
    """Seconds the plan runs past the timebox if every step ahead takes its budget (negative: fits).

    The agenda shrinks later KRs to absorb an overrun, so this turns positive only once they are
    down to the floor, or no KR is left ahead to shrink.
    """
    budgets = agenda.budgets(position, elapsed)
    current = agenda.steps[position].key
    used = agenda.spent.get(current, 0.0) + elapsed
    booked = sum(v for k, v in agenda.spent.items() if k != current)
    ahead = agenda.steps[position + 1 :]
    end = booked + max(budgets[current], used) + sum(budgets[s.key] for s in ahead)
    return end - agenda.total_seconds


def overrun(agenda: Agenda, position: int, elapsed: float) -> Overrun | None:
    """What will not fit, once the KRs ahead are down to the floor and the plan still overruns.

    None while the plan fits, or when no KR ahead is left to park (the meeting clock says the rest).
    """
    over = plan_over(agenda, position, elapsed)
    ahead = agenda.steps[position + 1 :]
    candidates = tuple(s.key for s in ahead if s.is_kr and s.key not in agenda.parked)
    if over < SLACK_SECONDS or not candidates:
        return None
    wont_fit = min(len(candidates), math.ceil((over - SLACK_SECONDS) / MIN_KR_SECONDS))
    return Overrun(over_seconds=over, wont_fit=max(1, wont_fit), candidates=candidates)


def risk(status: KRStatus) -> tuple[int, int, int, float]:
    """Sorts riskiest first: open blockers, then the worse health, lower confidence, lower score.

    A KR never checked in counts as the least confident (nobody knows where it stands).
    """
    confidence = status.confidence if status.confidence is not None else 0
    return (0 if status.open_blockers else 1, _HEALTH_RANK[status.health], confidence, status.score)


def to_park(found: Overrun, statuses: Sequence[KRStatus]) -> list[str]:
    """The `wont_fit` lowest-risk KRs ahead (on track and confident first), in agenda order."""
    by_id = {s.kr.id: s for s in statuses}
    known = [k for k in found.candidates if k in by_id]
    safest = sorted(known, key=lambda k: risk(by_id[k]), reverse=True)[: found.wont_fit]
    return [k for k in known if k in safest]


def previous_meeting(meetings: Iterable[Meeting], week: str) -> Meeting | None:
    """The team's newest meeting before `week`: the one whose parked KRs are owed now."""
    earlier = [m for m in meetings if m.week < week]
    return max(earlier, key=lambda m: (m.week, m.started_at)) if earlier else None


def owed(meeting: Meeting | None, checkins: Iterable[CheckIn]) -> list[str]:
    """The KRs `meeting` parked and did not answer itself: the next meeting walks them first."""
    if meeting is None or not meeting.parked:
        return []
    answered = {c.kr for c in checkins if c.meeting == meeting.id}
    return [kr for kr in meeting.parked if kr not in answered]


def parked_first(kr_ids: Sequence[str], first: Iterable[str]) -> list[str]:
    """`kr_ids` with the owed ones moved to the front (each keeps its place among its group)."""
    owed_ids = set(first)
    return [k for k in kr_ids if k in owed_ids] + [k for k in kr_ids if k not in owed_ids]


def held_this_week(meetings: Iterable[Meeting], week: str, *, besides: str) -> list[Meeting]:
    """Other meetings of the team in `week`, oldest first: a second one is worth a word at the opening."""
    same = [m for m in meetings if m.week == week and m.id != besides]
    return sorted(same, key=lambda m: m.started_at)
