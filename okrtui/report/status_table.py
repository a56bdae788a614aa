"""`okrtui status` through rich's table: one line per KR, aligned across objectives, fitting the
terminal (60+ columns).

The reference for `report.status_lines`, which prints the same bytes faster, and what `status`
falls back to where those cannot (Windows' console, a width or style they do not lay out). Rich
drops colour under NO_COLOR and every escape code when the output is not a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from okrtui.core.scoring import Band
from okrtui.report.spark import sparkline
from okrtui.report.status_parts import (
    DEFAULT_PALETTE,
    NOTHING_YET,
    KRTexts,
    Layout,
    actions_line,
    closed_lines,
    column_widths,
    drafts_line,
    kr_texts,
    sync_lines,
    week_lines,
)

if TYPE_CHECKING:
    from okrtui.core.glance import Glance, KRGlance, ObjectiveGlance
    from okrtui.core.status import KRStatus, ObjectiveStatus
    from okrtui.report.snapshot import Snapshot

    AnyKR = KRStatus | KRGlance


class PipeConsole(Console):
    """Rich's console, but a reader that goes away (`okrtui status | head`) ends us like ls or git."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def make_console(file: IO[str] | None = None, width: int | None = None, **terminal: Any) -> Console:
    """A console that honours NO_COLOR, COLUMNS and pipes (no escape codes when not a terminal);
    `terminal` fixes what it would detect (`force_terminal`, `color_system`, `no_color`: tests)."""
    return PipeConsole(file=file, width=width, highlight=False, emoji=False, soft_wrap=False, **terminal)


def _table(
    rows: Sequence[tuple[AnyKR, KRTexts]], layout: Layout, widths: dict[str, int], palette: dict[Band, str]
) -> Table:
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
    for status, texts in rows:
        title = Text(status.kr.title)
        if layout.split:
            title.append(f"\n{texts.owner} · {texts.now}", style="dim")
        cells: list[Text | str] = [texts.id, title]
        if not layout.split:
            cells += [Text(texts.owner), Text(texts.now)]
        cells.append(Text(texts.score, style=palette[status.score_band]))
        if layout.spark:
            cells.append(sparkline([c.value for c in status.history], layout.spark))
        conf_style = palette[status.health] + (" bold" if status.trend and status.trend.is_alert else "")
        cells.append(Text(texts.confidence, style=conf_style))
        if layout.week:
            cells.append(Text(texts.week, style="" if status.checked_in_this_week else "dim"))
        table.add_row(*cells)
    return table


def _heading(status: ObjectiveStatus | ObjectiveGlance, palette: dict[Band, str], width: int) -> Text:
    """`Team · Objective title  0.67 ▲ at risk`: the title is shortened, never the status."""
    if status.band and status.score is not None:
        badge = Text(f"  {status.score:.2f} {status.band.badge}", style=palette[status.band])
    else:
        badge = Text("  no check-ins yet", style="dim")
    team = Text(f"{status.team.name} · ", style="dim")
    title = Text(status.objective.title, style="bold")
    title.truncate(max(8, width - len(team) - len(badge)), overflow="ellipsis")
    return Text.assemble(team, title, badge)


def render_table(
    snapshot: Snapshot | Glance, console: Console, palette: dict[Band, str] | None = None
) -> None:
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
    layout = Layout.for_width(console.width)
    console.print(Text(layout.legend, style="dim"))
    for line in closed_lines(snapshot):
        console.print(Text(line, style="bold"))
    if snapshot.drafts:
        console.print(
            drafts_line(snapshot.drafts),
            style="bold",
        )
    texts = [kr_texts(kr) for kr in snapshot.key_results]
    widths = column_widths(texts)
    each = iter(texts)  # in the order of snapshot.key_results: objective by objective
    for objective in snapshot.objectives:
        console.print()
        console.print(_heading(objective, palette, console.width), overflow="ellipsis", no_wrap=True)
        rows = [(kr, next(each)) for kr in objective.key_results]
        console.print(_table(rows, layout, widths, palette))
        for kr in objective.key_results:
            for blocker in kr.open_blockers:
                console.print(
                    Text.assemble("  ⚑ ", (blocker.id, "bold"), f" on {kr.kr.id}: ", blocker.text),
                    overflow="ellipsis",
                    no_wrap=True,
                )
    notices = week_lines(snapshot) + sync_lines(snapshot)
    if notices:
        console.print()
    for line in notices:
        console.print(Text(line, style="bold"))
    actions = actions_line(snapshot)
    if actions:
        console.print()
        console.print(Text(actions, style="bold"))
