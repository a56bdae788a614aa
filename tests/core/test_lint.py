"""OKR lint: each rule fires on what it describes and stays quiet on a healthy board."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from okrtui.core.board import Board
from okrtui.core.drafts import DraftKeyResult
from okrtui.core.lint import RULES, Severity, has_errors, lint_board
from okrtui.core.models import CheckIn, Cycle, CycleState, KeyResult, KRKind, Objective, Team
from okrtui.services.demo import build_boards
from tests.conftest import TODAY

CYCLE = Cycle(id="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31))
TEAM = Team(id="platform", name="Platform", members=["Ana", "Ben"])


def objective(n: int, title: str | None = None) -> Objective:
    return Objective(
        id=f"ob-{n}", cycle=CYCLE.id, team=TEAM.id, title=title or f"Objective number {chr(64 + n)}"
    )


def kr(
    n: int, obj: int = 1, title: str = "Grow users from 10 to 20", owner: str = "Ana", **more
) -> KeyResult:
    return KeyResult(
        id=f"kr-{n}", objective=f"ob-{obj}", title=title, owner=owner, baseline=10, target=20, **more
    )


def checkin(kr_id: str, week: str) -> CheckIn:
    return CheckIn(
        id=f"ci-{kr_id}-{week}", kr=kr_id, week=week, value=12, confidence=7, created_at=datetime.now(UTC)
    )


def board(objectives=None, krs=None, **more) -> Board:
    return Board(
        cycle=more.pop("cycle", CYCLE),
        team=TEAM,
        objectives=objectives if objectives is not None else [objective(1)],
        key_results=krs if krs is not None else [kr(1), kr(2)],
        **more,
    )


def codes(found) -> list[str]:
    return [f.rule.code for f in found]


def test_a_healthy_board_has_no_findings() -> None:
    assert lint_board(board(), TODAY) == []


def test_every_rule_is_numbered_and_explained() -> None:
    assert list(RULES) == [f"OKR{n:03d}" for n in range(1, len(RULES) + 1)]
    assert all(rule.name and rule.why for rule in RULES.values())


def test_draft_without_owner_is_an_error() -> None:
    draft = DraftKeyResult(
        id="kr-9", objective="ob-1", title="Hold p95 latency below 300 ms", baseline=3, target=3
    )
    found = lint_board(board(drafts=[draft]))
    assert codes(found) == ["OKR001"]
    assert found[0].severity is Severity.ERROR and has_errors(found)
    assert "kr-9" in str(found[0]) and "no owner" in str(found[0])


def test_draft_without_baseline_is_an_error() -> None:
    draft = DraftKeyResult(id="kr-9", objective="ob-1", title="Raise ARR to $2.5M", owner="Ana", target=2.5e6)
    found = lint_board(board(drafts=[draft]))
    assert codes(found) == ["OKR002"] and "baseline" in found[0].message


def test_more_than_three_objectives() -> None:
    objectives = [objective(n) for n in range(1, 5)]
    krs = [kr(10 * n + i, obj=n) for n in range(1, 5) for i in range(2)]
    assert codes(lint_board(board(objectives, krs))) == ["OKR003"]
    assert codes(lint_board(board(objectives[:3], krs[:6]))) == []


@pytest.mark.parametrize(
    ("count", "expected"), [(0, ["OKR004"]), (1, ["OKR004"]), (2, []), (5, []), (6, ["OKR005"])]
)
def test_two_to_five_krs_per_objective(count: int, expected: list[str]) -> None:
    assert codes(lint_board(board(krs=[kr(n) for n in range(count)]))) == expected


def test_drafts_count_towards_the_kr_total() -> None:
    draft = DraftKeyResult(id="kr-9", objective="ob-1", title="Raise ARR to $2.5M", owner="Ana", target=2.5e6)
    assert "OKR004" not in codes(lint_board(board(krs=[kr(1)], drafts=[draft])))


def test_binary_and_task_krs() -> None:
    task = kr(3, title="Migrate billing to the new provider", kind=KRKind.BINARY)
    found = lint_board(board(krs=[kr(1), task]))
    assert codes(found) == ["OKR006", "OKR007"]
    assert "migrate" in found[1].message


def test_objective_with_numbers_but_not_years_or_quarters() -> None:
    flagged = lint_board(board([objective(1, "Reach 10,000 users")]))
    assert codes(flagged) == ["OKR008"] and "10,000" in flagged[0].message
    assert lint_board(board([objective(1, "Win 2026: be the Q4 favourite")])) == []


def test_stale_check_ins_need_today_and_an_active_cycle() -> None:
    stale = board(checkins=[checkin("kr-1", "2026-W44"), checkin("kr-2", "2026-W46")])
    found = lint_board(stale, TODAY)  # 2026-W47
    assert codes(found) == ["OKR009"] and "2026-W44" in found[0].message
    assert lint_board(stale) == []  # no date: a plan is never stale
    closed = CYCLE.model_copy(update={"state": CycleState.CLOSED})
    assert lint_board(board(cycle=closed, checkins=stale.checkins), TODAY) == []


def test_never_checked_in_only_once_the_team_checks_in() -> None:
    assert lint_board(board(), TODAY) == []  # freshly imported: nobody has checked in yet
    found = lint_board(board(checkins=[checkin("kr-1", "2026-W44"), checkin("kr-1", "2026-W47")]), TODAY)
    assert codes(found) == ["OKR009"] and found[0].subject == "kr-2" and "never" in found[0].message


def test_owner_outside_the_team_and_due_outside_the_cycle() -> None:
    krs = [kr(1, owner="Zed"), kr(2, due=date(2027, 2, 1))]
    found = lint_board(board(krs=krs))
    assert codes(found) == ["OKR010", "OKR011"]
    assert found[0].severity is Severity.INFO and not has_errors(found)


def test_archived_objectives_are_ignored() -> None:
    archived = objective(2).model_copy(update={"archived": True})
    assert lint_board(board([objective(1), archived])) == []


def test_demo_boards_lint_without_errors() -> None:
    found = [f for b in build_boards(TODAY) for f in lint_board(b, TODAY)]
    assert not has_errors(found)
    assert {"OKR006", "OKR007"} <= set(codes(found))  # "Launch the partner portal"
