"""The demo is the first thing a new user sees: it must show every kind of KR and every status."""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.core.board import Board
from okrtui.core.models import Direction, KRKind, MeetingState
from okrtui.core.scoring import Band
from okrtui.core.status import board_status
from okrtui.core.weeks import shift_week, week_of
from okrtui.services.demo import build_boards, write_demo
from okrtui.store import Store
from okrtui.store.repository import BOARD_TABLES
from tests.conftest import TODAY, snapshot_of
from tests.support import unstamped

DATES = [TODAY, date(2027, 1, 6), date(2026, 3, 31), date(2026, 12, 31), date(2030, 7, 1)]
"""The pinned day, a quarter's first week, a quarter's last day, a year's end, a far future."""


@pytest.fixture(params=DATES, ids=str)
def boards(request: pytest.FixtureRequest) -> tuple[date, list[Board]]:
    return request.param, build_boards(request.param)


def test_two_teams_with_two_or_three_objectives_of_two_to_four_owned_krs(boards) -> None:
    _, built = boards
    assert len(built) >= 2
    for board in built:
        assert 2 <= len(board.live_objectives()) <= 3
        for objective in board.live_objectives():
            krs = board.krs_of(objective.id)
            assert 2 <= len(krs) <= 4
            assert all(kr.owner.strip() for kr in krs)


def test_every_kind_of_key_result_is_on_show(boards) -> None:
    _, built = boards
    krs = [kr for board in built for kr in board.key_results]
    directions = {kr.direction for kr in krs}
    assert {Direction.INCREASE, Direction.DECREASE} <= directions
    assert directions & {Direction.MAINTAIN_ABOVE, Direction.MAINTAIN_BELOW}
    assert KRKind.BINARY in {kr.kind for kr in krs}


def test_eight_weeks_of_history_up_to_this_week(boards) -> None:
    today, built = boards
    this_week = week_of(today)
    for board in built:
        assert board.cycle.contains(today)
        for kr in board.live_key_results():
            weeks = [c.week for c in board.checkins_of(kr.id)]
            assert len(weeks) >= 8, kr.id
            assert weeks[-1] in (this_week, shift_week(this_week, -1)), kr.id
            assert len(set(weeks)) == len(weeks)
    latest = max(c.week for board in built for c in board.checkins)
    assert latest == this_week
    assert len({c.confidence for board in built for c in board.checkins}) >= 4


def test_open_and_resolved_blockers_and_a_past_meeting(boards) -> None:
    today, built = boards
    blockers = [b for board in built for b in board.blockers]
    assert any(b.is_open for b in blockers) and any(not b.is_open for b in blockers)
    meetings = [m for board in built for m in board.meetings]
    assert any(m.state is MeetingState.FINISHED and m.week < week_of(today) for m in meetings)


def test_every_status_shows(boards) -> None:
    today, built = boards
    statuses = [k for board in built for o in board_status(board, today) for k in o.key_results]
    assert {k.score_band for k in statuses} == set(Band)
    assert {k.health for k in statuses} == set(Band)
    assert not all(k.checked_in_this_week for k in statuses), "some KRs must be due"
    assert any(k.checked_in_this_week for k in statuses)


def test_ids_are_unique_across_the_demo(boards) -> None:
    _, built = boards
    ids = [i for board in built for i in board.ids()]
    assert len(ids) == len(set(ids))


def test_the_demo_is_the_same_every_time() -> None:
    assert build_boards(TODAY) == build_boards(TODAY)


def test_write_demo_fills_an_empty_store_only(store: Store) -> None:
    assert write_demo(store, TODAY)
    for built in build_boards(TODAY):
        written = store.board(built.cycle, built.team)
        for table in BOARD_TABLES:
            assert unstamped(getattr(written, table)) == unstamped(getattr(built, table)), table
    before = snapshot_of(store.root)
    assert not write_demo(store, TODAY)
    assert snapshot_of(store.root) == before
