"""The numbers of a KR sentence, with their units, and the numbers that are not values.

People put many numbers in a KR that are not what it measures: dates, years, ids (`#1566`,
`JIRA-12`), versions (`Kubernetes 1.25`, `v2.3.1`), names (`SOC 2 Type 2`, `Sev 1`), footnote
labels (`[1]`), links, time frames ("within 24 hours"), and modifiers ("a 20% discount", "with 3
engineers"). They are masked here, before any reading, so no reading can pick them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from okrtui.core.kr_words import (
    COUNT_MODIFIERS,
    FRAME_LEAD,
    LABEL_WORDS,
    MONTHS,
    OTHER_UNITS,
    SCALE,
    STOPWORDS,
    TIME_UNITS,
    YEAR_LEAD,
)
from okrtui.core.values import parse_value

_NUMBER = re.compile(
    r"(?<![\w.,#!/])(?P<sign>[-−+](?=[$€£¥]?\d))?(?P<cur>[$€£¥])?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<attached>-?[a-zA-Z]+|\s?%)?"
    r"(?:\s?(?P<scale>thousand|million|billion)\b)?",
    re.IGNORECASE,
)
_NOT_VALUES = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"  # dates
    r"|https?://\S+|www\.\S+"  # links
    r"|\[\^?\w{1,4}\]|\^\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+"  # footnote labels
    r"|(?<![\w$€£¥])#\d+|![0-9]+\b|\b[A-Za-z]{2,}[-_]\d+\b"  # ids: #1566, !42, JIRA-12
    r"|\bv?\d+(?:\.\d+){2,}\b|\bv\d+(?:\.\d+)?\b"  # versions
    r"|\b\d+(?:\.\d+)?\s?%\s+(?:discount|off|coupon|promo|rebate|commission)\b"
    r"|\b(?:with|using|via|by hiring|team of|squad of)\s+(?:a\s+)?\d+\s+(?:more\s+)?"
    r"(?:engineers?|people|persons?|developers?|designers?|ftes?|hires?|staff|contractors?|interns?"
    r"|volunteers?|members?)\b",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^(?=.*[A-Z])(?=.*[a-z])[A-Za-z][A-Za-z+#-]*$")
"""A Capitalised or mixed-case word ("Kubernetes", "iOS", "Type") before a bare number names it."""
_UNIT_AFTER = re.compile(r"\s?(?:(?:working|business|calendar|full|whole)\s)?([a-zA-Z][a-zA-Z]*)\b", re.I)
"""The unit after a number, also past "working" or "business" ("1 working day")."""
_SHARE_OF = re.compile(r"\s+of\s+\d+\s+([a-zA-Z]+)\b")
_COUNTED = re.compile(r"\s?(?:[a-z][a-z'-]*\s){0,2}?([a-z][a-z-]*s)\b")


@dataclass(frozen=True)
class Num:
    value: float
    unit: str
    start: int
    end: int
    percent: bool = False
    times: bool = False
    seconds: float | None = None
    """For time units: how many seconds one unit is (to convert hours to minutes)."""
    counted: bool = False
    """The unit is what is counted ("5 design patterns"), not a measure."""


TOO_LARGE = Num(0.0, "", -1, -1)

_WORD_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "hundred": 100,
}
_SPELLED = re.compile(
    r"\b(?:" + "|".join(_WORD_NUMBERS) + r")\b(?![-\s]+(?:times|as|of|or|to)\b)(?!-)", re.IGNORECASE
)


def with_digits(text: str) -> str:
    """ "Ship two minor releases" -> "Ship   2 minor releases": the same length, so spans still match."""
    return _SPELLED.sub(lambda m: str(_WORD_NUMBERS[m.group(0).lower()]).rjust(len(m.group(0))), text)


def mask(text: str) -> str:
    """`text` with every non-value blanked out, positions kept (so spans still point into `text`)."""
    return _NOT_VALUES.sub(lambda m: " " * len(m.group(0)), text)


def find_numbers(text: str, problems: list[str]) -> list[Num]:
    """The values in a sentence, leaving out dates, years, ids, versions, labels and time frames."""
    masked = mask(text)
    found: list[Num] = []
    for match in _NUMBER.finditer(masked):
        num = _to_number(match, masked)
        if num is TOO_LARGE:
            problems.append(f"{_clip(match.group(0))} is too large to be a value: left out")
        elif num is not None:
            found.append(num)
    frames = [n for n in found if _is_time_frame(n, masked)]
    return [n for n in found if n not in frames] if len(frames) < len(found) else found


def _to_number(match: re.Match[str], text: str) -> Num | None:
    """The value of one number in a sentence; None when it is a word or label, TOO_LARGE when unusable."""
    attached = (match["attached"] or "").lower().strip()
    hyphen = attached.startswith("-")
    attached = attached.lstrip("-")
    scale = SCALE.get((match["scale"] or "").lower(), "")
    if attached in SCALE and not scale and not hyphen and (match["cur"] or attached != "m"):
        scale, attached = SCALE[attached], ""
    elif attached == "m" and not match["cur"] and not hyphen:
        scale, attached = "m", ""
    if attached and attached not in ("%", "x") and attached not in TIME_UNITS | OTHER_UNITS:
        return None  # 3rd, 2fa, 5xx, 2-factor: words, not values
    if hyphen and re.match(r"\s?[a-zA-Z]", text[match.end() :]) and not attached.endswith("s"):
        return None  # "30-day retention": the number names the metric
    if _is_label(match, text):
        return None
    try:
        value = parse_value(f"{match['cur'] or ''}{match['num']}{scale}")
    except ValueError:
        return TOO_LARGE
    if match["sign"] in ("-", "−"):
        value = -value
    return _with_unit(value, match, attached, text)


def _is_label(match: re.Match[str], text: str) -> bool:
    """SOC 2, week 50, Kubernetes 1.25, a year, a day of a month: a name or a date, not a value."""
    preceding = text[: match.start()].split()
    previous = preceding[-1].strip("(:;\"'") if preceding else ""
    clause_ends = previous.endswith((",", "."))  # "within 1 day, 90% of the time"
    if not clause_ends and (previous.lower() in LABEL_WORDS or previous.lower() in MONTHS):
        return True
    following = text[match.end() : match.end() + 12].lower().split()
    if following and following[0].strip(".,;") in MONTHS:
        return True
    bare = not (match["cur"] or match["attached"] or match["scale"])
    named = _NAME_WORD.match(previous) and previous.lower() not in STOPWORDS
    if bare and len(preceding) > 1 and named and not clause_ends:
        return True
    return (
        bare
        and re.fullmatch(r"(?:19|20)\d\d", match["num"]) is not None
        and (previous.lower().rstrip("-'") in YEAR_LEAD | MONTHS or not previous)
    )


def _with_unit(value: float, match: re.Match[str], attached: str, text: str) -> Num:
    end = match.end()
    unit, percent, times, seconds, counted = "", False, False, None, False
    if match["cur"]:
        unit = match["cur"]
    if attached == "%":
        unit, percent = "%", True
    elif attached == "x":
        times = True
    elif attached:
        unit, seconds = unit_word(attached)
        percent = unit == "%"
    else:
        word_match = _UNIT_AFTER.match(text[end:])
        word = word_match.group(1).lower() if word_match else ""
        if word_match and (word in TIME_UNITS or word in OTHER_UNITS):
            unit, seconds = unit_word(word)
            percent = unit == "%"
            end += word_match.end()
        elif (share := _SHARE_OF.match(text[end:])) and share.group(1).lower() in TIME_UNITS:
            unit, seconds = unit_word(share.group(1).lower())  # "28 of 30 days"
        elif not unit and (noun := counted_noun(text[end:])):
            unit, counted = noun, True
    return Num(value, unit, match.start(), end, percent, times, seconds, counted)


def counted_noun(after: str) -> str:
    """What a bare number counts: the first plural noun within three words ("12 new reseller partners")."""
    match = _COUNTED.match(after.lower())
    if not match:
        return ""
    words = match.group(0).split()
    if any(w in STOPWORDS and w not in COUNT_MODIFIERS for w in words):
        return ""
    noun = match.group(1)
    ok = 3 < len(noun) <= 20 and noun not in STOPWORDS and not noun.endswith("ss")
    return noun if ok else ""


def unit_word(word: str) -> tuple[str, float | None]:
    if word in TIME_UNITS:
        return TIME_UNITS[word]
    return OTHER_UNITS.get(word, word), None


_SECONDS = {unit: seconds for unit, seconds in TIME_UNITS.values()}


def seconds_of(unit: str) -> float | None:
    """How long one `unit` is, for the time units a sentence can give ("h", "minutes", "days")."""
    return _SECONDS.get(unit)


def _is_time_frame(num: Num, text: str) -> bool:
    """ "within 24 hours", "every 2 weeks", "in 30 days": when the KR happens, not what it measures."""
    if num.seconds is None:
        return False
    lead = text[: num.start].lower().split()[-3:]
    return bool(lead) and (lead[-1] in FRAME_LEAD or (len(lead) > 1 and lead[-2] in {"next", "first"}))


def merge_units(baseline: Num, target: Num, problems: list[str]) -> tuple[str, float, float]:
    """One unit for both ends; converts between time units ("2 hours to 30 minutes")."""
    if baseline.unit == target.unit or not baseline.unit or not target.unit:
        unit = target.unit or baseline.unit
        if baseline.unit and target.unit == "" and baseline.percent:
            unit = "%"
        return unit, baseline.value, target.value
    if baseline.seconds and target.seconds:
        converted = baseline.value * baseline.seconds / target.seconds
        problems.append(f"converted {fmt(baseline.value)} {baseline.unit} to {fmt(converted)} {target.unit}")
        return target.unit, converted, target.value
    if baseline.counted or target.counted:
        return target.unit if target.counted else baseline.unit, baseline.value, target.value
    problems.append(f"units differ ({baseline.unit}, {target.unit}): using {target.unit}")
    return target.unit, baseline.value, target.value


def _clip(text: str, limit: int = 12) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fmt(value: float) -> str:
    return f"{value:.6g}"
