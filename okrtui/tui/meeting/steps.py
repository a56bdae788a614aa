"""The bodies of the meeting's opening, KR and summary steps (the blockers step has its own module)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widgets import Input, Static

from okrtui.core.agenda import mmss
from okrtui.core.board import Board
from okrtui.core.meeting_summary import MeetingSummary
from okrtui.core.models import CheckIn, Direction
from okrtui.core.scoring import trend
from okrtui.core.status import KRStatus, ObjectiveStatus
from okrtui.core.values import format_value, parse_value
from okrtui.core.weeks import week_start, weeks_between
from okrtui.tui.widgets.charts import ChartData, TrendChart
from okrtui.tui.widgets.kr_form import UNSAVED, ConfidenceField, KRForm, Tick

BAR_WIDTH = 20


def bar(score: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, score)) * width)
    return "█" * filled + "░" * (width - filled)


def styled(text: str, variable: str, bold: bool = True) -> str:
    """Markup for `text` in a theme variable's colour (resolved at render time, so themes apply)."""
    return f"[{'bold ' if bold else ''}${variable}]{escape(text)}[/]"


class OpeningStep(Vertical):
    """Week and cycle, objective scores, KRs already checked in this week, last week's open blockers."""

    DEFAULT_CSS = """
    OpeningStep { height: auto; }
    OpeningStep #attendance { height: auto; layout: grid; grid-size: 4; grid-rows: 1; }
    OpeningStep Tick { height: 1; border: none; padding: 0; }
    OpeningStep .heading { text-style: bold; margin-top: 1; }
    """

    def __init__(self, board: Board, objectives: list[ObjectiveStatus], week: str, present: list[str]):
        super().__init__(id="opening")
        self.board = board
        self.objectives = objectives
        self.week = week
        self.present = present

    def compose(self) -> ComposeResult:
        cycle = self.board.cycle
        weeks = weeks_between(cycle.start, cycle.end)
        number = weeks.index(self.week) + 1 if self.week in weeks else "?"
        yield Static(
            f"[b]{self.board.team.name}[/b] weekly check-in · {self.week} · "
            f"cycle {cycle.id} (week {number} of {len(weeks)})"
        )
        yield Static("Objectives", classes="heading")
        yield Static(self._objectives())
        yield Static("Last week's open blockers", classes="heading")
        yield Static(self._blockers())
        if self.board.team.members:
            yield Static("Who is here (Tab to a name, space toggles)", classes="heading")
            with Vertical(id="attendance"):
                for member in self.board.team.members:
                    yield Tick(member, member in self.present, compact=True, name=member)

    def _objectives(self) -> str:
        lines = []
        for objective in self.objectives:
            score, band = objective.score, objective.band
            badge = (
                styled(f"{score:.2f} {band.badge:<12}", band.variable) if band and score is not None else "—"
            )
            lines.append(f"{badge} {escape(objective.objective.title)}")
            for kr in objective.key_results:
                mark = "[b]✎ checked in this week[/b]" if kr.checked_in_this_week else "[dim]due[/dim]"
                lines.append(f"    {kr.kr.id}  {escape(kr.kr.owner):<6} {mark}")
        return "\n".join(lines)

    def _blockers(self) -> str:
        carried = [b for b in self.board.open_blockers() if b.raised_week < self.week]
        if not carried:
            return "none"
        return "\n".join(
            f"{styled('✖', 'okr-off-track')} {b.id} ({b.kr}, {escape(b.owner or 'no owner')}): "
            + escape(b.text)
            for b in carried
        )

    @property
    def attendees(self) -> list[str]:
        ticks = list(self.query(Tick))
        return [t.name for t in ticks if t.value and t.name] if ticks else list(self.present)


