"""Retro maths: suggested final scores, objective scores, the 0.7-rule commentary, typed scores."""

from __future__ import annotations

import pytest

from okrtui.core.models import ObjectiveKind
from okrtui.core.retro import ObjectiveGrade, check_grade, commentary, objective_grades, read_score, suggest
from okrtui.services.demo import build_boards
from tests.conftest import TODAY


@pytest.fixture
def platform():
    return next(b for b in build_boards(TODAY) if b.team.id == "platform")


def test_suggestions_follow_progress_to_the_nearest_tenth(platform) -> None:
    suggested = {kr.id: suggest(platform, kr) for kr in platform.live_key_results()}
    assert suggested == {"kr-cfr5": 0.6, "kr-bld6": 0.4, "kr-upt9": 1.0, "kr-nps4": 0.5, "kr-mig3": 0.2}


def test_objective_scores_are_weighted_means(platform) -> None:
    graded = objective_grades(platform, {"kr-cfr5": 1.0, "kr-bld6": 0.5, "kr-upt9": 0.0})
    assert graded[0].score == pytest.approx(0.5)
    assert graded[1].score is None  # its KRs are not graded


@pytest.mark.parametrize(
    ("text", "value"), [("0.7", 0.7), (".7", 0.7), ("70%", 0.7), ("1", 1.0), (" 0,5 ", 0.5), ("0", 0.0)]
)
def test_read_score(text: str, value: float) -> None:
    assert read_score(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1.5", "-0.1", "nan%"])
def test_bad_scores_say_what_to_type(text: str) -> None:
    with pytest.raises(ValueError, match="score"):
        read_score(text)


def test_a_moved_score_needs_a_reason(platform) -> None:
    kr = platform.live_key_results()[0]
    assert check_grade(kr, 0.6, "0.6", "").reason == ""
    with pytest.raises(ValueError, match="say in one line why"):
        check_grade(kr, 0.6, "0.8", "")
    grade = check_grade(kr, 0.6, "0.8", "the last release landed after the data cut-off")
    assert grade.adjusted and grade.score == 0.8


def _objective_grade(platform, score: float | None, kind: ObjectiveKind = ObjectiveKind.ASPIRATIONAL):
    objective = platform.objectives[0].model_copy(update={"kind": kind})
    return ObjectiveGrade(objective, score)


def test_commentary_follows_the_07_rule(platform) -> None:
    assert "not ambitious" in commentary([], [1.0, 1.0])[0]
    assert "clarity" in commentary([], [0.2, 0.3])[0] and "ownership" in commentary([], [0.2, 0.3])[0]
    assert "sweet spot" in commentary([], [0.7, 0.6, 0.8])[0]
    assert "short of the 0.7" in commentary([], [0.5])[0]
    assert "ambitious enough" in commentary([], [0.9, 1.0])[0]
    assert commentary([], []) == ["No key results to score."]


def test_committed_objectives_are_expected_to_reach_one(platform) -> None:
    lines = commentary([_objective_grade(platform, 0.8, ObjectiveKind.COMMITTED)], [0.8])
    assert any("expected to reach 1.0" in line for line in lines)
    assert len(commentary([_objective_grade(platform, 0.8)], [0.8])) == 1
