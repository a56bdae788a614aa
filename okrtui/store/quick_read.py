"""The light read path: each file of a cycle parsed once with orjson into read rows (see
`core.read_models`), for `okrtui status`. No lock (files are only ever replaced whole), no pydantic,
no TinyDB; an unreadable or newer file is refused with the same sentence as the typed store's."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from okrtui.core.glance import BoardRows, Glance, glance, narrow, owners
from okrtui.core.read_models import (
    BadRowError,
    Parser,
    Row,
    T,
    action_row,
    blocker_row,
    checkin_rows,
    cycle_row,
    kr_row,
    meeting_votes,
    objective_row,
    retro_closed,
    team_row,
)
from okrtui.core.sync_count import count_rows
from okrtui.core.votes import last_votes
from okrtui.store.errors import NotFoundError, StoreError, UnreadableFileError, skipped_warning
from okrtui.store.files import read_json
from okrtui.store.lookup import current_cycle, find_cycle, find_team

WORKSPACE = "workspace.json"


def rows(path: Path, data: dict[str, Any] | None, table: str, parse: Parser[T]) -> list[T]:
    """A table's rows in row order, each read by `parse`; a bad one makes the file unreadable."""
    return every_row(path, data, table, lambda found: [parse(row) for row in found])


def every_row(
    path: Path, data: dict[str, Any] | None, table: str, parse: Callable[[list[Row]], list[T]]
) -> list[T]:
    """A table's rows in row order, read all at once by `parse` (see `checkin_rows`)."""
    found = (data or {}).get(table, {})
    try:
        return parse([found[key] for key in sorted(found, key=int)])
    except BadRowError as error:
        raise UnreadableFileError(path, f"a {table} record is invalid: {error}") from None


def board_path(root: Path, cycle_id: str, team_id: str) -> Path:
    return root.joinpath("cycles", cycle_id, f"{team_id}.json")  # one parse, not three


def read_board(root: Path, cycle_id: str, team: Any) -> BoardRows:
    path = board_path(root, cycle_id, team.id)
    data = read_json(path, root)
    retros = (data or {}).get("retros", {})
    last_retro = retros[max(retros, key=int)] if retros else None
    try:
        closed = last_retro is not None and retro_closed(last_retro)
    except BadRowError as error:
        raise UnreadableFileError(path, f"a retros record is invalid: {error}") from None
    objectives = rows(path, data, "objectives", objective_row)
    live = {o.id for o in objectives if not o.archived}
    drafts = [d for d in (data or {}).get("drafts", {}).values() if isinstance(d, dict)]
    return BoardRows(
        team=team,
        objectives=objectives,
        key_results=rows(path, data, "key_results", kr_row),
        checkins=every_row(path, data, "checkins", checkin_rows),
        blockers=rows(path, data, "blockers", blocker_row),
        drafts=sum(1 for d in drafts if d.get("objective") in live and not d.get("archived")),  # open_drafts
        retro_closed=closed,
        votes=last_votes([v for held in rows(path, data, "meetings", meeting_votes) for v in held]),
        sync=count_rows(data),
        actions=rows(path, data, "actions", action_row),
    )


def read_glance(
    root: Path,
    today: date,
    *,
    team: str | None = None,
    cycle: str | None = None,
    owner: str | None = None,
    skipped: list[str] | None = None,
) -> Glance:
    """What `status` shows: one cycle (default: the current one), optionally one team or owner,
    with the same choices and refusals as `report.snapshot.take_snapshot`."""
    workspace = root / WORKSPACE
    data = read_json(workspace, root)
    teams = rows(workspace, data, "teams", team_row)
    cycles = sorted(rows(workspace, data, "cycles", cycle_row), key=lambda c: c.start)
    chosen_team = find_team(teams, team) if team else None
    chosen_cycle = find_cycle(cycles, cycle) if cycle else current_cycle(cycles, today)
    if chosen_cycle is None:
        return Glance(today, None, [], 0, {}, {}, {})
    if chosen_team is not None:
        boards: Sequence[BoardRows] = [read_board(root, chosen_cycle.id, chosen_team)]
    else:
        boards = [b for t in teams if (b := _readable(root, chosen_cycle.id, t, skipped)) is not None]
    everything = glance(chosen_cycle, boards, today, count_rows(data))
    if not owner:
        return everything
    chosen = narrow(everything, owner)
    if everything.objectives and not chosen.objectives:
        names = ", ".join(owners(everything))
        raise NotFoundError(f"no key results owned by {owner!r} in {chosen_cycle.id} (owners: {names})")
    return chosen


def _readable(root: Path, cycle_id: str, team: Any, skipped: list[str] | None) -> BoardRows | None:
    """A board of the whole store's status, or None with why in `skipped`: as `StoreView.boards`,
    one team's damaged file never keeps the others from being seen."""
    try:
        return read_board(root, cycle_id, team)
    except StoreError as error:
        if skipped is not None:
            skipped.append(skipped_warning(error))
        return None


def store_exists(root: Path) -> bool:
    """Whether `root` holds a store (its workspace file), as `Store.exists` says it."""
    try:
        return (root / WORKSPACE).exists()
    except PermissionError:
        raise StoreError(f"cannot read {root}: permission denied") from None
