"""The bodies of the meeting's opening, KR and summary steps (the blockers step has its own module)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.scalar import Scalar
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input, Static

from okrtui.core.actions import ActionChange, ActionMove, is_overdue
from okrtui.core.agenda import mmss
from okrtui.core.board import Board
from okrtui.core.meeting_summary import MeetingSummary
from okrtui.core.models import Action
from okrtui.core.safe_text import visible
from okrtui.core.scoring import trend
from okrtui.core.status import KRStatus, ObjectiveStatus
from okrtui.core.values import format_value
from okrtui.core.votes import describe_votes
from okrtui.core.weeks import weeks_between
from okrtui.services.meeting_session import KRView
from okrtui.tui.cells import fit
from okrtui.tui.widgets import steady
from okrtui.tui.widgets.charts import TrendChart, kr_charts, sparklines
from okrtui.tui.widgets.kr_form import SAVE_NEXT, ConfidenceField, KRForm, Tick

BAR_WIDTH = 20
CHART_ROWS_MIN = 5
"""A legend, three rows of plot and the week labels: less than that is no chart."""
CHART_ROWS_MAX, CHART_SHARE = 30, 0.6
"""On a tall screen the charts stop at 60% of it (30 rows at most): the form stays in its place."""
AHEAD_SECONDS = 1.0
"""How long after a KR shows the next one's charts are drawn: once the room's other screens have
drawn this one (on two cores, eight participants' screens take a few hundred ms), and long before
anyone moves on."""
CHART_SLACK = 2
"""Rows a KR may leave free under its form before the charts grow into them: KRs differ by a line
or two (a blocker to resolve, a wrapped title), and charts resized from KR to KR draw twice a step."""


def bar(score: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, score)) * width)
    return "█" * filled + "░" * (width - filled)


def styled(text: str, variable: str, bold: bool = True) -> Content:
    """`text` in a theme variable's colour (resolved at render time, so themes apply); never markup."""
    return Content.styled(text, f"{'bold ' if bold else ''}${variable}")


def lines_of(lines: list[Content]) -> Content:
    return Content("\n").join(lines)


class OpeningStep(Vertical):
    """Week and cycle, objective scores, KRs already checked in this week, last week's open blockers."""

    DEFAULT_CSS = """
    OpeningStep { height: auto; }
    OpeningStep #attendance { height: auto; layout: grid; grid-size: 4; grid-rows: 1; }
    OpeningStep Tick { height: 1; border: none; padding: 0; }
    OpeningStep .heading { text-style: bold; margin-top: 1; }
    OpeningStep .review { height: 1; }
    OpeningStep .review Tick { width: 1fr; }
    OpeningStep .review Input { width: 32; }
    """

    def __init__(
        self,
        board: Board,
        objectives: list[ObjectiveStatus],
        week: str,
        present: list[str],
        review: list[Action] | None = None,
        today: date | None = None,
    ):
        super().__init__(id="opening")
        self.board = board
        self.objectives = objectives
        self.week = week
        self.present = present
        self.review = review or []
        self.today = today

    def compose(self) -> ComposeResult:
        cycle = self.board.cycle
        weeks = weeks_between(cycle.start, cycle.end)
        number = weeks.index(self.week) + 1 if self.week in weeks else "?"
        yield Static(
            Content.assemble(
                (self.board.team.name, "bold"),
                f" weekly check-in · {self.week} · cycle {cycle.id} (week {number} of {len(weeks)})",
            )
        )
        yield Static("Objectives", classes="heading")
        yield Static(self._objectives())
        yield Static("Last week's open blockers", classes="heading")
        yield Static(self._blockers())
        if self.board.team.members:
            yield Static("Who is here (Tab to a name, space toggles)", classes="heading")
            with Vertical(id="attendance"):
                for member in self.board.team.members:
                    yield Tick(Content(member), member in self.present, compact=True, name=member)
        if self.review:
            yield Static(
                "Open actions from earlier meetings (space: done · a reason: dropped · else carried over)",
                classes="heading",
            )
            for action in self.review:
                with Horizontal(classes="review"):
                    yield Tick(Content(self._action_line(action)), compact=True, id=f"done-{action.id}")
                    yield Input(placeholder="drop it: why", compact=True, id=f"drop-{action.id}")

    def _action_line(self, action: Action) -> str:
        late = self.today is not None and is_overdue(action, self.today)
        due = f", due {action.due}" + (" ⚠ overdue" if late else "") if action.due else ""
        carried = f", carried {len(action.carried)}x" if action.carried else ""
        return f"{action.id} {action.text} — {action.owner or 'no owner'}{due}{carried}"

    def reviewed(self) -> list[ActionChange]:
        """What the room decided about each earlier action: done, dropped with a reason, or carried over."""
        decisions = []
        for action in self.review:
            drops = list(self.query(f"#drop-{action.id}").results(Input))
            dones = list(self.query(f"#done-{action.id}").results(Tick))
            reason = drops[0].value.strip() if drops else ""  # none yet: a PageDown typed at the
            if dones and dones[0].value:  # start can leave the opening before it is all built
                move, reason = ActionMove.DONE, ""
            else:
                move = ActionMove.DROP if reason else ActionMove.CARRY
            decisions.append(
                ActionChange(action=action.id, move=move, week=self.week, reason=reason, based_on=action.rev)
            )
        return decisions

    def _objectives(self) -> Content:
        lines = []
        for objective in self.objectives:
            score, band = objective.score, objective.band
            badge = Content("—")
            if band is not None and score is not None:
                badge = styled(f"{score:.2f} {band.badge:<12}", band.variable)
            lines.append(Content.assemble(badge, " ", objective.objective.title))
            for kr in objective.key_results:
                mark = ("✎ checked in this week", "bold") if kr.checked_in_this_week else ("due", "dim")
                lines.append(Content.assemble(f"    {kr.kr.id}  ", fit(kr.kr.owner, 6), " ", mark))
        return lines_of(lines)

    def _blockers(self) -> Content:
        carried = [b for b in self.board.open_blockers() if b.raised_week < self.week]
        if not carried:
            return Content("none")
        return lines_of(
            [
                Content.assemble(
                    styled("✖", "okr-off-track"), f" {b.id} ({b.kr}, {b.owner or 'no owner'}): {b.text}"
                )
                for b in carried
            ]
        )

    @property
    def attendees(self) -> list[str]:
        ticks = list(self.query("#attendance Tick").results(Tick))
        return [t.name for t in ticks if t.value and t.name] if ticks else list(self.present)


class KRStep(Vertical):
    """One KR: where it stands, its history as charts, and the check-in form."""

    DEFAULT_CSS = """
    KRStep { height: auto; }
    KRStep .kr-title { text-style: bold; }
    KRStep #kr-state { color: $warning; text-style: bold; display: none; }
    KRStep #kr-state.-shown { display: block; }
    KRStep #kr-state.-error { color: $error; }
    KRStep #charts { height: 7; margin: 0 0 1 0; }
    KRStep TrendChart { height: 100%; }
    KRStep #value-chart { width: 2fr; }
    KRStep #confidence-chart { width: 1fr; margin-left: 2; }
    KRStep #charts-line { height: 1; text-wrap: nowrap; text-overflow: ellipsis; display: none; }
    """

    def __init__(
        self,
        view: KRView,
        context: dict[str, Any],
        *,
        board: Board,
        count: int,
        answerable: bool = True,
        enter_does: str = SAVE_NEXT,
    ):
        super().__init__(id="kr-step")
        self.enter_does = enter_does
        """What the form's Enter does, for its hint (see `KRForm.enter_does`)."""
        self.answerable = answerable
        """Whether the form takes answers from the start (a participant's form on another's KR does
        not: decided before it is mounted, as toggling it restyles the whole form, ~100 ms)."""
        self.view = view
        self.context = context
        self.board = board
        self.count = count
        self.news = ""
        self._fitted_at: tuple[Size, int] | None = None
        """The step's room and the charts' rows when they were last sized on screen."""
        self._measured: dict[TrendChart, Size] = {}
        """The charts' sizes as measured while never laid out (built ahead): to draw them ahead."""

    def compose(self) -> ComposeResult:
        yield Static(id="kr-head")
        yield Static(classes="kr-title")
        yield Static(id="kr-numbers")
        yield Static(id="kr-state")
        with Horizontal(id="charts"):
            yield TrendChart(framed=True, id="value-chart")
            yield TrendChart(framed=True, id="confidence-chart")
        yield Static(id="charts-line", markup=False)
        v = self.view
        yield KRForm(
            v.status.kr,
            context=self.context,
            latest=v.latest,
            this_week=v.this_week,
            draft=v.draft,
            open_blockers=v.status.open_blockers,
            disabled=not self.answerable,
            enter_does=self.enter_does,
        )

    def on_mount(self) -> None:
        self._fill()
        self.screen.screen_layout_refresh_signal.subscribe(self, self._fit_charts)

    @property
    def fitted(self) -> bool:
        """Whether the charts were ever sized: until then they wait, blank."""
        return self._fitted_at is not None

    def _fit_charts(self, _screen: object = None) -> None:
        """After each layout: the rows may have changed (a resize, a blocker raised)."""
        if self.is_mounted and self.display and self.size and isinstance(self.parent, Widget):
            self.fit_charts(self.parent.scrollable_content_region.size)

    def fit_charts(self, room: Size) -> None:
        """Give the charts the rows the rest of the step leaves free in `room`, so they grow with the
        terminal; with too few rows for a readable chart, one line of sparklines instead, then
        nothing: the KR's title, numbers and form always come first.

        The rest is measured by arranging the step's children at the room's width, as the next
        layout will, so a step built ahead is sized before its first frame (`StepBody.show_kr`).
        The measure is only as good as the widgets' styles: classes set since the last frame are
        styled at the next one, so a step that shows a KR after another is sized after its layout
        (and keeps the last height, within CHART_SLACK, to draw its charts in the first frame).
        """
        charts = self.query_one("#charts", Horizontal)
        line = self.query_one("#charts-line", Static)
        viewport = room.height
        placed = self.arrange(Size(room.width, viewport)).placements
        rest = sum(p.region.height + p.margin.height for p in placed if p.widget not in (charts, line))
        free = viewport - rest
        rows = min(free - 1, CHART_ROWS_MAX, max(CHART_ROWS_MIN, round(viewport * CHART_SHARE)))  # 1: margin
        last = self._fitted_at
        if last is not None and last[0] == room and last[1] < rows <= last[1] + CHART_SLACK:
            rows = last[1]  # the same room: this KR's line or two fewer stay empty
        self._fitted_at = (room, rows)
        show_charts = rows >= CHART_ROWS_MIN
        if show_charts and charts.styles.height != Scalar.from_number(rows):
            charts.styles.height = rows
        charts.styles.display = "block" if show_charts else "none"
        self._measured = {}
        if show_charts and not charts.region:  # never laid out: where the layout will put them
            arranged = charts.arrange(Size(room.width, rows)).placements  # (the step's width)
            self._measured = {p.widget: p.region.size for p in arranged if isinstance(p.widget, TrendChart)}
        for chart in charts.query(TrendChart):
            chart.release()
        line.styles.display = "block" if not show_charts and free >= 1 else "none"

    def _fill(self) -> None:
        kr = self.view.status.kr
        absent = " · [b]absent today[/b]" if self.view.absent else ""
        self.query_one("#kr-head", Static).update(
            Content.from_markup(
                f"KR {self.view.number} of {self.count} · $id · owner [b]$owner[/b]{absent}",
                id=kr.id,
                owner=visible(kr.owner),
            )
        )
        self.query_one(".kr-title", Static).update(Content(visible(kr.title)))
        self.query_one("#kr-numbers", Static).update(self._numbers(self.view.status))
        value, confidence = kr_charts(self.view.status, self.board.cycle, upto=self.view.status.this_week)
        # once fitted, the charts draw at the last KR's height, which nearly always stands
        # (`fit_charts` redraws them if not, before the frame); never fitted, they wait for it
        for chart, data in zip(self._charts(), (value, confidence), strict=True):
            if self._fitted_at is not None:
                chart.show(data)
            else:
                chart.hold(data)
        self.query_one("#charts-line", Static).update(sparklines(value, confidence))
        self.show_state(self.view)

    def draw_ahead(self, view: KRView) -> None:
        """Draw `view`'s charts, in a thread, at the size this step's charts have now (which the next
        KR keeps, nearly always: see CHART_SLACK), while this step is on screen (or, built ahead and
        fitted, waits for the first KR): the step to that KR then only shows them (~8 ms a step,
        on every screen in the room)."""
        if not self.fitted or not self.query_one("#charts").display:
            return
        series = kr_charts(view.status, self.board.cycle, upto=view.status.this_week)
        pairs = zip(self._charts(), series, strict=True)
        drawings = [d for chart, data in pairs if (d := chart.drawing(data, self._measured.get(chart)))]
        if drawings:
            # a drawing that fails (a chart nobody has seen yet) is only not drawn ahead
            self.run_worker(
                partial(_draw_all, drawings), thread=True, group="ahead", exclusive=True, exit_on_error=False
            )

    def _charts(self) -> tuple[TrendChart, TrendChart]:
        return self.query_one("#value-chart", TrendChart), self.query_one("#confidence-chart", TrendChart)

    async def load(self, view: KRView, context: dict[str, Any]) -> None:
        """Show another KR in place (the meeting's PageDown path: no remount, fast)."""
        self.view, self.context, self.news = view, context, ""
        self._fill()
        await self.form.load(
            view.status.kr,
            context=context,
            latest=view.latest,
            this_week=view.this_week,
            draft=view.draft,
            open_blockers=view.status.open_blockers,
        )

    async def show_news(self, view: KRView, line: str) -> None:
        """Someone checked this KR in meanwhile: prefill it into an untouched form, else just say so."""
        touched = self.form.touched
        self.news = f"↻ {line}" + (
            "; Enter will ask which answer to keep" if touched else "; prefilled below"
        )
        if touched:
            self.view = view
            self.show_state(view)
        else:
            await self.load(view, self.context)
            self.news = f"↻ {line}; prefilled below"
            self.show_state(view)

    def show_state(self, view: KRView) -> None:
        """One line under the numbers: a save that failed, a conflict waiting, or news from others."""
        if not self.is_mounted:
            return
        line = self.query_one("#kr-state", Static)
        if view.conflict is not None:
            text, error = f"⚠ {view.conflict}: choose which answer to keep", True
        elif view.failed:
            text, error = f"✖ not saved: {view.failed} · Enter saves it again", True
        else:
            text, error = self.news, False
        line.update(Content(visible(text)))
        line.set_class(bool(text), "-shown")
        line.set_class(error, "-error")

    def _numbers(self, live: KRStatus) -> Content:
        """Last check-in, then the score and THE status as they stand with what is in the form.

        The score's band only colours its bar (the number says it); the one status word is the
        KR's health: its confidence, lowered to at risk when behind pace.
        """
        s, kr = self.view.status, self.view.status.kr
        unit = kr.unit
        saved = s.before_this_week  # this week's answer is in the form
        last = saved[-1] if saved else None
        before = "no check-in yet"
        if last is not None:
            moved = trend([c.confidence for c in saved]) or ""
            before = f"last {format_value(last.value, unit)} · confidence {last.confidence}{moved}"
        band = live.score_band
        pace = (
            " · hold the line (no pace)"
            if kr.direction and kr.direction.is_maintain
            else f" · expected {live.expected:.2f}"
        )
        health = live.health
        why = [f"confidence {live.confidence}/10"] if live.confidence is not None else ["no confidence yet"]
        if live.behind_pace:
            why.append("behind pace")
        return Content.assemble(
            visible(f"{format_value(kr.baseline, unit)} → {format_value(kr.target, unit)}   {before}"),
            "\n",
            (bar(live.score), f"${band.variable}"),
            f" score {live.score:.2f}{pace}\n",
            "status ",
            (health.badge, f"bold ${health.variable}"),
            f"  ({', '.join(why)})",
        )

    def live_status(self) -> KRStatus:
        """The KR's status if what the form holds now were saved (the stored one if it is incomplete)."""
        form = self.form
        confidence = form.query_one(ConfidenceField).value
        try:
            value = form.read_value()
        except ValueError:
            return self.view.status
        return self.view.status if confidence is None else self.view.status.with_answer(value, confidence)

    @on(Input.Changed, "#value")
    @on(ConfidenceField.Changed)
    def _form_changed(self) -> None:
        if self.is_mounted and self.query("KRForm"):
            # the form filling itself on `load` says what `_fill` showed: no second layout
            steady.update(self.query_one("#kr-numbers", Static), self._numbers(self.live_status()))

    @property
    def form(self) -> KRForm:
        return self.query_one(KRForm)


class SummaryStep(Vertical):
    """What the meeting achieved, the notes file's path and how to copy the notes or the digest."""

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
            Content.assemble(
                ("Meeting done.", "bold"),
                f" {len(s.krs)} KRs: {s.counts()} · average confidence {avg}{change} · "
                f"time {mmss(s.spent_seconds)} of {mmss(s.planned_seconds)}",
            )
        )
        yield Static("Needs attention", classes="heading")
        yield Static(self._attention())
        yield Static("Minutes per KR (plan)", classes="heading")
        yield Static(
            "  ".join(f"{k.status.kr.id} {mmss(k.spent_seconds)} ({mmss(k.planned_seconds)})" for k in s.krs)
        )
        if s.parked:
            yield Static("Parked (the time left could not hold them)", classes="heading")
            yield Static(Content("\n".join(f"⏸ {k.status.kr.id} {k.parked_note}" for k in s.parked)))
        yield Static("Blockers resolved this week", classes="heading")
        resolved = [f"✔ {b.id} ({b.kr}): {b.text}" for b in s.resolved]
        yield Static(Content("\n".join(resolved) or "none"))
        yield Static("Action items", classes="heading")
        items = [
            f"☐ {i.text} — {i.owner or 'no owner'}{f', due {i.due}' if i.due else ''}" for i in s.action_items
        ]
        yield Static(Content("\n".join(items) or "none"))
        if s.meeting.votes:
            yield Static("Confidence votes", classes="heading")
            votes = [
                visible(f"{v.kr}{f' (round {v.round})' if v.round > 1 else ''}: ")
                + visible(describe_votes(v.votes, v.not_counted))
                for v in s.meeting.votes
            ]  # each line cleaned on its own: `visible` shows a line break as ␊
            yield Static(Content("\n".join(votes)))
        yield Static(Content(f"Notes written to {self.notes_path}"), id="notes-path", classes="heading")
        yield Static("c: copy the notes to the clipboard · d: copy the week's digest · Escape: leave")

    def _attention(self) -> Content:
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
                Content.assemble(
                    styled(f"{health.symbol} {k.status.kr.id} {why}:", health.variable),
                    " ",
                    k.status.kr.title,
                )
            )
        missing = [k.status.kr.id for k in self.summary.missing]
        if missing:
            lines.append(Content(f"not checked in: {', '.join(missing)}"))
        return lines_of(lines) if lines else Content("nothing: every KR on track")


def _draw_all(drawings: Sequence[Callable[[], object]]) -> None:
    for draw in drawings:
        draw()
