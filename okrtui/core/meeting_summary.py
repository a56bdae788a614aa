"""What a meeting achieved: the numbers its summary step and Markdown notes show."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from okrtui.core.actions import raised_in
from okrtui.core.board import Board
from okrtui.core.models import Action, Blocker, Meeting, ParkTo
from okrtui.core.parking import owed
from okrtui.core.scoring import CONFIDENCE_DROP_ALERT, Band
from okrtui.core.standing import week_counts
from okrtui.core.status import KRStatus, ObjectiveStatus, board_status

PARKED_WORDS = {ParkTo.END: "parked to the end", ParkTo.ASYNC: "parked to async"}


@dataclass(frozen=True)
class KRLine:
    status: KRStatus
    checked_in: bool
    """Checked in this week (in this meeting or async before it), changed or not."""
    previous_confidence: int | None
    planned_seconds: float
    spent_seconds: float
    parked: ParkTo | None = None
    """Parked because the time left could not hold it."""
    owed: bool = False
    """Parked and not answered in the meeting: the next meeting walks it first."""

    @property
    def parked_note(self) -> str:
        """`parked to async · first next week` ('' when not parked)."""
        if self.parked is None:
            return ""
        then = "first next week" if self.owed else "answered at the end"
        return f"{PARKED_WORDS[self.parked]} · {then}"

    @property
    def confirmed(self) -> bool:
        """Confirmed unchanged in the meeting: last week's numbers kept, not a new reading."""
        latest = self.status.latest
        return self.checked_in and latest is not None and latest.unchanged

    @property
    def updated(self) -> bool:
        return self.checked_in and not self.confirmed

    @property
    def drop(self) -> int:
        """How far confidence fell since the previous check-in (0 when it did not)."""
        now = self.status.confidence
        if not self.checked_in or now is None or self.previous_confidence is None:
            return 0
        return max(0, self.previous_confidence - now)

    @property
    def needs_attention(self) -> bool:
        return self.status.health is Band.OFF_TRACK or self.status.behind_pace


@dataclass(frozen=True)
class MeetingSummary:
    board: Board
    meeting: Meeting
    objectives: list[ObjectiveStatus]
    krs: list[KRLine]

    @property
    def updated(self) -> list[KRLine]:
        return [k for k in self.krs if k.updated]

    @property
    def confirmed(self) -> list[KRLine]:
        return [k for k in self.krs if k.confirmed]

    @property
    def missing(self) -> list[KRLine]:
        """Not checked in, and not parked either (those are listed as parked)."""
        return [k for k in self.krs if not k.checked_in and k.parked is None]

    def counts(self) -> str:
        """`3 updated, 2 confirmed unchanged, 1 not checked in, 1 parked`: each KR counted once."""
        waiting = [k for k in self.parked if not k.checked_in]
        return week_counts(len(self.updated), len(self.confirmed), len(self.missing), len(waiting))

    @property
    def parked(self) -> list[KRLine]:
        return [k for k in self.krs if k.parked is not None]

    @property
    def checked_in(self) -> list[KRLine]:
        return [k for k in self.krs if k.checked_in]

    @property
    def avg_confidence(self) -> float | None:
        values = [k.status.confidence for k in self.checked_in if k.status.confidence is not None]
        return sum(values) / len(values) if values else None

    @property
    def avg_change(self) -> float | None:
        """Change of the average confidence against the same KRs' previous check-ins."""
        pairs = [
            (k.status.confidence, k.previous_confidence)
            for k in self.checked_in
            if k.status.confidence is not None and k.previous_confidence is not None
        ]
        if not pairs:
            return None
        return sum(now - before for now, before in pairs) / len(pairs)

    @property
    def drops(self) -> list[KRLine]:
        return [k for k in self.krs if k.drop >= CONFIDENCE_DROP_ALERT]

    @property
    def attention(self) -> list[KRLine]:
        return [k for k in self.krs if k.needs_attention]

    @property
    def resolved(self) -> list[Blocker]:
        """Blockers resolved in the meeting's week (in the meeting, or async before it).

        The store does not record which meeting resolved a blocker, only the week, so this is
        the honest set: the notes call it "resolved this week".
        """
        kr_ids = {k.status.kr.id for k in self.krs}
        return [b for b in self.board.blockers if b.resolved_week == self.meeting.week and b.kr in kr_ids]

    @property
    def action_items(self) -> list[Action]:
        """The actions this meeting raised (from its blockers step)."""
        return raised_in(self.board, self.meeting.id)

    @property
    def spent_seconds(self) -> float:
        return sum(self.meeting.step_seconds.values())

    @property
    def planned_seconds(self) -> float:
        return self.meeting.planned_minutes * 60.0


def summarize(
    board: Board,
    meeting: Meeting,
    today: date,
    *,
    plan: Mapping[str, float],
    kr_order: Sequence[str] | None = None,
) -> MeetingSummary:
    """Summarise `meeting` from a freshly read `board`; `plan` is the base time per step key."""
    objectives = board_status(board, today)
    statuses = {k.kr.id: k for o in objectives for k in o.key_results}
    order = list(kr_order) if kr_order is not None else list(statuses)
    owed_next = set(owed(meeting, board.checkins))
    lines = []
    for kr_id in order:
        status = statuses.get(kr_id)
        if status is None:
            continue
        previous = board.latest_before(kr_id, meeting.week)
        lines.append(
            KRLine(
                status=status,
                checked_in=status.checked_in_this_week,
                previous_confidence=previous.confidence if previous else None,
                planned_seconds=plan.get(kr_id, 0.0),
                spent_seconds=meeting.step_seconds.get(kr_id, 0.0),
                parked=meeting.parked.get(kr_id),
                owed=kr_id in owed_next,
            )
        )
    return MeetingSummary(board=board, meeting=meeting, objectives=objectives, krs=lines)
