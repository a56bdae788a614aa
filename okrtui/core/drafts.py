"""Draft key results: what an import could not complete (no owner, no starting value).

A `KeyResult` always has one named owner and numbers that can be scored; a draft is the
honest record of a KR that does not yet. Keeping it a separate type (its own table on the
board) means no placeholder owner or invented baseline ever reaches the maths, the meeting
or `status`, while lint and import can still list every draft as needing input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field, FiniteFloat

from okrtui.core.models import Direction, Id, KeyResult, KRKind, Record
from okrtui.core.text import Note, Person, Title, Unit

if TYPE_CHECKING:
    from okrtui.core.sentence import ParsedKR  # an annotation only: a check-in skips the parser


class DraftKeyResult(Record):
    objective: Id
    title: Title
    owner: Person = ""
    kind: KRKind = KRKind.METRIC
    baseline: FiniteFloat | None = None
    target: FiniteFloat | None = None
    unit: Unit = ""
    direction: Direction | None = None
    factor: FiniteFloat | None = None
    """A relative change still to apply to the baseline ("by 20%" -> 1.2)."""
    delta: FiniteFloat | None = None
    weight: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = 1.0
    notes: list[Note] = []
    """What the sentence parser could not work out, kept so the person filling it in sees why."""
    archived: bool = False
    """Discarded in the review: kept in the file (nothing is deleted), never listed as needing input."""

    def missing(self) -> list[str]:
        """The fields a person still has to give, in the order a form would ask."""
        needed = [] if self.owner else ["owner"]
        if self.kind is not KRKind.BINARY:
            if self.baseline is None:
                needed.append("baseline")
            if not self.target_known:
                needed.append("target")
        return needed

    @property
    def target_known(self) -> bool:
        """A target given, or one that follows from the baseline ("by 20%", "+5")."""
        return self.target is not None or self.factor is not None or self.delta is not None

    def promote(
        self,
        *,
        owner: str | None = None,
        baseline: float | None = None,
        target: float | None = None,
        direction: Direction | None = None,
        kind: KRKind | None = None,
    ) -> KeyResult:
        """The finished KR (same id); raises pydantic's ValidationError when something is still missing.

        Only what is given replaces the draft's own reading (a target left out still follows a
        "by 20%" from the baseline)."""
        baseline = self.baseline if baseline is None else baseline
        if target is None:
            target = self.target
            if baseline is not None and self.factor is not None:
                target = baseline * self.factor
            elif baseline is not None and self.delta is not None:
                target = baseline + self.delta
        fields = {
            "id": self.id,
            "objective": self.objective,
            "title": self.title,
            "owner": owner or self.owner,
            "kind": kind or self.kind,
            "baseline": baseline,
            "target": target,
            "unit": self.unit,
            "direction": direction or self.direction,
            "weight": self.weight,
        }
        return KeyResult.model_validate({k: v for k, v in fields.items() if v is not None})


def from_parsed(
    parsed: ParsedKR, *, kr_id: str, objective: str, owner: str, weight: float = 1.0
) -> KeyResult | DraftKeyResult:
    """A KR when the sentence and owner say enough, else a draft that says what is missing."""
    draft = DraftKeyResult(
        id=kr_id,
        objective=objective,
        title=parsed.title,
        owner=owner,
        kind=parsed.kind,
        baseline=parsed.baseline,
        target=parsed.target,
        unit=parsed.unit,
        direction=parsed.direction,
        factor=parsed.factor,
        delta=parsed.delta,
        weight=weight,
        notes=[p[:500] for p in parsed.problems],
    )
    if draft.missing():
        return draft
    try:
        return draft.promote()
    except ValueError:  # e.g. baseline equals target: keep it as a draft for a person to fix
        return draft
