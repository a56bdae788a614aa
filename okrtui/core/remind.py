"""Who owes what this week: the KRs nobody has checked in on and the actions falling due, by person.

What keeps check-ins alive between meetings is a nudge to the right people, and only to them: a
KR's owner until it is checked in this week, an action's owner when it is due by Sunday or late.
People away today are named as away, never nagged. A board a retro or a closed cycle has closed
owes nothing, and the reminder says why rather than going quiet. `stale_weeks` also names the KRs
nobody has checked in on for that long, with the objective's owner to take it up with.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from okrtui.core.actions import NO_OWNER, due_by, is_overdue, open_actions
from okrtui.core.away import away_period
from okrtui.core.board import Board
from okrtui.core.models import Action, Away, CycleState, Team
from okrtui.core.status import KRStatus, board_status
from okrtui.core.weeks import shift_week, week_end, week_of, weeks_apart


@dataclass(frozen=True)
class DueAction:
    action: Action
    team: Team
    overdue: bool


@dataclass
class Owed:
    """Everything one person owes this week."""

    person: str
    checkins: list[KRStatus] = field(default_factory=list)
    """Their KRs not checked in this week."""
    actions: list[DueAction] = field(default_factory=list)
    """Their open actions due by the end of the week, or late."""


@dataclass(frozen=True)
class Excused:
    """Someone who would owe something but is away today."""

    person: str
    period: Away
    owed: Owed


@dataclass(frozen=True)
class StaleKR:
    status: KRStatus
    weeks: int
    """Weeks since its last check-in (or since the cycle's first week, when it never had one)."""
    owner_away: Away | None

    @property
    def objective_owner(self) -> str:
        return self.status.objective.owner


@dataclass(frozen=True)
class Reminders:
    today: date
    owed: list[Owed]
    excused: list[Excused]
    stale: list[StaleKR]
    quiet: dict[str, str]
    """Teams that owe nothing this week because of their board (closed, still being planned), with why."""

    @property
    def week(self) -> str:
        return week_of(self.today)

    def people(self) -> list[str]:
        return [o.person for o in self.owed]


def reminders(
    boards: Iterable[Board], today: date, away: Iterable[Away], *, stale_weeks: int | None = None
) -> Reminders:
    """What everyone on `boards` owes in the week of `today` (see the module's docstring)."""
    periods = list(away)
    week = week_of(today)
    owed: dict[str, Owed] = {}
    stale: list[StaleKR] = []
    quiet: dict[str, str] = {}
    for board in boards:
        why = _quiet(board, today)
        if why:
            quiet[board.team.name] = why
            continue
        statuses = [k for o in board_status(board, today) for k in o.key_results]
        for status in statuses:
            if not status.checked_in_this_week:
                _owed(owed, status.kr.owner).checkins.append(status)
        for action in due_by(open_actions(board), week_end(week)):
            due = DueAction(action, board.team, is_overdue(action, today))
            _owed(owed, action.owner or NO_OWNER).actions.append(due)
        if stale_weeks is not None:
            stale += _stale(board, statuses, week, stale_weeks, periods, today)
    present, excused = [], []
    for key in sorted(owed):
        period = away_period(periods, owed[key].person, [today])
        if period is None:
            present.append(owed[key])
        else:
            excused.append(Excused(owed[key].person, period, owed[key]))
    stale.sort(key=lambda s: (-s.weeks, s.status.kr.id))
    return Reminders(today, present, excused, stale, quiet)


def _owed(owed: dict[str, Owed], person: str) -> Owed:
    return owed.setdefault(person.casefold(), Owed(person))


def _quiet(board: Board, today: date) -> str | None:
    closed = board.closed_because()
    if closed:
        return closed
    cycle = board.cycle
    if cycle.state is CycleState.PLANNING:
        return f"cycle {cycle.id} is still being planned"
    if today < cycle.start:  # its weeks have not come: a check-in now would be refused
        return f"cycle {cycle.id} starts {cycle.start.isoformat()}: no check-ins are due before then"
    if today > cycle.end:
        return f"cycle {cycle.id} ended {cycle.end.isoformat()}: no check-ins are due (its retro closes it)"
    return None


def _stale(
    board: Board, statuses: list[KRStatus], week: str, weeks: int, periods: list[Away], today: date
) -> list[StaleKR]:
    first = week_of(board.cycle.start)
    found = []
    for status in statuses:
        last = status.last_week or shift_week(first, -1)
        gap = weeks_apart(last, week)
        if gap >= weeks:
            found.append(StaleKR(status, gap, away_period(periods, status.kr.owner, [today])))
    return found
