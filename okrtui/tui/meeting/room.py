"""The room on the facilitator's screen: who is here, what they type, the private vote, the keyboard.

`RoomControl` is the meeting screen's collaborator for everything the participants' screens say
(see `services.room`); the screen calls it when the step changes and it calls the screen back when
a participant's answer should be filed. The widgets here are shared with the participant's view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from okrtui.core.checkin import CheckInRequest
from okrtui.core.models import VoteRecord
from okrtui.core.room import LiveDraft, VoteRound, VoteState
from okrtui.core.safe_text import visible
from okrtui.core.values import format_value, parse_value
from okrtui.core.votes import NOT_OPENED, describe_spread, describe_voters, not_counted_words, spread
from okrtui.services.room import HostRoom, Presence
from okrtui.services.save_queue import SaveQueue
from okrtui.store import StoreError
from okrtui.store.live import LiveFolder
from okrtui.store.repository import utcnow
from okrtui.tui.base import OkrDialog

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from okrtui.core.room import HostState, Step
    from okrtui.services.meeting_session import MeetingSession

POLL_SECONDS = 0.2
"""How often each side reads the other's files (the clocks, who went quiet)."""
QUICK_SECONDS = 0.05
"""How often each side looks whether the other wrote (one stat): a step or a key shows this soon."""
HEARTBEAT_TICKS = 3
TYPING_SECONDS = 2.0
"""An unconfirmed draft that changed this recently is still being typed (see `still_typing`)."""


class LiveWatch:
    """Calls `on_change` as soon as a file of the meeting's live folder is written, so a step or
    a key reaches the other screens in a frame or two instead of waiting for the next poll."""

    def __init__(
        self, live: Callable[[], LiveFolder | None], on_change: Callable[[], object], *, file: str = ""
    ) -> None:
        self.live = live
        self.on_change = on_change
        self.file = file
        """Only this file (a participant follows the facilitator's, not the others' typing)."""
        self.seen: tuple[int, int] | None = None

    def start(self, owner: DOMNode) -> None:
        owner.set_interval(QUICK_SECONDS, self.check, name="room-quick")

    def check(self) -> None:
        live = self.live()
        stamp = live.stamp(self.file) if live is not None else None
        if stamp is not None and stamp != self.seen:
            self.seen = stamp
            self.on_change()


def presence_line(people: Iterable[Presence], facilitator: str) -> Content:
    """`● Ana  ● Ben  ◌ Chen (dropped)  ◌ Dee (left)  ○ Eve`: here, gone silent, said goodbye, not
    joined; words, not only colour."""
    parts: list[Content] = [Content.styled(f"facilitator {visible(facilitator)}", "bold")]
    for person in people:
        if person.here:
            parts.append(Content.styled(f"● {visible(person.name)}", "$okr-on-track"))
        elif person.login:
            gone = "left" if person.left else "dropped"
            parts.append(Content.styled(f"◌ {visible(person.name)} ({gone})", "$okr-at-risk"))
        else:
            parts.append(Content.styled(f"○ {visible(person.name)}", "dim"))
    return Content("  ").join(parts)


