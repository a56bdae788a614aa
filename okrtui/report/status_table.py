"""`okrtui status`: one line per KR, aligned across objectives, fitting the terminal (60+ columns).

Rich drops colour under NO_COLOR and every escape code when the output is not a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from okrtui.core.models import CycleState
from okrtui.core.scoring import Band
from okrtui.core.status import KRStatus, ObjectiveStatus
from okrtui.core.values import format_value
from okrtui.report.snapshot import Snapshot
from okrtui.report.spark import sparkline

DEFAULT_PALETTE = {Band.ON_TRACK: "green", Band.AT_RISK: "yellow", Band.OFF_TRACK: "red"}
NOTHING_YET = "Nothing here yet. Try `okrtui demo` for sample data, or `okrtui import FILE` for your OKRs."
INLINE_UNITS = ("%", "$", "€", "£", "¥")


class PipeConsole(Console):
    """Rich's console, but a reader that goes away (`okrtui status | head`) ends us like ls or git."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def make_console(file: IO[str] | None = None, width: int | None = None) -> Console:
    """A console that honours NO_COLOR, COLUMNS and pipes (no escape codes when not a terminal)."""
    return PipeConsole(file=file, width=width, highlight=False, emoji=False, soft_wrap=False)


def now_and_target(status: KRStatus) -> str:
    """`9.94% → 5%`, `24 → 30 interviews`: the unit once unless it is glued to the number."""
    unit = status.kr.unit
    now = format_value(status.value, unit if unit in INLINE_UNITS else "") if status.history else "—"
    return f"{now} → {format_value(status.kr.target, unit)}"


def confidence_cell(status: KRStatus) -> str:
    """`7↓2 ✖ off track`: confidence, its trend and the KR's status word."""
    confidence = status.confidence_text()
    return f"{confidence} {status.health.badge}"


@dataclass(frozen=True)
class Layout:
    """Which columns fit a width. Below 100 columns owner and numbers go under the title."""

    split: bool
    spark: int
    week: bool

    @classmethod
    def for_width(cls, width: int) -> Layout:
        return cls(split=width < 100, spark=8 if width >= 100 else 6 if width >= 74 else 0, week=width >= 66)


def _table(rows: list[KRStatus], layout: Layout, widths: dict[str, int], palette: dict[Band, str]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0), show_edge=False, expand=True)
    table.add_column("KR", no_wrap=True, width=widths["id"])
    table.add_column("Key result", overflow="fold", ratio=1, min_width=12)
    if not layout.split:
        table.add_column("Owner", no_wrap=True, overflow="ellipsis", width=min(widths["owner"], 8))
        table.add_column("Now → target", no_wrap=True, overflow="ellipsis", width=min(widths["now"], 20))
    table.add_column("Score", no_wrap=True, justify="right", width=5)
    if layout.spark:
        table.add_column("Trend", no_wrap=True, width=layout.spark)
    table.add_column("Confidence", no_wrap=True, width=widths["conf"])
    if layout.week:
        table.add_column("Wk", no_wrap=True, width=3)
    for status in rows:
        title = Text(status.kr.title)
        if layout.split:
            title.append(f"\n{status.kr.owner} · {now_and_target(status)}", style="dim")
        cells: list[Text | str] = [status.kr.id, title]
        if not layout.split:
            cells += [Text(status.kr.owner), Text(now_and_target(status))]
        cells.append(Text(f"{status.score:.2f}", style=palette[status.score_band]))
        if layout.spark:
            cells.append(sparkline([c.value for c in status.history], layout.spark))
        conf_style = palette[status.health] + (" bold" if status.trend and status.trend.is_alert else "")
        cells.append(Text(confidence_cell(status), style=conf_style))
        if layout.week:
            week = status.last_week[-3:] if status.last_week else "—"
            cells.append(Text(week, style="" if status.checked_in_this_week else "dim"))
        table.add_row(*cells)
    return table


def _heading(status: ObjectiveStatus, palette: dict[Band, str], width: int) -> Text:
    """`Team · Objective title  0.67 ▲ at risk`: the title is shortened, never the status."""
    if status.band and status.score is not None:
        badge = Text(f"  {status.score:.2f} {status.band.badge}", style=palette[status.band])
    else:
        badge = Text("  no check-ins yet", style="dim")
    team = Text(f"{status.team.name} · ", style="dim")
    title = Text(status.objective.title, style="bold")
    title.truncate(max(8, width - len(team) - len(badge)), overflow="ellipsis")
    return Text.assemble(team, title, badge)


def closed_lines(snapshot: Snapshot) -> list[str]:
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


def render_table(snapshot: Snapshot, console: Console, palette: dict[Band, str] | None = None) -> None:
    palette = palette or DEFAULT_PALETTE
    if snapshot.cycle is None or not snapshot.objectives:
        console.print(NOTHING_YET)
        return
    cycle = snapshot.cycle
    console.print(
        Text.assemble(
            (cycle.id, "bold"),
            f" · week {snapshot.week} · {cycle.elapsed(snapshot.today):.0%} of the cycle gone",
        )
    )
    console.print(Text("Confidence 1-10 with its trend; Wk = last check-in week.", style="dim"))
    for line in closed_lines(snapshot):
        console.print(Text(line, style="bold"))
    if snapshot.drafts:
        console.print(
            f"{snapshot.drafts} imported KR(s) need an owner or numbers: `okrtui complete` walks"
            " them, `okrtui lint` lists them.",
            style="bold",
        )
    layout = Layout.for_width(console.width)
    everything = snapshot.key_results
    widths = {
        "id": max(len(s.kr.id) for s in everything),
        "owner": max(5, *(len(s.kr.owner) for s in everything)),
        "now": max(12, *(len(now_and_target(s)) for s in everything)),
        "conf": max(len(confidence_cell(s)) for s in everything),
    }
    for objective in snapshot.objectives:
        console.print()
        console.print(_heading(objective, palette, console.width), overflow="ellipsis", no_wrap=True)
        console.print(_table(objective.key_results, layout, widths, palette))
        for kr in objective.key_results:
            for blocker in kr.open_blockers:
                console.print(
                    Text.assemble("  ⚑ ", (blocker.id, "bold"), f" on {kr.kr.id}: ", blocker.text),
                    overflow="ellipsis",
                    no_wrap=True,
                )
