"""Read a key result as people write it ("Cut checkout errors from 3.5% to 1%") into numbers.

Pure and forgiving: any text gives a result, and what could not be worked out is said in
`problems` rather than guessed silently. When unsure (no starting value, no clear direction)
the field is left None so a person is asked. Direction comes from any verb or comparative in the
sentence ("requests per customer reduced by 25%"), not only a leading verb; which numbers are
values at all is decided in `kr_numbers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from okrtui.core.kr_numbers import Num, find_numbers, fmt, merge_units, with_digits
from okrtui.core.kr_words import (
    ACTION_VERBS,
    COUNT_VERBS,
    CURRENCIES,
    FALL_WORDS,
    IMPROVE_WORDS,
    KEEP_VERBS,
    KEEP_WORDS,
    LEVEL_VERBS,
    LOWER_BETTER,
    OUTPUT_VERBS,
    RISE_WORDS,
    TASK_VERBS,
    ZERO_WORDS,
)
from okrtui.core.models import Direction, KRKind
from okrtui.core.text import one_line

MAX_TITLE = 200
MAX_READ = 2000
"""Only this much of a sentence is searched for numbers: KRs are short, pasted junk may not be."""

_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_LEAD = re.compile(
    r"^\s*(?:[-*+•·]\s+|\d+[.)]\s+|[a-z][.)]\s+)?"
    r"(?:\[[ xX]\]\s*)?"
    r"(?:(?:KR|key\s+result)\s*[\d.]*\s*[:.)\-–—]\s*)?",
    re.IGNORECASE,
)
_EMPHASIS = re.compile(r"\*\*|__|`")
_THRESHOLD_WORDS = re.compile(
    r"\b(?:no|not)\s+(?:more|less|fewer|greater|higher|lower)\s+than\b"
    r"|\b(?:more|less|fewer|greater|higher|lower)\s+than\b|\bat\s+(?:least|most)\b"
    r"|\bor\s+(?:more|less|fewer|better|higher|lower|faster|above|below|greater)\b"
)
"""Threshold phrases: "less than 2%" says where the line is, not which way the number moves."""
_UP_PHRASES = frozenset({"speed", "set", "sign", "follow", "pick", "show", "back", "start", "spin", "stand"})
DOING_VERBS = (COUNT_VERBS | ACTION_VERBS | TASK_VERBS) - KEEP_VERBS - (LEVEL_VERBS - {"deliver"})
"""Verbs of doing: a count of things done in the cycle ("identify at least 5 patterns") starts at 0."""


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
        kept = tuple(p for p in self.problems if not p.startswith(ASK_BASELINE))
        unit = self.unit or unit
        return replace(
            self,
            baseline=baseline,
            target=target,
            direction=direction,
            problems=kept,
            unit=unit,
            kind=kind_of(unit),
        )


ASK_BASELINE = "starting value unknown"
NO_NUMBER = "no number to measure"


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
    reading = _Reading(with_digits(title[:MAX_READ]), problems)
    result = reading.read(problems)
    if not result.unit and result.kind is not KRKind.BINARY and (rate := _RATE.search(title)):
        result = replace(result, unit=f"{rate['per'].lower()} {rate['period'].lower()}")
    return replace(result, title=_shorten(title), problems=tuple(problems))


_RATE = re.compile(
    r"\d\s*(?P<per>per|a|an|each)\s+(?P<period>day|week|month|quarter|year|sprint|release)\b(?!\s*\d)",
    re.IGNORECASE,
)
"""A count over a period with no unit of its own ("from 12 to 3 per month"): the period is its unit."""


@dataclass(frozen=True)
class Wording:
    """Which way a KR's words point, apart from its numbers."""

    polarity: int
    """+1 up, -1 down, 0 not said."""
    keeps: bool
    """ "Keep", "hold", "stay": a line to hold."""