def vote_lines(
    vote: VoteRound | None, *, mine: int | None = None, host: bool = False, on_kr: bool = True
) -> Content:
    """The vote as every screen shows it: who voted while open, then every vote and the spread;
    with none open, where one will show and how to cast it (`on_kr`: on this step)."""
    if vote is None:
        if not on_kr:
            how = (
                "taken on the KR steps (F2 there)"
                if host
                else "on the KR steps, when the facilitator opens one"
            )
        elif host:
            how = "F2 opens one · 1-10, private, revealed at once"
        else:
            how = "none open · when it opens, type 1-10, Enter (private)"
        return Content.assemble(
            ("Confidence votes: " if not on_kr else "Confidence vote: ", "bold"), (how, "dim")
        )
    head = f"Confidence vote on {vote.kr}"
    if vote.state is VoteState.OPEN:
        # the count and what to do first: a narrow screen cuts names, not those
        count = f"{len(vote.voted)} voted" if vote.voted else "nobody voted yet"
        then = "F2 reveals" if host else (f"your vote {mine} (hidden)" if mine else "type 1-10, Enter")
        who = f" · {', '.join(vote.voted)}" if vote.voted else ""
        return Content.assemble((f"{head}: ", "bold"), f"{count} · {then}", visible(who))
    if vote.state is VoteState.REVEALING:
        return Content.assemble((f"{head}: ", "bold"), "revealing…")
    found = spread(vote.votes)
    if found is None and vote.voted:
        gone = visible(", ".join(vote.voted))
        return Content.assemble((f"{head}: ", "bold"), f"no vote counted: {gone} {NOT_OPENED}")
    if found is None:
        return Content.assemble((f"{head}: ", "bold"), "nobody voted")
    # the KR is the step's, and the flag ends the line: at 80 columns it must not be cut
    line = Content.assemble(("Votes revealed: ", "bold"), describe_spread(found))
    styled = Content.styled(line.plain, "bold $okr-at-risk") if found.talk else line
    lost = vote.lost()
    votes = Content.assemble(
        ("histogram ", "dim"),
        f"{found.low} ",
        (found.histogram(), "bold"),
        f" {found.high} · ",
        visible(describe_voters(vote.votes)),
        (visible(not_counted_words(lost)), "bold"),
    )
    return Content("\n").join([styled, votes])


