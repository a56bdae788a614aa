"""A realistic demo store: two teams, a quarter of weekly history, every status on show."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from okrtui.core.board import Board
from okrtui.core.models import (
    Action,
    ActionState,
    Blocker,
    CheckIn,
    Cycle,
    Direction,
    KeyResult,
    KRKind,
    Meeting,
    MeetingState,
    Objective,
    ObjectiveKind,
    Team,
)
from okrtui.core.weeks import quarter_of, shift_week, week_of, week_start, weeks_between
from okrtui.store import Store

MIN_HISTORY_WEEKS = 9


@dataclass(frozen=True)
class KRPlan:
    """How a demo KR behaves: where it ends up by now (share of the way) and its confidence path."""

    id: str
    title: str
    owner: str
    baseline: float
    target: float
    unit: str = ""
    kind: KRKind = KRKind.METRIC
    direction: Direction | None = None
    reach: float = 0.6
    confidence: tuple[int, int] = (6, 7)
    checked_in_this_week: bool = False
    last_drop: int = 0
    """Confidence fell by this much in the last check-in (the meeting flags drops of 2+)."""


PLANS: dict[tuple[str, str, str], list[KRPlan]] = {
    ("platform", "ob-rel1", "Make every release boring and safe"): [
        KRPlan(
            "kr-cfr5",
            "Cut change failure rate from 18% to 5%",
            "Ana",
            18,
            5,
            "%",
            KRKind.PERCENT,
            reach=0.62,
            confidence=(5, 7),
            checked_in_this_week=True,
        ),
        KRPlan(
            "kr-bld6",
            "Bring median build time down from 14 minutes to 6 minutes",
            "Ben",
            14,
            6,
            "min",
            reach=0.35,
            confidence=(7, 4),
        ),
        KRPlan(
            "kr-upt9",
            "Keep uptime at 99.95% or better",
            "Chen",
            99.95,
            99.95,
            "%",
            KRKind.PERCENT,
            Direction.MAINTAIN_ABOVE,
            reach=1.0,
            confidence=(8, 8),
        ),
    ],
    ("platform", "ob-dev2", "Give developers a platform they love"): [
        KRPlan(
            "kr-nps4",
            "Raise developer satisfaction (eNPS) from 12 to 40",
            "Dara",
            12,
            40,
            reach=0.55,
            confidence=(6, 6),
        ),
        KRPlan(
            "kr-mig3",
            "Migrate all 24 services to the new deploy pipeline",
            "Ben",
            0,
            24,
            "services",
            KRKind.MILESTONE,
            reach=0.2,
            confidence=(6, 3),
            last_drop=2,
        ),
    ],
    ("growth", "ob-self7", "Win the self-serve market"): [
        KRPlan(
            "kr-wat8",
            "Grow weekly active teams from 1,200 to 2,000",
            "Eli",
            1200,
            2000,
            "teams",
            reach=0.7,
            confidence=(6, 8),
            checked_in_this_week=True,
        ),
        KRPlan(
            "kr-cnv2",
            "Lift trial-to-paid conversion from 4% to 7%",
            "Farah",
            4,
            7,
            "%",
            KRKind.PERCENT,
            reach=0.45,
            confidence=(7, 5),
        ),
        KRPlan(
            "kr-lat5",
            "Hold p95 signup latency below 300 ms",
            "Gus",
            300,
            300,
            "ms",
            direction=Direction.MAINTAIN_BELOW,
            reach=1.0,
            confidence=(9, 8),
        ),
    ],
    ("growth", "ob-par4", "Build a partner channel"): [
        KRPlan(
            "kr-rsl7",
            "Sign 12 new reseller partners",
            "Hana",
            0,
            12,
            "partners",
            reach=0.15,
            confidence=(5, 2),
        ),
        KRPlan(
            "kr-prt3",
            "Launch the partner portal",
            "Farah",
            0,
            1,
            kind=KRKind.BINARY,
            reach=0.0,
            confidence=(7, 6),
        ),
    ],
    ("growth", "ob-chn9", "Learn what makes teams stay"): [
        KRPlan(
            "kr-int6",
            "Interview 30 churned customers",
            "Hana",
            0,
            30,
            "interviews",
            reach=0.8,
            confidence=(6, 9),
        ),
        KRPlan(
            "kr-chr4",
            "Cut 90-day churn from 9% to 6%",
            "Eli",
            9,
            6,
            "%",
            KRKind.PERCENT,
            reach=0.4,
            confidence=(5, 6),
        ),
    ],
}
OBJECTIVE_KINDS = {
    "ob-dev2": ObjectiveKind.ASPIRATIONAL,
    "ob-par4": ObjectiveKind.ASPIRATIONAL,
    "ob-chn9": ObjectiveKind.LEARNING,
}
TEAMS = [
    Team(id="platform", name="Platform", members=["Ana", "Ben", "Chen", "Dara"]),
    Team(id="growth", name="Growth", members=["Eli", "Farah", "Gus", "Hana"]),
]
BLOCKERS: dict[str, list[tuple[str, int, int | None]]] = {
    "kr-mig3": [
        ("Waiting on security review of the new pipeline", 3, None),
        ("Flaky integration tests block merges", 6, 4),
    ],
    "kr-rsl7": [("No budget approved for partner events", 2, None)],
    "kr-bld6": [("Build cache server is out of disk twice a week", 1, None)],
    "kr-cnv2": [("Pricing page copy stuck in legal review", 5, 2)],
}
"""KR -> (text, raised N weeks ago, resolved N weeks ago or None)."""
NOTES = {
    "moved": [
        "Shipped the first slice",
        "Two customers moved over",
        "Fixed the slowest step",
        "Ran the experiment",
        "Numbers held steady",
        "Closed the biggest gap",
    ],
    "stuck": ["", "", "Waiting on another team", "Data is a week late", ""],
    "next": [
        "Roll out to the next group",
        "Measure again next week",
        "Pair with ops on it",
        "Review with the owner",
        "Ship the follow-up",
    ],
}


def demo_cycle(today: date) -> Cycle:
    """The current quarter, stretched back when it is too young to show a history."""
    cycle_id, start, end = quarter_of(today)
    earliest = week_start(shift_week(week_of(today), -(MIN_HISTORY_WEEKS - 1)))
    start = min(start, earliest)
    end = max(end, start + timedelta(weeks=13) - timedelta(days=1))
    return Cycle(id=cycle_id, start=start, end=end)


def build_boards(today: date, seed: int = 7) -> list[Board]:
    """The demo's boards, deterministic for a given date."""
    rng = random.Random(seed)
    cycle = demo_cycle(today)
    this_week = week_of(today)
    weeks = [w for w in weeks_between(cycle.start, today) if w <= this_week]
    boards = {t.id: Board(cycle=cycle, team=t) for t in TEAMS}
    for (team_id, objective_id, title), plans in PLANS.items():
        board = boards[team_id]
        board.objectives.append(
            Objective(
                id=objective_id,
                cycle=cycle.id,
                team=team_id,
                title=title,
                owner=plans[0].owner,
                kind=OBJECTIVE_KINDS.get(objective_id, ObjectiveKind.COMMITTED),
            )
        )
        for plan in plans:
            kr = KeyResult(
                id=plan.id,
                objective=objective_id,
                title=plan.title,
                owner=plan.owner,
                kind=plan.kind,
                baseline=plan.baseline,
                target=plan.target,
                unit=plan.unit,
                direction=plan.direction,
            )
            board.key_results.append(kr)
            board.checkins.extend(_history(rng, kr, plan, weeks, this_week))
            board.blockers.extend(_blockers(kr, this_week))
    boards["platform"].meetings.append(_past_meeting(boards["platform"], shift_week(this_week, -1)))
    for team_id, actions in _actions(this_week).items():
        boards[team_id].actions.extend(actions)
    return list(boards.values())


