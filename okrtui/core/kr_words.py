"""The words the KR sentence parser knows: verbs by direction, units, labels, months."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _forms(verbs: frozenset[str], extra: str = "") -> frozenset[str]:
    """Every inflection a sentence may use ("requests reduced by", "decreases avg time", "cutting"),
    so direction is read from any verb in the sentence, not only a leading one."""
    found = set(verbs) | set(extra.split())
    for verb in verbs:
        stem = verb[:-1] if verb.endswith("e") else verb
        plural = verb + ("es" if verb.endswith(("s", "sh", "ch", "x", "z")) else "s")
        found |= {plural, stem + "ed", stem + "ing"}
        if verb.endswith("y") and verb[-2:-1] not in ("a", "e", "o"):
            found |= {verb[:-1] + "ies", verb[:-1] + "ied"}
        if len(verb) <= 4 and verb[-1] in "bdgmnpt" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
            found |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}  # cut -> cutting, drop -> dropped
    return frozenset(found)


INCREASE_VERBS = _words(
    "increase grow raise lift boost expand double triple quadruple gain scale maximise maximize "
    "extend broaden widen strengthen multiply climb up"
)
DECREASE_VERBS = _words(
    "cut reduce decrease lower drop shrink lessen slash halve trim minimise minimize shorten "
    "eliminate curb limit compress down"
)
RISE_WORDS = _forms(
    INCREASE_VERBS - {"up"},
    "grew grown growth rose risen rise rises rising increase increases higher more greater larger "
    "bigger expansion",
)
FALL_WORDS = _forms(
    DECREASE_VERBS - {"down"},
    "fell fallen fall falls falling decline declines declined declining reduction shrank shrunk "
    "fewer less lower smaller cheaper shorter faster quicker sooner",
)
"""Direction words anywhere in a sentence; "faster" and "shorter" count as down (time is measured)."""
IMPROVE_VERBS = _words("improve optimise optimize better enhance speed accelerate")
IMPROVE_WORDS = _forms(IMPROVE_VERBS, "improvement improvements")
"""Which way these go depends on the metric: improving latency means lowering it."""
KEEP_VERBS = _words("keep hold maintain stay sustain remain preserve protect never ensure")
KEEP_WORDS = _forms(KEEP_VERBS, "kept held stays remains")
LEVEL_VERBS = _words("reach hit achieve attain get exceed surpass deliver")
COUNT_VERBS = _words(
    "sign hire onboard recruit land win close acquire add book publish launch ship release run host "
    "interview train certify complete open secure enrol enroll sell generate raise collect gather "
    "automate migrate fix resolve conduct write finish create build"
)
"""Verbs that count things done inside the cycle, so a lone number starts from zero."""
ACTION_VERBS = _words(
    "identify document review merge contribute mentor present speak visit survey pilot prototype "
    "organise organize give record produce translate triage answer respond graduate port upstream "
    "submit file propose accept approve benchmark profile send email call meet enable convert "
    "schedule teach educate attract engage invite welcome partner establish implement introduce "
    "support deploy design develop draft plan run hold host test onboard adopt integrate sponsor "
    "speak deliver demo showcase nominate certify recognise recognize celebrate contact"
)
"""Other verbs of doing: with a count of things ("identify at least 5 patterns") it starts from zero."""
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
    "rejection",
    "chargeback",
    "fraud",
    "spam",
    "toil",
    "lag",
    "queue",
    "overdue",
    "turnaround",
    "attrition",
    "turnover",
    "regression",
    "cve",
    "drop-off",
    "dropoff",
    "unsubscribe",
)
LOWER_BETTER = re.compile(r"\b(?:" + "|".join(LOWER_IS_BETTER) + ")")
MONTHS = _words(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july "
    "august september october november december"
)
LABEL_WORDS = _words(
    "soc iso level tier phase step stage version v gen series web ipv pci grade sev severity p "
    "priority round week wk day sprint chapter part wave batch cohort milestone q h fy region top- "
    "level iteration release- type pr prs issue issues ticket mr rfc kep pep adr cve gh jira epic no. "
    "number item goal objective kr o okr v. version"
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
    "from to by or and of in on at per a an the new more less than with within for as is are was "
    "this that these those its his hers ours yours theirs has does goes always across plus"
)
COUNT_MODIFIERS = _words("new more additional extra")
PROSE_OPENERS = _words(
    "we our this that these those it its in last the a an as because since when if note i they there "
    "here to for with so but and or also then while although currently previously"
)
"""A line that starts with these is prose about the OKRs, not a KR (unless it is in a KR list)."""
ZERO_WORDS = _words("zero no none nil 0")
SCALE = {"k": "k", "m": "m", "b": "b", "bn": "bn", "thousand": "k", "million": "m", "billion": "b"}
ANY_VERB = (
    ACTION_VERBS
    | COUNT_VERBS
    | FALL_WORDS
    | IMPROVE_WORDS
    | KEEP_VERBS
    | LEVEL_VERBS
    | RISE_WORDS
    | TASK_VERBS
)
"""A word that starts a KR or an objective like a verb does ("Reduce", "Make"), not like a name."""
