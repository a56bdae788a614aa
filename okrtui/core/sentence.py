"""Read a key result as people write it ("Cut checkout errors from 3.5% to 1%") into numbers.

Pure and forgiving: any text gives a result, and what could not be worked out is said in
`problems` rather than guessed silently. When unsure (no starting value, no clear direction)
the field is left None so a person is asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from okrtui.core.kr_words import (
    COUNT_VERBS,
    CURRENCIES,
    DECREASE_VERBS,
    FRAME_LEAD,
    IMPROVE_VERBS,
    INCREASE_VERBS,
    KEEP_VERBS,
    LABEL_WORDS,
    LEVEL_VERBS,
    LOWER_BETTER,
    MONTHS,
    OTHER_UNITS,
    OUTPUT_VERBS,
    SCALE,
    STOPWORDS,
    TASK_VERBS,
    TIME_UNITS,
    YEAR_LEAD,
)
from okrtui.core.models import Direction, KRKind
from okrtui.core.text import one_line
from okrtui.core.values import parse_value

MAX_TITLE = 200
MAX_READ = 2000
"""Only this much of a sentence is searched for numbers: KRs are short, pasted junk may not be."""


_NUMBER = re.compile(
    r"(?<![\w.,])(?P<sign>[-−+](?=[$€£¥]?\d))?(?P<cur>[$€£¥])?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<attached>[a-zA-Z]+|\s?%)?"
    r"(?:\s?(?P<scale>thousand|million|billion)\b)?",
    re.IGNORECASE,
)
_DATES = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b")
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_LEAD = re.compile(
    r"^\s*(?:[-*+•·]\s+|\d+[.)]\s+|[a-z][.)]\s+)?"
    r"(?:\[[ xX]\]\s*)?"
    r"(?:(?:KR|key\s+result)\s*[\d.]*\s*[:.)\-–—]\s*)?",
    re.IGNORECASE,
)
_EMPHASIS = re.compile(r"\*\*|__|`")


@dataclass(frozen=True)
class ParsedKR:
    """What a KR sentence says. None means "not stated: ask the user"."""

    title: str
    baseline: float | None
    target: float | None
    unit: str = ""
    direction: Direction | None = None
    kind: KRKind = KRKind.METRIC
    relative: bool = False
    """The sentence gives a change ("by 20%") rather than an end value."""
    is_task: bool = False
    problems: tuple[str, ...] = ()
    """What could not be worked out, one short sentence each (immutable, so the result stays frozen)."""
    factor: float | None = None
    """For a relative change: target = baseline x factor ("by 20%" -> 1.2, "halve" -> 0.5)."""
    delta: float | None = None
    """For a relative change in absolute terms: target = baseline + delta ("by 5 points")."""

    @property
    def needs_baseline(self) -> bool:
        return self.kind is not KRKind.BINARY and self.baseline is None

    @property
    def needs_target(self) -> bool:
        return self.kind is not KRKind.BINARY and self.target is None and not self.relative

    def with_baseline(self, baseline: float, unit: str = "") -> ParsedKR:
        """Fill in the starting value (and the unit it was given in, when the sentence had none);
        a relative change then becomes a target."""
        target = self.target
        if self.relative and self.factor is not None:
            target = baseline * self.factor
        elif self.relative and self.delta is not None:
            target = baseline + self.delta
        direction = self.direction
        if direction is None and target is not None and target != baseline:
            direction = Direction.INCREASE if target > baseline else Direction.DECREASE
        kept = tuple(p for p in self.problems if not p.startswith(_ASK_BASELINE))
        unit = self.unit or unit
        return replace(
            self,
            baseline=baseline,
            target=target,
            direction=direction,
            problems=kept,
            unit=unit,
            kind=_kind_of(unit),
        )


_ASK_BASELINE = "starting value unknown"


@dataclass(frozen=True)
class _Num:
    value: float
    unit: str
    start: int
    end: int
    percent: bool = False
    times: bool = False
    seconds: float | None = None
    """For time units: how many seconds one unit is (to convert hours to minutes)."""


def clean_title(text: str) -> str:
    """A sentence as a title: one line, no list marker or `KR1:` label, no Markdown emphasis."""
    folded = str(one_line(_EMPHASIS.sub("", text)))
    return _LEAD.sub("", folded, count=1).strip()


def parse_kr(text: str) -> ParsedKR:
    """Read a KR sentence. Never raises: anything unreadable is reported in `problems`."""
    try:
        return _parse(text)
    except Exception:  # pragma: no cover - a safety net; the hypothesis tests keep _parse total
        title = clean_title(str(text))[:MAX_TITLE]
        return ParsedKR(title, None, None, kind=KRKind.BINARY, problems=("could not read this sentence",))


def _parse(text: str) -> ParsedKR:
    title = clean_title(text)
    problems: list[str] = []
    if not title:
        return ParsedKR("", None, None, kind=KRKind.BINARY, problems=("empty: nothing to read",))
    if len(title) > MAX_TITLE:
        problems.append(f"shortened the title to {MAX_TITLE} characters")
    words = _WORD.findall(title[:MAX_READ].lower())
    reading = _Reading(title[:MAX_READ], words, problems)
    result = reading.read(problems)
    return replace(result, title=_shorten(title), problems=tuple(problems))


def _shorten(title: str) -> str:
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"


class _Reading:
    """One pass over one sentence; small methods, one per way a KR is usually worded."""

    def __init__(self, text: str, words: list[str], problems: list[str]) -> None:
        self.text = text
        self.low = text.lower()
        self.words = words
        self.verb = _first_verb(words)
        self.lower_better = LOWER_BETTER.search(self.low) is not None
        self.numbers = _numbers(text, problems)

    # -- cues ----------------------------------------------------------------------------------

    def polarity(self) -> int:
        """+1 when the wording says "up", -1 "down", 0 when it does not say."""
        particles = set(self.words[:8])
        if "down" in particles or self.verb in DECREASE_VERBS:
            return -1
        if self.verb in INCREASE_VERBS or ("up" in particles and self.verb not in {"speed", "set", "sign"}):
            return 1
        if "faster" in particles or "quicker" in particles:
            return -1  # "30% faster" is measured as time, which goes down
        if self.verb in IMPROVE_VERBS or "better" in particles:
            return -1 if self.lower_better else 1
        return 0

    def between(self, left: _Num, right: _Num) -> str:
        return self.low[left.end : right.start]

    def before(self, num: _Num, chars: int = 24) -> str:
        return self.low[max(0, num.start - chars) : num.start]

    def after(self, num: _Num, chars: int = 24) -> str:
        return self.low[num.end : num.end + chars]

    # -- the readings, most specific first -------------------------------------------------------

    def read(self, problems: list[str]) -> ParsedKR:
        for reader in (self.from_to, self.multiplier_word, self.relative, self.comparison, self.single):
            result = reader(problems)
            if result is not None:
                return result
        return self.binary(problems)

    def from_to(self, problems: list[str]) -> ParsedKR | None:
        for left, right in zip(self.numbers, self.numbers[1:], strict=False):
            gap = self.between(left, right)
            if _TO_GAP.fullmatch(gap):
                baseline, target = left, right
            elif _FROM_GAP.fullmatch(gap):
                baseline, target = right, left
            else:
                continue
            unit, base_value, target_value = _merge_units(baseline, target, problems)
            self.note_unused({baseline, target}, problems)
            return self.moving(base_value, target_value, unit, problems)
        return None

    def moving(self, baseline: float, target: float, unit: str, problems: list[str]) -> ParsedKR:
        if baseline == target:
            if self.verb in KEEP_VERBS:
                direction = Direction.MAINTAIN_BELOW if self.lower_better else Direction.MAINTAIN_ABOVE
                return self.result(baseline, target, unit, direction)
            problems.append("baseline and target are the same: which way should it move?")
            return self.result(baseline, target, unit, None)
        direction = Direction.INCREASE if target > baseline else Direction.DECREASE
        said = self.polarity()
        if said and (said > 0) != (direction is Direction.INCREASE):
            problems.append(
                f"says '{self.verb or 'the wording'}' but the numbers go "
                f"{'up' if direction is Direction.INCREASE else 'down'}: using the numbers"
            )
        return self.result(baseline, target, unit, direction)

    def multiplier_word(self, problems: list[str]) -> ParsedKR | None:
        factor = next((f for word, f in _MULTIPLIERS.items() if re.search(word, self.low)), None)
        if factor is None or any(n.percent or n.times for n in self.numbers):
            return None
        unit = self.numbers[0].unit if self.numbers else ""
        return self.relative_result(factor, None, unit, problems)

    def relative(self, problems: list[str]) -> ParsedKR | None:
        for num in self.numbers:
            before, after = self.before(num, 6), self.after(num, 14)
            by = re.search(r"\bby\s*$", before) is not None
            comparative = re.match(r"\s*(?:more|higher|faster|fewer|less|lower|better|up|down)\b", after)
            if num.times and (by or self.verb in INCREASE_VERBS | IMPROVE_VERBS or not self.verb):
                self.note_unused({num}, problems)
                return self.relative_result(num.value, None, "", problems)
            if not (by or comparative or (num.percent and self.verb in INCREASE_VERBS | DECREASE_VERBS)):
                continue
            if (num.percent and (by or comparative or not _TO_BEFORE.search(self.before(num)))) or by:
                said = self.polarity() or _comparative_sign(comparative, self.lower_better)
            else:
                continue
            if not said:
                problems.append("cannot tell whether it should go up or down")
                said = 1
            self.note_unused({num}, problems)
            if num.percent:
                factor = 1 + said * num.value / 100
                problems.append(
                    f"read '{_fmt(num.value)}%' as a change relative to the baseline (x{_fmt(factor)}); "
                    "write 'points' for percentage points"
                )
                return self.relative_result(factor, None, "", problems)
            return self.relative_result(None, said * num.value, num.unit, problems)
        return None

    def relative_result(
        self, factor: float | None, delta: float | None, unit: str, problems: list[str]
    ) -> ParsedKR:
        direction = None
        if factor is not None and factor != 1:
            direction = Direction.INCREASE if factor > 1 else Direction.DECREASE
        elif delta:
            direction = Direction.INCREASE if delta > 0 else Direction.DECREASE
        problems.append(f"{_ASK_BASELINE}: give the baseline and the target follows from the change")
        return replace(self.result(None, None, unit, direction), relative=True, factor=factor, delta=delta)

    def comparison(self, problems: list[str]) -> ParsedKR | None:
        for num in self.numbers:
            side = _comparison_side(self.before(num), self.after(num), self.lower_better)
            if side is None:
                continue
            self.note_unused({num}, problems)
            said = self.polarity() or _SIDE_SIGN.get(side, 0) * (self.verb in MOVE_VERBS)
            if self.verb in KEEP_VERBS or not said:
                if side == "at":
                    side = "below" if self.lower_better else "above"
                direction = Direction.MAINTAIN_BELOW if side == "below" else Direction.MAINTAIN_ABOVE
                return self.result(num.value, num.value, num.unit, direction)
            direction = Direction.INCREASE if said > 0 else Direction.DECREASE
            problems.append(f"{_ASK_BASELINE}: give the baseline")
            return self.result(None, num.value, num.unit, direction)
        return None

    def single(self, problems: list[str]) -> ParsedKR | None:
        if not self.numbers:
            return self.zero_target(problems)
        num = self.numbers[-1] if _TO_BEFORE.search(self.before(self.numbers[-1])) else self.numbers[0]
        self.note_unused({num}, problems)
        said = self.polarity()
        counted = not num.percent and not _TO_BEFORE.search(self.before(num))
        fresh = re.match(r"\s*(?:new|more|additional|extra)\b", self.after(num)) is not None
        if counted and (self.verb in COUNT_VERBS or fresh) and said >= 0:
            if self.verb in OUTPUT_VERBS:
                problems.append(f"counts work done ('{self.verb}') rather than its effect: is it an outcome?")
            return replace(
                self.result(0.0, num.value, num.unit, Direction.INCREASE), is_task=self.verb in OUTPUT_VERBS
            )
        direction = None if not said else Direction.INCREASE if said > 0 else Direction.DECREASE
        problems.append(f"{_ASK_BASELINE}: give the baseline")
        return self.result(None, num.value, num.unit, direction)

    def zero_target(self, problems: list[str]) -> ParsedKR | None:
        """ "Eliminate P1 incidents", "Get flaky tests to zero": the target is 0."""
        if not (self.verb == "eliminate" or re.search(r"\b(?:to|at)\s+zero\b|\bzero\s+\w", self.low)):
            return None
        problems.append(f"{_ASK_BASELINE}: give the baseline")
        direction = Direction.MAINTAIN_BELOW if self.verb in KEEP_VERBS else Direction.DECREASE
        baseline = 0.0 if direction is Direction.MAINTAIN_BELOW else None
        if baseline is not None:
            problems.pop()
        return self.result(baseline, 0.0, "", direction)

    def binary(self, problems: list[str]) -> ParsedKR:
        is_task = self.verb in TASK_VERBS
        problems.append("no number to measure: scored as done or not done")
        if is_task:
            problems.append(f"reads as a task ('{self.verb}'): what result would show it worked?")
        return ParsedKR("", 0.0, 1.0, "", Direction.INCREASE, KRKind.BINARY, is_task=is_task)

    # -- helpers -----------------------------------------------------------------------------------

    def result(
        self, baseline: float | None, target: float | None, unit: str, direction: Direction | None
    ) -> ParsedKR:
        return ParsedKR("", baseline, target, unit, direction, _kind_of(unit))

    def note_unused(self, used: set[_Num], problems: list[str]) -> None:
        extra = [n for n in self.numbers if n not in used]
        if extra:
            listed = ", ".join(_fmt(n.value) + (f" {n.unit}" if n.unit else "") for n in extra[:3])
            problems.append(f"did not use {listed}")


_TO_GAP = re.compile(
    r"\s*(?:[a-z%$€£¥/]+\s+){0,2}?(?:(?:down|up|all the way)\s+)?(?:to|→|->|=>|⟶|➝)\s*(?:an?\s+)?"
)
_FROM_GAP = re.compile(r"\s*(?:[a-z%$€£¥/]+\s+){0,2}?(?:,\s*)?(?:down\s+|up\s+)?from\s*(?:an?\s+)?")
_TO_BEFORE = re.compile(r"\b(?:to|at|reach|hit|achieve|of)\s*$")
_MULTIPLIERS = {r"\bdouble\b": 2.0, r"\btriple\b": 3.0, r"\bquadruple\b": 4.0, r"\bhalve\b|\bin half\b": 0.5}
_ABOVE_BEFORE = re.compile(
    r"(?:\babove|\bover|\bat least|\bmore than|\bgreater than|\bno less than|\bminimum(?: of)?|>=|≥|>)\s*$"
)
_BELOW_BEFORE = re.compile(
    r"(?:\bbelow|\bunder|\bat most|\bless than|\bfewer than|\bno more than|\bmaximum(?: of)?|\bwithin"
    r"|\bbeneath|<=|≤|<)\s*$"
)
_AT_BEFORE = re.compile(r"\bat\s*$")
_ABOVE_AFTER = re.compile(r"^\s*(?:or (?:more|higher|above|greater)\b|\+)")
_BELOW_AFTER = re.compile(r"^\s*or (?:less|lower|fewer|below|under)\b")
_BETTER_AFTER = re.compile(r"^\s*or (?:better|faster)\b")


_SIDE_SIGN = {"above": 1, "below": -1}
MOVE_VERBS = LEVEL_VERBS | {"bring", "drive", "push", "take", "move"}
"""With a threshold ("get latency under 250 ms") these aim for it rather than keep it."""


def _comparison_side(before: str, after: str, lower_better: bool) -> str | None:
    """'above', 'below' or 'at' when the number is a threshold, else None."""
    if _ABOVE_AFTER.match(after) or _ABOVE_BEFORE.search(before):
        return "above"
    if _BELOW_AFTER.match(after) or _BELOW_BEFORE.search(before):
        return "below"
    if _BETTER_AFTER.match(after):
        return "below" if lower_better else "above"
    if _AT_BEFORE.search(before):
        return "at"
    return None


def _comparative_sign(match: re.Match[str] | None, lower_better: bool) -> int:
    if match is None:
        return 0
    word = match.group(0).strip()
    if word in ("more", "higher", "up"):
        return 1
    if word in ("fewer", "less", "lower", "down"):
        return -1
    if word == "faster":
        return -1
    return -1 if lower_better else 1  # better


def _first_verb(words: list[str]) -> str:
    """The leading verb, skipping filler such as 'we will'."""
    for word in words[:4]:
        if word in {"we", "will", "to", "must", "should", "team", "i", "let's", "lets"}:
            continue
        return word
    return ""


_TOO_LARGE = _Num(0.0, "", -1, -1)


def _clip(text: str, limit: int = 12) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _numbers(text: str, problems: list[str]) -> list[_Num]:
    """The values in a sentence, leaving out dates, years, labels (SOC 2, p95) and time frames."""
    masked = _DATES.sub(lambda m: " " * len(m.group(0)), text)
    found: list[_Num] = []
    for match in _NUMBER.finditer(masked):
        num = _to_number(match, masked)
        if num is _TOO_LARGE:
            problems.append(f"{_clip(match.group(0))} is too large to be a value: left out")
        elif num is not None:
            found.append(num)
    frames = [n for n in found if _is_time_frame(n, masked)]
    return [n for n in found if n not in frames] if len(frames) < len(found) else found


def _to_number(match: re.Match[str], text: str) -> _Num | None:
    """The value of one number in a sentence; None when it is a word or label, _TOO_LARGE when unusable."""
    attached = (match["attached"] or "").lower().strip()
    scale = SCALE.get((match["scale"] or "").lower(), "")
    if attached in SCALE and not scale and (match["cur"] or attached != "m"):
        scale, attached = SCALE[attached], ""
    elif attached == "m" and not match["cur"]:
        scale, attached = "m", ""
    if attached and attached != "%" and attached != "x" and attached not in TIME_UNITS | OTHER_UNITS:
        return None  # 3rd, 2fa, 5xx: words, not values
    preceding = text[: match.start()].lower().split()
    previous = preceding[-1].strip("(,:;") if preceding else ""
    if previous in LABEL_WORDS or previous in MONTHS:
        return None
    following = text[match.end() : match.end() + 12].lower().split()
    if following and following[0].strip(".,;") in MONTHS:
        return None
    digits = match["num"]
    if (
        not (match["cur"] or attached or scale)
        and re.fullmatch(r"(?:19|20)\d\d", digits)
        and (previous in YEAR_LEAD or previous in MONTHS or not previous)
    ):
        return None
    try:
        value = parse_value(f"{match['cur'] or ''}{digits}{scale}")
    except ValueError:
        return _TOO_LARGE
    if match["sign"] in ("-", "−"):
        value = -value
    end = match.end()
    unit, percent, times, seconds = "", False, False, None
    if match["cur"]:
        unit = match["cur"]
    if attached == "%":
        unit, percent = "%", True
    elif attached == "x":
        times = True
    elif attached:
        unit, seconds = _unit_word(attached)
    else:
        word_match = re.match(r"\s?([a-zA-Z][a-zA-Z]*)", text[end:])
        if word_match:
            word = word_match.group(1).lower()
            if word in TIME_UNITS or word in OTHER_UNITS:
                unit, seconds = _unit_word(word)
                percent = unit == "%"
                end += word_match.end()
            elif word in ("new", "more", "additional", "extra"):
                counted = re.match(r"\s?[a-zA-Z]+\s([a-zA-Z]+)", text[end:])
                unit = counted.group(1).lower() if counted and _looks_like_unit(counted.group(1)) else ""
            elif not unit and _looks_like_unit(word):
                unit = word
    return _Num(value, unit, match.start(), end, percent=percent, times=times, seconds=seconds)


def _unit_word(word: str) -> tuple[str, float | None]:
    if word in TIME_UNITS:
        return TIME_UNITS[word]
    return OTHER_UNITS.get(word, word), None


def _looks_like_unit(word: str) -> bool:
    """A plural noun straight after a number ("12 partners") names what is counted."""
    return len(word) > 3 and word.endswith("s") and word not in STOPWORDS and len(word) <= 20


def _is_time_frame(num: _Num, text: str) -> bool:
    """ "within 24 hours", "every 2 weeks", "in 30 days": when the KR happens, not what it measures."""
    if num.seconds is None:
        return False
    lead = text[: num.start].lower().split()[-3:]
    return bool(lead) and (lead[-1] in FRAME_LEAD or (len(lead) > 1 and lead[-2] in {"next", "first"}))


def _merge_units(baseline: _Num, target: _Num, problems: list[str]) -> tuple[str, float, float]:
    """One unit for both ends; converts between time units ("2 hours to 30 minutes")."""
    if baseline.unit == target.unit or not baseline.unit or not target.unit:
        unit = target.unit or baseline.unit
        if baseline.unit and target.unit == "" and baseline.percent:
            unit = "%"
        return unit, baseline.value, target.value
    if baseline.seconds and target.seconds:
        converted = baseline.value * baseline.seconds / target.seconds
        problems.append(
            f"converted {_fmt(baseline.value)} {baseline.unit} to {_fmt(converted)} {target.unit}"
        )
        return target.unit, converted, target.value
    problems.append(f"units differ ({baseline.unit}, {target.unit}): using {target.unit}")
    return target.unit, baseline.value, target.value


def _kind_of(unit: str) -> KRKind:
    if unit == "%":
        return KRKind.PERCENT
    if unit and unit in CURRENCIES:
        return KRKind.CURRENCY
    return KRKind.METRIC


def _fmt(value: float) -> str:
    return f"{value:.6g}"
