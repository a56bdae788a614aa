"""The weekly meeting's session: where it stands, what was answered, what is saving, what failed.

No Textual here: the screen draws the session and hands it what the facilitator typed; the session
decides what a step's answer means, books the clock, and files everything through the store in
order on one writer thread (`SaveQueue`), the meeting record riding along in the same write as the
answer it belongs to. What the writer did comes back as a `SaveOutcome` for the UI thread's
`apply()`, so a failed or conflicting answer stays visible on its step until it is redone.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from okrtui.core.actions import (
    ActionChange,
    NewAction,
    board_actions,
    change_action,
    raise_action,
    raised_in,
    to_review,
)
from okrtui.core.agenda import BLOCKERS, SUMMARY, Agenda, Step, answered_keys, build_steps, order_by_risk
from okrtui.core.board import Board
from okrtui.core.checkin import CheckInConflictError, CheckInRequest, KRRef, file_checkin
from okrtui.core.errors import RuleError
from okrtui.core.ids import new_id
from okrtui.core.meeting_summary import MeetingSummary, summarize
from okrtui.core.models import (
    Action,
    ActionItem,
    Blocker,
    CheckIn,
    Meeting,
    MeetingState,
    ParkTo,
    Record,
)
from okrtui.core.parking import (
    Overrun,
    held_this_week,
    overrun,
    owed,
    parked_first,
    previous_meeting,
    to_park,
)
from okrtui.core.status import KRStatus, board_status
from okrtui.core.weeks import week_of
from okrtui.services.save_queue import SaveQueue
from okrtui.store import Store, StoreError
from okrtui.store.live import login_of
from okrtui.store.repository import utcnow

SAVE_FAILURES = (StoreError, RuleError, OSError)


@dataclass(frozen=True)
class BlockerChange:
    """What the facilitator decided for one blocker (or, with no blocker, a free action item)."""

    blocker: str | None
    owner: str | None
    resolve: bool
    action: ActionItem | None


@dataclass
class SaveOutcome:
    """What one queued save did, reported from the writer thread."""

    seq: int
    kr: str | None = None
    checkin: CheckIn | None = None
    blockers: list[Blocker] = field(default_factory=list)
    conflict: CheckInConflictError | None = None
    error: str | None = None
    change: BlockerChange | None = None
    change_error: str | None = None
    actions: list[Action] = field(default_factory=list)
    meeting_error: str | None = None


@dataclass(frozen=True)
class KRView:
    """Everything a KR step shows."""

    status: KRStatus
    number: int
    this_week: CheckIn | None
    """This week's stored check-in (the owner's async one, or this meeting's once saved)."""
    latest: CheckIn | None
    """The newest check-in before this week: what an untouched form confirms."""
    draft: CheckInRequest | None
    """This meeting's answer, queued but not in the store yet."""
    failed: str | None
    conflict: CheckInConflictError | None
    absent: bool
    """The owner was not ticked as present on the opening."""


def kr_view(
    board: Board,
    today: date,
    kr_id: str,
    number: int,
    *,
    attendees: list[str],
    draft: CheckInRequest | None = None,
    failed: str | None = None,
    conflict: CheckInConflictError | None = None,
) -> KRView:
    """What a KR step shows, on the facilitator's screen and on a participant's."""
    status = next(k for o in board_status(board, today) for k in o.key_results if k.kr.id == kr_id)
    week = week_of(today)
    return KRView(
        status=status,
        number=number,
        this_week=board.checkin(kr_id, week),
        latest=board.latest_before(kr_id, week),
        draft=draft,
        failed=failed,
        conflict=conflict,
        absent=bool(board.team.members) and status.kr.owner not in attendees,
    )