class KRStep(Vertical):
    """One KR: where it stands, its history as charts, and the check-in form."""

    DEFAULT_CSS = """
    KRStep { height: auto; }
    KRStep .kr-title { text-style: bold; }
    KRStep #save-error { color: $error; text-style: bold; display: none; }
    KRStep #save-error.-shown { display: block; }
    KRStep #charts { height: 7; margin: 0 0 1 0; }
    KRStep TrendChart { border-top: solid $panel-lighten-2; border-title-color: $text-muted; height: 7; }
    """

    def __init__(
        self,
        *,
        status: KRStatus,
        board: Board,
        number: int,
        count: int,
        this_week: CheckIn | None,
        latest: CheckIn | None,
    ):
        super().__init__(id="kr-step")
        self.status = status
        self.board = board
        self.number = number
        self.count = count
        self.this_week = this_week
        self.latest = latest

    def compose(self) -> ComposeResult:
        yield Static(id="kr-head")
        yield Static(classes="kr-title")
        yield Static(id="kr-numbers")
        yield Static(id="save-error")
        with Horizontal(id="charts"):
            value_chart = TrendChart(id="value-chart")
            value_chart.border_title = "value"
            yield value_chart
            confidence_chart = TrendChart(id="confidence-chart")
            confidence_chart.border_title = "confidence"
            yield confidence_chart
        s = self.status
        yield KRForm(s.kr, latest=self.latest, this_week=self.this_week, open_blockers=s.open_blockers)

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        kr = self.status.kr
        self.query_one("#kr-head", Static).update(
            f"KR {self.number} of {self.count} · {kr.id} · owner [b]{escape(kr.owner)}[/b]"
        )
        self.query_one(".kr-title", Static).update(escape(kr.title))
        self.query_one("#kr-numbers", Static).update(self._numbers(self.status))
        weeks, values, confidences = self._series()
        self.query_one("#value-chart", TrendChart).data = ChartData.of(
            weeks, values, colour="okr-chart-value", target=kr.target, pace=self._pace(weeks)
        )
        self.query_one("#confidence-chart", TrendChart).data = ChartData.of(
            weeks, confidences, colour="okr-chart-confidence", ylim=(1, 10)
        )

    async def load(
        self,
        status: KRStatus,
        *,
        number: int,
        this_week: CheckIn | None,
        latest: CheckIn | None,
    ) -> None:
        """Show another KR in place (the meeting's PageDown path: no remount, fast)."""
        self.status, self.number, self.this_week, self.latest = status, number, this_week, latest
        self._fill()
        await self.form.load(
            status.kr, latest=latest, this_week=this_week, open_blockers=status.open_blockers
        )

    def show_save_error(self, reason: str | None) -> None:
        """A persistent line under the numbers when this KR's answer could not be saved."""
        line = self.query_one("#save-error", Static)
        line.update(escape(f"✖ not saved: {reason} · Enter saves it again") if reason else "")
        line.set_class(reason is not None, "-shown")

    def _numbers(self, live: KRStatus) -> str:
        """Last check-in, then the score and THE status as they stand with what is in the form.

        The score's band only colours its bar (the number says it); the one status word is the
        KR's health: its confidence, lowered to at risk when behind pace.
        """
        s, kr = self.status, self.status.kr
        unit = kr.unit
        saved = [c for c in s.history if c.week < s.this_week]  # this week's answer is in the form
        last = saved[-1] if saved else None
        before = "no check-in yet"
        if last is not None:
            moved = trend([c.confidence for c in saved]) or ""
            value = format_value(last.value, unit)
            before = f"last {value} · confidence {last.confidence}{moved}"
        band = live.score_band
        score_line = f"{styled(bar(live.score), band.variable, bold=False)} score {live.score:.2f}"
        if kr.direction and kr.direction.is_maintain:
            score_line += " · hold the line (no pace)"
        else:
            score_line += f" · expected {live.expected:.2f}"
        health = live.health
        why = [f"confidence {live.confidence}/10"] if live.confidence is not None else ["no confidence yet"]
        if live.behind_pace:
            why.append("behind pace")
        status_line = "status " + styled(health.badge, health.variable) + escape(f"  ({', '.join(why)})")
        head = escape(f"{format_value(kr.baseline, unit)} → {format_value(kr.target, unit)}   {before}")
        return "\n".join([head, score_line, status_line])

    def live_status(self) -> KRStatus:
        """The KR's status if what the form holds now were saved (the stored one if it is incomplete)."""
        form = self.form
        confidence = form.query_one(ConfidenceField).value
        try:
            value = parse_value(form.query_one("#value", Input).value)
        except ValueError:
            value = None
        if confidence is None or value is None:
            return self.status
        earlier = [c for c in self.status.history if c.week != self.status.this_week]
        draft = CheckIn.model_construct(
            id=UNSAVED, kr=self.status.kr.id, week=self.status.this_week, value=value, confidence=confidence
        )
        return replace(self.status, history=[*earlier, draft])

    @on(Input.Changed, "#value")
    @on(ConfidenceField.Changed)
    def _form_changed(self) -> None:
        if self.is_mounted and self.query("KRForm"):
            self.query_one("#kr-numbers", Static).update(self._numbers(self.live_status()))

    def _series(self) -> tuple[list[str], list[float | None], list[float | None]]:
        cycle = self.board.cycle
        weeks = [w for w in weeks_between(cycle.start, cycle.end) if w <= self.status.this_week]
        by_week = {c.week: c for c in self.status.history}
        if self.this_week is not None:
            by_week[self.this_week.week] = self.this_week
        values = [by_week[w].value if w in by_week else None for w in weeks]
        confidences = [float(by_week[w].confidence) if w in by_week else None for w in weeks]
        return weeks, values, confidences

    def _pace(self, weeks: list[str]) -> list[float] | None:
        kr = self.status.kr
        if kr.direction in (Direction.MAINTAIN_ABOVE, Direction.MAINTAIN_BELOW):
            return None
        cycle = self.board.cycle
        return [
            kr.baseline + (kr.target - kr.baseline) * cycle.elapsed(_week_end(w, cycle.end)) for w in weeks
        ]

    @property
    def form(self) -> KRForm:
        return self.query_one(KRForm)


