"""The store and core behind the editor: the next cycle and its carry-over, plan edits, team changes."""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.core.models import Cycle, CycleState, Direction, KRKind, Team
from okrtui.core.next_cycle import carry_over, cycle_after, unfinished
from okrtui.core.status import board_status
from okrtui.store import Store, StoreError
from tests.conftest import TODAY, snapshot_of


def platform(store: Store, cycle: str = "2026-Q4"):
    return store.board(store.cycle(cycle), store.team("platform"))


def test_the_next_cycle_is_the_quarter_after_the_newest() -> None:
    q4 = Cycle(id="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31))
    nxt = cycle_after([q4], TODAY)
    assert (nxt.id, nxt.start, nxt.end, nxt.state) == (
        "2027-Q1",
        date(2027, 1, 1),
        date(2027, 3, 31),
        CycleState.PLANNING,
    )
    first = cycle_after([], TODAY)
    assert (first.id, first.state) == ("2026-Q4", CycleState.ACTIVE)


def test_carry_over_starts_each_unfinished_kr_from_where_it_stands(demo_store: Store) -> None:
    board = platform(demo_store)
    nxt = cycle_after(demo_store.cycles(), TODAY)
    taken = demo_store.all_ids()
    before = set(taken)
    carried = carry_over(board, nxt, TODAY, taken)
    statuses = {k.kr.id: k for o in board_status(board, TODAY) for k in o.key_results}
    open_krs = [s for s in statuses.values() if s.score < 1.0]
    assert [k.title for k in carried.key_results] == [s.kr.title for s in open_krs]
    for kr, status in zip(carried.key_results, open_krs, strict=True):
        assert kr.baseline == status.value
        assert (kr.target, kr.owner, kr.unit, kr.direction) == (
            status.kr.target,
            status.kr.owner,
            status.kr.unit,
            status.kr.direction,
        )
        assert kr.due is None
    assert "kr-upt9" not in {s.kr.id for s in open_krs}, "a maintained KR at its threshold is finished"
    assert {o.cycle for o in carried.objectives} == {"2027-Q1"}
    assert {k.objective for k in carried.key_results} == {o.id for o in carried.objectives}
    new_ids = {d.id for d in carried.docs}
    assert not new_ids & before and new_ids <= taken


def test_carry_over_of_a_binary_kr_keeps_it_binary(demo_store: Store) -> None:
    growth = demo_store.board(demo_store.cycle("2026-Q4"), demo_store.team("growth"))
    portal = next(s for s in unfinished(growth, TODAY) if s.kr.kind is KRKind.BINARY)
    carried = carry_over(growth, cycle_after(demo_store.cycles(), TODAY), TODAY, set())
    copy = next(k for k in carried.key_results if k.title == portal.kr.title)
    assert (copy.kind, copy.baseline, copy.target, copy.direction) == (
        KRKind.BINARY,
        0.0,
        1.0,
        Direction.INCREASE,
    )


def test_start_cycle_writes_boards_then_the_cycle_and_refuses_a_taken_id(demo_store: Store) -> None:
    nxt = cycle_after(demo_store.cycles(), TODAY)
    docs = carry_over(platform(demo_store), nxt, TODAY, demo_store.all_ids()).docs
    demo_store.start_cycle(nxt, {"platform": docs})
    assert demo_store.cycle("2027-Q1").state is CycleState.PLANNING
    assert len(platform(demo_store, "2027-Q1").key_results) == 4
    before = snapshot_of(demo_store.root)
    with pytest.raises(StoreError, match="already exists"):
        demo_store.start_cycle(nxt, {"platform": docs})
    assert snapshot_of(demo_store.root) == before


def test_a_plan_change_is_refused_on_a_closed_cycle(demo_store: Store) -> None:
    cycle = demo_store.cycle("2026-Q4")
    demo_store.save_cycle(cycle.model_copy(update={"state": CycleState.CLOSED}))
    before = snapshot_of(demo_store.root)
    kr = platform(demo_store).kr("kr-cfr5")
    with pytest.raises(StoreError, match="closed"):
        demo_store.update("2026-Q4", "platform", lambda _b: [kr.model_copy(update={"title": "Changed"})])
    assert snapshot_of(demo_store.root) == before


def test_team_changes_read_fresh_under_the_lock(demo_store: Store) -> None:
    stale = demo_store.team("platform")
    demo_store.update_team("platform", lambda t: t.model_copy(update={"members": [*t.members, "Eve"]}))
    # A second change made from a stale copy still keeps Eve: the change sees the fresh team.
    demo_store.update_team("platform", lambda t: t.model_copy(update={"members": [*t.members, "Fay"]}))
    assert demo_store.team("platform").members == [*stale.members, "Eve", "Fay"]
    with pytest.raises(StoreError, match="already called"):
        demo_store.update_team("platform", lambda t: t.model_copy(update={"name": "growth"}))
    demo_store.add_team(Team(id="data", name="Data"))
    with pytest.raises(StoreError, match="already exists"):
        demo_store.add_team(Team(id="data-2", name="data"))
    assert [t.id for t in demo_store.teams()] == ["platform", "growth", "data"]
