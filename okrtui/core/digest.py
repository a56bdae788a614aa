"""A team's week in one message: what the people who were not in the room need to hear.

Scores and how they moved since the week before, confidence drops, blockers raised and resolved,
actions raised, done, dropped and late, who did not check in (the away are named as away), and
where the room's private votes on a KR spread widest.

The week is read as it stood: check-ins of later weeks are left out, so last week's digest says
what last week's would have said, today or in a month.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from okrtui.core.actions import board_actions, closed_in
from okrtui.core.away import away_people, working_days
from okrtui.core.board import Board
from okrtui.core.models import Action, ActionState, Away, Blocker, Meeting
from okrtui.core.scoring import CONFIDENCE_DROP_ALERT
from okrtui.core.status import KRStatus, ObjectiveStatus, board_status
from okrtui.core.votes import TALK_SPREAD
from okrtui.core.weeks import shift_week, week_end


@dataclass(frozen=True)
class KRWeek:
    now: KRStatus
    before: KRStatus
    """The same KR as it stood the week before."""

    @property
    def updated(self) -> bool:
        return self.now.checked_in_this_week

    @property
    def score_change(self) -> float | None:
        """How far the score moved since the week before; None when there was nothing to compare."""
        if not self.now.history or not self.before.history:
            return None
        return self.now.score - self.before.score

    @property
    def confidence_drop(self) -> int:
        """How far confidence fell at this week's check-in (0 when it did not, or was not given)."""
        now, before = self.now.confidence, self.before.confidence
        if not self.updated or now is None or before is None:
            return 0
        return max(0, before - now)


@dataclass(frozen=True)
class ObjectiveWeek:
    now: ObjectiveStatus
    before: ObjectiveStatus
    krs: list[KRWeek]

    @property
    def score_change(self) -> float | None:
        if self.now.score is None or self.before.score is None:
            return None
        return self.now.score - self.before.score


@dataclass(frozen=True)
class VoteSpread:
    kr: str
    votes: tuple[int, ...]

    @property
    def low(self) -> int:
        return min(self.votes)

    @property
    def high(self) -> int:
        return max(self.votes)

    @property
    def spread(self) -> int:
        return self.high - self.low


@dataclass(frozen=True)
class TeamDigest:
    board: Board
    week: str
    day: date
    """The day the week is read at: its Sunday, or today while the week is still running."""
    objectives: list[ObjectiveWeek]
    raised: list[Blocker]
    resolved: list[Blocker]
    actions_raised: list[Action]
    actions_done: list[Action]
    actions_dropped: list[Action]
    actions_late: list[Action]
    missing: dict[str, list[KRStatus]]
    """People who did not check in, with the KRs they owe (the away are in `away` instead)."""
    away: dict[str, Away]
    meeting: Meeting | None
    vote_spreads: list[VoteSpread]

    @property
    def krs(self) -> list[KRWeek]:
        return [k for o in self.objectives for k in o.krs]

    @property
    def updated(self) -> list[KRWeek]:
        return [k for k in self.krs if k.updated]

    @property
    def drops(self) -> list[KRWeek]:
        return [k for k in self.krs if k.confidence_drop >= CONFIDENCE_DROP_ALERT]

    @property
    def score(self) -> float | None:
        """The mean of the objectives' scores (those that have one)."""
        return _mean(o.now.score for o in self.objectives)

    @property
    def score_change(self) -> float | None:
        now, before = self.score, _mean(o.before.score for o in self.objectives)
        return None if now is None or before is None else now - before

    @property
    def closed(self) -> str | None:
        return self.board.closed_because()


def as_of(board: Board, week: str) -> Board:
    """The board as it stood at the end of `week`: later check-ins left out."""
    return replace(board, checkins=[c for c in board.checkins if c.week <= week])


def team_digest(board: Board, week: str, today: date, away: Iterable[Away]) -> TeamDigest:
    """The digest of `board` for `week` (see the module's docstring)."""
    day = min(today, week_end(week))
    previous = shift_week(week, -1)
    before = {o.objective.id: o for o in board_status(as_of(board, previous), week_end(previous))}
    objectives = []
    for now in board_status(as_of(board, week), day):
        then = before.get(now.objective.id, now)
        then_krs = {k.kr.id: k for k in then.key_results}
        krs = [KRWeek(k, then_krs.get(k.kr.id, k)) for k in now.key_results]
        objectives.append(ObjectiveWeek(now, then, krs))
    actions = board_actions(board)
    gone = away_people(away, working_days(week))
    missing: dict[str, list[KRStatus]] = {}
    away_now: dict[str, Away] = {}
    for kr in (k.now for o in objectives for k in o.krs if not k.updated):
        period = gone.get(kr.kr.owner.casefold())
        if period is not None:
            away_now.setdefault(kr.kr.owner, period)
        else:
            missing.setdefault(kr.kr.owner, []).append(kr)
    meeting = board.meeting_in(week)
    return TeamDigest(
        board=board,
        week=week,
        day=day,
        objectives=objectives,
        raised=[b for b in board.blockers if b.raised_week == week],
        resolved=[b for b in board.blockers if b.resolved_week == week],
        actions_raised=[a for a in actions if a.raised_week == week],
        actions_done=closed_in(board, week, ActionState.DONE),
        actions_dropped=closed_in(board, week, ActionState.DROPPED),
        actions_late=[a for a in actions if _late_at(a, week, day)],
        missing=dict(sorted(missing.items(), key=lambda item: item[0].casefold())),
        away=away_now,
        meeting=meeting,
        vote_spreads=vote_spreads(meeting_votes(meeting)),
    )


def _late_at(action: Action, week: str, day: date) -> bool:
    """Past its due date on `day` and not closed by the end of `week`."""
    still_open = action.is_open or (action.closed_week is not None and action.closed_week > week)
    return still_open and action.raised_week <= week and action.due is not None and action.due < day


def meeting_votes(meeting: Meeting | None) -> Mapping[str, Mapping[str, int]]:
    """Each participant's private confidence vote per KR, from the meeting record: the latest round
    of each KR (a re-vote after talking replaces the first)."""
    held = sorted(meeting.votes, key=lambda v: v.round) if meeting is not None else []
    return {v.kr: v.votes for v in held}


def vote_spreads(votes: Mapping[str, Mapping[str, int]]) -> list[VoteSpread]:
    """KRs whose votes spread `TALK_SPREAD` or more apart (what the room flagged), widest first."""
    spreads = [VoteSpread(kr, tuple(by_person.values())) for kr, by_person in votes.items() if by_person]
    wide = [s for s in spreads if s.spread >= TALK_SPREAD]
    return sorted(wide, key=lambda s: (-s.spread, s.kr))


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None