def _history(
    rng: random.Random, kr: KeyResult, plan: KRPlan, weeks: list[str], this_week: str
) -> Iterator[CheckIn]:
    checkin_weeks = weeks if plan.checked_in_this_week else weeks[:-1]
    count = len(checkin_weeks)
    whole = plan.unit != "%" and float(kr.baseline).is_integer() and float(kr.target).is_integer()
    for i, week in enumerate(checkin_weeks):
        share = (i + 1) / count
        if kr.kind is KRKind.BINARY:
            value = 0.0
        elif kr.direction and kr.direction.is_maintain:
            wobble = kr.target * 0.0004 if plan.unit == "%" else kr.target * 0.08
            side = 1 if kr.direction is Direction.MAINTAIN_ABOVE else -1
            value = kr.target + wobble * rng.uniform(0.2, 1.0) * side
            value = round(value) if whole else round(value, 3)
        else:
            jitter = rng.uniform(-0.05, 0.05) * (i < count - 1)
            value = kr.baseline + (kr.target - kr.baseline) * (plan.reach * share + jitter)
            value = round(value) if whole else round(value, 2)
        start, end = plan.confidence
        confidence = round(start + (end - start) * share**2)
        if 0 < i < count - 2 and rng.random() < 0.3:
            confidence += rng.choice((-1, 1))
        if i == count - 2:
            confidence = end + plan.last_drop
        yield CheckIn(
            id=f"ci-{kr.id[3:]}{i:02d}",
            kr=kr.id,
            week=week,
            value=value,
            confidence=min(10, max(1, confidence)),
            author=kr.owner,
            moved=rng.choice(NOTES["moved"]),
            stuck=rng.choice(NOTES["stuck"]),
            next=rng.choice(NOTES["next"]),
            created_at=datetime.combine(week_start(week) + timedelta(days=1), time(9, 30), UTC),
            meeting=None,
        )


