"""A small store with alignment: a company objective, team objectives under it, an individual one
under a team KR, and one whose parent is gone. Scores are round so roll-ups can be checked by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

from okrtui.core.models import CheckIn, Cycle, KeyResult, Objective, Team
from okrtui.store import Store

CYCLE = "2026-Q4"
ROLLUPS = {"ob-co1": (0.5 + 0.8 + 0.3) / 3, "ob-pl1": 0.8, "ob-pl2": 1.0, "ob-gr1": 0.3, "ob-gr2": 0.9}
"""Each objective's roll-up: its own score and each child's roll-up, counted once each."""


def _kr(kr_id: str, objective: str, title: str, owner: str, weight: float = 1.0) -> KeyResult:
    return KeyResult(
        id=kr_id, objective=objective, title=title, owner=owner, baseline=0, target=100, weight=weight
    )


def _checkin(kr_id: str, value: float, confidence: int) -> CheckIn:
    when = datetime(2026, 11, 16, 9, tzinfo=UTC)
    return CheckIn(
        id=f"ci-{kr_id}", kr=kr_id, week="2026-W47", value=value, confidence=confidence, created_at=when
    )


def write_aligned(store: Store) -> Store:
    store.save_cycle(Cycle(id=CYCLE, start=date(2026, 10, 1), end=date(2026, 12, 31)))
    store.save_team(Team(id="company", name="Company", members=["Dara"]))
    store.save_team(Team(id="platform", name="Platform", members=["Ana", "Ben"], parent="company"))
    store.save_team(Team(id="growth", name="Growth", members=["Eli"], parent="company"))

    def objective(ob_id: str, team: str, title: str, owner: str, parent: str | None = None) -> Objective:
        return Objective(id=ob_id, cycle=CYCLE, team=team, title=title, owner=owner, parent=parent)

    store.save(
        CYCLE,
        "company",
        objective("ob-co1", "company", "Become the default for small teams", "Dara"),
        _kr("kr-co1", "ob-co1", "Reach 100 paying teams", "Dara"),
        _checkin("kr-co1", 50, 6),
    )
    store.save(
        CYCLE,
        "platform",
        objective("ob-pl1", "platform", "Make every release boring", "Ana", parent="ob-co1"),
        _kr("kr-pl1", "ob-pl1", "Automate 100 release checks", "Ana", weight=2),
        _kr("kr-pl2", "ob-pl1", "Cut rollbacks to 100 fewer", "Ben"),
        _checkin("kr-pl1", 80, 8),
        _checkin("kr-pl2", 20, 4),
        objective("ob-pl2", "platform", "Ana learns the new deploy tool", "Ana", parent="kr-pl1"),
        _kr("kr-pl3", "ob-pl2", "Ship 100 deploys with it", "Ana"),
        _checkin("kr-pl3", 100, 9),
    )
    store.save(
        CYCLE,
        "growth",
        objective("ob-gr1", "growth", "Win the self-serve market", "Eli", parent="ob-co1"),
        _kr("kr-gr1", "ob-gr1", "Grow to 100 trials a week", "Eli"),
        _checkin("kr-gr1", 30, 3),
        objective("ob-gr2", "growth", "Keep the lights on", "Eli", parent="ob-gone"),
        _kr("kr-gr2", "ob-gr2", "Answer 100 tickets a day", "Eli"),
        _checkin("kr-gr2", 90, 8),
    )
    return store