def _week_end(week: str, limit: date) -> date:
    return min(limit, week_start(week) + timedelta(days=6))


class SummaryStep(Vertical):
    """What the meeting achieved, the notes file's path and how to copy the notes."""

    DEFAULT_CSS = """
    SummaryStep { height: auto; }
    SummaryStep .heading { text-style: bold; margin-top: 1; }
    SummaryStep #notes-path { color: $accent; }
    """

    def __init__(self, summary: MeetingSummary, notes_path: str):
        super().__init__(id="summary")
        self.summary = summary
        self.notes_path = notes_path

    def compose(self) -> ComposeResult:
        s = self.summary
        avg = "—" if s.avg_confidence is None else f"{s.avg_confidence:.1f}/10"
        change = "" if s.avg_change is None else f" ({s.avg_change:+.1f} since last week)"
        yield Static(
            f"[b]Meeting done.[/b] {len(s.updated)} of {len(s.krs)} KRs updated · "
            f"average confidence {avg}{change} · time {mmss(s.spent_seconds)} of {mmss(s.planned_seconds)}"
        )
        yield Static("Needs attention", classes="heading")
        yield Static(self._attention())
        yield Static("Minutes per KR (plan)", classes="heading")
        yield Static(
            "  ".join(f"{k.status.kr.id} {mmss(k.spent_seconds)} ({mmss(k.planned_seconds)})" for k in s.krs)
        )
        yield Static("Blockers resolved this week", classes="heading")
        resolved = [f"✔ {b.id} ({b.kr}): {b.text}" for b in s.resolved]
        yield Static(escape("\n".join(resolved) or "none"))
        yield Static("Action items", classes="heading")
        items = [
            f"☐ {i.text} — {i.owner or 'no owner'}{f', due {i.due}' if i.due else ''}" for i in s.action_items
        ]
        yield Static(escape("\n".join(items) or "none"))
        yield Static(escape(f"Notes written to {self.notes_path}"), id="notes-path", classes="heading")
        yield Static("c: copy the notes to the clipboard · Escape: leave")

    def _attention(self) -> str:
        lines = [
            styled(
                f"↓ {k.status.kr.id} confidence {k.previous_confidence} → {k.status.confidence}",
                "okr-at-risk",
            )
            for k in self.summary.drops
        ]
        for k in self.summary.attention:
            health = k.status.health
            why = "behind pace" if k.status.behind_pace else health.label
            lines.append(
                styled(f"{health.symbol} {k.status.kr.id} {why}:", health.variable)
                + f" {escape(k.status.kr.title)}"
            )
        not_updated = [k.status.kr.id for k in self.summary.krs if not k.updated]
        if not_updated:
            lines.append(f"not updated: {', '.join(not_updated)}")
        return "\n".join(lines) or "nothing: every KR on track"