def _blockers(kr: KeyResult, this_week: str) -> Iterator[Blocker]:
    for n, (text, raised, resolved) in enumerate(BLOCKERS.get(kr.id, [])):
        yield Blocker(
            id=f"bl-{kr.id[3:]}{n}",
            kr=kr.id,
            text=text,
            owner=kr.owner,
            raised_week=shift_week(this_week, -raised),
            resolved_week=shift_week(this_week, -resolved) if resolved is not None else None,
            resolution="Fixed the flaky tests and re-enabled the merge gate" if resolved is not None else "",
        )


def _past_meeting(board: Board, week: str) -> Meeting:
    started = datetime.combine(week_start(week), time(10, 0), UTC)
    krs = board.live_key_results()
    return Meeting(
        id="mt-last",
        team=board.team.id,
        cycle=board.cycle.id,
        week=week,
        facilitator="Ana",
        attendees=list(board.team.members),
        planned_minutes=15,
        started_at=started,
        ended_at=started + timedelta(minutes=16),
        position=len(krs) + 2,
        step_seconds={
            "opening": 70,
            **{kr.id: 130 + 10 * i for i, kr in enumerate(krs)},
            "blockers": 120,
            "summary": 60,
        },
        state=MeetingState.FINISHED,
    )


def _actions(this_week: str) -> dict[str, list[Action]]:
    """What last week's meeting agreed, a week on: one late, one due this week, one done; and one
    Growth agreed outside a meeting, carried over since."""
    last_week = shift_week(this_week, -1)
    friday = week_start(this_week) + timedelta(days=4)
    common = {"raised_week": last_week, "meeting": "mt-last"}
    return {
        "platform": [
            Action(
                id="ac-sec1",
                text="Ask security for a review date",
                owner="Ben",
                due=friday - timedelta(weeks=1),
                blocker="bl-mig30",
                kr="kr-mig3",
                **common,
            ),
            Action(
                id="ac-dsk2",
                text="Order a build cache server with more disk",
                owner="Chen",
                due=friday,
                blocker="bl-bld60",
                kr="kr-bld6",
                **common,
            ),
            Action(
                id="ac-gde3",
                text="Send the pipeline migration guide to service owners",
                owner="Ben",
                kr="kr-mig3",
                state=ActionState.DONE,
                closed_week=this_week,
                **common,
            ),
        ],
        "growth": [
            Action(
                id="ac-bdg4",
                text="Get a decision on the partner events budget",
                owner="Hana",
                due=friday,
                blocker="bl-rsl70",
                kr="kr-rsl7",
                raised_week=shift_week(this_week, -2),
                carried=[last_week],
            )
        ],
    }


def write_demo(store: Store, today: date) -> bool:
    """Write the demo into an empty store. Returns False (and writes nothing) if it has data."""
    if store.exists():
        return False
    boards = build_boards(today)
    for team in TEAMS:
        store.save_team(team)
    store.save_cycle(boards[0].cycle)
    for board in boards:
        store.save(
            board.cycle.id,
            board.team.id,
            *board.objectives,
            *board.key_results,
            *board.checkins,
            *board.blockers,
            *board.meetings,
            *board.actions,
        )
    return True
