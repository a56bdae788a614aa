"""The meeting agenda: steps, the time budget, re-planning after an overrun, risk order, resume."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.core.agenda import (
    BLOCKERS,
    MIN_KR_SECONDS,
    OPENING,
    SUMMARY,
    Agenda,
    ClockState,
    StepKind,
    build_steps,
    clock_state,
    mmss,
    order_by_risk,
)
from okrtui.core.status import board_status
from okrtui.store import Store
from tests.conftest import TODAY

KRS = ["kr-a", "kr-b", "kr-c", "kr-d", "kr-e"]


def agenda(minutes: int = 15, krs: list[str] = KRS) -> Agenda:
    return Agenda(build_steps(krs), minutes * 60.0)


def test_steps_run_opening_krs_blockers_summary() -> None:
    steps = build_steps(KRS)
    assert [s.key for s in steps] == [OPENING, *KRS, BLOCKERS, SUMMARY]
    assert [s.kind for s in steps][:2] == [StepKind.OPENING, StepKind.KR]


def test_plan_fills_the_timebox_with_short_opening_and_wrap_up() -> None:
    plan = agenda().base_plan()
    assert sum(plan.values()) == pytest.approx(900)
    assert plan[OPENING] < plan["kr-a"] and plan[SUMMARY] < plan["kr-a"]
    assert len({plan[k] for k in KRS}) == 1


def test_an_overrunning_step_shrinks_the_later_kr_steps_so_the_meeting_ends_on_time() -> None:
    a = agenda()
    a.leave(0, a.base_plan()[OPENING])
    before = a.budgets(1, 0)
    after = a.budgets(1, before["kr-a"] + 120)  # kr-a runs two minutes over
    assert after["kr-a"] == before["kr-a"]  # the running step's countdown does not jump
    assert after["kr-b"] == pytest.approx(before["kr-b"] - 30)  # 120 s shared by 4 later KRs
    assert after[BLOCKERS] == before[BLOCKERS]
    total = sum(v for k, v in after.items() if k != "kr-a") + before["kr-a"] + 120
    assert total == pytest.approx(900)


def test_time_saved_on_a_step_goes_to_the_later_krs() -> None:
    a = agenda()
    a.leave(0, 10)
    assert a.budgets(1)["kr-a"] > a.base_plan()["kr-a"]


def test_a_kr_never_gets_less_than_the_floor_and_the_meeting_clock_goes_negative() -> None:
    a = agenda(minutes=5)
    a.leave(0, 600)
    budgets = a.budgets(1)
    assert all(budgets[k] == MIN_KR_SECONDS for k in KRS)
    assert a.meeting_left(1, 5) == pytest.approx(-305)
    assert clock_state(a.meeting_left(1, 5)) is ClockState.OVER


def test_step_countdown_counts_earlier_visits_of_the_same_step() -> None:
    a = agenda()
    a.leave(0, 60)
    a.leave(1, 50)
    a.leave(2, 10)  # went on, then came back with PageUp
    assert a.step_left(1, 5) == pytest.approx(a.budgets(1)["kr-a"] - 55)


@given(
    minutes=st.integers(5, 120),
    count=st.integers(1, 20),
    spent=st.lists(st.floats(0, 600), min_size=1, max_size=10),
)
def test_budgets_are_never_negative_and_the_plan_adds_up(
    minutes: int, count: int, spent: list[float]
) -> None:
    a = agenda(minutes, [f"kr-{i}" for i in range(count)])
    for position, seconds in enumerate(spent[: len(a.steps) - 1]):
        a.leave(position, seconds)
    position = min(len(spent), len(a.steps) - 1)
    budgets = a.budgets(position, 30)
    assert all(v >= 0 for v in budgets.values())
    assert set(budgets) == {s.key for s in a.steps}


def test_clock_warns_before_the_end_and_when_over() -> None:
    assert clock_state(90) is ClockState.RUNNING
    assert clock_state(15) is ClockState.ENDING
    assert clock_state(-1) is ClockState.OVER
    assert {s.symbol for s in ClockState} and ClockState.OVER.symbol == "✖"


@pytest.mark.parametrize(("seconds", "text"), [(125, "2:05"), (0.2, "0:01"), (0, "0:00"), (-20.5, "-0:20")])
def test_mmss(seconds: float, text: str) -> None:
    assert mmss(seconds) == text


def test_resume_goes_to_the_first_unanswered_kr_else_to_blockers() -> None:
    a = agenda()
    assert a.resume_position({"opening", "kr-a", "kr-b"}) == 3
    assert a.resume_position({"kr-a", "kr-c"}) == 2
    assert a.resume_position(set(KRS)) == a.index_of(BLOCKERS)


def test_risk_order_puts_low_confidence_drops_and_stale_first(demo_store: Store) -> None:
    cycle = demo_store.current_cycle(TODAY)
    board = demo_store.board(cycle, demo_store.team("platform"))
    statuses = [k for o in board_status(board, TODAY) for k in o.key_results]
    ordered = [s.kr.id for s in order_by_risk(statuses)]
    assert ordered[0] == "kr-mig3"  # confidence 3, dropped by 2
    assert ordered.index("kr-bld6") < ordered.index("kr-upt9")  # 4 before 8
    assert sorted(ordered) == sorted(s.kr.id for s in statuses)
