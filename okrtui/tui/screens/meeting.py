"""The guided, timeboxed weekly meeting: opening -> one step per KR -> blockers & actions -> summary.

Every answer is saved when its step is left (in a worker thread, so the screen never waits), and
the Meeting record (attendance, time per step, position, action items) with it, so a closed
terminal loses nothing and `okrtui meeting --resume` continues at the first unanswered KR.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from okrtui.core.agenda import (
    BLOCKERS,
    SUMMARY,
    Agenda,
    StepKind,
    answered_keys,
    build_steps,
    mmss,
    order_by_risk,
)
from okrtui.core.board import Board
from okrtui.core.ids import new_id
from okrtui.core.meeting_summary import MeetingSummary, summarize
from okrtui.core.models import Blocker, CheckIn, Meeting, MeetingState
from okrtui.core.status import KRStatus, board_status
from okrtui.core.weeks import week_of
from okrtui.paths import login_name
from okrtui.store import Store, StoreError
from okrtui.store.repository import CheckInResult, utcnow
from okrtui.tui.screens.meeting_dialogs import HelpScreen, ResumePrompt, TeamPicker
from okrtui.tui.widgets.blockers_panel import BlockerChange, BlockersStep
from okrtui.tui.widgets.clock import StepClock
from okrtui.tui.widgets.kr_form import KRAnswer, KRForm
from okrtui.tui.widgets.meeting_steps import KRStep, OpeningStep, SummaryStep

SAVE_GROUP = "meeting-save"


class MeetingScreen(Screen[None]):
    CSS_PATH = "meeting.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-wide")]
    BINDINGS = [
        Binding("enter", "step(1)", "Save+next"),
        Binding("pagedown", "step(1)", "Next", priority=True, key_display="PgDn"),
        Binding("pageup", "step(-1)", "Back", priority=True, key_display="PgUp"),
        Binding("ctrl+s", "finish", "Finish", priority=True),
        Binding("escape", "leave", "Leave"),
        Binding("c", "copy", "Copy notes"),
        Binding("f1", "help", "Help", key_display="F1/?", priority=True),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self, now: Callable[[], float] | None = None) -> None:
        super().__init__()
        self._now = now
        self.board: Board | None = None
        self.meeting: Meeting | None = None
        self.agenda: Agenda | None = None
        self.position = 0
        self.entered = 0.0
        self.summary: MeetingSummary | None = None
        self.notes_path: Path | None = None
        self._moving = False
        self._write_lock = threading.Lock()
        self._latest_meeting: Meeting | None = None

    # -- set-up ---------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self.app.store  # type: ignore[attr-defined]

    @property
    def week(self) -> str:
        return week_of(self.app.options.today)  # type: ignore[attr-defined]

    def now(self) -> float:
        clock = self._now or getattr(self.app.options, "now", None) or time.monotonic  # type: ignore[attr-defined]
        return clock()

    def compose(self) -> ComposeResult:
        yield Static("okrtui meeting", id="where")
        with Horizontal(id="main"):
            yield VerticalScroll(id="step", can_focus=False)
            with Vertical(id="side"):
                yield StepClock(id="clock")
                yield Static("", id="agenda")
        yield Footer()

    def on_mount(self) -> None:
        options = self.app.options  # type: ignore[attr-defined]
        try:
            teams = self.store.teams()
            if options.team:
                self.open_team(self.store.team(options.team).id)
            elif len(teams) == 1:
                self.open_team(teams[0].id)
            elif not teams:
                self.app.exit(return_code=2, message="okrtui: no teams yet; run `okrtui demo` to try it")
            else:
                self.app.push_screen(TeamPicker(teams), self.open_team)
        except StoreError as error:
            self.app.exit(return_code=2, message=f"okrtui: {error}")

    def open_team(self, team_id: str | None) -> None:
        if team_id is None:
            return
        options = self.app.options  # type: ignore[attr-defined]
        try:
            team = self.store.team(team_id)
            cycle = (
                self.store.cycle(options.cycle) if options.cycle else self.store.current_cycle(options.today)
            )
            if cycle is None:
                raise StoreError("no cycle yet; run `okrtui demo` to try it")
            board = self.store.board(cycle, team)
        except StoreError as error:
            self.app.exit(return_code=2, message=f"okrtui: {error}")
            return
        if not board.live_key_results():
            self.app.exit(return_code=2, message=f"okrtui: {team.name} has no key results in {cycle.id}")
            return
        self.board = board
        unfinished = self._unfinished()
        if unfinished and options.resume:
            self.begin(unfinished)
        elif unfinished:
            self.app.push_screen(
                ResumePrompt(unfinished), lambda yes: self.begin(unfinished if yes else None)
            )
        else:
            if options.resume:
                self.notify("No unfinished meeting this week: starting a new one.")
            self.begin(None)

    def _unfinished(self) -> Meeting | None:
        assert self.board is not None
        held = [m for m in self.board.meetings if m.week == self.week and m.state is MeetingState.IN_PROGRESS]
        return max(held, key=lambda m: m.started_at) if held else None

    def begin(self, resumed: Meeting | None) -> None:
        """Start a new meeting, or continue `resumed` at its first unanswered KR."""
        board = self.board
        assert board is not None
        options = self.app.options  # type: ignore[attr-defined]
        statuses = self.kr_statuses()
        ordered = order_by_risk(statuses) if options.order == "risk" else statuses
        steps = build_steps(s.kr.id for s in ordered)
        if resumed is None:
            self.meeting = Meeting(
                id=new_id("mt", board.ids()),
                team=board.team.id,
                cycle=board.cycle.id,
                week=self.week,
                facilitator=login_name(),
                attendees=list(board.team.members),
                planned_minutes=options.minutes,
                started_at=utcnow(),
            )
            self.agenda = Agenda(steps, options.minutes * 60.0)
            position = 0
        else:
            self.meeting = resumed
            self.agenda = Agenda(steps, resumed.planned_minutes * 60.0, dict(resumed.step_seconds))
            done = [c.kr for c in board.checkins if c.week == self.week and c.meeting == resumed.id]
            position = self.agenda.resume_position(answered_keys(resumed.step_seconds, done))
            self.notify(f"Resumed meeting {resumed.id} at step {position + 1}.")
        self.meeting.position = position
        self.entered = self.now()
        self.persist(None)
        self.set_interval(1.0, self.tick)
        self.call_after_refresh(self.show_step, position)

    def kr_statuses(self) -> list[KRStatus]:
        assert self.board is not None
        return [k for o in board_status(self.board, self.app.options.today) for k in o.key_results]  # type: ignore[attr-defined]

    # -- drawing steps --------------------------------------------------------------------------

    async def show_step(self, position: int) -> None:
        assert self.agenda is not None and self.board is not None
        self.position = position
        step = self.agenda.steps[position]
        body = self.query_one("#step", VerticalScroll)
        if step.kind in (StepKind.BLOCKERS, StepKind.SUMMARY):
            await self.refresh_board()
        shown = body.query(KRStep)
        if step.is_kr and shown:
            await self.load_kr(shown.first(), position)
        else:
            await body.remove_children()
            await body.mount(self.build_step(position))
        body.scroll_home(animate=False)
        self.focus_step()
        self.entered = self.now()
        self.tick()
        if step.key == SUMMARY:
            self.refresh_bindings()  # `c` (copy) comes alive

    def focus_step(self) -> None:
        """The value field on a KR step, else the step's first field (never a leftover widget)."""
        body = self.query_one("#step", VerticalScroll)
        forms = body.query(KRForm)
        if forms:
            forms.first().focus_value()
            return
        fields = body.query("OptionList, Tick, Input")
        self.set_focus(fields.first() if fields else None, scroll_visible=False)

    def build_step(self, position: int) -> Widget:
        assert self.agenda is not None and self.board is not None and self.meeting is not None
        step = self.agenda.steps[position]
        if step.kind is StepKind.OPENING:
            objectives = board_status(self.board, self.app.options.today)  # type: ignore[attr-defined]
            return OpeningStep(self.board, objectives, self.week, self.meeting.attendees)
        if step.kind is StepKind.KR:
            return KRStep(board=self.board, count=len(self.agenda.kr_steps), **self.kr_step_data(position))
        if step.kind is StepKind.BLOCKERS:
            return BlockersStep(self.meeting_blockers(), self.meeting.action_items, self.app.options.today)  # type: ignore[attr-defined]
        assert self.summary is not None
        return SummaryStep(self.summary, str(self.notes_path))

    def kr_step_data(self, position: int) -> dict[str, Any]:
        """What a KR step shows: the KR's status now, its number, and its check-ins to prefill."""
        assert self.agenda is not None and self.board is not None
        step = self.agenda.steps[position]
        status = next(s for s in self.kr_statuses() if s.kr.id == step.key)
        return {
            "status": status,
            "number": self.agenda.kr_steps.index(step) + 1,
            "this_week": self.board.checkin(step.key, self.week),
            "latest": self.board.latest_before(step.key, self.week),
        }

    async def load_kr(self, shown: KRStep, position: int) -> None:
        shown.board = self.board  # type: ignore[assignment]
        await shown.load(**self.kr_step_data(position))

    def meeting_blockers(self) -> list[Blocker]:
        """Blockers raised this week or still open: what the blockers step walks."""
        assert self.board is not None
        return [b for b in self.board.blockers if b.is_open or self.week in (b.raised_week, b.resolved_week)]

    async def refresh_board(self) -> None:
        """Wait for pending saves, then read the board fresh (new blocker ids, others' writes)."""
        await self.saves_done()
        assert self.board is not None
        board = self.board
        try:
            self.board = await asyncio.to_thread(self.store.board, board.cycle, board.team)
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)

    async def saves_done(self) -> None:
        """Wait until every save started so far has landed."""
        pending = [w for w in self.app.workers if w.group == SAVE_GROUP and not w.is_finished]
        if pending:
            await self.app.workers.wait_for_complete(pending)

    def tick(self) -> None:
        """Redraw the clocks and the agenda's (re-planned) budgets."""
        if self.agenda is None:
            return
        elapsed = self.now() - self.entered
        self.query_one(StepClock).show(
            self.agenda.step_left(self.position, elapsed), self.agenda.meeting_left(self.position, elapsed)
        )
        budgets = self.agenda.budgets(self.position, elapsed)
        lines = []
        for i, step in enumerate(self.agenda.steps):
            mark = "✔" if i < self.position else "▶" if i == self.position else " "
            lines.append(f"{mark} {step.key:<9} {mmss(budgets[step.key]):>6}")
        self.query_one("#agenda", Static).update("\n".join(lines))
        assert self.board is not None
        krs = self.agenda.kr_steps
        step = self.agenda.steps[self.position]
        where = f"KR {krs.index(step) + 1} of {len(krs)}" if step.is_kr else step.kind.value
        self.query_one("#where", Static).update(
            f"[b]{escape(self.board.team.name)}[/b] · {self.week} · step {self.position + 1} of "
            f"{len(self.agenda.steps)}: {where}"
        )

    # -- moving between steps -------------------------------------------------------------------

    async def action_step(self, delta: int) -> None:
        if self.agenda is None:
            return
        target = max(0, min(len(self.agenda.steps) - 1, self.position + delta))
        if self.agenda.steps[target].key == SUMMARY:
            await self.action_finish()
            return
        if target != self.position:
            await self.move_to(target)

    async def move_to(self, target: int) -> bool:
        """Leave the current step (saving it) and show `target`; False if the step's input is bad."""
        if self._moving or not self.leave_step():
            return False
        self._moving = True
        try:
            assert self.meeting is not None
            self.meeting.position = target
            self.persist(None)
            await self.show_step(target)
        finally:
            self._moving = False
        return True

    def leave_step(self) -> bool:
        """Book the step's time and save what it holds. False (nothing booked) on bad input."""
        assert self.agenda is not None and self.meeting is not None
        step = self.agenda.steps[self.position]
        answer: KRAnswer | None = None
        if step.kind is StepKind.KR:
            form = self.query_one(KRForm)
            answer = form.collect()
            if answer is None:
                return False
            if not form.changed(answer):
                answer = None
        elif step.kind is StepKind.OPENING:
            self.meeting.attendees = self.query_one(OpeningStep).attendees
        if step.key != SUMMARY:
            self.agenda.leave(self.position, self.now() - self.entered)
            self.meeting.step_seconds = dict(self.agenda.spent)
        if answer is not None:
            self.remember(answer)
        self.persist(answer)
        return True

    def remember(self, answer: KRAnswer) -> None:
        """Show the answer on revisits at once, before the worker has saved it."""
        assert self.board is not None and self.meeting is not None
        kr = self.board.kr(answer.kr)
        stored = self.board.checkin(answer.kr, self.week)
        local = CheckIn(
            id=stored.id if stored else "ci-unsaved",
            kr=answer.kr,
            week=self.week,
            value=answer.value,
            confidence=answer.confidence,
            moved=answer.moved,
            stuck=answer.stuck,
            next=answer.next,
            author=kr.owner if kr else "",
            created_at=utcnow(),
            meeting=self.meeting.id,
        )
        self.board.checkins = [c for c in self.board.checkins if c is not stored] + [local]

    @on(KRForm.Submitted)
    async def kr_submitted(self, event: KRForm.Submitted) -> None:
        event.stop()
        await self.action_step(1)

    async def action_finish(self) -> None:
        """Go to the summary: save the current step, mark the meeting finished, write the notes."""
        assert self.agenda is not None and self.meeting is not None
        if self._moving:
            return
        summary_at = self.agenda.index_of(SUMMARY)
        if self.position != summary_at and not self.leave_step():
            return
        self._moving = True
        try:
            self.meeting.state = MeetingState.FINISHED
            self.meeting.ended_at = self.meeting.ended_at or utcnow()
            self.meeting.position = summary_at
            self.persist(None)
            await self.refresh_board()
            assert self.board is not None
            self.summary = summarize(
                self.board,
                self.meeting,
                self.app.options.today,  # type: ignore[attr-defined]
                plan=self.agenda.base_plan(),
                kr_order=[s.key for s in self.agenda.kr_steps],
            )
            from okrtui.report.notes import write_notes

            try:
                self.notes_path = await asyncio.to_thread(write_notes, self.store.root, self.summary)
            except OSError as error:
                self.notify(f"could not write the notes: {error}", severity="error", timeout=10)
            await self.show_step(summary_at)
        finally:
            self._moving = False

    async def action_leave(self) -> None:
        """Escape: keep everything entered and close; the meeting can be resumed."""
        await self.before_quit()
        self.app.exit()

    async def before_quit(self) -> None:
        """Save the step on screen (if its input is valid) and wait for the saves to land."""
        if self.agenda is not None and self.agenda.steps[self.position].key != SUMMARY and not self._moving:
            self.leave_step()
        await self.saves_done()

    def action_help(self) -> None:
        if not isinstance(self.app.screen, HelpScreen):
            self.app.push_screen(HelpScreen())

    def action_copy(self) -> None:
        from okrtui.report.notes import notes_markdown

        if self.summary is not None:
            self.app.copy_to_clipboard(notes_markdown(self.summary))
            self.notify("Notes copied to the clipboard (OSC 52: works over SSH in most terminals).")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        on_summary = self.agenda is not None and self.agenda.steps[self.position].key == SUMMARY
        if action == "copy":
            return on_summary
        if action in ("step", "finish") and on_summary:
            return None if action == "finish" else parameters != (1,)
        return True

    # -- blockers step --------------------------------------------------------------------------

    @on(BlockersStep.Applied)
    def blocker_applied(self, event: BlockersStep.Applied) -> None:
        assert self.meeting is not None
        change = event.change
        if change.action is not None:
            self.meeting.action_items = [*self.meeting.action_items, change.action]
        self.persist(None, change)
        self.notify(_describe(change))

    # -- saving ---------------------------------------------------------------------------------

    def persist(self, answer: KRAnswer | None, change: BlockerChange | None = None) -> None:
        assert self.meeting is not None
        self._latest_meeting = self.meeting.model_copy(deep=True)
        self._save(answer, change)

    @work(thread=True, group=SAVE_GROUP)
    def _save(self, answer: KRAnswer | None, change: BlockerChange | None) -> None:
        """Write a check-in and/or a blocker change, then the newest Meeting record."""
        board, store = self.board, self.store
        assert board is not None
        result: CheckInResult | None = None
        with self._write_lock:
            try:
                if answer is not None:
                    kr = board.kr(answer.kr)
                    result = store.check_in(
                        answer.kr,
                        week=self.week,
                        author=kr.owner if kr else "",
                        meeting=self._latest_meeting.id if self._latest_meeting else None,
                        **answer.store_kwargs(),  # type: ignore[arg-type]
                    )
                if change is not None and change.blocker is not None:
                    store.update(
                        board.cycle.id, board.team.id, lambda b: _change_blocker(b, change, self.week)
                    )
                if self._latest_meeting is not None:
                    store.save(board.cycle.id, board.team.id, self._latest_meeting)
            except (StoreError, ValueError) as error:
                self.app.call_from_thread(self.notify, f"Not saved: {error}", severity="error", timeout=15)
                return
        if result is not None or change is not None:
            self.app.call_from_thread(self._saved, result)

    def _saved(self, result: CheckInResult | None) -> None:
        """A save landed: swap in the stored check-in and the new blockers' real ids."""
        if self.board is None:
            return
        if result is not None:
            saved = result.checkin
            self.board.checkins = [c for c in self.board.checkins if (c.kr, c.week) != (saved.kr, saved.week)]
            self.board.checkins.append(saved)
            done = {b.id for b in result.resolved}
            self.board.blockers = [b for b in self.board.blockers if b.id not in done]
            self.board.blockers += [*result.resolved, *result.raised]
        step = self.agenda.steps[self.position] if self.agenda else None
        if step is not None and step.key == BLOCKERS:
            self.run_worker(self._redraw_blockers(), group="blockers-redraw", exclusive=True)

    async def _redraw_blockers(self) -> None:
        await self.refresh_board()
        assert self.meeting is not None
        panels = self.query(BlockersStep)
        if panels:
            panels.first().show(self.meeting_blockers(), self.meeting.action_items)


def _change_blocker(board: Board, change: BlockerChange, week: str) -> list[Blocker]:
    blocker = next((b for b in board.blockers if b.id == change.blocker), None)
    if blocker is None:
        raise ValueError(f"blocker {change.blocker} is gone")
    update: dict[str, object] = {}
    if change.owner:
        update["owner"] = change.owner
    if change.resolve and blocker.is_open:
        update["resolved_week"] = week
        update["resolution"] = f"resolved in the {week} meeting"
    return [blocker.model_copy(update=update)] if update else []


def _describe(change: BlockerChange) -> str:
    parts = []
    if change.owner:
        parts.append(f"owner {change.owner}")
    if change.resolve:
        parts.append("resolved")
    if change.action:
        parts.append(f"action item: {change.action.text}")
    return f"{change.blocker or 'meeting'}: " + ", ".join(parts or ["no change"])
