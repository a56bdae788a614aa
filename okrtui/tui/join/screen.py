"""`okrtui join`: a participant's view of the team's meeting, from their own terminal.

It follows the facilitator's screen (the step, its KR with numbers and charts, the clock) a few
times a second through the meeting's live files, and says what it does itself through its own: the
participant's presence, what they type on their own KR (or on the step whose keyboard they were
handed) and their private confidence vote. It never writes the board: the facilitator's Enter files
an answer, so one writer keeps every answer in order; an answer confirmed here stays in the live
file until the meeting files it, whatever happens to this terminal.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import suppress
from datetime import timedelta
from functools import partial
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static

from okrtui.core.board import Board
from okrtui.core.checkin import KRRef
from okrtui.core.models import Meeting, Team
from okrtui.core.room import HEARTBEAT_SECONDS, STALE_SECONDS, HostState, VoteState
from okrtui.core.safe_text import visible
from okrtui.core.weeks import week_of
from okrtui.services.meeting_session import KRView, MeetingSession, kr_view
from okrtui.services.room import Seat
from okrtui.store import StoreError
from okrtui.store.live import HOST, LiveFolder
from okrtui.store.repository import utcnow
from okrtui.tui.base import OkrScreen
from okrtui.tui.help import KeyLine, KeysHelp, Section
from okrtui.tui.keys import Hold
from okrtui.tui.meeting.clock import StepClock
from okrtui.tui.meeting.dialogs import TeamPicker
from okrtui.tui.meeting.room import POLL_SECONDS, TYPING_SECONDS, LiveWatch, vote_lines
from okrtui.tui.meeting.step_body import StepBody
from okrtui.tui.meeting.steps import AHEAD_SECONDS, KRStep
from okrtui.tui.watch import StoreWatcher
from okrtui.tui.widgets import steady
from okrtui.tui.widgets.charts import warm_up
from okrtui.tui.widgets.footer import KeysFooter
from okrtui.tui.widgets.kr_form import ConfidenceField, KRForm, steady_cursor

JOIN_KEYS: list[Section] = [
    (
        "On your own KR",
        [
            KeyLine("type", "your value, confidence and notes: the shared screen shows them as you type"),
            KeyLine("Enter", "confirm your answer; the facilitator's Enter saves it"),
        ],
    ),
    (
        "Vote",
        [
            KeyLine("1-10 Enter", "your confidence vote, hidden from everyone until the reveal"),
            KeyLine("F2", "to your ballot (on your own KR the keys stay in your answer while you type)"),
        ],
    ),
    ("Leave", [KeyLine("Escape ^q", "leave the room (what you confirmed stays with the meeting)")]),
    ("Help", [KeyLine("? F1", "this help; Escape closes it")]),
]
STEP_WORDS = {
    "opening": "Opening: the facilitator goes over the objectives and who is here.",
    "blockers": "Blockers and actions: the facilitator walks the open blockers.",
    "summary": "Summary: the meeting is wrapping up.",
}
DRAFT_DELAY = 0.05
"""Keys typed within this long are published as one write (a burst or a paste: one file, not ten)."""
SENDS = "send"
"""What Enter does on a participant's form: it sends the answer; the facilitator's Enter files it."""


def shown_changed(before: Board | None, after: Board, kr: str) -> bool:
    """Whether the KR on screen reads differently: the meeting record's own saves (each step the
    facilitator moves) and answers filed for other KRs change nothing a participant sees, and
    redrawing for them costs every participant's screen at once."""
    if before is None:
        return True
    return (
        before.kr(kr) != after.kr(kr)
        or [c for c in before.checkins if c.kr == kr] != [c for c in after.checkins if c.kr == kr]
        or [b for b in before.blockers if b.kr == kr] != [b for b in after.blockers if b.kr == kr]
    )