def wording(text: str) -> Wording:
    """The direction a title's words give, for KRs whose numbers sit elsewhere (table cells)."""
    reading = _Reading(clean_title(text)[:MAX_READ], [])
    return Wording(reading.polarity(), reading.keeps())


def _shorten(title: str) -> str:
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"


class _Reading:
    """One pass over one sentence; small methods, one per way a KR is usually worded."""

    def __init__(self, text: str, problems: list[str]) -> None:
        self.text = text
        self.low = text.lower()
        self.words = _WORD.findall(_THRESHOLD_WORDS.sub(" ", self.low))
        self.verb = _first_verb(self.words)
        self.lower_better = LOWER_BETTER.search(self.low) is not None
        self.numbers = find_numbers(text, problems)
        self.cue = next((n for n in self.numbers if _BASELINE_CUE.search(self.before(n, 30))), None)
        self.values = [n for n in self.numbers if n is not self.cue]
        """The numbers a target can come from: all but a stated starting value ("currently 400 ms")."""

    # -- cues ----------------------------------------------------------------------------------

    def polarity(self) -> int:
        """+1 when the wording says "up", -1 "down", 0 when it does not say; the main verb first."""
        if self.verb in FALL_WORDS:
            return -1
        if self.verb in RISE_WORDS:
            return 1
        for word in self.words:
            if word == "down" or word in FALL_WORDS:
                return -1
            if word in RISE_WORDS or (word == "up" and self.verb not in _UP_PHRASES):
                return 1
            if word in IMPROVE_WORDS or word == "better":
                return -1 if self.lower_better else 1
        return 0

    def keeps(self) -> bool:
        """ "Keep", "hold", "stays above": a line to hold rather than a number to move."""
        return self.verb in KEEP_VERBS or (
            any(word in KEEP_WORDS for word in self.words) and not self.polarity()
        )

    def doing(self) -> bool:
        """A verb of doing things; "hold 6 sessions" (not "hold latency under 300 ms") is one too."""
        return self.verb in DOING_VERBS or re.match(r"\s*(?:hold|keep running)\s+\d", self.low) is not None

    def between(self, left: Num, right: Num) -> str:
        return self.low[left.end : right.start]

    def before(self, num: Num, chars: int = 24) -> str:
        return self.low[max(0, num.start - chars) : num.start]

    def after(self, num: Num, chars: int = 24) -> str:
        return self.low[num.end : num.end + chars]

    # -- the readings, most specific first -------------------------------------------------------

    def read(self, problems: list[str]) -> ParsedKR:
        result = self.from_to(problems)
        if result is not None:
            return result
        readers = (self.zero_lead, self.multiplier_word, self.comparison, self.relative, self.zero_target)
        for reader in (*readers, self.single):
            result = reader(problems)
            if result is not None:
                return self.with_cue(result, problems)
        return self.binary(problems)

    def with_cue(self, result: ParsedKR, problems: list[str]) -> ParsedKR:
        """A starting value stated apart ("(currently 400 ms)", "from 5%") fills the baseline."""
        cue = self.cue
        if cue is None or result.baseline is not None or result.kind is KRKind.BINARY:
            return result
        value = cue.value
        if cue.seconds and result.target is not None:
            target_seconds = next((n.seconds for n in self.values if n.value == result.target), None)
            if target_seconds and target_seconds != cue.seconds:
                value = cue.value * cue.seconds / target_seconds
        problems[:] = [p for p in problems if not p.startswith(ASK_BASELINE)]
        filled = result.with_baseline(value, unit=cue.unit)
        if filled.target is None or (filled.direction and filled.direction.is_maintain):
            return filled
        if filled.target == value:
            problems.append("baseline and target are the same: which way should it move?")
            return replace(filled, direction=None)
        numbers = Direction.INCREASE if filled.target > value else Direction.DECREASE
        if filled.direction is not numbers:
            problems.append(
                f"the starting value {fmt(value)} and the target say '{numbers.value}': using that"
            )
        return replace(filled, direction=numbers)

    def from_to(self, problems: list[str]) -> ParsedKR | None:
        """ "from A to B" (or "to B from A"); a to-pair wins, so "on a 2 GB VM from 4.2 s to 1.5 s"
        pairs 4.2 s with 1.5 s."""
        pairs = list(zip(self.numbers, self.numbers[1:], strict=False))
        found = next(((a, b) for a, b in pairs if _TO_GAP.fullmatch(self.between(a, b))), None)
        if found is None:
            found = next(
                (
                    (b, a)
                    for a, b in pairs
                    if _FROM_GAP.fullmatch(self.between(a, b)) and not _BY_BEFORE.search(self.before(a))
                ),
                None,
            )
        if found is None:
            return None
        baseline, target = found
        unit, base_value, target_value = merge_units(baseline, target, problems)
        self.note_unused({baseline, target}, problems)
        return self.moving(base_value, target_value, unit, problems)

    def moving(self, baseline: float, target: float, unit: str, problems: list[str]) -> ParsedKR:
        if baseline == target:
            if self.keeps():
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
        found = next(((m, f) for word, f in _MULTIPLIERS if (m := re.search(word, self.low))), None)
        if found is None or any(n.percent or n.times for n in self.values):
            return None
        match, factor = found
        if _FASTER.match(self.low[match.end() :]):
            factor = 1 / factor  # "twice as fast": the time it takes halves
        unit = self.values[0].unit if self.values else ""
        return self.relative_result(factor, None, unit, problems)

    def relative(self, problems: list[str]) -> ParsedKR | None:
        for num in self.values:
            before, after = self.before(num, 12), self.after(num, 14)
            by = _BY_BEFORE.search(before) is not None
            comparative = _COMPARATIVE_AFTER.match(after)
            if num.times:  # "3x", "2x faster" (a threshold such as "under 1x" was read before)
                self.note_unused({num}, problems)
                factor = 1 / num.value if _FASTER.match(after) and num.value else num.value
                return self.relative_result(factor, None, "", problems)
            share = re.match(r"\s*of\b", after) is not None
            moved = num.percent and self.polarity() and not share and not _TO_BEFORE.search(self.before(num))
            if not (by or (num.percent and comparative) or moved):
                continue
            said = self.polarity() or _comparative_sign(comparative, self.lower_better)
            if not said:
                problems.append("cannot tell whether it should go up or down")
                said = 1
            self.note_unused({num}, problems)
            if num.percent:
                factor = 1 + said * num.value / 100
                problems.append(
                    f"read '{fmt(num.value)}%' as a change relative to the baseline (x{fmt(factor)}); "
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
        problems.append(f"{ASK_BASELINE}: give the baseline and the target follows from the change")
        return replace(self.result(None, None, unit, direction), relative=True, factor=factor, delta=delta)

    def comparison(self, problems: list[str]) -> ParsedKR | None:
        for num in self.values:
            side = _comparison_side(self.before(num), self.after(num), self.lower_better)
            if side is None:
                continue
            self.note_unused({num}, problems)
            if side == "above" and num.counted and self.doing():
                return self.counted(num, problems)  # "identify at least 5 patterns": 0 -> 5
            said = self.polarity() or _SIDE_SIGN.get(side, 0) * (self.verb in MOVE_VERBS)
            if self.keeps() or not said:
                if side == "at":
                    side = "below" if self.lower_better else "above"
                direction = Direction.MAINTAIN_BELOW if side == "below" else Direction.MAINTAIN_ABOVE
                return self.result(num.value, num.value, num.unit, direction)
            direction = Direction.INCREASE if said > 0 else Direction.DECREASE
            problems.append(f"{ASK_BASELINE}: give the baseline")
            return self.result(None, num.value, num.unit, direction)
        return None

    def single(self, problems: list[str]) -> ParsedKR | None:
        if not self.values:
            return None
        last = self.values[-1]
        num = last if _TO_BEFORE.search(self.before(last)) else self.values[0]
        self.note_unused({num}, problems)
        said = self.polarity()
        countable = not num.percent and num.seconds is None and not _TO_BEFORE.search(self.before(num))
        fresh = re.match(r"\s*(?:new|more|additional|extra)\b", self.after(num)) is not None
        if countable and (self.doing() or fresh) and said >= 0:
            return self.counted(num, problems)
        if self.keeps() and not said:  # "keep the format compatible for 100% of the fixtures"
            held = Direction.MAINTAIN_BELOW if self.lower_better else Direction.MAINTAIN_ABOVE
            return self.result(num.value, num.value, num.unit, held)
        share = num.percent and re.match(r"\s*of\b", self.after(num)) is not None
        if not said and share:
            said = 1  # "answer 90% of issues within 2 days": a share of things done well goes up
        elif not said and self.verb in LEVEL_VERBS:
            said = -1 if self.lower_better else 1  # "reach 2,000 teams" goes up to 2,000
        direction = None if not said else Direction.INCREASE if said > 0 else Direction.DECREASE
        problems.append(f"{ASK_BASELINE}: give the baseline")
        return self.result(None, num.value, num.unit, direction)

    def counted(self, num: Num, problems: list[str]) -> ParsedKR:
        """Things done in the cycle ("sign 12 new partners") count from zero."""
        is_task = self.verb in OUTPUT_VERBS
        if is_task:
            problems.append(f"counts work done ('{self.verb}') rather than its effect: is it an outcome?")
        return replace(self.result(0.0, num.value, num.unit, Direction.INCREASE), is_task=is_task)

    def zero_lead(self, problems: list[str]) -> ParsedKR | None:
        """ "Zero app store rejections", "No Sev1 incidents", said without a verb, are a line to hold
        at 0 for the whole cycle, whatever other numbers describe them ("fewer than 2 agents")."""
        leads = len(self.words) > 1 and self.words[0] in ZERO_WORDS and not _DECIMAL_LEAD.match(self.low)
        if not leads or self.polarity() > 0:
            return None
        return self.result(0.0, 0.0, "", Direction.MAINTAIN_BELOW)

    def zero_target(self, problems: list[str]) -> ParsedKR | None:
        """ "Eliminate P1 incidents", "Get flaky tests to zero": the target is 0."""
        if any(n.value != 0 for n in self.values):
            return None
        named = self.verb == "eliminate" or re.search(r"\b(?:to|at)\s+(?:zero|0)\b|\bzero\s+\w", self.low)
        if not named:
            return None
        if self.keeps():
            return self.result(0.0, 0.0, _zero_unit(self.values), Direction.MAINTAIN_BELOW)
        problems.append(f"{ASK_BASELINE}: give the baseline")
        return self.result(None, 0.0, _zero_unit(self.values), Direction.DECREASE)

    def binary(self, problems: list[str]) -> ParsedKR:
        is_task = self.verb in TASK_VERBS
        problems.append(f"{NO_NUMBER}: scored as done or not done")
        if is_task:
            problems.append(f"reads as a task ('{self.verb}'): what result would show it worked?")
        return ParsedKR("", 0.0, 1.0, "", Direction.INCREASE, KRKind.BINARY, is_task=is_task)

    # -- helpers -----------------------------------------------------------------------------------

    def result(
        self, baseline: float | None, target: float | None, unit: str, direction: Direction | None
    ) -> ParsedKR:
        return ParsedKR("", baseline, target, unit, direction, kind_of(unit))

    def note_unused(self, used: set[Num], problems: list[str]) -> None:
        extra = [n for n in self.values if n not in used]
        if extra:
            listed = ", ".join(fmt(n.value) + (f" {n.unit}" if n.unit else "") for n in extra[:3])
            problems.append(f"did not use {listed}")


_COMPARATOR = (
    r"(?:below|under|above|over|at\s+most|at\s+least|less\s+than|more\s+than|fewer\s+than"
    r"|no\s+more\s+than|<=?|>=?|≤|≥)\s*"
)
_TO_GAP = re.compile(
    r"\s*(?:[a-z%$€£¥/]+\s+){0,2}?(?:(?:down|up|all the way)\s+)?(?:to|→|->|=>|⟶|➝)\s*(?:an?\s+)?"
    rf"(?:{_COMPARATOR})?"
)
_FROM_GAP = re.compile(r"\s*(?:[a-z%$€£¥/]+\s+){0,2}?(?:,\s*)?(?:down\s+|up\s+)?from\s*(?:an?\s+)?")
_BY_BEFORE = re.compile(r"\bby\s*(?:about|around|roughly|~|at\s+least)?\s*$")
_TO_BEFORE = re.compile(r"\b(?:to|at|reach|hit|achieve|of)\s*$")
_BASELINE_CUE = re.compile(
    r"(?:\bcurrently|\bcurrent(?:\s+value)?|\bnow|\btoday|\bbaseline|\bstarting|\bwas|\bvs\.?|\bversus"
    r"|\bfrom)\s*(?:at|is|of|:|=|~)?\s*(?:about|approx\.?|around|~)?\s*$"
)
_MULTIPLIERS = (
    (r"\bdoubl(?:e[sd]?|ing)\b|\btwice\b", 2.0),
    (r"\btripl(?:e[sd]?|ing)\b|\bthrice\b|\bthree times\b", 3.0),
    (r"\bquadrupl(?:e[sd]?|ing)\b|\bfour times\b", 4.0),
    (r"\bfive times\b", 5.0),
    (r"\bten times\b", 10.0),
    (r"\bhalv(?:e[sd]?|ing)\b|\bin half\b|\bby half\b|\bhalf as\b", 0.5),
)
_FASTER = re.compile(r"\s*(?:as\s+)?(?:fast|faster|quick|quicker)\b")
_COMPARATIVE_AFTER = re.compile(
    r"\s*(?:more|higher|faster|fewer|less|lower|better|up|down|increase|decrease|reduction|growth"
    r"|improvement|quicker|shorter|cheaper|smaller|bigger|larger)\b"
)
_ABOVE_BEFORE = re.compile(
    r"(?:\babove|\bover|\bat least|\bmore than|\bgreater than|\bno less than|\bminimum(?: of)?|>=|≥|>)\s*$"
)
_BELOW_BEFORE = re.compile(
    r"(?:\bbelow|\bunder|\bat most|\bless than|\bfewer than|\bno more than|\bmaximum(?: of)?|\bwithin"
    r"|\bbeneath|\bup to|<=|≤|<)\s*$"
)
_AT_BEFORE = re.compile(r"\bat\s*$")
_ABOVE_AFTER = re.compile(r"^\s*(?:or (?:more|higher|above|greater)\b|\+)")
_BELOW_AFTER = re.compile(r"^\s*or (?:less|lower|fewer|below|under)\b")
_BETTER_AFTER = re.compile(r"^\s*or (?:better|faster)\b")


_DECIMAL_LEAD = re.compile(r"\W*0[.,]\d")
"""'0.5' starts with a 0 but is not 'zero'."""
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
    if word in RISE_WORDS or word == "up":
        return 1
    if word in FALL_WORDS or word == "down":
        return -1
    return -1 if lower_better else 1  # better, improvement


def _zero_unit(values: list[Num]) -> str:
    return values[0].unit if values else ""


def _first_verb(words: list[str]) -> str:
    """The leading verb, skipping filler such as 'we will'."""
    for word in words[:4]:
        if word in {"we", "will", "to", "must", "should", "team", "i", "let's", "lets"}:
            continue
        return word
    return ""


def kind_of(unit: str) -> KRKind:
    if unit == "%":
        return KRKind.PERCENT
    if unit and unit in CURRENCIES:
        return KRKind.CURRENCY
    return KRKind.METRIC
