"""Finishing a draft from what a person typed in the review: owner, baseline, target, direction.

The drafts review screen asks for the four things an import could not settle and turns the typed
text into the finished `KeyResult`, or into one sentence aimed at the field to fix. Nothing here
writes: the store promotes the draft, checking it again under its lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import ValidationError

from okrtui.core.drafts import DraftKeyResult
from okrtui.core.errors import RuleError, explain
from okrtui.core.kr_phrase import numbers_phrase
from okrtui.core.members import member_name
from okrtui.core.models import Direction, KeyResult, KRKind, Team
from okrtui.core.values import format_value, parse_value


class Way(StrEnum):
    """The directions offered: the four of a KR that moves or holds, or done / not done."""

    UP = Direction.INCREASE.value
    DOWN = Direction.DECREASE.value
    KEEP_ABOVE = Direction.MAINTAIN_ABOVE.value
    KEEP_BELOW = Direction.MAINTAIN_BELOW.value
    BINARY = "binary"


WAY_LABELS = {
    Way.UP: "↑ increase",
    Way.DOWN: "↓ decrease",
    Way.KEEP_ABOVE: "keep ≥ (at or above)",
    Way.KEEP_BELOW: "keep ≤ (at or below)",
    Way.BINARY: "done / not done",
}


def way_of(draft: DraftKeyResult) -> Way | None:
    """The direction the draft already has, if the import read one."""
    if draft.kind is KRKind.BINARY:
        return Way.BINARY
    return Way(draft.direction.value) if draft.direction else None


class AnswerError(ValueError):
    """What to fix, and in which field (`owner`, `baseline`, `target` or `direction`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class DraftAnswer:
    """The review form as typed: blank numbers keep what the import read; no `way` with numbers
    typed means the direction follows from them (a draft read as done / not done becomes a metric)."""

    owner: str = ""
    baseline: str = ""
    target: str = ""
    way: Way | None = None


@dataclass(frozen=True)
class Completion:
    """What the store is asked to apply to the draft (the direction as resolved), and the KR it makes."""

    owner: str
    baseline: float | None
    target: float | None
    direction: Direction | None
    kind: KRKind
    kr: KeyResult


def complete(draft: DraftKeyResult, team: Team, answer: DraftAnswer) -> Completion:
    """The finished KR for `answer`; AnswerError names the first field that is wrong."""
    owner = answer.owner.strip() or draft.owner
    if not owner:
        raise AnswerError("owner", "pick the owner: one named member of the team")
    try:
        owner = member_name(team, owner)
    except RuleError as error:
        raise AnswerError("owner", str(error)) from None
    typed = bool(answer.baseline.strip() or answer.target.strip())
    way = answer.way if answer.way is not None or typed else way_of(draft)
    if way is Way.BINARY:
        if typed:
            raise AnswerError(
                "direction", "done / not done takes no baseline or target: pick ↑ or ↓, or clear the numbers"
            )
        kind, direction, baseline, target = KRKind.BINARY, None, None, None
    else:
        kind = KRKind.METRIC if draft.kind is KRKind.BINARY else draft.kind
        direction = Direction(way.value) if way else None
        baseline = _number(answer.baseline, "baseline", draft.baseline is None)
        target = _number(answer.target, "target", not draft.target_known)
    # No direction picked: it follows from the numbers, whatever the import guessed.
    source = draft if way else draft.model_copy(update={"direction": None})
    try:
        kr = source.promote(owner=owner, baseline=baseline, target=target, direction=direction, kind=kind)
    except ValidationError as error:
        raise AnswerError("target", _why(error)) from None
    _check_way(kr)
    return Completion(owner, baseline, target, kr.direction, kr.kind, kr)


def _number(text: str, field: str, needed: bool) -> float | None:
    if not text.strip():
        if needed:
            ask = "where the number stands at the start" if field == "baseline" else "the value to reach"
            raise AnswerError(field, f"{field} is needed: give {ask}")
        return None
    try:
        return parse_value(text)
    except ValueError as error:
        raise AnswerError(field, f"{field}: {error}") from None


def _why(error: ValidationError) -> str:
    """pydantic's refusal in the form's words."""
    said = explain(error)
    if "baseline and target" in said:
        return "target equals the baseline: a KR that moves needs two numbers (or pick keep ≥ / keep ≤)"
    return said


def _check_way(kr: KeyResult) -> None:
    """↑ with a target below the baseline (or ↓ above it) is a typo, not a KR."""
    way = kr.direction
    start, end = format_value(kr.baseline, kr.unit), format_value(kr.target, kr.unit)
    if way is Direction.INCREASE and kr.target < kr.baseline:
        raise AnswerError("target", f"↑ increase needs a target above the baseline ({end} < {start})")
    if way is Direction.DECREASE and kr.target > kr.baseline:
        raise AnswerError("target", f"↓ decrease needs a target below the baseline ({end} > {start})")


def reading(kr: KeyResult) -> str:
    """The finished KR as the summary lists it: `Ben · ↓ 24 h → 6 h`, `Ana · done / not done`."""
    return f"{kr.owner} · {numbers_phrase(kr.kind, kr.baseline, kr.target, kr.unit, kr.direction)}"


def what_was_read(draft: DraftKeyResult) -> str:
    """The import's reading of a draft and what it still needs: `Read: ↓ ? → 0.5% · needs baseline`."""
    phrase = numbers_phrase(
        draft.kind,
        draft.baseline,
        draft.target,
        draft.unit,
        draft.direction,
        factor=draft.factor,
        delta=draft.delta,
    )
    needs = draft.missing()
    return f"Read: {phrase}" + (f" · needs {', '.join(needs)}" if needs else "")
