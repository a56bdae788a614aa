"""Schema 1 -> 2: the meeting's action items move into an `actions` table, and old stores still read."""

from __future__ import annotations

from datetime import UTC, date, datetime

import orjson
import pytest

from okrtui.core.actions import ActionChange, ActionMove, board_actions, legacy_action_id
from okrtui.core.models import Blocker, Cycle, KeyResult, Meeting, Objective, Team
from okrtui.services.actions import change_actions
from okrtui.store import Store
from okrtui.store.errors import UnreadableFileError
from okrtui.store.schema import SCHEMA_VERSION, version_of
from tests.conftest import snapshot_of

CYCLE = Cycle(id="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31))
TEAM = Team(id="platform", name="Platform", members=["Ana", "Ben"])
ITEMS = [
    {"text": "Ask security for a date", "owner": "Ben", "due": "2026-11-20", "blocker": "bl-1"},
    {"text": "Share the notes", "owner": "", "due": None, "blocker": None},
]


@pytest.fixture
def old_store(store: Store) -> Store:
    """A store whose board file was written by okrtui with schema 1: items inside the meeting."""
    store.save_team(TEAM)
    store.save_cycle(CYCLE)
    store.save(
        CYCLE.id,
        TEAM.id,
        Objective(id="ob-1", cycle=CYCLE.id, team=TEAM.id, title="Boring releases"),
        KeyResult(id="kr-1", objective="ob-1", title="Cut CFR", owner="Ana", baseline=18, target=5),
        Blocker(id="bl-1", kr="kr-1", text="Waiting on review", raised_week="2026-W45"),
        Meeting(
            id="mt-1",
            team=TEAM.id,
            cycle=CYCLE.id,
            week="2026-W46",
            started_at=datetime(2026, 11, 9, tzinfo=UTC),
        ),
    )
    path = store.board_path(CYCLE.id, TEAM.id)
    data = orjson.loads(path.read_bytes())
    assert "actions" not in data
    (row,) = data["meetings"].values()
    row["action_items"] = ITEMS
    data["_meta"] = {"1": {"schema": 1}}
    path.write_bytes(orjson.dumps(data))
    return store


def test_an_old_meetings_items_read_as_open_actions_with_the_same_ids_every_time(old_store: Store) -> None:
    before = snapshot_of(old_store.root)
    boards = [old_store.board(CYCLE, TEAM) for _ in range(2)]
    assert snapshot_of(old_store.root) == before, "reading never rewrites an old file"
    first, second = ([(a.id, a.text, a.kr, a.raised_week, a.meeting) for a in b.actions] for b in boards)
    assert (
        first
        == second
        == [
            (legacy_action_id("mt-1", 0), "Ask security for a date", "kr-1", "2026-W46", "mt-1"),
            (legacy_action_id("mt-1", 1), "Share the notes", None, "2026-W46", "mt-1"),
        ]
    )
    assert boards[0].meetings[0].action_items == []
    assert board_actions(boards[0]) == boards[0].actions, "moved, not shown twice"


def test_the_first_write_stores_the_moved_actions_under_schema_2(old_store: Store) -> None:
    action_id = legacy_action_id("mt-1", 0)
    change_actions(old_store, [ActionChange(action=action_id, move=ActionMove.DONE, week="2026-W47")])
    data = orjson.loads(old_store.board_path(CYCLE.id, TEAM.id).read_bytes())
    assert version_of(data) == SCHEMA_VERSION == 2
    assert [m["action_items"] for m in data["meetings"].values()] == [[]]
    stored = {row["id"]: row["state"] for row in data["actions"].values()}
    assert stored == {action_id: "done", legacy_action_id("mt-1", 1): "open"}


def test_a_damaged_item_is_named_and_the_file_left_alone(old_store: Store) -> None:
    path = old_store.board_path(CYCLE.id, TEAM.id)
    data = orjson.loads(path.read_bytes())
    (row,) = data["meetings"].values()
    row["action_items"] = [{"owner": "Ben"}]
    path.write_bytes(orjson.dumps(data))
    before = snapshot_of(old_store.root)
    with pytest.raises(UnreadableFileError, match=r"platform\.json"):
        old_store.board(CYCLE, TEAM)
    assert snapshot_of(old_store.root) == before
