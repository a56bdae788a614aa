"""What will not fit in a meeting's time left, which KRs to park, and what the next meeting owes them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.core.agenda import BLOCKERS, OPENING, SUMMARY, Agenda, build_steps
from okrtui.core.models import CheckIn, Meeting, ParkTo
from okrtui.core.parking import (
    held_this_week,
    overrun,
    owed,
    parked_first,
    plan_over,
    previous_meeting,
    risk,
    to_park,
)
from okrtui.core.status import board_status
from okrtui.store import Store
from tests.conftest import TODAY

KRS = ["kr-a", "kr-b", "kr-c", "kr-d", "kr-e"]


def five_minutes() -> Agenda:
    """A 5-minute meeting of five KRs whose opening took its plan (21 s)."""
    a = Agenda(build_steps(KRS), 300.0)
    a.leave(0, a.base_plan()[OPENING])
    return a


def test_nothing_is_said_while_the_plan_fits() -> None:
    a = five_minutes()
    assert overrun(a, 1, 60) is None
    assert plan_over(a, 1, 60) == pytest.approx(0)  # later KRs shrink to absorb it


def test_once_the_floor_is_reached_it_says_how_many_krs_and_how_far_over() -> None:
    a = five_minutes()
    found = overrun(a, 1, 200)  # kr-a runs on: the four KRs ahead are down to 30 s each
    assert found is not None
    assert found.over_seconds == pytest.approx(21 + 200 + 4 * 30 + 60 - 300)
    assert found.wont_fit == 4  # 101 s over: 4 KRs at the floor (capped at the KRs ahead)
    assert found.candidates == ("kr-b", "kr-c", "kr-d", "kr-e")
    assert found.describe() == "4 KRs will not fit: about 1:40 over"
    assert overrun(a, 1, 110) is not None and overrun(a, 1, 110).describe() == (  # type: ignore[union-attr]
        "1 KR will not fit: about 0:10 over"
    )


def test_parking_what_will_not_fit_makes_the_rest_fit() -> None:
    a = five_minutes()
    found = overrun(a, 1, 150)
    assert found is not None and found.wont_fit == 2
    a.park(["kr-b", "kr-c"], 1, to_end=True)
    assert [s.key for s in a.steps] == [OPENING, "kr-a", "kr-d", "kr-e", "kr-b", "kr-c", BLOCKERS, SUMMARY]
    assert overrun(a, 1, 150) is None
    assert plan_over(a, 1, 150) <= 0
    budgets = a.budgets(1, 150)
    assert budgets["kr-b"] == budgets["kr-c"] == 0  # only what the others leave over


def test_parked_to_the_end_share_the_time_left_when_their_turn_comes() -> None:
    a = Agenda(build_steps(KRS), 900.0)
    a.park(["kr-b"], 0, to_end=True)
    a.leave(0, 30)
    for position in (1, 2, 3, 4):
        a.leave(position, 60)  # kr-a, c, d, e took 60 s each: time is left over
    assert a.steps[5].key == "kr-b"
    assert a.budgets(5)["kr-b"] == pytest.approx(900 - 30 - 240 - 0.2 * 900)


def test_parking_to_async_takes_the_krs_out_of_the_walk() -> None:
    a = five_minutes()
    a.park(["kr-b", "kr-a"], 1, to_end=False)  # kr-a is on screen: it stays
    assert [s.key for s in a.steps if s.is_kr] == ["kr-a", "kr-c", "kr-d", "kr-e"]
    assert a.parked == set()


@given(elapsed=st.floats(0, 2000), position=st.integers(1, 5))
def test_parking_what_it_names_always_ends_the_overrun(elapsed: float, position: int) -> None:
    a = five_minutes()
    for p in range(1, position):
        a.leave(p, 30)
    found = overrun(a, position, elapsed)
    if found is None:
        return
    ahead = len(found.candidates)
    a.park(found.candidates[: found.wont_fit], position, to_end=True)
    if found.wont_fit < ahead:  # parking fewer than all: the rest fits
        assert overrun(a, position, elapsed) is None


def statuses(store: Store, team: str):  # type: ignore[no-untyped-def]
    board = store.board(store.current_cycle(TODAY), store.team(team))
    return [k for o in board_status(board, TODAY) for k in o.key_results]


def test_the_lowest_risk_krs_are_parked_first(demo_store: Store) -> None:
    growth = statuses(demo_store, "growth")
    a = Agenda(build_steps(s.kr.id for s in growth), 300.0)
    a.leave(0, 21)
    found = overrun(a, 1, 120)  # 81 s over at the floor
    assert found is not None and found.wont_fit == 3
    # on track and confident: int6 (9), lat5 (8); then chr4 (at risk, 6, score 0.40 beats prt3 0.00)
    parked = to_park(found, growth)
    assert set(parked) == {"kr-lat5", "kr-int6", "kr-chr4"}
    assert "kr-rsl7" not in parked  # off track with an open blocker: the riskiest stays
    assert parked == [k for k in found.candidates if k in parked]  # agenda order kept


def test_risk_puts_open_blockers_low_confidence_and_low_score_first(demo_store: Store) -> None:
    platform = {s.kr.id: s for s in statuses(demo_store, "platform")}
    order = sorted(platform, key=lambda k: risk(platform[k]))
    assert order[:2] == ["kr-mig3", "kr-bld6"]  # open blockers
    assert order[-1] == "kr-upt9"  # on track, confidence 8, score 1.0


def meeting(id: str, week: str, parked: dict[str, ParkTo] | None = None, hour: int = 9) -> Meeting:
    started = datetime(2026, 11, 10, hour, tzinfo=UTC)
    return Meeting(id=id, team="t", cycle="2026-Q4", week=week, started_at=started, parked=parked or {})


def checkin(kr: str, meeting_id: str | None) -> CheckIn:
    return CheckIn(
        id=f"ci-{kr}",
        kr=kr,
        week="2026-W46",
        value=1,
        confidence=5,
        created_at=datetime(2026, 11, 10, tzinfo=UTC),
        meeting=meeting_id,
    )


def test_next_week_owes_the_parked_krs_its_meeting_did_not_answer() -> None:
    last = meeting("mt-b", "2026-W46", {"kr-c": ParkTo.END, "kr-d": ParkTo.ASYNC, "kr-e": ParkTo.ASYNC})
    earlier = meeting("mt-a", "2026-W45", {"kr-a": ParkTo.ASYNC})
    found = previous_meeting([earlier, last, meeting("mt-c", "2026-W47")], "2026-W47")
    assert found is last
    answered = [checkin("kr-c", "mt-b"), checkin("kr-d", None)]  # kr-d's owner checked in alone
    assert owed(found, answered) == ["kr-d", "kr-e"]
    assert parked_first(KRS, ["kr-e", "kr-d"]) == ["kr-d", "kr-e", "kr-a", "kr-b", "kr-c"]
    assert owed(None, []) == [] and owed(earlier.model_copy(update={"parked": {}}), []) == []


def test_other_meetings_this_week_are_found_for_the_opening_notice() -> None:
    first, second = meeting("mt-a", "2026-W47", hour=9), meeting("mt-b", "2026-W47", hour=11)
    assert held_this_week([second, first, meeting("mt-c", "2026-W46")], "2026-W47", besides="mt-b") == [first]


def test_a_meeting_record_from_before_parking_reads_with_nothing_parked() -> None:
    old = meeting("mt-a", "2026-W46").model_dump(mode="json")
    del old["parked"]
    assert Meeting.model_validate(old).parked == {}
    assert SUMMARY in {s.key for s in build_steps([])}
