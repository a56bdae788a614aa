"""A KR whose numbers are written apart from its sentence: roadmap table cells ("Current", "Target"),
or `Baseline:` / `Target:` lines under a KR heading.

The sentence still says which way the number should go ("Reduce time to hire"); the cells say
where it starts and where it should end ("60 days", "≤45 days"). Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from okrtui.core.kr_numbers import find_numbers, fmt, seconds_of
from okrtui.core.models import Direction, KRKind
from okrtui.core.sentence import ASK_BASELINE, ParsedKR, kind_of, parse_kr, wording

_EMPTY = {"", "-", "—", "–", "n/a", "na", "tbd", "tba", "?", "none", "unknown", "…", "...", "x"}
_DONE = {"done", "yes", "launched", "shipped", "live", "complete", "completed", "✓", "✔", "✅", "true", "y"}
_SIGNED = re.compile(r"^\s*[+\-−]\s*[$€£¥]?\d")


@dataclass(frozen=True)
class Cell:
    """What one cell (or `Target:` line) says."""

    value: float | None = None
    unit: str = ""
    side: Direction | None = None
    """MAINTAIN_ABOVE / MAINTAIN_BELOW when the cell is a threshold ("≤45 days", "at least 50")."""
    start: float | None = None
    """A cell may hold both ends ("60 → 45")."""
    factor: float | None = None
    delta: float | None = None
    done: bool = False


def read_cell(text: str, problems: list[str]) -> Cell | None:
    """The number in a cell, or None when the cell is empty or says nothing readable (then a note)."""
    cleaned = text.strip()
    if cleaned.lower() in _EMPTY:
        return None
    if cleaned.lower() in _DONE:
        return Cell(done=True)
    if _SIGNED.match(cleaned):
        return _change(cleaned, problems)
    parsed = parse_kr(cleaned)
    if parsed.kind is KRKind.BINARY and not parsed.relative:
        problems.append(f"could not read a number in '{cleaned[:30]}'")
        return None
    if parsed.relative:
        return Cell(unit=parsed.unit, factor=parsed.factor, delta=parsed.delta)
    side = parsed.direction if parsed.direction and parsed.direction.is_maintain else None
    start = parsed.baseline if side is None else None
    return Cell(parsed.target, parsed.unit, side, start)


def _change(text: str, problems: list[str]) -> Cell | None:
    """A signed cell is a change from the baseline: "-25%" -> x0.75, "+10 pts" -> +10."""
    sign = -1 if text.lstrip().startswith(("-", "−")) else 1
    numbers = find_numbers(text.lstrip().lstrip("+-−"), problems)
    if not numbers:
        problems.append(f"could not read a number in '{text[:30]}'")
        return None
    number = numbers[0]
    if number.percent:
        return Cell(factor=1 + sign * number.value / 100)
    return Cell(unit=number.unit, delta=sign * number.value)


def read_parts(title: str, baseline: str = "", target: str = "", unit: str = "") -> ParsedKR:
    """The KR `title` with its start and end given apart; the sentence alone when both are empty."""
    parsed = parse_kr(title)
    problems: list[str] = []
    goal = read_cell(target, problems) if target.strip() else None
    start = read_cell(baseline, problems) if baseline.strip() else None
    if goal is None and start is None:
        return replace(parsed, problems=(*parsed.problems, *problems))
    if goal is not None and goal.done:
        return ParsedKR(
            parsed.title, 0.0, 1.0, "", Direction.INCREASE, KRKind.BINARY, problems=tuple(problems)
        )
    begin = start.value if start is not None else goal.start if goal is not None else None
    begin_unit = start.unit if start is not None else ""
    if goal is None or (goal.value is None and goal.factor is None and goal.delta is None):
        if parsed.kind is KRKind.BINARY:
            problems.append("no target given")
            return ParsedKR(parsed.title, begin, None, unit or begin_unit, problems=tuple(problems))
        return _with_start(replace(parsed, problems=tuple(problems)), begin, begin_unit or unit)
    if goal.factor is not None or goal.delta is not None:
        direction = _sign_direction(goal.factor, goal.delta)
        relative = ParsedKR(
            parsed.title,
            None,
            None,
            goal.unit or unit or begin_unit,
            direction,
            kind_of(goal.unit or unit or begin_unit),
            relative=True,
            problems=(*problems, f"{ASK_BASELINE}: give the baseline"),
            factor=goal.factor,
            delta=goal.delta,
        )
        return _with_start(relative, begin, begin_unit)
    from_title = parsed.unit if parsed.target == goal.value else ""  # "Add 2 new partners" | 2
    chosen_unit = goal.unit or begin_unit or unit or from_title
    said = wording(title)
    counts = parsed.kind is not KRKind.BINARY and parsed.baseline == 0
    if begin is None and counts and parsed.direction is Direction.INCREASE:
        begin = 0.0  # "Hold 6 show and tells" with a target cell of 6: a count from zero
    if begin is not None and begin_unit != chosen_unit and seconds_of(begin_unit) and seconds_of(chosen_unit):
        converted = begin * (seconds_of(begin_unit) or 1) / (seconds_of(chosen_unit) or 1)
        problems.append(f"converted {fmt(begin)} {begin_unit} to {fmt(converted)} {chosen_unit}")
        begin = converted
    if begin is None:
        if goal.side is not None and (said.keeps or not said.polarity):
            return _result(parsed.title, goal.value, goal.value, chosen_unit, goal.side, problems)
        direction = (
            None if not said.polarity else Direction.INCREASE if said.polarity > 0 else Direction.DECREASE
        )
        problems.append(f"{ASK_BASELINE}: give the baseline")
        return _result(parsed.title, None, goal.value, chosen_unit, direction, problems)
    if goal.value is None:  # pragma: no cover - a cell without a value is relative, read above
        return parsed
    if begin == goal.value:
        side = goal.side or (Direction.MAINTAIN_ABOVE if said.keeps else None)
        if side is None:
            problems.append("baseline and target are the same: which way should it move?")
        return _result(parsed.title, begin, goal.value, chosen_unit, side, problems)
    direction = Direction.INCREASE if goal.value > begin else Direction.DECREASE
    if said.polarity and (said.polarity > 0) != (direction is Direction.INCREASE):
        problems.append(f"the words and the numbers disagree: the numbers say '{direction.value}'")
    return _result(parsed.title, begin, goal.value, chosen_unit, direction, problems)


def _with_start(parsed: ParsedKR, begin: float | None, unit: str) -> ParsedKR:
    return parsed if begin is None else parsed.with_baseline(begin, unit=unit)


def _sign_direction(factor: float | None, delta: float | None) -> Direction | None:
    change = (factor - 1) if factor is not None else delta or 0.0
    return Direction.INCREASE if change > 0 else Direction.DECREASE if change < 0 else None


def _result(
    title: str,
    baseline: float | None,
    target: float | None,
    unit: str,
    direction: Direction | None,
    problems: list[str],
) -> ParsedKR:
    return ParsedKR(title, baseline, target, unit, direction, kind_of(unit), problems=tuple(problems))
