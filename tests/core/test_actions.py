"""Action items with a life: open until done or dropped, late when past due, not ticked over newer work."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from okrtui.core.actions import (
    ActionChange,
    ActionConflictError,
    ActionMove,
    NewAction,
    board_actions,
    by_owner,
    change_action,
    due_by,
    find_action,
    is_overdue,
    legacy_action_id,
    open_actions,
    raise_action,
    raised_in,
    to_review,
)
from okrtui.core.board import Board
from okrtui.core.errors import RuleError
from okrtui.core.models import (
    Action,
    ActionItem,
    ActionState,
    Blocker,
    Cycle,
    CycleState,
    KeyResult,
    Meeting,
    Objective,
    Team,
)

CYCLE = Cycle(id="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31))
TEAM = Team(id="platform", name="Platform", members=["Ana", "Ben"])
STARTED = datetime(2026, 11, 9, 10, tzinfo=UTC)


def board(*actions: Action, meetings: tuple[Meeting, ...] = (), cycle: Cycle = CYCLE) -> Board:
    return Board(
        cycle=cycle,
        team=TEAM,
        objectives=[Objective(id="ob-1", cycle=cycle.id, team=TEAM.id, title="Boring releases")],
        key_results=[
            KeyResult(id="kr-1", objective="ob-1", title="Cut CFR", owner="Ana", baseline=18, target=5)
        ],
        blockers=[Blocker(id="bl-1", kr="kr-1", text="Waiting on review", raised_week="2026-W45")],
        meetings=list(meetings),
        actions=list(actions),
    )


def action(**changes: object) -> Action:
    fields: dict[str, object] = {
        "id": "ac-1",
        "text": "Ask for a date",
        "owner": "Ben",
        "raised_week": "2026-W46",
    }
    fields.update(changes)
    return Action.model_validate(fields)


def ids(actions: list[Action]) -> list[str]:
    return [a.id for a in actions]


def test_an_action_raised_last_week_is_open_this_week_until_done() -> None:
    raised = raise_action(
        board(),
        NewAction(text="Ask security", owner="ben", blocker="bl-1", week="2026-W46", meeting="mt-1"),
        new_id=lambda prefix: f"{prefix}-new1",
    )
    assert (raised.owner, raised.kr, raised.state) == ("Ben", "kr-1", ActionState.OPEN)
    assert ids(to_review(board(raised), "2026-W47")) == ["ac-new1"]
    assert to_review(board(raised), "2026-W46") == [], "a meeting does not review what it just raised"
    done = change_action(board(raised), ActionChange(action="ac-new1", move=ActionMove.DONE, week="2026-W47"))
    assert done.changed and done.after.closed_week == "2026-W47"
    assert open_actions(board(done.after)) == []


def test_raising_the_same_action_twice_returns_the_first() -> None:
    first = action(meeting="mt-1")
    again = NewAction(text="ask for a DATE", owner="Ben", week="2026-W46", meeting="mt-1")
    assert raise_action(board(first), again, new_id=lambda prefix: "ac-other") is first


@pytest.mark.parametrize(
    ("request_fields", "mentions"),
    [
        ({"owner": "Nobody"}, "'Nobody' is not a member of Platform (members: Ana, Ben)"),
        ({"blocker": "bl-x"}, "no blocker 'bl-x'"),
        ({"kr": "kr-x"}, "no key result 'kr-x'"),
    ],
)
def test_an_action_needs_a_member_owner_and_a_real_origin(
    request_fields: dict[str, str], mentions: str
) -> None:
    request = NewAction.model_validate({"text": "Do it", "week": "2026-W47", **request_fields})
    with pytest.raises(RuleError, match=re.escape(mentions)):
        raise_action(board(), request, new_id=lambda prefix: "ac-x")


def test_a_closed_board_takes_no_new_or_changed_actions() -> None:
    closed = board(action(), cycle=CYCLE.model_copy(update={"state": CycleState.CLOSED}))
    with pytest.raises(RuleError, match="cycle 2026-Q4 is closed"):
        raise_action(closed, NewAction(text="Late", week="2026-W47"), new_id=lambda prefix: "ac-x")
    with pytest.raises(RuleError, match="cycle 2026-Q4 is closed"):
        change_action(closed, ActionChange(action="ac-1", move=ActionMove.DONE, week="2026-W47"))


def test_done_twice_changes_nothing_and_done_cannot_be_dropped() -> None:
    done = action(state="done", closed_week="2026-W47")
    again = change_action(board(done), ActionChange(action="ac-1", move=ActionMove.DONE, week="2026-W48"))
    assert not again.changed and again.after.closed_week == "2026-W47"
    drop = ActionChange(action="ac-1", move=ActionMove.DROP, week="2026-W48", reason="moot")
    with pytest.raises(RuleError, match="was done in 2026-W47"):
        change_action(board(done), drop)


def test_dropping_needs_a_reason_and_keeps_it() -> None:
    with pytest.raises(RuleError, match="say why"):
        change_action(board(action()), ActionChange(action="ac-1", move=ActionMove.DROP, week="2026-W47"))
    drop = ActionChange(action="ac-1", move=ActionMove.DROP, week="2026-W47", reason="Security said no")
    dropped = change_action(board(action()), drop).after
    assert (dropped.state, dropped.reason) == (ActionState.DROPPED, "Security said no")
    with pytest.raises(RuleError, match="dropped in 2026-W47"):
        change_action(board(dropped), ActionChange(action="ac-1", move=ActionMove.DONE, week="2026-W47"))
    reopened = change_action(
        board(dropped), ActionChange(action="ac-1", move=ActionMove.REOPEN, week="2026-W48")
    )
    assert reopened.after.is_open and reopened.after.reason == ""


def test_carrying_over_records_the_week_once_and_may_move_the_due_date() -> None:
    carry = ActionChange(action="ac-1", move=ActionMove.CARRY, week="2026-W47", due=date(2026, 11, 27))
    carried = change_action(board(action(due=date(2026, 11, 20))), carry).after
    assert (carried.carried, carried.due) == (["2026-W47"], date(2026, 11, 27))
    assert change_action(board(carried), carry).changed is False


def test_a_change_based_on_an_older_look_is_refused() -> None:
    theirs = action(rev=3, changed_by="Ana")
    stale = ActionChange(action="ac-1", move=ActionMove.DONE, week="2026-W47", based_on=2)
    with pytest.raises(ActionConflictError, match="Ana changed ac-1 after you looked"):
        change_action(board(theirs), stale)
    fresh = stale.model_copy(update={"based_on": 3})
    assert change_action(board(theirs), fresh).changed


def test_overdue_is_past_the_due_date_and_still_open() -> None:
    today = date(2026, 11, 18)
    assert is_overdue(action(due=date(2026, 11, 17)), today)
    assert not is_overdue(action(due=today), today), "due today is not late yet"
    assert not is_overdue(action(due=date(2026, 11, 1), state="done", closed_week="2026-W46"), today)
    assert not is_overdue(action(), today), "no due date, never late"


def test_due_this_week_and_grouped_by_owner_earliest_first() -> None:
    actions = [
        action(id="ac-1", owner="ben", due=date(2026, 11, 20)),
        action(id="ac-2", owner="Ben", due=date(2026, 11, 10)),
        action(id="ac-3", owner="", due=None),
        action(id="ac-4", owner="Ana", due=date(2026, 12, 1)),
    ]
    assert ids(due_by(actions, date(2026, 11, 22))) == ["ac-1", "ac-2"]
    grouped = by_owner(actions)
    assert list(grouped) == ["Ana", "ben", "no owner"]
    assert ids(grouped["ben"]) == ["ac-2", "ac-1"]


def test_items_an_old_meeting_record_holds_read_as_actions_with_stable_ids() -> None:
    meeting = Meeting(
        id="mt-old",
        team=TEAM.id,
        cycle=CYCLE.id,
        week="2026-W46",
        started_at=STARTED,
        action_items=[ActionItem(text="Ask security", owner="Ben", blocker="bl-1")],
    )
    held = board_actions(board(meetings=(meeting,)))
    assert [(a.id, a.kr, a.raised_week, a.meeting) for a in held] == [
        (legacy_action_id("mt-old", 0), "kr-1", "2026-W46", "mt-old")
    ]
    assert ids(raised_in(board(meetings=(meeting,)), "mt-old")) == ids(held)
    done = change_action(
        board(meetings=(meeting,)), ActionChange(action=held[0].id, move=ActionMove.DONE, week="2026-W47")
    ).after
    after = board(done, meetings=(meeting,))
    assert board_actions(after) == [done], "the stored action replaces the item it came from"
    assert find_action(after, held[0].id.upper()) == done
