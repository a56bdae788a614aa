"""The guided, timeboxed weekly meeting: opening -> one step per KR -> blockers & actions -> summary.

The screen only draws and forwards: the `MeetingSession` (services/meeting_session.py) knows where
the meeting is, books the clock and saves answers in order on its writer thread. An answer is
saved when its step is left, if the facilitator changed something or pressed Enter (Enter on an
untouched KR confirms it unchanged); passing a KR with PageDown/PageUp leaves it unanswered. The
screen watches the store: an owner's check-in made meanwhile shows on its step at once, and an
answer that would replace it opens the conflict dialog instead of overwriting it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from okrtui.core.actions import ActionChange
from okrtui.core.agenda import StepKind, mmss
from okrtui.core.board import Board
from okrtui.core.checkin import CheckInRequest
from okrtui.core.models import CheckIn, Cycle, Meeting, MeetingState, ParkTo, Team
from okrtui.core.parking import SLACK_SECONDS, plan_over
from okrtui.core.room import LiveDraft
from okrtui.core.room import Step as RoomStep
from okrtui.core.safe_text import visible
from okrtui.core.status import board_status
from okrtui.core.values import format_value
from okrtui.core.weeks import now, week_of
from okrtui.core.when import ago
from okrtui.services.meeting_session import BlockerChange, MeetingSession, SaveOutcome
from okrtui.store import StoreError
from okrtui.store.repository import utcnow
from okrtui.tui.base import OkrScreen
from okrtui.tui.clipboard import copy_text
from okrtui.tui.conflict import ConflictChoice, ConflictDialog
from okrtui.tui.help import KeysHelp
from okrtui.tui.meeting.blockers import BlockersStep
from okrtui.tui.meeting.clock import StepClock
from okrtui.tui.meeting.dialogs import MEETING_KEYS, ResumePrompt, TeamPicker
from okrtui.tui.meeting.notice import MeetingNotice
from okrtui.tui.meeting.room import POLL_SECONDS as ROOM_POLL_SECONDS
from okrtui.tui.meeting.room import LiveWatch, RoomControl
from okrtui.tui.meeting.step_body import StepBody
from okrtui.tui.meeting.steps import AHEAD_SECONDS, KRStep, OpeningStep, SummaryStep
from okrtui.tui.terminal import say_on_stderr
from okrtui.tui.watch import StoreWatcher
from okrtui.tui.widgets import steady
from okrtui.tui.widgets.charts import warm_up
from okrtui.tui.widgets.footer import KeysFooter
from okrtui.tui.widgets.kr_form import KRForm, Tick

FRAME_OUT_SECONDS = 0.001
"""How long the screen lets go of the interpreter after a step's frame, for it to reach the terminal."""


class Saved(Message):
    """Posted by the session's writer thread after each queued save."""

    def __init__(self, outcome: SaveOutcome) -> None:
        super().__init__()
        self.outcome = outcome