class MeetingSession:
    """One facilitator's meeting of one team in one week."""

    def __init__(
        self,
        store: Store,
        board: Board,
        *,
        today: date,
        minutes: int,
        order: str = "objective",
        resumed: Meeting | None = None,
        on_saved: Callable[[SaveOutcome], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.board = board
        self.today = today
        self.week = week_of(today)
        self.clock = clock
        self.on_saved = on_saved
        statuses = self.statuses()
        ordered = order_by_risk(statuses) if order == "risk" else statuses
        kr_ids = [s.kr.id for s in ordered]
        last = previous_meeting(board.meetings, self.week)
        self.owed = [k for k in owed(last, board.checkins) if k in kr_ids]
        """Last meeting's parked KRs it did not answer: walked first in this one."""
        steps = build_steps(parked_first(kr_ids, self.owed))
        if resumed is None:
            self.meeting = Meeting(
                id=new_id("mt", board.ids()),
                team=board.team.id,
                cycle=board.cycle.id,
                week=self.week,
                facilitator=store.actor,
                attendees=list(board.team.members),
                planned_minutes=minutes,
                started_at=utcnow(),
            )
            self.agenda = Agenda(steps, minutes * 60.0)
            self.position = 0
        else:
            self.meeting = resumed
            self.agenda = Agenda(steps, resumed.planned_minutes * 60.0, dict(resumed.step_seconds))
            for to in ParkTo:
                keys = [k for k, where in resumed.parked.items() if where is to]
                self.agenda.park(keys, 0, to_end=to is ParkTo.END)
            week = [c for c in board.checkins if c.week == self.week]
            done = [c.kr for c in week if c.meeting == resumed.id]
            self.position = self.agenda.resume_position(
                answered_keys(resumed.step_seconds, done, [c.kr for c in week])
            )
        self.meeting.position = self.position
        self.earlier = held_this_week(board.meetings, self.week, besides=self.meeting.id)
        """The team's other meetings this week: the opening says so (a notice, not a block)."""
        self.meeting.host = login_of(os.geteuid())  # this screen runs the room now (see services.room)
        self.entered = clock()
        self.failed: dict[str, str] = {}
        self.conflicts: dict[str, CheckInConflictError] = {}
        self.drafts: dict[str, CheckInRequest] = {}
        self.writer = SaveQueue("okrtui-meeting-save")
        self.pending_actions: list[ActionItem] = []
        self.closed = False
        self.on_lost: Callable[[str], None] = lambda _message: None
        """Told (on the writer thread) about an answer that could not be saved after the screen closed."""
        self._seq = 0
        self._latest_seq: dict[str, int] = {}
        # Owned by the writer thread: the revisions this session last wrote.
        self._own_rev: dict[str, int] = {}
        self._meeting_rev = self.meeting.rev
        self.save_meeting()

    @staticmethod
    def unfinished(board: Board, week: str) -> Meeting | None:
        """The team's newest meeting of `week` still in progress, if any."""
        held = [m for m in board.meetings if m.week == week and m.state is MeetingState.IN_PROGRESS]
        return max(held, key=lambda m: m.started_at) if held else None

    # -- what the screen shows ----------------------------------------------------------------

    def statuses(self) -> list[KRStatus]:
        return [k for o in board_status(self.board, self.today) for k in o.key_results]

    @property
    def step(self) -> Step:
        return self.agenda.steps[self.position]

    @property
    def on_summary(self) -> bool:
        return self.step.key == SUMMARY

    def elapsed(self) -> float:
        return self.clock() - self.entered

    def kr_view(self, kr_id: str) -> KRView:
        number = next(i for i, s in enumerate(self.agenda.kr_steps) if s.key == kr_id) + 1
        return kr_view(
            self.board,
            self.today,
            kr_id,
            number,
            attendees=self.meeting.attendees,
            draft=self.drafts.get(kr_id),
            failed=self.failed.get(kr_id),
            conflict=self.conflicts.get(kr_id),
        )

    def mark(self, index: int) -> str:
        """Agenda mark: ▶ here; a KR ✔ answered this week, … saving, ✖ not saved, ⚠ conflict,
        ⏸ parked to the end."""
        step = self.agenda.steps[index]
        if index == self.position:
            return "▶"
        if not step.is_kr:
            return "✔" if index < self.position else " "
        if step.key in self.conflicts:
            return "⚠"
        if step.key in self.failed:
            return "✖"
        if step.key in self.drafts:
            return "…"
        if self.board.checkin(step.key, self.week):
            return "✔"
        return "⏸" if step.key in self.agenda.parked else " "

    def overrun(self) -> Overrun | None:
        """What will not fit in the time left, once the KRs ahead are down to the floor."""
        return overrun(self.agenda, self.position, self.elapsed())

    def to_park(self) -> list[str]:
        """The lowest-risk KRs ahead that parking would take out of the time budget now."""
        found = self.overrun()
        return to_park(found, self.statuses()) if found else []

    def park(self, to: ParkTo, keys: Sequence[str] | None = None) -> list[str]:
        """Park `keys` (else what will not fit now, the lowest-risk first) and save the meeting
        record; returns the KRs parked (only KRs ahead can be)."""
        parked = self.agenda.park(
            self.to_park() if keys is None else keys, self.position, to_end=to is ParkTo.END
        )
        if parked:
            self.meeting.parked = {**self.meeting.parked, **dict.fromkeys(parked, to)}
            self.save_meeting()
        return parked

    def blockers(self) -> list[Blocker]:
        """Blockers raised this week or still open: what the blockers step walks."""
        return [b for b in self.board.blockers if b.is_open or self.week in (b.raised_week, b.resolved_week)]

    # -- moving and answering -----------------------------------------------------------------

    def context(self, kr_id: str) -> dict[str, object]:
        """What each answer of this meeting says besides the form: where, which week, whose, which meeting."""
        kr = self.board.kr(kr_id)
        return {
            "where": KRRef(cycle=self.board.cycle.id, team=self.board.team.id, kr=kr_id),
            "week": self.week,
            "author": kr.owner if kr else "",
            "meeting": self.meeting.id,
        }

    def leave(
        self,
        answer: CheckInRequest | None = None,
        attendees: list[str] | None = None,
        reviewed: Sequence[ActionChange] = (),
    ) -> None:
        """Book the current step's time and save what it answered (a KR's answer, the attendance,
        the earlier actions reviewed on the opening), with the meeting record, in one write."""
        if attendees is not None:
            self.meeting.attendees = attendees
        if self.on_summary:  # back from the summary to change something: the meeting is on again,
            self.meeting.state = MeetingState.IN_PROGRESS  # and the room keeps following it
            self.meeting.ended_at = None
        else:
            self.agenda.leave(self.position, self.elapsed())
            self.meeting.step_seconds = dict(self.agenda.spent)
        self.entered = self.clock()
        if answer is not None:
            self.drafts[answer.where.kr] = answer
            self.failed.pop(answer.where.kr, None)
            self.conflicts.pop(answer.where.kr, None)
        self._queue(answer=answer, reviewed=reviewed)

    def leave_answer(self, answer: CheckInRequest) -> None:
        """File an answer for a KR the meeting has moved past (a conflict settled later)."""
        self.drafts[answer.where.kr] = answer
        self._queue(answer=answer)

    def go_to(self, position: int) -> None:
        self.position = self.meeting.position = position
        self.entered = self.clock()

    def save_meeting(self) -> None:
        self._queue()

    def change_blocker(self, change: BlockerChange) -> None:
        if change.action is not None:
            self.pending_actions.append(change.action)
        self._queue(change=change)

    def to_review(self) -> list[Action]:
        """Open actions raised before this week: what the opening walks (done, carried, dropped)."""
        return to_review(self.board, self.week)

    def actions(self) -> list[Action | ActionItem]:
        """The actions this meeting raised, saved or on their way."""
        return [*raised_in(self.board, self.meeting.id), *self.pending_actions]

    def finish(self) -> None:
        """Mark the meeting finished (the summary step is shown next; leaving it for an earlier
        step starts the meeting again, see `leave`)."""
        self.meeting.state = MeetingState.FINISHED
        self.meeting.ended_at = self.meeting.ended_at or utcnow()
        self.go_to(self.agenda.index_of(SUMMARY))

    def summary(self) -> MeetingSummary:
        return summarize(
            self.board,
            self.meeting,
            self.today,
            plan=self.agenda.base_plan(),
            kr_order=[s.key for s in self.agenda.kr_steps]
            + [k for k, to in self.meeting.parked.items() if to is ParkTo.ASYNC],
        )

    def blockers_position(self) -> int:
        return self.agenda.index_of(BLOCKERS)

    # -- the writer ----------------------------------------------------------------------------

    def _queue(
        self,
        *,
        answer: CheckInRequest | None = None,
        change: BlockerChange | None = None,
        reviewed: Sequence[ActionChange] = (),
    ) -> None:
        self._seq += 1
        seq = self._seq
        if answer is not None:
            self._latest_seq[answer.where.kr] = seq
        meeting = self.meeting.model_copy(deep=True)

        def job() -> None:
            outcome = self._write(seq, answer, change, tuple(reviewed), meeting)
            if self.closed and answer is not None and outcome.checkin is None:
                self._note_unsaved(answer, outcome)
            self.on_saved(outcome)

        self.writer.submit(job)

    def _note_unsaved(self, answer: CheckInRequest, outcome: SaveOutcome) -> None:
        """The screen is gone and this answer could not be saved: leave it where a person finds it."""
        from okrtui.services.notes import write_unsaved

        reason = str(outcome.conflict or outcome.error or "unknown error")
        try:
            where = str(write_unsaved(self.store.root, self.meeting, answer, reason))
        except (OSError, StoreError) as error:
            where = f"nowhere ({error})"
        self.on_lost(f"could not save {answer.where.kr} ({reason}); the answer is in {where}")

    def _write(
        self,
        seq: int,
        answer: CheckInRequest | None,
        change: BlockerChange | None,
        reviewed: tuple[ActionChange, ...],
        meeting: Meeting,
    ) -> SaveOutcome:
        """On the writer thread: everything the step decided and the meeting record, in one write."""
        outcome = SaveOutcome(seq, kr=answer.where.kr if answer else None, change=change)
        board, week = self.board, meeting.week
        record = meeting.model_copy(update={"rev": self._meeting_rev})
        if answer is not None and answer.where.kr in self._own_rev:
            # a second answer of ours replaces our first, and only that
            answer = answer.model_copy(update={"based_on": self._own_rev[answer.where.kr]})

        def decided(fresh: Board) -> list[Record]:
            make = fresh.id_maker()
            docs: list[Record] = []
            if answer is not None:
                docs += file_checkin(fresh, answer, now=utcnow(), new_id=make).docs
            if change is not None and change.blocker is not None:
                docs += _changed_blocker(fresh, change, week)
            if change is not None and change.action is not None:
                action = raise_action(fresh, _new_action(change.action, meeting), new_id=make)
                docs += [] if action in board_actions(fresh) else [action]
            for review in reviewed:
                result = change_action(fresh, review)
                docs += [result.after] if result.changed else []
            return [*docs, record]

        message = answer.describe() if answer else f"{self.store.actor} saved meeting {meeting.id}"
        try:
            saved = self.store.update(board.cycle.id, board.team.id, decided, message)
        except CheckInConflictError as conflict:
            outcome.conflict = conflict
            saved = self._save_record_alone(record, outcome)
        except SAVE_FAILURES as error:
            reason = str(error) or type(error).__name__
            if answer is not None:
                outcome.error = reason
            elif change is not None:
                outcome.change_error = reason
            else:
                outcome.meeting_error = reason
            saved = self._save_record_alone(record, outcome) if (answer or change or reviewed) else []
        for doc in saved:
            if isinstance(doc, Meeting):
                self._meeting_rev = doc.rev
            elif isinstance(doc, CheckIn):
                self._own_rev[doc.kr] = doc.rev
                outcome.checkin = doc
            elif isinstance(doc, Blocker):
                outcome.blockers.append(doc)
            elif isinstance(doc, Action):
                outcome.actions.append(doc)
        return outcome

    def _save_record_alone(self, record: Meeting, outcome: SaveOutcome) -> list[Record]:
        """The step's decision was refused: keep the meeting's own record (time, position) anyway."""
        try:
            return self.store.save(record.cycle, record.team, record, message=f"saved meeting {record.id}")
        except SAVE_FAILURES as error:
            outcome.meeting_error = str(error) or type(error).__name__
            return []

    def apply(self, outcome: SaveOutcome) -> None:
        """On the UI thread: show what landed; keep a failed or conflicting answer on its step."""
        board = self.board
        if outcome.actions:
            landed = {a.id for a in outcome.actions}
            board.actions = [a for a in board.actions if a.id not in landed] + outcome.actions
        if outcome.change is not None and outcome.change.action is not None:
            self.pending_actions = [a for a in self.pending_actions if a is not outcome.change.action]
        if outcome.blockers:
            changed = {b.id for b in outcome.blockers}
            board.blockers = [b for b in board.blockers if b.id not in changed] + outcome.blockers
        kr = outcome.kr
        if kr is None or outcome.seq != self._latest_seq.get(kr):
            return  # a newer answer for this KR is queued: only its outcome decides
        if outcome.checkin is not None:
            key = (outcome.checkin.kr, outcome.checkin.week)
            board.checkins = [c for c in board.checkins if (c.kr, c.week) != key] + [outcome.checkin]
            self.drafts.pop(kr, None)
        elif outcome.conflict is not None:
            self.conflicts[kr] = outcome.conflict
            theirs = outcome.conflict.theirs
            board.checkins = [c for c in board.checkins if (c.kr, c.week) != (theirs.kr, theirs.week)] + [
                theirs
            ]
        else:
            self.failed[kr] = outcome.error or "unknown error"

    def settle_conflict(self, kr_id: str, keep_theirs: bool) -> CheckInRequest | None:
        """The facilitator chose: keep their answer (ours is dropped), or file ours over it."""
        conflict = self.conflicts.pop(kr_id, None)
        draft = self.drafts.pop(kr_id, None)
        if conflict is None or keep_theirs or draft is None:
            return None
        return draft.model_copy(update={"based_on": conflict.theirs.rev, "force": False})

    def refreshed(self, fresh: Board) -> list[CheckIn]:
        """Take a board read after someone else wrote; return this week's check-ins they made.

        What this meeting filed is never news, even when the read came between the meeting's own
        save and the screen taking its outcome."""
        before = {(c.kr, c.rev) for c in self.board.checkins if c.week == self.week}
        news = [
            c
            for c in fresh.checkins
            if c.week == self.week and (c.kr, c.rev) not in before and c.meeting != self.meeting.id
        ]
        self.board = fresh
        return news

    async def drain(self) -> None:
        await self.writer.drain()

    def close(self) -> None:
        """The screen is going: saves already queued still run, and one that fails is noted."""
        self.closed = True
        self.writer.close()


def _changed_blocker(board: Board, change: BlockerChange, week: str) -> list[Blocker]:
    blocker = next((b for b in board.blockers if b.id == change.blocker), None)
    if blocker is None:
        raise RuleError(f"blocker {change.blocker} is gone")
    update: dict[str, object] = {}
    if change.owner:
        update["owner"] = change.owner
    if change.resolve and blocker.is_open:
        update["resolved_week"] = week
        update["resolution"] = f"resolved in the {week} meeting"
    return [blocker.model_copy(update=update)] if update else []


def _new_action(item: ActionItem, meeting: Meeting) -> NewAction:
    """What the blockers step's fields asked for, as an action of this meeting."""
    return NewAction(
        text=item.text,
        owner=item.owner,
        due=item.due,
        blocker=item.blocker,
        week=meeting.week,
        meeting=meeting.id,
    )
