"""`okrtui status --check`: what needs a look, one line each, for cron jobs and login banners."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrtui.core.scoring import Band

if TYPE_CHECKING:
    from okrtui.core.glance import Glance
    from okrtui.report.snapshot import Snapshot


def needs_attention(snapshot: Snapshot | Glance) -> list[str]:
    """One line per KR that is off track, behind pace or not checked in this week (once its cycle
    has started: before that no check-in is due, and `checkin` would refuse one).

    A closed board (its retro held, or the cycle closed) takes no more check-ins: nothing on it can
    be acted on, so none of its KRs is named."""
    lines = []
    due = snapshot.cycle is not None and snapshot.cycle.contains(snapshot.today)  # (not before it starts)
    open_krs = [kr for o in snapshot.objectives if o.team.id not in snapshot.closed for kr in o.key_results]
    for kr in open_krs:
        reasons = []
        if kr.health is Band.OFF_TRACK:
            reasons.append("off track")
        if kr.behind_pace:
            reasons.append("behind pace")
        if due and not kr.checked_in_this_week:
            reasons.append(f"no check-in in {snapshot.week}")
        if reasons:
            lines.append(f"{kr.kr.id} ({kr.kr.owner}): {', '.join(reasons)}")
    return lines