class MeetingScreen(OkrScreen[None]):
    CSS_PATH = "meeting.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    BINDINGS = [
        Binding("enter", "enter", "Save+next"),
        Binding("pagedown", "step(1)", "Next", priority=True, key_display="PgDn"),
        Binding("pageup", "step(-1)", "Back", priority=True, key_display="PgUp"),
        Binding("ctrl+s", "finish", "Finish", priority=True),
        Binding("f4", "park", "Park", priority=True, key_display="F4"),
        Binding("escape", "leave", "Leave"),
        Binding("c", "copy", "Copy notes"),
        Binding("d", "copy_digest", "Copy digest"),
        Binding("f2", "vote", "Vote", priority=True, key_display="F2"),
        Binding("f3", "keyboard", "Keyboard", priority=True, key_display="F3"),
        Binding("f1", "help", "Help", key_display="F1/?", priority=True),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.session: MeetingSession | None = None
        self.notes_path: str = ""
        self._moving = False
        self._leave_warned = False
        self._typing_warned: str | None = None
        """The KR whose typist the facilitator was told of (the next key to leave it leaves)."""
        self.watcher: StoreWatcher | None = None
        self.room: RoomControl | None = None
        self._parkable = False
        """What the footer last showed of F4 (it shows F4 only when it can park; the help always)."""
        self._after_frame: list[Callable[[], object]] = []
        """Called once the screen has next been laid out and drawn."""

    # -- set-up ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("okrtui meeting", id="where", markup=False)
        yield MeetingNotice(id="notice")
        with Horizontal(id="main"):
            yield StepBody()
            with Vertical(id="side"):
                yield StepClock(id="clock")
                yield Static("", id="agenda", markup=False)
        with Vertical(id="room-box") as box:
            box.display = False
            yield Static("", id="room-vote", markup=False)
            yield Static("", id="room", markup=False)
        yield KeysFooter()

    @property
    def week(self) -> str:
        return week_of(self.okr.options.today)

    def close(self, said: str = "") -> None:
        """Back to the screen that opened the meeting, else out of the app; `said` is shown either
        way (a toast, or a line left in the shell), never lost with the screen."""
        if self.from_dashboard:
            if said:
                self.notify(visible(said), timeout=8, markup=False)
            self.dismiss()
        else:
            # Unwrapped: a path cut over two lines cannot be copied from the shell.
            self.okr.farewell = visible(said)
            self.app.exit()

    @property
    def from_dashboard(self) -> bool:
        stack = self.app.screen_stack
        return self in stack and stack.index(self) > 1

    def give_up(self, message: str) -> None:
        """The meeting cannot run: say why (CLI: one line, exit 2; dashboard: a toast)."""
        if self.from_dashboard:
            self.notify(message, severity="error", timeout=10)
            self.dismiss()
        else:
            self.app.exit(return_code=2, message=f"okrtui: {visible(message)}")

    def on_mount(self) -> None:
        self.screen_layout_refresh_signal.subscribe(self, self._drawn, immediate=True)
        options, store = self.okr.options, self.okr.store
        try:
            teams = store.teams()
            if options.team:
                self.open_team(store.team(options.team).id)
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
        options, store = self.okr.options, self.okr.store
        return store.cycle(options.cycle) if options.cycle else store.current_cycle(options.today)

    def _teams_with_unfinished(self, teams: list[Team]) -> list[Team]:
        cycle = self._cycle()
        if cycle is None:
            return []
        view = self.okr.store.view()
        boards = [board for t in teams if (board := view.readable_board(cycle, t)) is not None]
        return [b.team for b in boards if MeetingSession.unfinished(b, self.week)]

    def open_team(self, team_id: str | None) -> None:
        if team_id is None:
            self.close()
            return
        store, options = self.okr.store, self.okr.options
        try:
            cycle = self._cycle()
            if cycle is None:
                raise StoreError("no cycle yet; run `okrtui demo` to try it")
            board = store.board(cycle, store.team(team_id))
            closed = board.closed_because()
            if closed:
                raise StoreError(f"{closed}; start the next cycle from the dashboard (Y)")
            store.probe(cycle.id, board.team.id, notes=True)
        except StoreError as error:
            self.give_up(str(error))
            return
        if not board.live_key_results():
            self.give_up(f"{board.team.name} has no key results in {board.cycle.id}")
            return
        unfinished = MeetingSession.unfinished(board, self.week)
        if unfinished and options.resume:
            self.begin(board, unfinished)
        elif unfinished:
            self.app.push_screen(
                ResumePrompt(unfinished), lambda yes: self._resume_chosen(board, unfinished, yes)
            )
        else:
            if options.resume:
                self.notify("No unfinished meeting this week: starting a new one.")
            self.say_already_met(board)
            self.begin(board, None)

    def say_already_met(self, board: Board) -> None:
        """A second meeting in a week is allowed, but never a surprise: name the first one."""
        held = [m for m in board.meetings if m.week == self.week and m.state is MeetingState.FINISHED]
        if held:
            first = max(held, key=lambda m: m.started_at)
            when = ago(first.ended_at or first.started_at, now())
            self.notify(
                visible(
                    f"{board.team.name} already met this week ({first.id}, finished {when}): this is a "
                    f"second meeting of {self.week}; its answers replace this week's check-ins."
                ),
                title="Second meeting this week",
                timeout=15,
                markup=False,
            )

    def _resume_chosen(self, board: Board, unfinished: Meeting, choice: bool | None) -> None:
        if choice is None:
            self.close()
        else:
            self.begin(board, unfinished if choice else None)

    def begin(self, board: Board, resumed: Meeting | None) -> None:
        """Start a new meeting, or continue `resumed` at its first unanswered KR."""
        options = self.okr.options
        self.session = MeetingSession(
            self.okr.store,
            board,
            today=options.today,
            minutes=options.minutes,
            order=options.order,
            resumed=resumed,
            on_saved=self._report,
            clock=options.now or time.monotonic,
        )
        self.session.on_lost = say_on_stderr
        if resumed is not None:
            self.notify(f"Resumed meeting {resumed.id} at step {self.session.position + 1}.")
        self.room = room = RoomControl(self, self.session, self.okr.store.root)
        self.set_interval(1.0, self.tick)
        self.set_interval(ROOM_POLL_SECONDS, room.poll, name="room-poll")
        LiveWatch(lambda: room.live, room.poll).start(self)
        self.watcher = StoreWatcher(self.okr.store.root, self._store_changed).start(self)
        self.call_after_refresh(self.show_step, self.session.position)
        self.run_worker(warm_up, thread=True, group="warm-up")

    # -- drawing steps --------------------------------------------------------------------------

    async def show_step(self, position: int) -> None:
        session = self.session
        assert session is not None
        session.go_to(position)
        if self.room is not None:  # first: the participants draw the step while this screen does
            self.room.step_changed(self.step_state())
        step = session.step
        body = self.query_one(StepBody)
        self.query_one(MeetingNotice).cancel()
        if step.kind in (StepKind.BLOCKERS, StepKind.SUMMARY):
            await self.refresh_board()
        if step.is_kr:
            count = len(session.agenda.kr_steps)  # parking changes it
            await body.show_kr(session.kr_view(step.key), session.context(step.key), count, self._build_kr)
        else:
            await body.show_other(self.build_step())
            if step.kind is StepKind.OPENING:
                self.call_after_refresh(self._prepare_kr_step)
        body.scroll_home(animate=False)
        self.focus_step()
        self._leave_warned = False
        self._typing_warned = None
        self.call_after_refresh(self.reveal_focus)
        self.tick()
        self.refresh_bindings()

    def build_step(self) -> Widget:
        session = self.session
        assert session is not None
        step = session.step
        if step.kind is StepKind.OPENING:
            objectives = board_status(session.board, session.today)
            return OpeningStep(
                session.board,
                objectives,
                self.week,
                session.meeting.attendees,
                session.to_review(),
                session.today,
            )
        if step.kind is StepKind.BLOCKERS:
            return BlockersStep(session.blockers(), session.actions(), session.today)
        return SummaryStep(session.summary(), self.notes_path)

    def _build_kr(self, key: str | None = None) -> KRStep:
        session = self.session
        assert session is not None
        key = key or session.step.key
        count = len(session.agenda.kr_steps)
        return KRStep(session.kr_view(key), session.context(key), board=session.board, count=count)

    async def _prepare_kr_step(self) -> None:
        """Once the opening is on screen: build the KR step ahead, so the first KR loads in place."""
        session = self.session
        if session is not None and session.agenda.kr_steps:
            first = session.agenda.kr_steps[0].key
            await self.query_one(StepBody).prepare_kr(lambda: self._build_kr(first))

    def kr_step(self) -> KRStep | None:
        """The KR step on screen (None on the other steps)."""
        return self.query_one(StepBody).kr_step()

    def focus_step(self) -> None:
        """The value field on a KR step, else the step's first field (never a leftover widget)."""
        body = self.query_one(StepBody)
        shown = body.kr_step()
        if shown is not None:
            shown.form.focus_value()
            return
        other = body.other()
        fields = other.query("OptionList, Tick, Input") if other is not None else None
        self.set_focus(fields.first() if fields else None, scroll_visible=False)

    def reveal_focus(self) -> None:
        if self.focused is not None:
            self.focused.scroll_visible(animate=False, immediate=True)

    async def refresh_board(self) -> None:
        """Wait for pending saves, then read the board fresh (new blocker ids, others' writes)."""
        session = self.session
        assert session is not None
        await session.drain()
        await asyncio.sleep(0)  # let the reports the writer posted be handled first
        await self._reload()

    def tick(self) -> None:
        """Redraw the clocks, the agenda's (re-planned) budgets and the header."""
        session = self.session
        if session is None:
            return
        elapsed = session.elapsed()
        agenda, position = session.agenda, session.position
        self.query_one(StepClock).show(
            agenda.step_left(position, elapsed), agenda.meeting_left(position, elapsed)
        )
        budgets = agenda.budgets(position, elapsed)
        lines = [
            f"{session.mark(i)} {step.key:<9} {mmss(budgets[step.key]):>6}"
            for i, step in enumerate(agenda.steps)
        ]
        over = plan_over(agenda, position, elapsed)
        if over >= SLACK_SECONDS and not session.on_summary:
            lines.append(f"✖ plan ends {mmss(over)} over")
        steady.update(self.query_one("#agenda", Static), "\n".join(lines))
        self.query_one(MeetingNotice).show(session)
        if self._parkable != self.can_park():
            self._parkable = not self._parkable
            self.refresh_bindings()
        if self.room is not None:
            self.room.tick(self.step_state())
        krs, step = agenda.kr_steps, session.step
        where = f"KR {krs.index(step) + 1} of {len(krs)}" if step.is_kr else step.kind.value
        steady.update(
            self.query_one("#where", Static),
            Content.assemble(
                (visible(session.board.team.name), "bold"),
                f" · {self.week} · step {position + 1} of {len(agenda.steps)}: {where}",
            ),
        )

    def step_state(self) -> RoomStep:
        """Where the meeting is, for the participants' screens (their clocks run from `at`)."""
        session = self.session
        assert session is not None
        agenda, position, elapsed = session.agenda, session.position, session.elapsed()
        krs, step = agenda.kr_steps, session.step
        return RoomStep(
            position=position,
            count=len(agenda.steps),
            key=step.key,
            kr_number=krs.index(step) + 1 if step.is_kr else 0,
            kr_count=len(krs),
            next_kr=agenda.kr_after(position),
            step_left=agenda.step_left(position, elapsed),
            meeting_left=agenda.meeting_left(position, elapsed),
            at=utcnow(),
        )

    # -- the room (participants on their own terminals: services/room.py) ------------------------

    def action_vote(self) -> None:
        if self.room is not None and not self.session_on_summary():
            self.room.vote_key()

    def action_keyboard(self) -> None:
        if self.room is not None and not self.session_on_summary():
            self.room.keyboard_key()

    def can_park(self) -> bool:
        session = self.session
        return session is not None and not session.on_summary and session.overrun() is not None

    def action_park(self) -> None:
        """F4: ask where the KRs that will not fit go (the notice line asks, inline)."""
        session = self.session
        keys = session.to_park() if session is not None and self.can_park() else []
        if session is not None and keys:
            self.query_one(MeetingNotice).ask(keys, session)

    @on(MeetingNotice.Chosen)
    def park_chosen(self, event: MeetingNotice.Chosen) -> None:
        session = self.session
        assert session is not None
        parked = session.park(event.to, event.keys) if event.to is not None else []
        if parked:
            where = "to the end of the meeting" if event.to is ParkTo.END else "to async"
            self.notify(f"Parked {', '.join(parked)} {where}; next week's meeting walks them first.")
        self.focus_step()
        self.tick()

    def session_on_summary(self) -> bool:
        return self.session is None or self.session.on_summary

    def show_room(self, people: Content | None, vote: Content | None = None, *, idle: bool = True) -> None:
        """The room's lines under the step; `idle`: no vote open (a short screen drops its lines)."""
        box = self.query_one("#room-box")
        box.display = people is not None
        box.set_class(idle, "-idle")
        steady.update(self.query_one("#room", Static), people or "")
        steady.update(self.query_one("#room-vote", Static), vote or "")

    def attendance_touched(self) -> bool:
        """Whether the facilitator has changed who is here (then joining only adds names)."""
        session = self.session
        assert session is not None
        openings = self.query(OpeningStep)
        if openings and openings.first().attendees != openings.first().present:
            return True
        return session.meeting.attendees != list(session.board.team.members)

    def show_attendance(self, names: list[str]) -> None:
        for opening in self.query(OpeningStep):
            opening.present = list(names)
            for tick in opening.query("#attendance Tick").results(Tick):
                tick.value = tick.name in names

    def mirror_draft(self, draft: LiveDraft, note: str) -> bool:
        """A participant's typing into this KR's form (unless the facilitator typed over it)."""
        session, shown = self.session, self.kr_step()
        if session is None or shown is None or session.step.key != draft.kr or self._moving:
            return False
        return shown.form.mirror(draft, note)

    @property
    def is_moving(self) -> bool:
        """Between steps (the form is being refilled): the room waits before writing into it."""
        return self._moving

    def submit_for_participant(self) -> None:
        """The keyboard's holder pressed Enter: as if the facilitator had."""
        shown = self.kr_step()
        if shown is not None:
            shown.form.action_submit()

    # -- moving between steps -------------------------------------------------------------------

    async def action_enter(self) -> None:
        """Enter on the opening goes to the first KR (a KR's form takes its own Enter)."""
        if self.session is not None and self.session.step.kind is StepKind.OPENING:
            await self.action_step(1)

    @on(KRForm.Submitted)
    async def kr_submitted(self, event: KRForm.Submitted) -> None:
        event.stop()
        await self.action_step(1, submitted=event.request)

    async def action_step(self, delta: int, submitted: CheckInRequest | None = None) -> None:
        session = self.session
        if session is None or self._moving:
            return
        target = max(0, min(len(session.agenda.steps) - 1, session.position + delta))
        if session.agenda.steps[target].key == "summary":
            await self.action_finish(submitted=submitted)
        elif target != session.position:
            await self.move_to(target, submitted)

    async def move_to(self, target: int, submitted: CheckInRequest | None = None) -> bool:
        """Leave the current step (saving what it answered) and show `target`; False on bad input."""
        session = self.session
        assert session is not None
        # The answer is saved, and the room told, once the next step is on this screen: the
        # writers' Python would otherwise share the interpreter with drawing it.
        self._after_frame += [session.writer.hold()]
        if self.room is not None:
            self._after_frame.append(self.room.writer.hold())
        self._after_frame.append(partial(self.set_timer, AHEAD_SECONDS, self._draw_ahead))
        try:
            if self._moving or not self.leave_step(submitted):
                return False
            self._moving = True
            try:
                await self.show_step(target)
            finally:
                self._moving = False
        finally:
            # a laid-out frame comes even if nothing moved, to release them (a layout, not a
            # repaint: a screen asked to repaint redraws every line of it, ~25 ms)
            self.refresh(repaint=False, layout=True)
        return True

    def _drawn(self, _screen: object) -> None:
        """The step's frame is composed and handed to Textual's writer thread, which sends it to
        the terminal only once it holds the interpreter: the screen lets go of it for a moment
        first (else the saves and the room's news it released, and the screen's own next
        messages, kept the frame from the terminal for 5-20 ms), then lets them go on. (Inside a
        batch update Textual composes the frame after this signal: then the moment is only lost.)"""
        done, self._after_frame = self._after_frame, []
        if done:
            time.sleep(FRAME_OUT_SECONDS)
            for then in done:
                then()

    def _draw_ahead(self) -> None:
        session, shown = self.session, self.kr_step()
        if (
            session is not None
            and shown is not None
            and (following := session.agenda.kr_after(session.position))
        ):
            shown.draw_ahead(session.kr_view(following))

    def leave_step(self, submitted: CheckInRequest | None = None) -> bool:
        """Book the step's time and save its answer; False (staying) on bad input or a conflict."""
        session = self.session
        assert session is not None
        answer: CheckInRequest | None = None
        attendees: list[str] | None = None
        reviewed: list[ActionChange] = []
        step = session.step
        if step.kind is StepKind.KR:
            if self._cut_off(step.key):
                return False
            form = self.query_one(KRForm)
            if submitted is not None or form.touched:
                answer = submitted or form.collect()
                if answer is None:
                    return False
                untouched = not form.touched and form.this_week is None and form.draft is None
                if untouched:
                    answer = answer.model_copy(update={"unchanged": True})
                elif not form.changed(answer) and answer.where.kr not in session.failed:
                    answer = None
            if answer is not None and self._conflicts(form, answer):
                return False
        elif step.kind is StepKind.OPENING:
            opening = self.query_one(OpeningStep)
            attendees, reviewed = opening.attendees, opening.reviewed()
        session.leave(answer, attendees, reviewed)
        return True

    def _cut_off(self, kr: str) -> bool:
        """Whether leaving now would cut off someone typing on `kr` from their terminal: then the
        first key to leave only says so, and the next one leaves, filing what they typed."""
        typist = self.room.still_typing(kr) if self.room is not None else None
        if typist is None or self._typing_warned == kr:
            return False
        self._typing_warned = kr
        self.notify(
            visible(f"{typist} is still typing on {kr}: press it again to file what they typed so far"),
            title="Room",
            timeout=6,
        )
        return True

    def _conflicts(self, form: KRForm, answer: CheckInRequest) -> bool:
        """Someone checked this KR in after the form was filled: ask before replacing it."""
        session = self.session
        assert session is not None
        stored = session.board.checkin(answer.where.kr, self.week)
        if stored is None or stored.rev == answer.based_on or stored.meeting == session.meeting.id:
            return False
        self.ask_conflict(answer, stored)
        return True

    def ask_conflict(self, ours: CheckInRequest, theirs: CheckIn) -> None:
        session = self.session
        assert session is not None
        kr = session.board.kr(ours.where.kr)
        unit = kr.unit if kr else ""

        def chosen(choice: ConflictChoice | None) -> None:
            session.conflicts.pop(ours.where.kr, None)
            session.drafts.pop(ours.where.kr, None)
            if choice is ConflictChoice.OURS:
                self.notify(
                    visible(f"Saving yours for {ours.where.kr}; {theirs.author}'s stays in its history.")
                )
                self.run_worker(
                    self._take_ours(ours.model_copy(update={"based_on": theirs.rev})), group="move"
                )
            elif choice is ConflictChoice.EDIT:
                self.run_worker(self._show_kr(theirs.kr, ours.model_copy(update={"based_on": theirs.rev})))
            else:
                self.notify(visible(f"Kept {theirs.author or 'their'} check-in for {ours.where.kr}."))
                self.run_worker(self._show_kr(theirs.kr, None), group="move")
            self.tick()

        self.app.push_screen(ConflictDialog(ours, theirs, unit), chosen)

    async def _take_ours(self, ours: CheckInRequest) -> None:
        """File ours over theirs, knowingly, and go on as the Enter meant."""
        session = self.session
        assert session is not None
        if session.step.key == ours.where.kr:
            await self.action_step(1, submitted=ours)
        else:
            session.leave_answer(ours)

    async def _show_kr(self, kr_id: str, draft: CheckInRequest | None) -> None:
        """Back to the KR's step, their answer stored, and (to edit) ours in the fields."""
        session = self.session
        assert session is not None
        if draft is not None:
            session.drafts[kr_id] = draft
        await self.show_step(session.agenda.index_of(kr_id))

    async def action_finish(self, submitted: CheckInRequest | None = None) -> None:
        """Go to the summary: save the current step, mark the meeting finished, write the notes."""
        session = self.session
        if session is None or self._moving or session.on_summary or not self.leave_step(submitted):
            return
        self._moving = True
        try:
            if self.room is not None:
                self.room.file_confirmed()
            session.finish()
            session.save_meeting()
            if self.room is not None:
                self.room.finished()
            await self.refresh_board()
            from okrtui.services.notes import write_notes

            try:
                self.notes_path = str(
                    await asyncio.to_thread(write_notes, self.okr.store.root, session.summary())
                )
            except (OSError, StoreError) as error:
                self.notify(f"could not write the notes: {error}", severity="error", timeout=10)
            await self.show_step(session.position)
        finally:
            self._moving = False

    async def action_leave(self) -> None:
        """Escape: keep everything entered and close; bad input or unsaved answers hold the first one."""
        warned, self._leave_warned = self._leave_warned, True
        kept = await self.before_quit()
        session = self.session
        if not warned and not kept:
            self.notify("Not saved: fix the field, or press Escape again to leave without it.", timeout=8)
            return
        if not warned and session is not None and (session.failed or session.conflicts):
            lost = ", ".join([*session.failed, *session.conflicts])
            self.notify(f"Not saved: {lost}. Escape again leaves anyway.", severity="error", timeout=10)
            return
        if session is not None and session.on_summary and self.notes_path:
            self.close(f"The meeting's notes are in {self.notes_path}")
            return
        self.close()

    async def before_quit(self) -> bool:
        """Save the step on screen and wait for every save to land; False if its input was bad."""
        kept = self.keep_step()
        if self.session is not None:
            await self.session.drain()
        return kept

    def keep_step(self) -> bool:
        """Queue the save of the step on screen (as moving on would); False if its input was bad."""
        session = self.session
        if session is None or session.on_summary or self._moving:
            return True
        return self.leave_step()

    def keep_typed(self) -> None:
        self.keep_step()

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.close()

    def action_help(self) -> None:
        if not isinstance(self.app.screen, KeysHelp):
            self.app.push_screen(KeysHelp("Meeting keys", MEETING_KEYS))

    def action_copy(self) -> None:
        from okrtui.report.notes import notes_markdown

        if self.session is not None and self.session.on_summary:
            said = copy_text(self.app, notes_markdown(self.session.summary()))
            self.notify(visible(f"Notes {said}; the file is {self.notes_path}"), markup=False)

    @work(exclusive=True, group="digest")
    async def action_copy_digest(self) -> None:
        """The week's digest (`okrtui digest --team T`) to the clipboard, for the chat or the email."""
        from okrtui.services.digest import team_week_digest

        session = self.session
        if session is None or not session.on_summary:
            return
        board = session.board
        try:
            digest = await asyncio.to_thread(
                team_week_digest, self.okr.store, board.cycle, board.team, session.week, session.today
            )
        except StoreError as error:
            self.notify(f"could not read the digest: {error}", severity="error", timeout=10)
            return
        self.app.copy_to_clipboard(digest)
        self.notify(
            f"{board.team.name}'s {session.week} digest sent to the terminal's clipboard (OSC 52);"
            " `okrtui digest --format slack` gives it for a chat webhook"
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        on_summary = self.session is not None and self.session.on_summary
        if action in ("copy", "copy_digest"):
            return on_summary
        if action == "park":
            return self.can_park()
        if on_summary and action in ("enter", "finish"):
            return False  # finished: nothing to save; Escape leaves, saying where the notes are
        if action == "step" and on_summary:
            return parameters != (1,)
        return True

    # -- blockers step --------------------------------------------------------------------------

    @on(BlockersStep.Applied)
    def blocker_applied(self, event: BlockersStep.Applied) -> None:
        assert self.session is not None
        self.session.change_blocker(event.change)
        self.notify(visible(_describe(event.change)))

    # -- what the writer and the store say --------------------------------------------------------

    @on(Saved)
    def saved(self, message: Saved) -> None:
        session, outcome = self.session, message.outcome
        if session is None:
            return
        session.apply(outcome)
        if self.watcher is not None:
            self.watcher.mark_seen()  # our own write: no reload for it
        if outcome.conflict is not None and outcome.kr in session.conflicts and outcome.kr in session.drafts:
            self.ask_conflict(session.drafts[outcome.kr], outcome.conflict.theirs)
        elif outcome.kr is not None and outcome.kr in session.failed:
            self.notify(f"{outcome.kr} not saved: {outcome.error}", severity="error", timeout=15)
        for what, error in (
            ("blocker change", outcome.change_error),
            ("meeting record", outcome.meeting_error),
        ):
            if error:
                self.notify(visible(f"{what} not saved: {error}"), severity="error", timeout=15)
        shown = self.kr_step()
        if shown is not None and session.step.is_kr:
            shown.show_state(session.kr_view(session.step.key))
        if session.step.kind is StepKind.BLOCKERS and (outcome.blockers or outcome.change):
            self.run_worker(self._redraw_blockers(), group="blockers-redraw", exclusive=True)
        self.tick()

    def _report(self, outcome: SaveOutcome) -> None:
        """Called on the writer thread: hand the outcome to the UI thread."""
        self.post_message(Saved(outcome))

    async def _redraw_blockers(self) -> None:
        await self.refresh_board()
        session = self.session
        assert session is not None
        panels = self.query(BlockersStep)
        if panels:
            panels.first().show(session.blockers(), session.actions())

    def _store_changed(self) -> None:
        """Another terminal wrote (an owner checked in): read the board and show what changed."""
        if self.session is not None and not self._moving:
            self.run_worker(self._reload(), group="store-refresh", exclusive=True)

    async def _reload(self) -> None:
        """Read the board (off the UI thread) and take what others wrote since."""
        session = self.session
        assert session is not None
        try:
            fresh = await asyncio.to_thread(self.okr.store.board, session.board.cycle, session.board.team)
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self._tell_news(session.refreshed(fresh))

    def _tell_news(self, news: list[CheckIn]) -> None:
        """Say who checked in what; an untouched form on that KR is prefilled with it."""
        session = self.session
        assert session is not None
        for checkin in news:
            kr = session.board.kr(checkin.kr)
            line = (
                f"{checkin.author or 'Someone'} checked in {checkin.kr}: "
                f"{format_value(checkin.value, kr.unit if kr else '')} · confidence {checkin.confidence}, "
                f"{ago(checkin.created_at, now())}"
            )
            self.notify(visible(line), title="Checked in elsewhere", timeout=8)
            shown = self.kr_step()
            if shown is not None and session.step.key == checkin.kr:
                self.run_worker(shown.show_news(session.kr_view(checkin.kr), line), group="news")
        self.tick()


def _describe(change: BlockerChange) -> str:
    parts = []
    if change.owner:
        parts.append(f"owner {change.owner}")
    if change.resolve:
        parts.append("resolved")
    if change.action:
        parts.append(f"action item: {change.action.text}")
    return f"{change.blocker or 'meeting'}: " + ", ".join(parts or ["no change"])
