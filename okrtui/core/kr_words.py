"""The words the KR sentence parser knows: verbs by direction, units, labels, months."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


INCREASE_VERBS = _words(
    "increase grow raise lift boost expand double triple quadruple gain scale maximise maximize "
    "extend broaden widen strengthen multiply climb up"
)
DECREASE_VERBS = _words(
    "cut reduce decrease lower drop shrink lessen slash halve trim minimise minimize shorten "
    "eliminate curb limit compress down"
)
IMPROVE_VERBS = _words("improve optimise optimize better enhance speed accelerate")
"""Which way these go depends on the metric: improving latency means lowering it."""
KEEP_VERBS = _words("keep hold maintain stay sustain remain preserve protect never ensure")
LEVEL_VERBS = _words("reach hit achieve attain get exceed surpass deliver")
COUNT_VERBS = _words(
    "sign hire onboard recruit land win close acquire add book publish launch ship release run host "
    "interview train certify complete open secure enrol enroll sell generate raise collect gather "
    "automate migrate fix resolve conduct write finish create build"
)
"""Verbs that count things done inside the cycle, so a lone number starts from zero."""
OUTPUT_VERBS = _words(
    "ship launch release build write publish deploy complete implement deliver create finish"
)
"""Counting these measures work done, not its effect: flagged as task-like."""
TASK_VERBS = OUTPUT_VERBS | _words(
    "migrate set setup design develop refactor document define organise organize move upgrade replace "
    "integrate introduce remove rewrite redesign research investigate evaluate prepare start begin do "
    "make roll automate hire run hold plan draft finalise finalize establish rebuild clean "
    "consolidate switch adopt install configure test review audit update add deprecate sunset retire "
    "train kick conduct launch"
)
LOWER_IS_BETTER = (
    "latency",
    "time",
    "duration",
    "error",
    "churn",
    "cost",
    "spend",
    "bug",
    "defect",
    "incident",
    "outage",
    "downtime",
    "p50",
    "p90",
    "p95",
    "p99",
    "mttr",
    "complaint",
    "failure",
    "flaky",
    "backlog",
    "waste",
    "debt",
    "delay",
    "wait",
    "abandon",
    "bounce",
    "refund",
    "cac",
    "burn",
    "crash",
    "ticket",
    "escalation",
    "lead time",
    "page",
    "alert",
    "vulnerabilit",
)
LOWER_BETTER = re.compile(r"\b(?:" + "|".join(LOWER_IS_BETTER) + ")")
MONTHS = _words(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july "
    "august september october november december"
)
LABEL_WORDS = _words(
    "soc iso level tier phase step stage version v gen series web ipv pci grade sev severity p "
    "priority round week wk day sprint chapter part wave batch cohort milestone q h fy region top- "
    "level iteration release-"
)
"""A number after these is a name (SOC 2, Sev 1, week 50), not a value."""
YEAR_LEAD = _words("in by of for end q1 q2 q3 q4 h1 h2 fy early mid late before until during since")
FRAME_LEAD = _words("within in per every each over after for next last past first")
TIME_UNITS = {
    "ms": ("ms", 0.001),
    "millisecond": ("ms", 0.001),
    "milliseconds": ("ms", 0.001),
    "s": ("s", 1.0),
    "sec": ("s", 1.0),
    "secs": ("s", 1.0),
    "second": ("s", 1.0),
    "seconds": ("s", 1.0),
    "min": ("min", 60.0),
    "mins": ("min", 60.0),
    "minute": ("minutes", 60.0),
    "minutes": ("minutes", 60.0),
    "h": ("h", 3600.0),
    "hr": ("h", 3600.0),
    "hrs": ("h", 3600.0),
    "hour": ("hours", 3600.0),
    "hours": ("hours", 3600.0),
    "d": ("days", 86400.0),
    "day": ("days", 86400.0),
    "days": ("days", 86400.0),
    "w": ("weeks", 604800.0),
    "wk": ("weeks", 604800.0),
    "wks": ("weeks", 604800.0),
    "week": ("weeks", 604800.0),
    "weeks": ("weeks", 604800.0),
    "month": ("months", 2629800.0),
    "months": ("months", 2629800.0),
}
OTHER_UNITS = {
    "percent": "%",
    "pct": "%",
    "pp": "pts",
    "pts": "pts",
    "point": "pts",
    "points": "pts",
    "gb": "GB",
    "mb": "MB",
    "tb": "TB",
    "kb": "KB",
    "rps": "rps",
    "qps": "qps",
    "usd": "$",
    "dollars": "$",
    "eur": "€",
    "euros": "€",
    "gbp": "£",
    "nps": "NPS",
    "stars": "stars",
}
CURRENCIES = "$€£¥"
STOPWORDS = _words(
    "from to by or and of in on at per a an the new more less than with within for as is are was"
)
SCALE = {"k": "k", "m": "m", "b": "b", "bn": "bn", "thousand": "k", "million": "m", "billion": "b"}
