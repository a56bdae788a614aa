"""OKR lint: the practice's rules of thumb as numbered, explained checks over boards.

Pure: boards in, findings out. `today` is optional because a plan that is not saved yet
(an import dry run) has no check-in history to be stale.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from okrtui.core.board import Board
from okrtui.core.drafts import DraftKeyResult
from okrtui.core.models import CycleState, KeyResult, KRKind, Objective
from okrtui.core.sentence import parse_kr
from okrtui.core.weeks import shift_week, week_of

MAX_OBJECTIVES = 3
MIN_KRS = 2
MAX_KRS = 5
STALE_WEEKS = 2


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    name: str
    why: str


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "OKR001",
            Severity.ERROR,
            "KR without an owner",
            "one named person answers for each KR (`okrtui complete DRAFT --owner NAME` names one)",
        ),
        Rule(
            "OKR002",
            Severity.ERROR,
            "KR needs a number",
            "a KR without a baseline or target cannot be scored; `okrtui complete DRAFT` fills it in",
        ),
        Rule("OKR003", Severity.WARNING, "too many objectives", "focus: 1-3 objectives per team per cycle"),
        Rule("OKR004", Severity.WARNING, "too few KRs", "one KR rarely captures an objective; aim for 2-5"),
        Rule("OKR005", Severity.WARNING, "too many KRs", "more than 5 KRs dilutes attention; aim for 2-5"),
        Rule(
            "OKR006",
            Severity.WARNING,
            "KR not measurable",
            "done/not-done KRs give no signal along the way; name the number that would move",
        ),
        Rule(
            "OKR007",
            Severity.WARNING,
            "KR worded as a task",
            "KRs are outcomes, not work items; the task belongs in a plan, its effect in the KR",
        ),
        Rule(
            "OKR008",
            Severity.WARNING,
            "objective contains numbers",
            "objectives inspire and stay qualitative; the numbers belong in the KRs",
        ),
        Rule(
            "OKR009",
            Severity.WARNING,
            "no recent check-in",
            f"a KR not checked in for {STALE_WEEKS}+ weeks is flying blind",
        ),
        Rule(
            "OKR010",
            Severity.INFO,
            "owner not a team member",
            "the owner is not in the team's member list; a typo, or a KR owned across teams?",
        ),
        Rule("OKR011", Severity.WARNING, "due date outside the cycle", "a KR should be due within its cycle"),
    )
}

Add = Callable[[str, str, str], None]
"""Records a finding: rule code, subject id, message."""

_METRIC_DIGITS = re.compile(r"(?<![\w.])(?!(?:19|20)\d\d\b)\d[\d,.]*(?:\s?%|[kmb]\b)?", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    rule: Rule
    message: str
    team: str
    subject: str
    """The id of the KR, draft or objective concerned, or the team id."""

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    def __str__(self) -> str:
        return f"{self.rule.code} {self.severity.value}: {self.team} {self.subject}: {self.message}"


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def lint_boards(boards: Iterable[Board], today: date | None = None) -> list[Finding]:
    return [finding for board in boards for finding in lint_board(board, today)]


@dataclass
class _Plan:
    """One board's lookups, built once, so linting stays linear in the number of KRs."""

    board: Board
    today: date | None
    members: set[str] = field(default_factory=set)
    krs: dict[str, list[KeyResult]] = field(default_factory=dict)
    drafts: dict[str, list[DraftKeyResult]] = field(default_factory=dict)
    last_week: dict[str, str] = field(default_factory=dict)
    first_week: str | None = None

    def __post_init__(self) -> None:
        board = self.board
        self.members = {m.lower() for m in board.team.members}
        for kr in board.key_results:
            if not kr.archived:
                self.krs.setdefault(kr.objective, []).append(kr)
        for draft in board.drafts:
            if not draft.archived:
                self.drafts.setdefault(draft.objective, []).append(draft)
        for checkin in board.checkins:
            self.last_week[checkin.kr] = max(checkin.week, self.last_week.get(checkin.kr, ""))
        self.first_week = min((c.week for c in board.checkins), default=None)


def lint_board(board: Board, today: date | None = None) -> list[Finding]:
    """Every finding on one team's board, objectives in order, their KRs and drafts under them."""
    found: list[Finding] = []
    team = board.team.id
    plan = _Plan(board, today)

    def add(code: str, subject: str, message: str) -> None:
        found.append(Finding(RULES[code], message, team, subject))

    objectives = board.live_objectives()
    if len(objectives) > MAX_OBJECTIVES:
        add("OKR003", team, f"{len(objectives)} objectives (at most {MAX_OBJECTIVES})")
    for objective in objectives:
        _lint_objective(plan, objective, add)
        for kr in plan.krs.get(objective.id, []):
            _lint_kr(plan, kr, add)
        for draft in plan.drafts.get(objective.id, []):
            if not draft.owner:
                add("OKR001", draft.id, f"draft '{_short(draft.title)}' has no owner")
            numbers = [m for m in draft.missing() if m != "owner"]
            if numbers:
                add("OKR002", draft.id, f"draft '{_short(draft.title)}' needs its {' and '.join(numbers)}")
    return found


def _lint_objective(plan: _Plan, objective: Objective, add: Add) -> None:
    count = len(plan.krs.get(objective.id, [])) + len(plan.drafts.get(objective.id, []))
    if count < MIN_KRS:
        add("OKR004", objective.id, f"'{_short(objective.title)}' has {count} KR{'s' * (count != 1)}")
    if count > MAX_KRS:
        add("OKR005", objective.id, f"'{_short(objective.title)}' has {count} KRs")
    numbers = _METRIC_DIGITS.findall(re.sub(r"\b[QH][1-4]\b|\bFY\d+\b", "", objective.title))
    if numbers:
        add("OKR008", objective.id, f"'{_short(objective.title)}' has {', '.join(numbers[:3])}")


def _lint_kr(plan: _Plan, kr: KeyResult, add: Add) -> None:
    board = plan.board
    parsed = parse_kr(kr.title)
    if kr.kind is KRKind.BINARY:
        add("OKR006", kr.id, f"'{_short(kr.title)}' is done/not done")
    if parsed.is_task:
        add("OKR007", kr.id, f"'{_short(kr.title)}' ({parsed.problems[-1]})")
    if plan.members and kr.owner.lower() not in plan.members:
        add("OKR010", kr.id, f"{kr.owner} is not a member of {board.team.name}")
    if kr.due and not board.cycle.contains(kr.due):
        add("OKR011", kr.id, f"due {kr.due.isoformat()}, cycle ends {board.cycle.end.isoformat()}")
    if plan.today is not None:
        _lint_staleness(plan, kr, add, plan.today)


def _lint_staleness(plan: _Plan, kr: KeyResult, add: Add, today: date) -> None:
    cycle = plan.board.cycle
    if cycle.state is not CycleState.ACTIVE or not cycle.contains(today):
        return
    cutoff = shift_week(week_of(today), -STALE_WEEKS)
    # A KR never checked in counts only once the team has been checking in for a while: right after
    # an import nothing has history, and flagging every KR would bury the findings that matter.
    last = plan.last_week.get(kr.id)
    if last is not None and last <= cutoff:
        add("OKR009", kr.id, f"last check-in {last}")
    elif last is None and plan.first_week is not None and plan.first_week <= cutoff:
        add("OKR009", kr.id, "never checked in, while the team's check-ins go back 2+ weeks")


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
