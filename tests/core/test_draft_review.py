"""Reading the drafts review's answer: the finished KR, or one sentence aimed at the field to fix."""

from __future__ import annotations

import pytest

from okrtui.core.draft_review import AnswerError, DraftAnswer, Way, complete, reading
from okrtui.core.drafts import DraftKeyResult
from okrtui.core.models import Direction, KRKind, Team

TEAM = Team(id="checkout", name="Checkout", members=["Ana", "Ben"])


def draft(**fields: object) -> DraftKeyResult:
    return DraftKeyResult.model_validate({"id": "kr-d1", "objective": "ob-1", "title": "A draft", **fields})


def refused(answer: DraftAnswer, **fields: object) -> AnswerError:
    with pytest.raises(AnswerError) as caught:
        complete(draft(**fields), TEAM, answer)
    return caught.value


def test_owner_is_a_member_spelled_as_the_team_spells_them() -> None:
    done = complete(draft(target=0.5, unit="%"), TEAM, DraftAnswer(owner="ana", baseline="1.2"))
    assert (done.kr.owner, done.kr.baseline, done.kr.target) == ("Ana", 1.2, 0.5)
    assert done.direction is Direction.DECREASE  # from the numbers
    error = refused(DraftAnswer(owner="Zoe", baseline="1"), target=2)
    assert error.field == "owner" and "not a member of Checkout" in str(error)
    assert refused(DraftAnswer(baseline="1"), target=2).field == "owner"


def test_blank_numbers_keep_the_import_reading_and_a_relative_target_follows() -> None:
    done = complete(draft(owner="Ben", factor=1.2, direction="increase"), TEAM, DraftAnswer(baseline="4"))
    assert done.kr.target == pytest.approx(4.8)
    error = refused(DraftAnswer(owner="Ben"), factor=1.2)
    assert error.field == "baseline" and "baseline is needed" in str(error)
    assert refused(DraftAnswer(owner="Ben", baseline="4")).field == "target"


@pytest.mark.parametrize(
    ("baseline", "target", "way", "field", "said"),
    [
        ("lots", "5", None, "baseline", "'lots' is not a number"),
        ("5", "5", None, "target", "target equals the baseline"),
        ("10", "5", Way.UP, "target", "↑ increase needs a target above the baseline (5 < 10)"),
        ("5", "10", Way.DOWN, "target", "↓ decrease needs a target below the baseline (10 > 5)"),
        ("5", "10", Way.BINARY, "direction", "done / not done takes no baseline or target"),
    ],
)
def test_bad_answers_name_their_field(
    baseline: str, target: str, way: Way | None, field: str, said: str
) -> None:
    error = refused(DraftAnswer(owner="Ana", baseline=baseline, target=target, way=way))
    assert error.field == field and said in str(error)


def test_keep_holds_a_level_and_binary_needs_no_numbers() -> None:
    kept = complete(
        draft(), TEAM, DraftAnswer(owner="Ana", baseline="99.9", target="99.9", way=Way.KEEP_ABOVE)
    )
    assert kept.kr.direction is Direction.MAINTAIN_ABOVE
    done = complete(draft(kind="binary"), TEAM, DraftAnswer(owner="Ana"))
    assert done.kr.kind is KRKind.BINARY and reading(done.kr) == "Ana · done / not done"


def test_numbers_typed_for_a_done_or_not_done_reading_make_a_metric_whatever_the_guess() -> None:
    done = complete(
        draft(kind="binary", direction="increase"), TEAM, DraftAnswer(owner="Ben", baseline="40", target="25")
    )
    assert (done.kr.kind, done.direction) == (KRKind.METRIC, Direction.DECREASE)
    assert reading(done.kr) == "Ben · ↓ 40 → 25"
