"""The data model refuses what would mislead a team: ownerless KRs, NaN, odd confidences, runaway text."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from okrtui.core.errors import explain
from okrtui.core.models import (
    Blocker,
    CheckIn,
    Cycle,
    Direction,
    KeyResult,
    KRKind,
    Meeting,
    Objective,
    Team,
)

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


def kr(**changes: Any) -> KeyResult:
    fields: dict[str, Any] = {"id": "kr-abcd", "objective": "ob-abcd", "title": "Grow", "owner": "Ana"}
    fields.update(baseline=0, target=10)
    fields.update(changes)
    return KeyResult(**fields)


def checkin(**changes: Any) -> CheckIn:
    fields: dict[str, Any] = {"id": "ci-abcd", "kr": "kr-abcd", "week": "2026-W47", "value": 3.0}
    fields.update(confidence=7, created_at=NOW)
    fields.update(changes)
    return CheckIn(**fields)


def rejection(build, **changes: Any) -> str:
    """The one-sentence message a user would see for an invalid model."""
    with pytest.raises(ValidationError) as caught:
        build(**changes)
    message = explain(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("owner", [None, "", "   ", "\n\t"])
def test_a_key_result_needs_a_named_owner(owner: str | None) -> None:
    assert "owner" in rejection(kr, owner=owner)


def test_owner_names_are_trimmed() -> None:
    assert kr(owner="  Ana  ").owner == "Ana"


@pytest.mark.parametrize("confidence", [0, 11, -1, 100])
def test_confidence_outside_one_to_ten_is_refused(confidence: int) -> None:
    assert "confidence" in rejection(checkin, confidence=confidence).lower()


@pytest.mark.parametrize("confidence", [1, 5, 10])
def test_confidence_one_to_ten_is_accepted(confidence: int) -> None:
    assert checkin(confidence=confidence).confidence == confidence


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_check_in_values_must_be_finite(number: float) -> None:
    rejection(checkin, value=number)


@pytest.mark.parametrize("field", ["baseline", "target", "weight"])
@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_key_result_numbers_must_be_finite(field: str, number: float) -> None:
    rejection(kr, **{field: number})


def test_a_moving_key_result_needs_baseline_and_target_apart() -> None:
    assert "baseline" in rejection(kr, baseline=5, target=5)
    assert "baseline" in rejection(kr, baseline=5, target=5, direction=Direction.INCREASE)


@pytest.mark.parametrize("direction", [Direction.MAINTAIN_ABOVE, Direction.MAINTAIN_BELOW])
def test_a_maintain_key_result_may_hold_one_level(direction: Direction) -> None:
    assert kr(baseline=99.9, target=99.9, direction=direction).direction is direction


def test_direction_follows_baseline_and_target_when_not_given() -> None:
    assert kr(baseline=0, target=10).direction is Direction.INCREASE
    assert kr(baseline=18, target=5).direction is Direction.DECREASE
    assert kr(baseline=0, target=10, direction=Direction.DECREASE).direction is Direction.DECREASE


def test_a_binary_key_result_is_zero_to_one() -> None:
    done = kr(kind=KRKind.BINARY, baseline=7, target=7)
    assert (done.baseline, done.target, done.direction) == (0.0, 1.0, Direction.INCREASE)


def test_text_is_trimmed_folded_and_its_control_characters_made_visible() -> None:
    assert kr(title="  Grow \n weekly\tactive \x07teams  ").title == "Grow weekly active ␇teams"
    assert kr(title="\x1b]0;PWN\x07 \u202eevil").title == "␛]0;PWN␇ \ufffdevil"


@pytest.mark.parametrize(
    ("build", "field", "limit"),
    [(kr, "title", 200), (checkin, "moved", 500), (checkin, "author", 60)],
)
def test_text_fields_are_capped(build, field: str, limit: int) -> None:
    assert len(getattr(build(**{field: "x" * limit}), field)) == limit
    assert "too long" in rejection(build, **{field: "x" * (limit + 1)})


def test_blocker_text_is_required_and_capped() -> None:
    fields = {"id": "bl-abcd", "kr": "kr-abcd", "raised_week": "2026-W47"}
    assert "empty" in rejection(Blocker, text="   ", **fields)
    assert "too long" in rejection(Blocker, text="b" * 501, **fields)
    assert Blocker(text="Waiting on legal", **fields).is_open


def test_blocker_is_closed_once_resolved() -> None:
    blocker = Blocker(id="bl-abcd", kr="kr-a", text="x", raised_week="2026-W40", resolved_week="2026-W41")
    assert not blocker.is_open


def test_check_in_weeks_are_normalised_and_checked() -> None:
    assert checkin(week=" 2026-w47 ").week == "2026-W47"
    assert "week" in rejection(checkin, week="2026-W60")
    assert "week" in rejection(checkin, week="last week")


@pytest.mark.parametrize("bad_id", ["", "has space", "-leading", "x" * 61, "kr/1"])
def test_ids_stay_typeable(bad_id: str) -> None:
    rejection(kr, id=bad_id)


def test_a_cycle_ends_after_it_starts() -> None:
    assert "end after" in rejection(Cycle, id="2026-Q4", start=date(2026, 12, 31), end=date(2026, 10, 1))


def test_cycle_elapsed_share_is_clamped() -> None:
    cycle = Cycle(id="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31))
    assert cycle.elapsed(date(2026, 9, 1)) == 0.0
    assert cycle.elapsed(date(2026, 10, 1)) == 0.0
    assert 0.5 < cycle.elapsed(date(2026, 11, 18)) < 0.6
    assert cycle.elapsed(date(2027, 2, 1)) == 1.0
    assert cycle.contains(date(2026, 12, 31)) and not cycle.contains(date(2027, 1, 1))


def test_other_models_take_sensible_defaults() -> None:
    team = Team(id="platform", name=" Platform ")
    objective = Objective(id="ob-a", cycle="2026-Q4", team="platform", title="Ship")
    meeting = Meeting(id="mt-a", team="platform", cycle="2026-Q4", week="2026-W47", started_at=NOW)
    assert team.name == "Platform" and team.members == []
    assert objective.kind.value == "committed"
    assert meeting.state.value == "in_progress" and meeting.planned_minutes == 15


def test_assignment_is_validated_too() -> None:
    saved = checkin()
    with pytest.raises(ValidationError):
        saved.confidence = 11


@given(st.text(max_size=300))
def test_any_typed_title_is_either_clean_or_refused(text: str) -> None:
    try:
        title = kr(title=text).title
    except ValidationError as error:
        assert explain(error)
        return
    assert title == title.strip() and title
    assert "\n" not in title and len(title) <= 200
