"""The end-of-cycle retrospective: final KR scores (suggested from progress, adjustable with a reason),
objective scores, and what the 0.7 rule says about them. Pure; the store files the `Retro`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from okrtui.core.board import Board
from okrtui.core.models import KeyResult, Objective, ObjectiveKind
from okrtui.core.retro_record import Grade, Retro
from okrtui.core.scoring import score, weighted_score

__all__ = ["Grade", "Retro", "check_grade", "commentary", "objective_grades", "read_score", "suggest"]

SWEET_SPOT = 0.7
LOW = 0.4


def suggest(board: Board, kr: KeyResult) -> float:
    """The score progress suggests: the latest value's, to the nearest 0.1 (how OKRs are graded).
    A KR never checked in suggests 0.0: nothing shows it moved."""
    history = board.checkins_of(kr.id)
    return round(score(kr, history[-1].value), 1) if history else 0.0


def read_score(text: str) -> float:
    """A typed score: 0.7, .7, 70% or 1; raises ValueError with a message fit for a form."""
    cleaned = text.strip().replace(",", ".")
    try:
        value = float(cleaned[:-1]) / 100 if cleaned.endswith("%") else float(cleaned)
    except ValueError:
        raise ValueError(f"{cleaned[:12]!r} is not a score: type 0.0 to 1.0, e.g. 0.7") from None
    if not 0.0 <= value <= 1.0:
        raise ValueError("a score is between 0.0 and 1.0")
    return value


def check_grade(kr: KeyResult, suggested: float, score_text: str, reason: str) -> Grade:
    """Validate one KR's row; a moved score needs its one-line reason."""
    grade = Grade(kr=kr.id, score=read_score(score_text), suggested=suggested, reason=reason)
    if grade.adjusted and not grade.reason:
        raise ValueError(f"{kr.id}: say in one line why the score moved from {suggested:.1f}")
    return grade


@dataclass(frozen=True)
class ObjectiveGrade:
    objective: Objective
    score: float | None


def objective_grades(board: Board, scores: dict[str, float]) -> list[ObjectiveGrade]:
    """Each live objective's score: the weighted mean of its KRs' final scores."""
    return [
        ObjectiveGrade(
            o, weighted_score([(scores[k.id], k.weight) for k in board.krs_of(o.id) if k.id in scores])
        )
        for o in board.live_objectives()
    ]


def commentary(objectives: Iterable[ObjectiveGrade], scores: Iterable[float]) -> list[str]:
    """What the 0.7 rule says: all 1.0 was not ambitious; below 0.4 needs a look at clarity and ownership."""
    values = list(scores)
    if not values:
        return ["No key results to score."]
    mean = sum(values) / len(values)
    if all(v >= 1.0 for v in values):
        lines = [
            "Every KR scored 1.0: the goals were likely not ambitious enough. Stretch further next cycle."
        ]
    elif mean < LOW:
        lines = [
            f"Average {mean:.2f}, below {LOW}: look at clarity (were these the right measures?) and "
            "ownership (did each owner have the time and the means?)."
        ]
    elif mean < SWEET_SPOT - 0.1:
        lines = [f"Average {mean:.2f}: real progress, short of the {SWEET_SPOT} aim. What held it back?"]
    elif mean <= SWEET_SPOT + 0.15:
        lines = [f"Average {mean:.2f}: around {SWEET_SPOT}, the sweet spot for ambitious OKRs."]
    else:
        lines = [f"Average {mean:.2f}: a strong cycle. Were the targets ambitious enough?"]
    for grade in objectives:
        if grade.objective.kind is ObjectiveKind.COMMITTED and grade.score is not None and grade.score < 1.0:
            lines.append(
                f"Committed objective '{grade.objective.title[:40]}' scored {grade.score:.2f}: "
                "committed OKRs are expected to reach 1.0."
            )
    return lines
