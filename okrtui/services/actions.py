"""Actions and away periods through the store: each change one locked, revision-checked write.

The rules are `core.actions`' and `core.away`'; this module only finds the record, applies the rule
to the board read fresh under the lock, and writes what changed. `also` rides along in the same
write, as with check-ins: the meeting files an action together with its meeting record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from okrtui.core.actions import (
    ActionChange,
    ActionChanged,
    NewAction,
    board_actions,
    change_action,
    raise_action,
)
from okrtui.core.away import check_new_period
from okrtui.core.errors import RuleError
from okrtui.core.ids import new_id
from okrtui.core.members import person_name
from okrtui.core.models import Action, Away, Record
from okrtui.store import Store
from okrtui.store.errors import NotFoundError
from okrtui.store.repository import StoreView


@dataclass(frozen=True)
class ActionLocation:
    cycle: str
    team: str
    action: Action


def locate_action(view: StoreView, action_id: str) -> ActionLocation:
    """Find an action by id on the boards `StoreView.locate` searches (open cycles, the newest closed)."""
    wanted = action_id.strip().lower()
    teams = view.teams()
    for cycle in view.searched_cycles():
        for team in teams:
            board = view.readable_board(cycle, team)
            if board is None:
                continue
            for action in board_actions(board):
                if action.id == wanted:
                    return ActionLocation(cycle.id, team.id, action)
    raise NotFoundError(view._missing(f"no action {action_id!r}", "see `okrtui actions` for ids"))


def add_action(
    store: Store, cycle_id: str, team_id: str, request: NewAction, *, also: Iterable[Record] = ()
) -> Action:
    """Raise an action on a board (and save `also` in the same write); returns it as stored.

    Retrying the same request does not raise it twice (see `core.actions.raise_action`).
    """
    with store.transaction(f"{store.actor} raised an action: {request.text}") as tx:
        board = tx.open_board(cycle_id, team_id)
        action = raise_action(board, request, new_id=board.id_maker())
        docs = [*([] if action in board_actions(board) else [action]), *also]
        saved = tx.put_on_board(cycle_id, team_id, docs) if docs else []
    return next((doc for doc in saved if isinstance(doc, Action)), action)


def change_actions(
    store: Store, changes: Sequence[ActionChange]
) -> list[tuple[ActionLocation, ActionChanged]]:
    """Apply each change to its action, wherever it is, in one write: all of them or none."""
    moves = ", ".join(f"{c.action} {c.move.value}" for c in changes)
    with store.transaction(f"{store.actor} changed actions: {moves}") as tx:
        results = []
        for change in changes:
            where = locate_action(tx, change.action)
            board = tx.open_board(where.cycle, where.team)
            result = change_action(board, change)
            if result.changed:
                (saved,) = tx.put_on_board(where.cycle, where.team, [result.after])
                assert isinstance(saved, Action)
                result = ActionChanged(result.before, saved)
            results.append((where, result))
    return results


def change_one(
    store: Store, cycle_id: str, team_id: str, change: ActionChange, *, also: Iterable[Record] = ()
) -> ActionChanged:
    """Apply one change on a known board (the meeting knows where it is), `also` in the same write."""
    with store.transaction(f"{store.actor} marked {change.action} {change.move.value}") as tx:
        board = tx.open_board(cycle_id, team_id)
        result = change_action(board, change)
        docs = [*([result.after] if result.changed else []), *also]
        saved = tx.put_on_board(cycle_id, team_id, docs) if docs else []
    stored = next((doc for doc in saved if isinstance(doc, Action)), result.after)
    return ActionChanged(result.before, stored)


# -- away periods ---------------------------------------------------------------------------------


def away_periods(view: StoreView) -> list[Away]:
    return view.records(view.store.workspace_path, "away", Away)


def mark_away(store: Store, person: str, start: date, end: date, note: str = "") -> tuple[Away, bool]:
    """Record `person` away from `start` to `end`; returns the period and whether it is new.

    The person must be a member of a team (spelled as the team spells it); an overlapping period
    of theirs is refused, the very same one is not recorded twice.
    """
    with store.transaction(f"{store.actor} marked {person} away {start} to {end}") as tx:
        name = person_name(tx.teams(), person)
        periods = away_periods(tx)
        taken = {p.id for p in periods}
        period = Away(id=new_id("aw", taken), person=name, start=start, end=end, note=note)
        same = check_new_period(periods, period)
        if same is not None:
            return same, False
        (saved,) = tx.put_workspace([period])
    assert isinstance(saved, Away)
    return saved, True


def cancel_away(store: Store, period_id: str) -> Away:
    with store.transaction(f"{store.actor} cancelled away period {period_id}") as tx:
        wanted = period_id.strip().lower()
        period = next((p for p in away_periods(tx) if p.id == wanted), None)
        if period is None:
            raise RuleError(f"no away period {period_id!r} (see `okrtui away` for ids)")
        tx.remove(store.workspace_path, "away", {period.id})
    return period
