"""Everything about one key result: numbers, value and confidence charts, blockers, check-in history."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from okrtui.core.models import CheckIn, Cycle, KeyResult
from okrtui.core.status import KRStatus
from okrtui.core.values import format_value
from okrtui.report.status_parts import now_and_target
from okrtui.tui.dashboard.sync_marks import SyncNote
from okrtui.tui.widgets.charts import ChartData, TrendChart, kr_charts

HISTORY_SHOWN = 8
"""Newest check-ins listed; the chart shows the whole cycle."""


def band_style(variable: str) -> str:
    """A Content style naming a theme variable, resolved at render time so it follows the theme."""
    return f"${variable}"


def facts(status: KRStatus) -> Content:
    """`Ana · Platform · 9.94% → 5% · score 0.62 · confidence 7→ · ✔ on track`."""
    health = status.health
    parts: list[str | tuple[str, str]] = [
        (status.kr.owner, "bold"),
        f" · {status.team.name} · {now_and_target(status)} · score ",
        (f"{status.score:.2f}", band_style(status.score_band.variable)),
        f" · confidence {status.confidence_text()} · ",
        (health.badge, band_style(health.variable)),
    ]
    if status.behind_pace:
        parts.append(f" · behind pace (expected {status.expected:.0%} of the way)")
    if not status.checked_in_this_week:
        parts.append((f" · due: no check-in in {status.this_week}", "$warning"))
    return Content.assemble(*parts)


def checkin_lines(checkin: CheckIn, kr: KeyResult) -> Content:
    """One check-in: who, when, value, confidence, then what moved, is stuck and is next."""
    where = "meeting" if checkin.meeting else "async"
    who = checkin.author or "someone"
    when = f"{checkin.week} ({checkin.created_at:%a %d %b})"
    head = Content.assemble(
        (when, "bold"),
        f" · {who} · {format_value(checkin.value, kr.unit)} · confidence {checkin.confidence} · {where}",
    )
    notes = [
        Content.assemble((f"  {label}: ", "$text-muted"), text)
        for label, text in (("moved", checkin.moved), ("stuck", checkin.stuck), ("next", checkin.next))
        if text
    ]
    return Content("\n").join([head, *notes])


class KRDetail(VerticalScroll):
    """The detail panel beside the dashboard's tree; `show(status, cycle)` fills it.

    Its text comes at once; its charts (plotext, imported on the first one drawn) only once the
    screen has been painted: the first frame carries the tree and this text without waiting for
    them. From then on the charts change in the same frame as the text.
    """

    DEFAULT_CSS = """
    KRDetail { padding: 0 1; }
    KRDetail .heading { text-style: bold; color: $text-accent; margin-top: 1; }
    KRDetail #kr-title { text-style: bold; }
    KRDetail #value-chart { height: 8; }
    KRDetail #confidence-chart { height: 5; }
    KRDetail #legend { color: $text-muted; }
    """

    charts: tuple[ChartData, ChartData] | None = None
    """The charts of the KR shown, drawn once `painted` is set."""
    painted = False
    """The screen has been painted once: charts may be drawn."""

    def compose(self) -> ComposeResult:
        yield Static(id="kr-title")
        yield Static(id="kr-facts")
        yield Static("Value", classes="heading")
        yield TrendChart(id="value-chart")
        yield Static(id="legend")
        yield Static("Confidence", classes="heading")
        yield TrendChart(id="confidence-chart")
        yield SyncNote(id="kr-sync")
        yield Static("Open blockers", classes="heading")
        yield Static(id="kr-blockers")
        yield Static("Check-ins, newest first", classes="heading")
        yield Static(id="kr-history")

    def on_mount(self) -> None:
        self.call_after_refresh(self._first_paint_done)

    def _first_paint_done(self) -> None:
        if self.app._batch_count:  # the app's start: that refresh drew nothing on the terminal yet
            self.call_after_refresh(self._first_paint_done)
            return
        self.painted = True
        self._draw_charts()

    def _draw_charts(self) -> None:
        if not self.painted:
            return
        value, confidence = self.charts or (None, None)
        self.query_one("#value-chart", TrendChart).data = value
        self.query_one("#confidence-chart", TrendChart).data = confidence

    def show(self, status: KRStatus | None, cycle: Cycle | None, synced: str = "") -> None:
        """Fill the panel for `status` (None: say how to pick one); `synced`: what a git merge left
        about the KR (`dashboard.sync_marks`), one line each, shown under its charts."""
        self.display = True
        self.query_one(SyncNote).show(synced if status else "")
        if status is None or cycle is None:
            self.query_one("#kr-title", Static).update("Select a key result to see its history.")
            for part in ("#kr-facts", "#legend", "#kr-blockers", "#kr-history"):
                self.query_one(part, Static).update("")
            self.charts = None
            self._draw_charts()
            return
        kr = status.kr
        self.query_one("#kr-title", Static).update(Content.assemble((kr.id, "$text-muted"), " ", kr.title))
        self.query_one("#kr-facts", Static).update(facts(status))
        self.charts = kr_charts(status, cycle)
        self._draw_charts()
        value = self.charts[0]
        legend: list[str | tuple[str, str]] = [("── value", "$okr-chart-value"), "  "]
        legend += [(f"── target {format_value(kr.target, kr.unit)}", "$okr-chart-target")]
        if value.pace:
            legend += ["  ", ("── expected pace", "$okr-chart-pace")]
        legend += [f"   {cycle.start:%d %b} → {cycle.end:%d %b}"]
        self.query_one("#legend", Static).update(Content.assemble(*legend))
        blockers = [
            Content.assemble(
                "⚑ ", (b.id, "bold"), f" ({b.owner or 'unowned'}, since {b.raised_week}): ", b.text
            )
            for b in status.open_blockers
        ]
        self.query_one("#kr-blockers", Static).update(Content("\n").join(blockers) if blockers else "None.")
        history = [checkin_lines(c, kr) for c in reversed(status.history[-HISTORY_SHOWN:])]
        self.query_one("#kr-history", Static).update(
            Content("\n").join(history) if history else "No check-in yet."
        )