class KeyboardPicker(OkrDialog[str | None]):
    """Hand this step's keyboard to someone in the room, or take it back ("" = the facilitator)."""

    BINDINGS = [Binding("enter", "pick", "Hand over", priority=True), Binding("escape", "cancel", "Cancel")]

    def __init__(self, here: list[str], holder: str) -> None:
        super().__init__()
        self.here = here
        self.holder = holder

    def body(self) -> ComposeResult:
        yield Static("Who types this step's answer? Up/Down, Enter", markup=False)
        options = [Option(Content(visible(name)), id=f"p-{i}") for i, name in enumerate(self.here)]
        back = Option("Take the keyboard back (the facilitator types)", id="back")
        yield OptionList(back, *options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def action_pick(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._choose(options.get_option_at_index(options.highlighted).id)

    def _choose(self, option_id: str | None) -> None:
        if option_id and option_id.startswith("p-"):
            self.dismiss(self.here[int(option_id[2:])])
        else:
            self.dismiss("")


class RoomScreen(Protocol):
    """What the room needs of the meeting screen (so neither module imports the other)."""

    @property
    def app(self) -> App[object]: ...

    @property
    def is_moving(self) -> bool: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None: ...

    def show_room(
        self, people: Content | None, vote: Content | None = None, *, idle: bool = True
    ) -> None: ...

    def attendance_touched(self) -> bool: ...

    def show_attendance(self, names: list[str]) -> None: ...

    def mirror_draft(self, draft: LiveDraft, note: str) -> bool: ...

    def submit_for_participant(self) -> None: ...


def joined_words(names: list[str], most: int = 3) -> str:
    """`Ana`, `Ana and Ben`, `Ana, Ben, Chen and 5 more`."""
    if len(names) <= 1:
        return "".join(names)
    if len(names) <= most:
        return f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{', '.join(names[:most])} and {len(names) - most} more"


class RoomControl:
    """The meeting screen's side of the room."""

    def __init__(self, screen: RoomScreen, session: MeetingSession, store_root: Path) -> None:
        self.screen = screen
        self.session = session
        self.live = LiveFolder(store_root, session.meeting.id)
        self.writer = SaveQueue("okrtui-room")
        """host.json is written off the UI thread, in order: a step's frame never waits on an fsync."""
        self.room = HostRoom(self.live, session.meeting, session.board.team, utcnow, write=self._write)
        self._ticks = 0
        self._first_join = True
        self._filed: set[tuple[str, str, str]] = set()
        self._unshown = False
        self._typed: tuple[str, str, str, float] | None = None
        """The last unconfirmed draft seen on this step's KR: its KR, its typist, itself, when."""

    # -- publishing ----------------------------------------------------------------------------

    def step_changed(self, step: Step) -> None:
        self._publish(step)
        self.show()

    def tick(self, step: Step) -> None:
        """Every second from the screen's clock: a heartbeat for the participants now and then."""
        self._ticks += 1
        if self._ticks % HEARTBEAT_TICKS == 0:
            self._publish(step)

    def _publish(self, step: Step | None = None, finished: bool = False) -> None:
        self.room.publish(step, finished=finished)

    def _write(self, state: HostState) -> None:
        self.writer.submit(lambda: self._write_now(state))

    def _write_now(self, state: HostState) -> None:
        """On the writer thread."""
        try:
            self.live.publish_host(state)
        except (StoreError, OSError) as error:
            self.screen.app.call_from_thread(
                self.screen.notify, visible(f"the room cannot follow: {error}"), severity="error", timeout=10
            )

    def finished(self) -> None:
        self._publish(finished=True)

    # -- listening -------------------------------------------------------------------------------

    def poll(self) -> None:
        try:
            news = self.room.poll()
        except (StoreError, OSError) as error:
            self.screen.notify(visible(f"the room cannot be read: {error}"), severity="warning", timeout=10)
            return
        for problem in news.problems:
            self.screen.notify(visible(problem), title="Room", severity="warning", timeout=10)
        if news.joined:
            self._joined(news.joined)
        revealed = self.room.finish_reveal()
        if revealed is not None:
            self._record_votes(revealed)
        if news.changed or revealed is not None:
            self.show()
        if news.changed or self._unshown:
            self._follow_drafts()

    def _joined(self, names: list[str]) -> None:
        """Attendance follows who joins (the facilitator can still tick and untick on the opening)."""
        meeting = self.session.meeting
        if self._first_join and not self.screen.attendance_touched():
            here = [m for m in meeting.attendees if m == meeting.facilitator]
            meeting.attendees = here
        self._first_join = False
        for name in names:
            if name not in meeting.attendees:
                meeting.attendees.append(name)
        # One toast for everyone this poll found: a room joining at once is not eight toasts.
        self.screen.notify(visible(f"{joined_words(names)} joined"), title="Room", timeout=4)
        self.screen.show_attendance(meeting.attendees)
        self.session.save_meeting()

    def _record_votes(self, votes: dict[str, int]) -> None:
        vote = self.room.vote
        assert vote is not None
        meeting = self.session.meeting
        meeting.votes = [v for v in meeting.votes if (v.kr, v.round) != (vote.kr, vote.round)] + [
            VoteRecord(kr=vote.kr, round=vote.round, votes=votes, not_counted=vote.lost())
        ]
        self.session.save_meeting()

    # -- drafts ----------------------------------------------------------------------------------

    def _follow_drafts(self) -> None:
        """The current KR's draft into the form, live; the keyboard holder's Enter is the facilitator's."""
        step = self.session.step
        if not step.is_kr:
            return
        kr = self.session.board.kr(step.key)
        if kr is None:
            return
        found = self.room.draft_for(kr.id, kr.owner)
        if found is None:
            return
        name, draft = found
        typed = (kr.id, name, draft.model_dump_json())
        if draft.ready:
            self._typed = None
        elif self._typed is None or self._typed[:3] != typed:
            self._typed = (*typed, self.session.clock())
        said = "confirmed: Enter saves it" if draft.ready else "is typing, live from their terminal"
        shown = self.screen.mirror_draft(draft, f"✎ {name} {said}")
        self._unshown = not shown and self.screen.is_moving  # tried mid-step-change: try again
        if draft.ready and name == self.room.keyboard and shown:
            self.screen.submit_for_participant()

    def still_typing(self, kr: str) -> str | None:
        """Who is typing on `kr` right now (an unconfirmed draft changed in the last 2 s), if
        anyone: moving on now would file their answer cut off mid-word."""
        typed = self._typed
        if typed is None or typed[0] != kr or self.session.clock() - typed[3] > TYPING_SECONDS:
            return None
        return typed[1]

    def request_of(self, name: str, draft: LiveDraft) -> CheckInRequest | None:
        """A participant's confirmed draft as an answer of this meeting (their words, our context)."""
        try:
            value = parse_value(draft.value)
        except ValueError:
            return None
        if draft.confidence is None:
            return None
        return CheckInRequest.model_validate(
            {
                **self.session.context(draft.kr),
                "value": value,
                "confidence": draft.confidence,
                "moved": draft.moved,
                "stuck": draft.stuck,
                "next": draft.next,
                "new_blockers": draft.new_blockers,
                "based_on": draft.based_on,
            }
        )

    def file_confirmed(self) -> None:
        """At the end: owners' confirmed answers for KRs the meeting did not answer are filed too."""
        answered = {c.kr for c in self.session.board.checkins if c.meeting == self.session.meeting.id}
        for name, draft in self.room.ready_drafts():
            kr = self.session.board.kr(draft.kr)
            key = (name, draft.kr, draft.model_dump_json())
            if (
                kr is None
                or kr.owner.casefold() != name.casefold()
                or kr.id in answered
                or key in self._filed
            ):
                continue
            request = self.request_of(name, draft)
            if request is not None:
                self._filed.add(key)
                self.session.leave_answer(request)
                self.screen.notify(
                    visible(f"Filed {name}'s answer for {kr.id}: {format_value(request.value, kr.unit)}"),
                    timeout=6,
                )

    # -- votes and the keyboard --------------------------------------------------------------------

    def vote_key(self) -> None:
        """F2: open a vote on this KR; F2 again reveals it; after the reveal, F2 opens a new round."""
        step = self.session.step
        if not step.is_kr:
            self.screen.notify("Votes are on a KR's step.", timeout=4)
            return
        vote = self.room.vote
        if vote is not None and vote.kr == step.key and vote.state is VoteState.OPEN:
            self.room.reveal()
        elif vote is not None and vote.kr == step.key and vote.state is VoteState.REVEALING:
            self.screen.notify("Revealing: waiting for the voters' screens.", timeout=3)
        else:
            if not self.room.here():
                self.screen.notify(
                    "Nobody has joined yet: `okrtui join` from their own terminals.", timeout=6
                )
            self.room.open_vote(step.key)
        self.show()

    def keyboard_key(self) -> None:
        step = self.session.step
        if not step.is_kr:
            self.screen.notify("The keyboard can be handed over on a KR's step.", timeout=4)
            return
        here = self.room.here()
        if not here and not self.room.keyboard:
            self.screen.notify("Nobody has joined yet to hand the keyboard to.", timeout=5)
            return

        def chosen(name: str | None) -> None:
            if name is None:
                return
            self.room.hand_keyboard(name)
            self.screen.notify(
                visible(f"{name} has the keyboard of {step.key}" if name else "Keyboard back.")
            )
            self.show()

        self.screen.app.push_screen(KeyboardPicker(here, self.room.keyboard), chosen)

    # -- drawing ---------------------------------------------------------------------------------

    def show(self) -> None:
        """The room's lines under the step; none until someone joins (the footer names F2 and F3).

        The vote keeps its two lines whether one is open or not: a box that grew and shrank with
        the vote would resize the charts above it at the first KR, the vote, the reveal and the
        next KR. (A short screen, whose charts are folded into one line, keeps its rows instead.)
        """
        room = self.room
        if not room.people and room.vote is None and not room.keyboard:
            self.screen.show_room(None)
            return
        vote = room.vote if room.vote is not None and room.vote.kr == self.session.step.key else None
        lines = []  # what needs the room's eyes first: a cut screen loses the names of who is here
        if room.keyboard:
            lines.append(
                Content.styled(visible(f"⌨ {room.keyboard} has the keyboard of this step (F3)"), "bold")
            )
        lines.append(presence_line(room.presence(), self.session.meeting.facilitator))
        votes = vote_lines(vote, host=True, on_kr=self.session.step.is_kr)
        self.screen.show_room(Content("\n").join(lines), votes, idle=vote is None)