class JoinScreen(OkrScreen[None]):
    CSS_PATH = "join.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    BINDINGS = [
        Binding("escape", "leave", "Leave"),
        Binding("f2", "ballot", "Ballot", show=False),
        Binding("f1", "help", "Help", key_display="F1/?", priority=True),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.team: Team | None = None
        self.board: Board | None = None
        self.seat: Seat | None = None
        self.host: HostState | None = None
        self.person = ""
        self._shown_step: tuple[int, str] | None = None
        self._draft_timer: Timer | None = None
        self._typed_at: float | None = None
        """`time.monotonic()` of the last key into the form, until an Enter confirms it."""
        self._answer_focus: Widget | None = None
        """The field of their own answer they were last in (the vote sends them back to it)."""
        self._problem = ""
        self._vote_seen: tuple[str, int, bool] | None = None
        self._drawing = asyncio.Lock()

    def compose(self) -> ComposeResult:
        yield Static("okrtui join", id="where", markup=False)
        with Horizontal(id="main"):
            yield StepBody()
            with Vertical(id="side"):
                yield StepClock(id="clock")
                yield Static("", id="people", markup=False)
        with Vertical(id="vote-box"):
            yield Static("", id="vote", markup=False)
            yield steady_cursor(
                Input(placeholder="your confidence vote, 1-10, then Enter", id="ballot", compact=True)
            )
        yield KeysFooter()

    # -- finding the meeting -----------------------------------------------------------------

    def on_mount(self) -> None:
        self.query_one("#vote-box").add_class("-gone")
        self.query_one("#ballot").display = False
        options, store = self.okr.options, self.okr.store
        self.person = (options.author or store.actor).strip()
        try:
            teams = store.teams()
            if options.team:
                self.open_team(store.team(options.team).id)
            elif len(teams) == 1:
                self.open_team(teams[0].id)
            elif not teams:
                self.give_up("no teams yet; run `okrtui demo` to try it")
            else:
                self.app.push_screen(TeamPicker(teams), self.open_team)
        except StoreError as error:
            self.give_up(str(error))

    def give_up(self, message: str) -> None:
        self.app.exit(return_code=2, message=f"okrtui: {visible(message)}")

    def open_team(self, team_id: str | None) -> None:
        if team_id is None:
            self.app.exit()
            return
        store = self.okr.store
        try:
            self.team = store.team(team_id)
        except StoreError as error:
            self.give_up(str(error))
            return
        members = {m.casefold(): m for m in self.team.members}
        if members and self.person.casefold() not in members:
            self.give_up(
                f"{self.person} is not on {self.team.name} ({', '.join(self.team.members)}); "
                "join with --as NAME"
            )
            return
        self.person = members.get(self.person.casefold(), self.person)
        self.set_interval(POLL_SECONDS, self.follow, name="room-follow")
        LiveWatch(self._live, self.follow, file=HOST).start(self)  # the facilitator's file: a step
        self.set_interval(HEARTBEAT_SECONDS, self.heartbeat, name="room-heartbeat")
        self.set_interval(0.5, self.tick_clock, name="room-clock")
        StoreWatcher(store.root, self._store_changed).start(self)
        self.run_worker(self.find_meeting(), group="find", exclusive=True)
        self.run_worker(warm_up, thread=True, group="warm-up")

    def _live(self) -> LiveFolder | None:
        return self.seat.live if self.seat is not None else None

    async def find_meeting(self) -> None:
        """Read the board; join the team's meeting in progress this week (or say we are waiting)."""
        store, options, team = self.okr.store, self.okr.options, self.team
        assert team is not None
        try:
            cycle = store.current_cycle(options.today)
            if cycle is None:
                raise StoreError("no cycle yet; run `okrtui demo` to try it")
            board = await asyncio.to_thread(store.board, cycle, team)
        except StoreError as error:
            self.say_problem(str(error))
            return
        before, self.board = self.board, board
        meeting = MeetingSession.unfinished(board, week_of(options.today))
        if meeting is None:
            followed = self.seat.meeting.id if self.seat is not None else None
            self.seat = None
            self.host = None
            if any(m.id == followed for m in board.meetings):  # the one we followed: finished
                self._ended()
            else:
                self._waiting(f"Waiting for {team.name}'s meeting to start: nobody is facilitating yet.")
            return
        if self.seat is None or self.seat.meeting.id != meeting.id:
            self._join(meeting)
        elif self.seat is not None:
            self.seat.meeting = meeting
        shown = self._shown_step
        if shown is not None and shown_changed(before, board, shown[1]) and not self.typing():
            with self.okr.keys.hold("the board changed"):  # keys typed meanwhile land in the new form
                await self.show_step()  # new numbers: a check-in filed, a blocker raised

    def _join(self, meeting: Meeting) -> None:
        self.seat = Seat(LiveFolder(self.okr.store.root, meeting.id), meeting, self.person, utcnow)
        self._shown_step = None
        try:
            self.seat.say()
        except (StoreError, OSError) as error:
            self.say_problem(f"cannot join: {error}")
            return
        self.notify(visible(f"Joined {meeting.id} as {self.person}."), timeout=4)
        self.follow()

    def _store_changed(self) -> None:
        self.run_worker(self.find_meeting(), group="find", exclusive=True)

    # -- following the facilitator -------------------------------------------------------------

    def follow(self) -> None:
        seat = self.seat
        if seat is None:
            return
        try:
            host = seat.follow()
        except (StoreError, OSError) as error:
            self.say_problem(str(error))
            return
        self._problem = ""
        self.host = host
        if host is None:
            self._waiting("Waiting for the facilitator's screen…")
            return
        if host.finished:
            self._ended()
            return
        if (host.step.position, host.step.key) != self._shown_step:
            self._shown_step = (host.step.position, host.step.key)
            hold = self.okr.keys.hold("the facilitator's next step")  # keys typed meanwhile land in it
            self.run_worker(self._show_then_release(hold), group="step")
        else:  # a new step's vote line is drawn with the step, in its frame
            self.show_vote(host)
        self.show_people()
        self.tick_clock()

    def heartbeat(self) -> None:
        if self.seat is not None:
            try:
                self.seat.heartbeat()
            except (StoreError, OSError) as error:
                self.say_problem(f"cannot tell the room you are here: {error}")

    def tick_clock(self) -> None:
        host = self.host
        if host is None:
            return
        gone = (utcnow() - host.step.at).total_seconds()
        self.query_one(StepClock).show(host.step.step_left - gone, host.step.meeting_left - gone)
        quiet = utcnow() - host.seen_at
        if quiet > timedelta(seconds=STALE_SECONDS):
            self.say_problem(f"the facilitator's screen has been silent for {int(quiet.total_seconds())} s")

    async def _show_then_release(self, hold: Hold) -> None:
        try:
            await self.show_step()
        finally:
            hold.release()

    async def show_step(self) -> None:
        """Draw the facilitator's current step (one drawing at a time: each draws the latest)."""
        self.flush_draft()  # what was typed on the step before goes out first
        async with self._drawing:
            await self._draw_step()

    async def _draw_step(self) -> None:
        host, board, seat = self.host, self.board, self.seat
        if host is None or board is None or seat is None:
            return
        step = host.step
        if self._shown_step != (step.position, step.key):
            self._typed_at = None  # a new step: nothing typed on it yet
        self._shown_step = (step.position, step.key)
        where = f"KR {step.kr_number} of {step.kr_count}" if step.kr_number else step.key
        steady.update(
            self.query_one("#where", Static),
            Content.assemble(
                (visible(board.team.name), "bold"),
                visible(  # what matters first: a narrow terminal cuts the end
                    f" · step {step.position + 1} of {step.count}: {where} · you are {self.person}"
                    f" · {host.week} · facilitated by {host.facilitator}"
                ),
            ),
        )
        kr = board.kr(step.key) if step.kr_number else None
        body = self.query_one(StepBody)
        if kr is None:
            self.show_vote(host)
            await self._say(STEP_WORDS.get(step.key, step.key), "step-words")
            first = step.next_kr or next((kr.id for kr in board.key_results), None)
            if first is not None and board.kr(first) is not None:
                await body.prepare_kr(lambda: self._build_kr(board, first, 1, step.kr_count))
            return
        view = self._kr_view(board, kr.id, step.kr_number)
        context = self._kr_context(board, kr.id, kr.owner)
        build = partial(self._build_kr, board, kr.id, step.kr_number, step.kr_count)

        def finish(shown: KRStep) -> None:
            mine = seat.draft_of(kr.id)
            if mine is not None:
                shown.form.mirror(mine, "✎ what you typed here")
            self.allow_answer(shown.form, seat.may_answer(kr.id, kr.owner))
            if self.host is not None:
                self.show_vote(self.host)

        await body.show_kr(view, context, step.kr_count, build, then=finish)
        self.set_timer(AHEAD_SECONDS, self._draw_ahead)

    def _draw_ahead(self) -> None:
        """The next KR's charts, drawn a second after this one shows (see `KRStep.draw_ahead`)."""
        host, board, shown = self.host, self.board, self.query_one(StepBody).kr_step()
        following = host.step.next_kr if host is not None else None
        if host is None or board is None or shown is None or following is None or board.kr(following) is None:
            return
        shown.draw_ahead(self._kr_view(board, following, host.step.kr_number + 1))

    def _kr_view(self, board: Board, kr: str, number: int) -> KRView:
        assert self.seat is not None
        return kr_view(board, self.okr.options.today, kr, number, attendees=self.seat.meeting.attendees)

    def _kr_context(self, board: Board, kr: str, owner: str) -> dict[str, Any]:
        assert self.host is not None and self.seat is not None
        return {
            "where": KRRef(cycle=board.cycle.id, team=board.team.id, kr=kr),
            "week": self.host.week,
            "author": owner,
            "meeting": self.seat.meeting.id,
        }

    def _build_kr(self, board: Board, kr_id: str, number: int, count: int) -> KRStep:
        kr = board.kr(kr_id)
        assert kr is not None
        context = self._kr_context(board, kr.id, kr.owner)
        assert self.seat is not None
        answerable = self.seat.may_answer(kr.id, kr.owner)
        view = self._kr_view(board, kr.id, number)
        return KRStep(view, context, board=board, count=count, answerable=answerable, enter_does=SENDS)

    def shown_form(self) -> KRForm | None:
        """The form on screen, if a KR step is (never the hidden one, which only waits), and once it
        is mounted: a step built as a vote opens has no form for a moment."""
        step = self.query_one(StepBody).kr_step()
        found = step.query(KRForm) if step is not None else None
        return found.first() if found else None

    def allow_answer(self, form: KRForm, allowed: bool) -> None:
        """The form is theirs on their own KR (or with the keyboard); else it only shows, and keys
        go to an open ballot."""
        form.disabled = not allowed
        ballot = self.query_one("#ballot", Input)
        if ballot.display and not self._answering(form):
            ballot.focus()  # a vote open as they arrive (or rejoin): their keys cast it first
        elif allowed:
            form.focus_value()
        else:
            self.set_focus(None)

    # -- the participant's own words -----------------------------------------------------------

    @on(Input.Changed)
    @on(ConfidenceField.Changed)
    def typed(self, event: Input.Changed | ConfidenceField.Changed) -> None:
        if isinstance(event, Input.Changed) and event.input.id == "ballot":
            return
        form = self.shown_form()
        if form is not None and form.typed_over:  # keys, not the form filling itself
            self._typed_at = time.monotonic()
        if self._draft_timer is None:
            self._draft_timer = self.set_timer(DRAFT_DELAY, self._publish_draft)

    def _answering(self, form: KRForm | None) -> bool:
        """Whether they are typing an answer of their own: the form takes their keys, one went into
        it in the last moments and no Enter confirmed it since. An open ballot does not take the
        keys from them then (F2 goes to it)."""
        recent = self._typed_at is not None and time.monotonic() - self._typed_at < TYPING_SECONDS
        return form is not None and not form.disabled and recent

    def typing(self) -> bool:
        """Whether the participant has typed into this step's form (a redraw would wipe it)."""
        form, seat = self.shown_form(), self.seat
        if form is None or seat is None or form.disabled:
            return False
        return form.touched or seat.draft_of(form.kr.id) is not None

    def flush_draft(self) -> None:
        """Publish now what is waiting for the draft timer."""
        if self._draft_timer is not None:
            self._publish_draft()

    def _publish_draft(self, ready: bool = False) -> None:
        """What the form holds now, to the room; a publication still waiting is this one (else an
        Enter that came in the same burst as the keys would be taken back 50 ms later)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        seat, form = self.seat, self.shown_form()
        if seat is None or form is None or self._drawing.locked() or not self.typing():
            return  # the form filling itself (keys are held while it does), not the participant typing
        try:
            seat.type(form.typed(ready=ready))
        except (StoreError, OSError) as error:
            self.say_problem(f"what you typed cannot reach the room: {error}")

    @on(KRForm.Submitted)
    def confirmed(self, event: KRForm.Submitted) -> None:
        event.stop()
        self._typed_at = None
        self._publish_draft(ready=True)
        self.notify("Sent to the shared screen: the facilitator's Enter saves it.", timeout=5)

    @on(Input.Submitted, "#ballot")
    def ballot(self, event: Input.Submitted) -> None:
        event.stop()
        host, seat = self.host, self.seat
        if host is None or seat is None or host.vote is None or host.vote.state is not VoteState.OPEN:
            return
        text = event.value.strip()
        if not (text.isdigit() and 1 <= int(text) <= 10):
            self.notify("A vote is a whole number from 1 to 10.", severity="warning", timeout=4)
            return
        try:
            seat.cast(host.vote, int(text))
        except (StoreError, OSError) as error:
            self.say_problem(f"your vote cannot reach the room: {error}")
            return
        event.input.value = ""
        self.show_vote(host)
        form = self.shown_form()
        if form is not None and not form.disabled:
            self._back_to_answer(form)

    def action_ballot(self) -> None:
        ballot = self.query_one("#ballot", Input)
        if ballot.display:
            ballot.focus()
        else:
            self.notify("No vote is open: the facilitator opens one with F2.", timeout=4)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        form = self.shown_form()
        if form is not None and event.widget is not form and form in event.widget.ancestors:
            self._answer_focus = event.widget

    def _back_to_answer(self, form: KRForm) -> None:
        """After voting on their own KR: the field they were in, the text as they left it (an
        Input selects all on focus, and the next key would wipe what they had typed)."""
        field = self._answer_focus
        if field is None or not field.is_attached or form not in field.ancestors:
            form.focus_value()
            return
        if isinstance(field, Input):
            field.select_on_focus = False
            self.set_focus(field, scroll_visible=False)
            field.call_later(setattr, field, "select_on_focus", True)  # after its Focus event
        else:
            self.set_focus(field, scroll_visible=False)

    def show_vote(self, host: HostState) -> None:
        """The vote box under the step. It stays, and keeps its height, with no vote open (it says
        where one will show): a box that came and went would resize the charts above it at the
        first KR, the vote, the reveal and the next KR, on every screen at once. A short screen,
        which shows no charts, keeps its rows for the form instead (`-idle`, in join.tcss)."""
        vote, seat = host.vote, self.seat
        box = self.query_one("#vote-box")
        ballot = self.query_one("#ballot", Input)
        box.set_class(seat is None, "-gone")  # classes, not `display`: join.tcss decides
        box.set_class(vote is None, "-idle")
        if seat is None:
            return
        mine = seat.my_vote(vote) if vote is not None else None
        steady.update(
            self.query_one("#vote", Static), vote_lines(vote, mine=mine, on_kr=bool(host.step.kr_number))
        )
        open_ = vote is not None and vote.state is VoteState.OPEN and mine is None
        ballot.display = open_
        if vote is None:
            return
        seen = (vote.kr, vote.round, open_)
        if seen != self._vote_seen:
            self._vote_seen = seen
            # never pull the keys away from someone typing their answer (they are told where the
            # ballot is); mid-step, the drawing decides (`allow_answer`) once it knows whose step
            if open_ and not self._drawing.locked():
                if not self._answering(self.shown_form()):
                    ballot.focus()
                else:
                    self.notify("A confidence vote is open: F2 takes you to your ballot.", timeout=6)

    def show_people(self) -> None:
        seat, host = self.seat, self.host
        if seat is None or host is None or self.team is None:
            return
        try:
            found = seat.live.read_people()
        except (StoreError, OSError):
            return
        here = sorted({s.person.name for s in found.seen if not s.person.left})
        lines = [Content.styled("In the room", "bold"), Content(visible(f"{host.facilitator} (facilitator)"))]
        lines += [Content(visible(f"● {name}")) for name in here]
        steady.update(self.query_one("#people", Static), Content("\n").join(lines))

    # -- saying what is going on ----------------------------------------------------------------

    def _ended(self) -> None:
        self._waiting("The meeting has ended. Thank you! Escape leaves.")
        self.query_one("#vote-box").add_class("-gone")

    def _waiting(self, text: str) -> None:
        self._shown_step = None
        if not self._said_in_place(text, "waiting"):  # the poll says it several times a second
            self.run_worker(self._say_waiting(text), group="words")

    async def _say_waiting(self, text: str) -> None:
        async with self._drawing:
            await self._say(text, "waiting")

    async def _say(self, text: str, kind: str) -> None:
        """The step's words (waiting, the opening…) in place of the KR step."""
        if not self._said_in_place(text, kind):
            await self.query_one(StepBody).show_other(Static(text, id=kind))

    def _said_in_place(self, text: str, kind: str) -> bool:
        """Whether words of this kind already show: then they are updated where they are."""
        other = self.query_one(StepBody).other()
        if isinstance(other, Static) and other.id == kind:
            steady.update(other, text)
            return True
        return False

    def say_problem(self, text: str) -> None:
        if text != self._problem:
            self._problem = text
            self.notify(visible(text), severity="warning", timeout=8)

    def action_help(self) -> None:
        if not isinstance(self.app.screen, KeysHelp):
            self.app.push_screen(KeysHelp("Join keys", JOIN_KEYS))

    def action_leave(self) -> None:
        self._say_goodbye()
        self.app.exit()

    async def before_quit(self) -> None:
        """ctrl+q leaves as Escape does: the room sees them go at once, not after their silence."""
        self._say_goodbye()

    def _say_goodbye(self) -> None:
        self.flush_draft()
        if self.seat is not None:
            with suppress(StoreError, OSError):
                self.seat.leave()

    def keep_typed(self) -> None:
        """The terminal is gone: publish what still waits to be (the facilitator still sees it);
        what was published stays as it is, a confirmation included."""
        self.flush_draft()
