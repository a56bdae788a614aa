"""The guided, timeboxed weekly meeting: opening -> one step per KR -> blockers & actions -> summary.

An answer is saved when its step is left, if the facilitator changed something or pressed Enter
(Enter on untouched fields confirms last week's numbers); passing a KR with PageDown/PageUp leaves
it unanswered. Saves run one at a time, in order, on one writer thread (so the screen never waits
and an older answer never lands over a newer one), with the Meeting record (attendance, time per
step, position, action items), so a closed terminal loses nothing and `okrtui meeting --resume`
continues at the first unanswered KR. A save that fails stays visible on its step until redone.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

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
from okrtui.core.models import Blocker, CheckIn, Cycle, Meeting, MeetingState, Team
from okrtui.core.status import KRStatus, board_status
from okrtui.core.weeks import week_of
from okrtui.paths import login_name
from okrtui.store import Store, StoreError
from okrtui.store.repository import CheckInResult, utcnow
from okrtui.tui.meeting.blockers import BlockerChange, BlockersStep
from okrtui.tui.meeting.clock import StepClock
from okrtui.tui.meeting.dialogs import HelpScreen, ResumePrompt, TeamPicker
from okrtui.tui.meeting.steps import KRStep, OpeningStep, SummaryStep
from okrtui.tui.save_queue import SaveQueue
from okrtui.tui.widgets.kr_form import (
    FOCUS_BINDINGS,
    UNSAVED,
    ConfidenceField,
    FocusKeys,
    KRAnswer,
    KRForm,
    Tick,
)

STORE_FAILURES = (StoreError, ValueError, OSError)


class SaveReport(Message):
    """Posted by the writer thread after each queued save: what landed and what failed."""

    def __init__(self, seq: int, kr: str | None = None) -> None:
        super().__init__()
        self.seq = seq
        self.kr = kr
        self.result: CheckInResult | None = None
        self.error: str | None = None
        self.change: BlockerChange | None = None
        self.change_error: str | None = None
        self.meeting_error: str | None = None


class MeetingScreen(FocusKeys, Screen[None]):
    CSS_PATH = "meeting.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    BINDINGS = [
        # Enter, Tab and shift+Tab are priority bindings: they act the moment the app reads the key,
        # so keys typed right after them (a fast typist, a paste, tmux send-keys) go to the field
        # the step/focus moved to, never to the one being left.
        Binding("enter", "enter", "Save+next", priority=True),
        Binding("enter", "step(1)", "Save+next", show=False),
        *FOCUS_BINDINGS,
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
        self.writer = SaveQueue("okrtui-meeting-save")
        self._seq = itertools.count(1)
        self._latest_seq: dict[str, int] = {}
        """Per KR, the newest answer queued: only its outcome decides what the step shows."""
        self.failed: dict[str, str] = {}
        """KRs whose latest answer could not be saved, with the reason (shown on their step)."""
        self._leave_warned = False

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

    @property
    def from_another_screen(self) -> bool:
        """Opened from the dashboard (pushed over it) rather than as the app's first screen."""
        stack = self.app.screen_stack
        return self in stack and stack.index(self) > 1

    def close(self) -> None:
        """Back to the screen that opened the meeting, else out of the app."""
        if self.from_another_screen:
            self.dismiss()
        else:
            self.app.exit()

    def give_up(self, message: str) -> None:
        """The meeting cannot run: say why (CLI: one line, exit 2; dashboard: a toast)."""
        if self.from_another_screen:
            self.notify(message, severity="error", timeout=10)
            self.dismiss()
        else:
            self.app.exit(return_code=2, message=f"okrtui: {message}")

    def on_mount(self) -> None:
        options = self.app.options  # type: ignore[attr-defined]
        try:
            teams = self.store.teams()
            if options.team:
                self.open_team(self.store.team(options.team).id)
            elif len(teams) == 1:
                self.open_team(teams[0].id)
            elif not teams:
                self.give_up("no teams yet; run `okrtui demo` to try it")
            else:
                waiting = self._teams_with_unfinished(teams) if options.resume else []
                if len(waiting) == 1:
                    self.open_team(waiting[0].id)
                else:
                    self.app.push_screen(TeamPicker(waiting or teams), self.open_team)
        except StoreError as error:
            self.give_up(str(error))

    def _cycle(self) -> Cycle | None:
        options = self.app.options  # type: ignore[attr-defined]
        return self.store.cycle(options.cycle) if options.cycle else self.store.current_cycle(options.today)

    def _teams_with_unfinished(self, teams: list[Team]) -> list[Team]:
        """Teams with a meeting of this week still in progress (what `--resume` can mean)."""
        cycle = self._cycle()
        if cycle is None:
            return []
        boards = {b.team.id: b for b in self.store.boards(cycle)}
        return [t for t in teams if t.id in boards and _unfinished(boards[t.id], self.week)]

    def open_team(self, team_id: str | None) -> None:
        if team_id is None:
            self.close()
            return
        options = self.app.options  # type: ignore[attr-defined]
        try:
            team = self.store.team(team_id)
            cycle = self._cycle()
            if cycle is None:
                raise StoreError("no cycle yet; run `okrtui demo` to try it")
            board = self.store.board(cycle, team)
        except StoreError as error:
            self.give_up(str(error))
            return
        if not board.live_key_results():
            self.give_up(f"{team.name} has no key results in {cycle.id}")
            return
        self.board = board
        unfinished = _unfinished(board, self.week)
        if unfinished and options.resume:
            self.begin(unfinished)
        elif unfinished:
            self.app.push_screen(ResumePrompt(unfinished), lambda yes: self._resume_chosen(unfinished, yes))
        else:
            if options.resume:
                self.notify("No unfinished meeting this week: starting a new one.")
            self.begin(None)

    def _resume_chosen(self, unfinished: Meeting, choice: bool | None) -> None:
        if choice is None:  # Escape on the prompt: nothing started
            self.close()
        else:
            self.begin(unfinished if choice else None)

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
            week = [c for c in board.checkins if c.week == self.week]
            done = [c.kr for c in week if c.meeting == resumed.id]
            answered = answered_keys(resumed.step_seconds, done, [c.kr for c in week])
            position = self.agenda.resume_position(answered)
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
        self._leave_warned = False
        if step.is_kr:
            self.query_one(KRStep).show_save_error(self.failed.get(step.key))
        self.call_after_refresh(self.reveal_focus)
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

    def reveal_focus(self) -> None:
        """Small terminals: scroll the step (after layout) so the focused field is on screen."""
        if self.focused is not None:
            self.focused.scroll_visible(animate=False, immediate=True)

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
        """Wait until every save queued so far has run (and its report has been handled)."""
        await self.writer.drain()
        await asyncio.sleep(0)  # let the reports the writer posted be processed

    def tick(self) -> None:
        """Redraw the clocks and the agenda's (re-planned) budgets."""
        if self.agenda is None:
            return
        elapsed = self.now() - self.entered
        self.query_one(StepClock).show(
            self.agenda.step_left(self.position, elapsed), self.agenda.meeting_left(self.position, elapsed)
        )
        budgets = self.agenda.budgets(self.position, elapsed)
        lines = [
            f"{self._mark(i, step.key, step.is_kr)} {step.key:<9} {mmss(budgets[step.key]):>6}"
            for i, step in enumerate(self.agenda.steps)
        ]
        self.query_one("#agenda", Static).update("\n".join(lines))
        assert self.board is not None
        krs = self.agenda.kr_steps
        step = self.agenda.steps[self.position]
        where = f"KR {krs.index(step) + 1} of {len(krs)}" if step.is_kr else step.kind.value
        self.query_one("#where", Static).update(
            f"[b]{escape(self.board.team.name)}[/b] · {self.week} · step {self.position + 1} of "
            f"{len(self.agenda.steps)}: {where}"
        )

    def _mark(self, index: int, key: str, is_kr: bool) -> str:
        """Agenda mark: ▶ here; a KR ✔ answered this week, … saving, ✖ not saved; other steps ✔ once past."""
        if index == self.position:
            return "▶"
        if not is_kr:
            return "✔" if index < self.position else " "
        if key in self.failed:
            return "✖"
        assert self.board is not None
        stored = self.board.checkin(key, self.week)
        if stored is None:
            return " "
        return "…" if stored.id == UNSAVED else "✔"

    # -- moving between steps -------------------------------------------------------------------

    async def action_enter(self) -> None:
        """Enter on a KR's field saves it (even untouched: confirms last week's numbers) and moves on.

        Elsewhere Enter belongs to the focused widget (a list, the blockers step's fields).
        """
        if self.agenda is None:
            raise SkipAction()
        step = self.agenda.steps[self.position]
        forms = self.query(KRForm)
        focused = self.focused
        in_form = bool(forms) and focused is not None and forms.first() in focused.ancestors_with_self
        if step.is_kr and in_form and isinstance(focused, Input | ConfidenceField | Tick):
            await self.action_step(1, confirm=True)
        elif step.kind is StepKind.OPENING:
            await self.action_step(1)
        else:
            raise SkipAction()

    async def fields_caught_up(self) -> None:
        """Wait until the step's fields have handled every key already sent to them.

        Enter, PageDown/Up and ctrl+s act when the app reads them (priority bindings), possibly
        before a field has handled the keys typed just before (each widget has its own queue). A
        callback queued behind those keys tells when they are in, so the answer read is complete.
        """
        loop = asyncio.get_running_loop()
        waits = []
        for field in self.query_one("#step").query("Input, ConfidenceField, Tick"):
            done = loop.create_future()
            if field.call_later(lambda done=done: done.done() or done.set_result(None)):
                waits.append(done)
        if waits:
            await asyncio.wait(waits, timeout=2.0)

    async def action_step(self, delta: int, confirm: bool = False) -> None:
        if self.agenda is None:
            return
        await self.fields_caught_up()
        target = max(0, min(len(self.agenda.steps) - 1, self.position + delta))
        if self.agenda.steps[target].key == SUMMARY:
            await self.action_finish(confirm=confirm)
            return
        if target != self.position:
            await self.move_to(target, confirm=confirm)

    async def move_to(self, target: int, confirm: bool = False) -> bool:
        """Leave the current step (saving what was answered) and show `target`; False on bad input."""
        if self._moving or not self.leave_step(confirm=confirm):
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

    def leave_step(self, confirm: bool = False) -> bool:
        """Book the step's time and save its answer. False (nothing booked) on bad input.

        A KR is answered when the facilitator changed a field or `confirm`s (Enter); an untouched
        KR is passed by and stays unanswered. An answer that repeats this week's stored check-in
        (e.g. an async one) is not saved again.
        """
        assert self.agenda is not None and self.meeting is not None
        step = self.agenda.steps[self.position]
        answer: KRAnswer | None = None
        if step.kind is StepKind.KR:
            form = self.query_one(KRForm)
            if confirm or form.touched:
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
        """Show the answer on revisits at once, marked unsaved until the writer reports it landed."""
        assert self.board is not None and self.meeting is not None
        kr = self.board.kr(answer.kr)
        local = CheckIn(
            id=UNSAVED,
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
        self._replace_checkin(local)

    def _replace_checkin(self, checkin: CheckIn) -> None:
        assert self.board is not None
        key = (checkin.kr, checkin.week)
        self.board.checkins = [c for c in self.board.checkins if (c.kr, c.week) != key] + [checkin]

    @on(KRForm.Submitted)
    async def kr_submitted(self, event: KRForm.Submitted) -> None:
        """Enter that reached the form (the priority binding normally takes it first)."""
        event.stop()
        await self.action_step(1, confirm=True)

    async def action_finish(self, confirm: bool = False) -> None:
        """Go to the summary: save the current step, mark the meeting finished, write the notes."""
        assert self.agenda is not None and self.meeting is not None
        if self._moving:
            return
        summary_at = self.agenda.index_of(SUMMARY)
        await self.fields_caught_up()
        if self.position != summary_at and not self.leave_step(confirm=confirm):
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
            from okrtui.services.notes import write_notes

            try:
                self.notes_path = await asyncio.to_thread(write_notes, self.store.root, self.summary)
            except OSError as error:
                self.notify(f"could not write the notes: {error}", severity="error", timeout=10)
            await self.show_step(summary_at)
        finally:
            self._moving = False

    async def action_leave(self) -> None:
        """Escape: keep everything entered and close (back to the dashboard if it opened the meeting).

        Bad input on the step, or answers that could not be saved, hold the first Escape with a
        message; a second Escape leaves anyway. The meeting can be resumed.
        """
        warned, self._leave_warned = self._leave_warned, True
        kept = await self.before_quit()
        if not warned and not kept:
            self.notify("Not saved: fix the field, or press Escape again to leave without it.", timeout=8)
            return
        if not warned and self.failed:
            lost = ", ".join(f"{kr} ({why})" for kr, why in self.failed.items())
            self.notify(f"Not saved: {lost}. Escape again leaves anyway.", severity="error", timeout=10)
            return
        self.close()

    async def before_quit(self) -> bool:
        """Save the step on screen and wait for every save to land; False if its input was bad."""
        kept = True
        if self.agenda is not None and self.agenda.steps[self.position].key != SUMMARY and not self._moving:
            await self.fields_caught_up()
            kept = self.leave_step()
        await self.saves_done()
        return kept

    def on_unmount(self) -> None:
        self.writer.close()

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
        """Queue a save of `answer`/`change` and of the Meeting record as it is now (FIFO, one writer)."""
        assert self.meeting is not None and self.board is not None
        seq = next(self._seq)
        author = ""
        if answer is not None:
            self._latest_seq[answer.kr] = seq
            kr = self.board.kr(answer.kr)
            author = kr.owner if kr else ""
        meeting = self.meeting.model_copy(deep=True)
        cycle_id, team_id = self.board.cycle.id, self.board.team.id
        self.writer.submit(lambda: self._write(seq, answer, change, meeting, cycle_id, team_id, author))

    def _write(
        self,
        seq: int,
        answer: KRAnswer | None,
        change: BlockerChange | None,
        meeting: Meeting,
        cycle_id: str,
        team_id: str,
        author: str,
    ) -> None:
        """On the writer thread: the check-in, the blocker change, then the Meeting record."""
        store = self.store
        report = SaveReport(seq, kr=answer.kr if answer else None)
        if answer is not None:
            try:
                report.result = store.check_in(
                    answer.kr,
                    week=meeting.week,
                    author=author,
                    meeting=meeting.id,
                    **answer.store_kwargs(),  # type: ignore[arg-type]
                )
            except STORE_FAILURES as error:
                report.error = str(error) or type(error).__name__
        if change is not None and change.blocker is not None:
            try:
                store.update(cycle_id, team_id, lambda b: _change_blocker(b, change, meeting.week))
                report.change = change
            except STORE_FAILURES as error:
                report.change_error = str(error) or type(error).__name__
        try:
            store.save(cycle_id, team_id, meeting)
        except STORE_FAILURES as error:
            report.meeting_error = str(error) or type(error).__name__
        self.post_message(report)

    @on(SaveReport)
    def _saved(self, report: SaveReport) -> None:
        """A queued save ran: show the stored check-in, or keep the answer on screen as not saved."""
        if self.board is None:
            return
        result = report.result
        if result is not None:
            done = {b.id for b in result.resolved}
            self.board.blockers = [b for b in self.board.blockers if b.id not in done]
            self.board.blockers += [*result.resolved, *result.raised]
        if report.kr is not None and report.seq == self._latest_seq.get(report.kr):
            if result is not None:
                self.failed.pop(report.kr, None)
                self._replace_checkin(result.checkin)
                self._form_saved(result.checkin)
            else:
                self.failed[report.kr] = report.error or "unknown error"
                self.notify(f"{report.kr} not saved: {report.error}", severity="error", timeout=15)
            step = self.agenda.steps[self.position] if self.agenda else None
            if step is not None and step.key == report.kr:
                self.query_one(KRStep).show_save_error(self.failed.get(report.kr))
            self.tick()
        others = (("blocker change", report.change_error), ("meeting record", report.meeting_error))
        for what, error in others:
            if error:
                self.notify(f"{what} not saved: {error}", severity="error", timeout=15)
        step = self.agenda.steps[self.position] if self.agenda else None
        if step is not None and step.key == BLOCKERS and (result is not None or report.change is not None):
            self.run_worker(self._redraw_blockers(), group="blockers-redraw", exclusive=True)

    def _form_saved(self, checkin: CheckIn) -> None:
        """The KR on screen is the one just saved (the facilitator came back early): trust the store."""
        forms = self.query(KRForm)
        if forms and forms.first().kr.id == checkin.kr and forms.first().this_week is not None:
            forms.first().mark_saved(checkin)

    async def _redraw_blockers(self) -> None:
        await self.refresh_board()
        assert self.meeting is not None
        panels = self.query(BlockersStep)
        if panels:
            panels.first().show(self.meeting_blockers(), self.meeting.action_items)


def _unfinished(board: Board, week: str) -> Meeting | None:
    """The team's newest meeting of `week` still in progress, if any."""
    held = [m for m in board.meetings if m.week == week and m.state is MeetingState.IN_PROGRESS]
    return max(held, key=lambda m: m.started_at) if held else None


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
