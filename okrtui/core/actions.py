"""Action items with a life: raised in a meeting, walked at the next one, done, carried over or dropped.

Everything that shows actions (the meeting's opening, the dashboard, `okrtui actions`, `remind`,
the digest) reads them through `board_actions` and the filters below. Every change is an
`ActionChange` that `change_action` applies to the board as it is under the store's lock, like
`core.checkin.file_checkin` files a check-in: a change based on an older look at the action than
the one in the store is refused rather than applied over someone else's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field

from okrtui.core.board import Board
from okrtui.core.errors import RuleError
from okrtui.core.ids import derived_id
from okrtui.core.members import member_name
from okrtui.core.models import Action, ActionState, Id, Meeting, Model, Week
from okrtui.core.overdue import is_overdue as is_overdue
from okrtui.core.text import ActionText, Note, Person

# -- reading ---------------------------------------------------------------------------------------


def legacy_action_id(meeting_id: str, index: int) -> str:
    """The id of the `index`th action item a meeting record holds (schema 1): the same on every read,
    so the id `okrtui actions` shows is the id `--done` finds, before and after the migration."""
    return derived_id("ac", f"{meeting_id}/{index}")


def from_meeting(meeting: Meeting, kr_of_blocker: dict[str, str]) -> list[Action]:
    """The action items a meeting record still holds, as open actions raised in its week."""
    return [
        Action(
            id=legacy_action_id(meeting.id, index),
            text=item.text,
            owner=item.owner,
            due=item.due,
            blocker=item.blocker,
            kr=kr_of_blocker.get(item.blocker) if item.blocker else None,
            raised_week=meeting.week,
            meeting=meeting.id,
        )
        for index, item in enumerate(meeting.action_items)
    ]


def board_actions(board: Board) -> list[Action]:
    """Every action on the board, oldest week first: the `actions` table, and the items a meeting
    record written by an older okrtui still holds (the stored action of the same id wins)."""
    stored = {a.id for a in board.actions}
    kr_of_blocker = {b.id: b.kr for b in board.blockers}
    held = [
        a for meeting in board.meetings for a in from_meeting(meeting, kr_of_blocker) if a.id not in stored
    ]
    return sorted([*board.actions, *held], key=lambda a: a.raised_week)


def find_action(board: Board, action_id: str) -> Action | None:
    wanted = action_id.strip().lower()
    return next((a for a in board_actions(board) if a.id == wanted), None)


def open_actions(board: Board, week: str | None = None) -> list[Action]:
    """The actions not yet done or dropped (raised in or before `week`, when given)."""
    return [a for a in board_actions(board) if a.is_open and (week is None or a.raised_week <= week)]


def to_review(board: Board, week: str) -> list[Action]:
    """What a meeting in `week` opens with: the actions still open from earlier weeks."""
    return [a for a in open_actions(board) if a.raised_week < week]


def raised_in(board: Board, meeting_id: str) -> list[Action]:
    """The actions a meeting raised (its summary and notes list them)."""
    return [a for a in board_actions(board) if a.meeting == meeting_id]


def closed_in(board: Board, week: str, state: ActionState) -> list[Action]:
    """The actions done (or dropped) in `week`."""
    return [a for a in board_actions(board) if a.state is state and a.closed_week == week]


def overdue(actions: Iterable[Action], today: date) -> list[Action]:
    return [a for a in actions if is_overdue(a, today)]


def due_by(actions: Iterable[Action], day: date) -> list[Action]:
    """Open actions due on or before `day` (what a reminder for the week names)."""
    return [a for a in actions if a.is_open and a.due is not None and a.due <= day]


NO_OWNER = "no owner"


def by_owner(actions: Iterable[Action]) -> dict[str, list[Action]]:
    """Actions grouped by owner (one group per person whatever the case typed), owners sorted,
    the unowned last; within a group, the earliest due first and undated ones after."""
    groups: dict[str, list[Action]] = {}
    spelled: dict[str, str] = {}
    for action in actions:
        key = action.owner.casefold()
        spelled.setdefault(key, action.owner or NO_OWNER)
        groups.setdefault(key, []).append(action)
    order = sorted(groups, key=lambda key: (key == "", key))
    return {
        spelled[key]: sorted(groups[key], key=lambda a: (a.due is None, a.due or date.min)) for key in order
    }


# -- raising ---------------------------------------------------------------------------------------


class NewAction(Model):
    """An action someone agreed to: what, who, by when, and where it came from."""

    model_config = ConfigDict(frozen=True)

    text: ActionText
    owner: Person = ""
    due: date | None = None
    blocker: Id | None = None
    """The blocker it should clear (its KR is taken from the blocker)."""
    kr: Id | None = None
    week: Week
    meeting: Id | None = None


def raise_action(board: Board, request: NewAction, *, new_id: Callable[[str], str]) -> Action:
    """The action `request` asks for on `board` (read fresh, under the lock); RuleError to refuse.

    The owner must be a member of the team (spelled as the team spells it). Retrying the same
    request returns the action it made the first time instead of raising it twice.
    """
    _refuse_closed(board)
    owner = member_name(board.team, request.owner) if request.owner else ""
    kr = request.kr
    if request.blocker is not None:
        blocker = next((b for b in board.blockers if b.id == request.blocker), None)
        if blocker is None:
            raise RuleError(f"no blocker {request.blocker!r} on {board.team.name}'s {board.cycle.id} board")
        kr = blocker.kr
    if kr is not None and board.kr(kr) is None:
        raise RuleError(f"no key result {kr!r} on {board.team.name}'s {board.cycle.id} board")
    for known in board_actions(board):
        same = (known.text.casefold(), known.owner, known.raised_week, known.meeting)
        if same == (request.text.casefold(), owner, request.week, request.meeting):
            return known
    return Action(
        id=new_id("ac"),
        text=request.text,
        owner=owner,
        due=request.due,
        blocker=request.blocker,
        kr=kr,
        raised_week=request.week,
        meeting=request.meeting,
    )


# -- changing --------------------------------------------------------------------------------------


class ActionMove(StrEnum):
    DONE = "done"
    CARRY = "carry"
    """Still open, looked at again this week (optionally with a new due date)."""
    DROP = "drop"
    REOPEN = "reopen"


class ActionChange(Model):
    """What someone decided about one action, and which version of it they saw."""

    model_config = ConfigDict(frozen=True)

    action: Id
    move: ActionMove
    week: Week
    reason: Note = ""
    """Why it is dropped (required for DROP)."""
    due: date | None = None
    """A new due date when carrying it over (None keeps the old one)."""
    based_on: Annotated[int, Field(ge=0)] | None = None
    """The `rev` of the action the writer saw; None: whatever is there now (the CLI reads it fresh)."""


@dataclass(frozen=True)
class ActionChanged:
    before: Action
    after: Action

    @property
    def changed(self) -> bool:
        return self.before != self.after


class ActionConflictError(RuleError):
    """Someone changed the action after the writer looked: `theirs` is what is there now."""

    def __init__(self, change: ActionChange, theirs: Action) -> None:
        who = theirs.changed_by or "someone"
        super().__init__(f"{who} changed {theirs.id} after you looked (it is {theirs.state.value} now)")
        self.change = change
        self.theirs = theirs


def change_action(board: Board, change: ActionChange) -> ActionChanged:
    """Apply `change` to the action on `board` (read fresh, under the lock); RuleError to refuse.

    Doing what is already done changes nothing (ticking twice is safe to retry). An action that is
    done cannot be dropped and a dropped one cannot be done without reopening it first: the record
    keeps saying what really happened.
    """
    _refuse_closed(board)
    current = find_action(board, change.action)
    if current is None:
        raise RuleError(f"no action {change.action!r} on {board.team.name}'s {board.cycle.id} board")
    after = _moved(current, change)
    result = ActionChanged(current, after)
    if result.changed and change.based_on is not None and change.based_on != current.rev:
        raise ActionConflictError(change, current)
    return result


def _moved(action: Action, change: ActionChange) -> Action:
    move, week = change.move, change.week
    closed = f"{action.id} was {action.state.value} in {action.closed_week}"
    if move is ActionMove.REOPEN:
        update: dict[str, object] = {"state": ActionState.OPEN, "closed_week": None, "reason": ""}
        return action if action.is_open else action.model_copy(update=update)
    if move is ActionMove.DONE:
        if action.state is ActionState.DROPPED:
            raise RuleError(f"{closed} ({action.reason}); it cannot be done now")
        done = {"state": ActionState.DONE, "closed_week": week}
        return action if action.state is ActionState.DONE else action.model_copy(update=done)
    if move is ActionMove.DROP:
        if not change.reason:
            raise RuleError(f"say why {action.id} is dropped (a reason)")
        if action.state is ActionState.DONE:
            raise RuleError(f"{closed}; it cannot be dropped now")
        dropped = {"state": ActionState.DROPPED, "closed_week": week, "reason": change.reason}
        return action if action.state is ActionState.DROPPED else action.model_copy(update=dropped)
    if not action.is_open:
        raise RuleError(f"{closed}; there is nothing to carry over")
    carried = action.carried if week in action.carried else [*action.carried, week]
    return action.model_copy(update={"carried": carried, "due": change.due or action.due})


def _refuse_closed(board: Board) -> None:
    closed = board.closed_because()
    if closed:
        raise RuleError(f"{closed}; its actions can no longer change")
