"""What the status table and the plain status lines share: the cells' text and which columns fit.

Free of rich, so `report.status_lines` can lay the table out without importing rich's console."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from okrtui.core.kinds import CycleState
from okrtui.core.overdue import is_overdue
from okrtui.core.scoring import Band
from okrtui.core.values import format_value

if TYPE_CHECKING:
    from okrtui.core.glance import Glance, KRGlance
    from okrtui.core.models import Action
    from okrtui.core.read_models import ActionRow
    from okrtui.core.status import KRStatus
    from okrtui.report.snapshot import Snapshot

    AnyKR = KRStatus | KRGlance

NOTHING_YET = "Nothing here yet. Try `okrtui demo` for sample data, or `okrtui import FILE` for your OKRs."
INLINE_UNITS = ("%", "$", "€", "£", "¥")
DEFAULT_PALETTE = {Band.ON_TRACK: "green", Band.AT_RISK: "yellow", Band.OFF_TRACK: "red"}
"""The status colours when no theme's are given (the themes' own fallback is the same)."""


def now_and_target(status: AnyKR) -> str:
    """`9.94% → 5%`, `24 → 30 interviews`: the unit once unless it is glued to the number."""
    unit = status.kr.unit
    now = format_value(status.value, unit if unit in INLINE_UNITS else "") if status.history else "—"
    return f"{now} → {format_value(status.kr.target, unit)}"


def confidence_cell(status: AnyKR) -> str:
    """`7↓2 ✖ off track`: confidence, its trend and the KR's status word."""
    confidence = status.confidence_text()
    return f"{confidence} {status.health.badge}"


class KRTexts(NamedTuple):
    """The texts of a KR's row, worked out once: the column widths and the row both need them."""

    id: str
    owner: str
    now: str
    """`now_and_target`"""
    confidence: str
    """`confidence_cell`"""
    score: str
    week: str
    """The last check-in's week number (`W47`), `—` before any."""


def kr_texts(status: AnyKR) -> KRTexts:
    last_week = status.last_week
    return KRTexts(
        id=status.kr.id,
        owner=status.kr.owner,
        now=now_and_target(status),
        confidence=confidence_cell(status),
        score=f"{status.score:.2f}",
        week=last_week[-3:] if last_week else "—",
    )


class Layout(NamedTuple):
    """Which columns fit a width. Below 100 columns owner and numbers go under the title."""

    split: bool
    spark: int
    week: bool

    @classmethod
    def for_width(cls, width: int) -> Layout:
        return cls(split=width < 100, spark=8 if width >= 100 else 6 if width >= 74 else 0, week=width >= 66)

    @property
    def legend(self) -> str:
        """The line under the heading: how to read the columns shown (`Wk` only where it is)."""
        return "Confidence 1-10 with its trend" + ("; Wk = last check-in week." if self.week else ".")


def closed_lines(snapshot: Snapshot | Glance) -> list[str]:
    """`Cycle 2026-Q4 is closed ...` or one line per team whose retro closed its board."""
    cycle = snapshot.cycle
    if cycle is not None and cycle.state is CycleState.CLOSED:
        return [f"Cycle {cycle.id} is closed: this is its final record."]
    shown = {o.team.id: o.team.name for o in snapshot.objectives}
    return [
        f"{shown[team]}'s board is closed (retro held): no more check-ins for {shown[team]} this cycle."
        for team in snapshot.closed
        if team in shown
    ]


def week_lines(snapshot: Snapshot | Glance) -> list[str]:
    """`Platform this week: 1 updated, 1 confirmed unchanged, 3 not checked in`, per shown team."""
    from okrtui.core.standing import week_counts

    teams: dict[str, tuple[str, list[int]]] = {}
    for kr in snapshot.key_results:
        _, counts = teams.setdefault(kr.team.id, (kr.team.name, [0, 0, 0]))
        counts[1 if kr.confirmed_this_week else 0 if kr.checked_in_this_week else 2] += 1
    return [f"{name} this week: {week_counts(*counts)}" for name, counts in teams.values()]


def sync_lines(snapshot: Snapshot | Glance) -> list[str]:
    """One line for the workspace's open sync conflicts or notices (teams, cycles: shown whatever the
    filter, as everyone shares them), then one per shown team whose board holds some."""
    from okrtui.core.sync_count import WORKSPACE_CHOICE, WORKSPACE_SUBJECT, sync_line

    shown = {o.team.id: o.team.name for o in snapshot.objectives}
    count = snapshot.workspace_sync
    workspace = [sync_line(WORKSPACE_SUBJECT, count, WORKSPACE_CHOICE)] if count else []
    return workspace + [sync_line(shown[team], n) for team, n in snapshot.sync.items() if team in shown]


def drafts_line(drafts: int) -> str:
    return (
        f"{drafts} imported KR(s) need an owner or numbers: `okrtui complete` walks"
        " them, `okrtui lint` lists them."
    )


def shown_actions(snapshot: Snapshot | Glance) -> list[Action | ActionRow]:
    """The open actions of the teams shown, team by team, oldest week first."""
    return [a for held in snapshot.actions.values() for a in held]


def actions_line(snapshot: Snapshot | Glance) -> str | None:
    """`3 open actions, 1 overdue: okrtui actions` under the tables, or None when none is open."""
    shown = shown_actions(snapshot)
    if not shown:
        return None
    late = sum(is_overdue(a, snapshot.today) for a in shown)
    plural = "s" if len(shown) != 1 else ""
    return f"{len(shown)} open action{plural}" + (f", {late} overdue" if late else "") + ": okrtui actions"


def column_widths(texts: Sequence[KRTexts]) -> dict[str, int]:
    """The widths of the columns that are the same in every objective's table (objectives without
    KRs yet still get a table of headers), from every KR's `kr_texts`."""
    return {
        "id": max((len(t.id) for t in texts), default=2),
        "owner": max([5, *(len(t.owner) for t in texts)]),
        "now": max([12, *(len(t.now) for t in texts)]),
        "conf": max((len(t.confidence) for t in texts), default=10),
    }
