"""A KR's numbers as one short phrase a person checks at a glance: "↓ 24 h → 6 h", "keep ≥ 99.9%",
"↑ 0 → 5 patterns", "done / not done". Used by the import preview, so a misread shows at once."""

from __future__ import annotations

from okrtui.core.models import Direction, KRKind
from okrtui.core.values import format_value

_ARROWS = {Direction.INCREASE: "↑", Direction.DECREASE: "↓"}


def numbers_phrase(
    kind: KRKind,
    baseline: float | None,
    target: float | None,
    unit: str,
    direction: Direction | None,
    *,
    factor: float | None = None,
    delta: float | None = None,
) -> str:
    if kind is KRKind.BINARY:
        return "done / not done"
    if direction is Direction.MAINTAIN_ABOVE:
        return f"keep ≥ {_value(target, unit)}"
    if direction is Direction.MAINTAIN_BELOW:
        return f"keep ≤ {_value(target, unit)}"
    if direction is None and baseline is not None and target is not None and baseline != target:
        direction = Direction.INCREASE if target > baseline else Direction.DECREASE
    start = "0" if baseline == 0 else _value(baseline, unit)
    if baseline is None and target is None and factor is not None:
        end = f"baseline × {factor:.4g} ({(factor - 1) * 100:+.4g}%)"
    elif baseline is None and target is None and delta is not None:
        end = f"baseline {'+' if delta >= 0 else '−'} {_value(abs(delta), unit)}"
    else:
        end = _value(target, unit)
    if direction is None and baseline is not None:
        return f"{start} → {end} (up or down?)"
    if direction is None:
        return f"{start} → {end}"  # the baseline, once given, says which way
    return f"{_ARROWS[direction]} {start} → {end}"


def _value(value: float | None, unit: str) -> str:
    return "?" if value is None else format_value(value, unit)
