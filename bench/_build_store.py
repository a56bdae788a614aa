"""Build a benchmark store through okrtui's public store API. Run by the interpreter being measured:

    python bench/_build_store.py --out DIR --teams 50 --quarters 40
    python bench/_build_store.py --out DIR --demo        # what `okrtui demo` writes, pinned to TODAY

Writes DIR/store and DIR/meta.json: the ids, titles and prefilled values the benchmarks look for on
screen. Per team and quarter: 3 objectives of 3 KRs (metric, percent, currency, milestone, binary,
keep-above/below; titles from a pool, so teams and quarters differ), a check-in per KR per week with
notes, blockers raised and resolved, a finished meeting record per past week. The current quarter
(TODAY is in its 8th week) has check-ins up to last week, and this week's for a third of the KRs.

A closed cycle refuses writes, so every cycle is written while open and the past ones are closed
afterwards through `Store.close_cycle`, oldest first, as a team closing quarters would leave them.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from _common import TODAY
from okrtui.core.models import (
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
from okrtui.store import Store

P, M, C, MS, B = KRKind.PERCENT, KRKind.METRIC, KRKind.CURRENCY, KRKind.MILESTONE, KRKind.BINARY
ABOVE, BELOW = Direction.MAINTAIN_ABOVE, Direction.MAINTAIN_BELOW
Plan = tuple[str, KRKind, float, float, str, Direction | None]
"""A KR's title, kind, baseline, target, unit and direction (None: derived)."""
KRS: list[Plan] = [
    ("Cut change failure rate from 18% to 5%", P, 18, 5, "%", None),
    ("Bring median build time down to 6 minutes", M, 14, 6, "min", None),
    ("Keep uptime at 99.95% or better", P, 99.95, 99.95, "%", ABOVE),
    ("Raise developer satisfaction (eNPS) to 40", M, 12, 40, "", None),
    ("Migrate all 24 services to the new pipeline", MS, 0, 24, "services", None),
    ("Grow weekly active teams to 2,000", M, 1200, 2000, "teams", None),
    ("Lift trial-to-paid conversion to 7%", P, 4, 7, "%", None),
    ("Hold p95 signup latency below 300 ms", M, 300, 300, "ms", BELOW),
    ("Sign 12 new reseller partners", M, 0, 12, "partners", None),
    ("Launch the partner portal", B, 0, 1, "", None),
    ("Interview 30 churned customers", M, 0, 30, "interviews", None),
    ("Cut 90-day churn from 9% to 6%", P, 9, 6, "%", None),
    ("Grow annual recurring revenue to $4M", C, 2_500_000, 4_000_000, "$", None),
    ("Answer support tickets within 4 hours", M, 9, 4, "h", None),
    ("Publish 8 customer case studies", M, 0, 8, "studies", None),
    ("Reduce cloud spend per customer to $30", C, 42, 30, "$", None),
    ("Ship offline mode to every mobile user", B, 0, 1, "", None),
    ("Raise test coverage of billing to 85%", P, 60, 85, "%", None),
    ("Close 40 enterprise deals", M, 0, 40, "deals", None),
    ("Cut onboarding time to 2 days", M, 7, 2, "days", None),
    ("Grow newsletter subscribers to 25,000", M, 12000, 25000, "", None),
    ("Resolve 150 accessibility issues", MS, 0, 150, "issues", None),
    ("Keep error budget burn under 50%", P, 50, 50, "%", BELOW),
    ("Hire 6 engineers for the data team", M, 0, 6, "hires", None),
    ("Lift admin NPS from 20 to 45", M, 20, 45, "", None),
    ("Translate the app into 5 languages", MS, 0, 5, "languages", None),
    ("Double partner API calls to 2M a month", M, 1_000_000, 2_000_000, "", None),
]
OBJECTIVES = [
    "Make every release boring and safe",
    "Give developers a platform they love",
    "Win the self-serve market",
    "Build a partner channel",
    "Learn what makes teams stay",
    "Grow revenue without growing costs",
    "Answer every customer the same day",
    "Make the product usable by everyone",
    "Build the team the roadmap needs",
    "Turn data into weekly decisions",
    "Be the obvious choice for enterprises",
    "Keep the lights on while we grow",
]
NAMES = ["Ana", "Ben", "Chen", "Dara", "Eli", "Farah", "Gus", "Hana", "Ivo", "Jun", "Kemal", "Lea"]
MOVED = ["Shipped the next slice", "Two customers moved over", "Fixed the slowest step", "Ran the experiment"]
STUCK = ["", "", "Waiting on another team", "Data is a week late"]
NEXT = ["Roll out to the next group", "Measure again next week", "Pair with ops on it", "Ship the follow-up"]


def quarter(day: date) -> Cycle:
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    following = date(first.year + first.month // 10, (first.month + 2) % 12 + 1, 1)
    return Cycle(id=f"{first.year}-Q{(first.month + 2) // 3}", start=first, end=following - timedelta(days=1))


def quarters_back(today: date, count: int) -> list[Cycle]:
    """The current quarter and the count-1 before it, oldest first, all open."""
    cycles = [quarter(today)]
    while len(cycles) < count:
        cycles.append(quarter(cycles[-1].start - timedelta(days=1)))
    return cycles[::-1]


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weeks_of(cycle: Cycle, today: date) -> list[tuple[str, date]]:
    """(ISO week, its Monday) for every week of the cycle up to today's."""
    monday = cycle.start - timedelta(days=cycle.start.weekday())
    weeks = []
    while monday <= min(cycle.end, today):
        weeks.append((iso_week(max(monday, cycle.start)), monday))
        monday += timedelta(weeks=1)
    return weeks


class Ids:
    """Short ids like the app's own (`kr-7q2f`), unique in the store, the same on every build."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def __call__(self, prefix: str) -> str:
        n = self.counts[prefix] = self.counts.get(prefix, 0) + 1
        digits = ""
        while n:
            n, digit = divmod(n, 36)
            digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
        return f"{prefix}-{digits.rjust(4, '0')}"


def plain(value: float) -> str:
    """A value as the check-in form shows it back (no grouping, no needless decimals)."""
    return str(int(value)) if value == int(value) else repr(value)


class Board:
    """One team's quarter, generated deterministically."""

    def __init__(self, cycle: Cycle, team: Team, t: int, q: int, today: date, ids: Ids) -> None:
        self.rng = random.Random(f"{team.id}/{cycle.id}")
        self.cycle, self.team, self.today, self.ids = cycle, team, today, ids
        self.weeks = weeks_of(cycle, today)
        self.current = cycle.contains(today)
        self.docs: list[Any] = []
        self.krs: list[dict[str, Any]] = []
        self.objectives: list[str] = []
        for o in range(3):
            objective = ids("ob")
            title = OBJECTIVES[(3 * t + o + q) % len(OBJECTIVES)]
            self.objectives.append(title)
            kind = [ObjectiveKind.COMMITTED, ObjectiveKind.ASPIRATIONAL, ObjectiveKind.LEARNING][(t + o) % 3]
            self.docs.append(
                Objective(
                    id=objective, cycle=cycle.id, team=team.id, title=title, owner=team.members[o], kind=kind
                )
            )
            for k in range(3):
                self.add_kr(ids("kr"), objective, KRS[(9 * t + 3 * o + k + 4 * q) % len(KRS)])
        self.add_meetings()

    def add_kr(self, kr_id: str, objective: str, plan: Plan) -> None:
        title, kind, baseline, target, unit, direction = plan
        owner = self.rng.choice(self.team.members)
        kr = KeyResult(
            id=kr_id,
            objective=objective,
            title=title,
            owner=owner,
            kind=kind,
            baseline=baseline,
            target=target,
            unit=unit,
            direction=direction,
        )
        self.docs.append(kr)
        weeks = self.weeks
        if self.current:  # this week's check-in is still due for two KRs in three
            weeks = weeks if self.rng.random() < 1 / 3 else weeks[:-1]
        reach = self.rng.uniform(0.2, 1.1)
        whole = unit != "%" and float(baseline).is_integer() and float(target).is_integer()
        last: float | None = None
        last_confidence = 0
        for i, (week, monday) in enumerate(weeks):
            share = (i + 1) / len(self.weeks)
            if kind is B:
                value = float(share > 0.9 and reach > 0.8)
            elif direction is not None:  # a keep-above/below KR wobbles on the right side of its line
                wobble = self.rng.uniform(0.0001, 0.0005) if unit == "%" else self.rng.uniform(0.01, 0.08)
                value = target * (1 + wobble * (1 if direction is ABOVE else -1))
            else:
                value = baseline + (target - baseline) * (reach * share + self.rng.uniform(-0.04, 0.04))
            value = float(round(value)) if whole else round(value, 2)
            last = value
            last_confidence = min(10, max(1, round(4 + 4 * reach + self.rng.choice((-1, 0, 0, 1)))))
            self.docs.append(
                CheckIn(
                    id=self.ids("ci"),
                    kr=kr_id,
                    week=week,
                    value=value,
                    confidence=last_confidence,
                    moved=self.rng.choice(MOVED),
                    stuck=self.rng.choice(STUCK),
                    next=self.rng.choice(NEXT),
                    author=owner,
                    created_at=datetime.combine(monday + timedelta(days=1), datetime.min.time(), UTC),
                )
            )
        for n in range(self.rng.choice((0, 0, 1, 2))):
            raised = self.weeks[self.rng.randrange(len(self.weeks))][0]
            resolved = n == 0 and raised < self.weeks[-1][0]
            self.docs.append(
                Blocker(
                    id=self.ids("bl"),
                    kr=kr_id,
                    text=self.rng.choice(["Waiting on security review", "Flaky tests block merges"]),
                    owner=owner,
                    raised_week=raised,
                    resolved_week=self.weeks[-1][0] if resolved else None,
                    resolution="Fixed and re-enabled the gate" if resolved else "",
                )
            )
        prefill = plain(last) if last is not None else ""
        self.krs.append(
            {
                "id": kr_id,
                "title": title,
                "prefill": prefill,
                "confidence": last_confidence,
                "owner": owner,
                "numeric": kind in (M, P),
            }
        )

    def add_meetings(self) -> None:
        """A finished weekly meeting for every past week (none this week: the benchmark starts one)."""
        kr_ids = [k["id"] for k in self.krs]
        for week, monday in self.weeks:
            if week == iso_week(self.today):
                continue
            started = datetime.combine(monday, datetime.min.time(), UTC) + timedelta(hours=10)
            self.docs.append(
                Meeting(
                    id=self.ids("mt"),
                    team=self.team.id,
                    cycle=self.cycle.id,
                    week=week,
                    facilitator=self.team.members[0],
                    attendees=list(self.team.members),
                    started_at=started,
                    ended_at=started + timedelta(minutes=15),
                    position=len(kr_ids) + 2,
                    step_seconds={"opening": 60, **{k: 90 for k in kr_ids}, "blockers": 90, "summary": 30},
                    state=MeetingState.FINISHED,
                )
            )


def build(store: Store, teams: int, quarters: int, today: date) -> dict[str, Any]:
    team_list = [
        Team(id=f"team{t:02d}", name=f"Team {t:02d}", members=[NAMES[(t + m) % len(NAMES)] for m in range(5)])
        for t in range(teams)
    ]
    for team in team_list:
        store.save_team(team)
    cycles = quarters_back(today, quarters)
    current: dict[str, Board] = {}
    checkins = 0
    ids = Ids()
    for q, cycle in enumerate(reversed(cycles)):  # q = 0 is the current quarter
        store.save_cycle(cycle)
        for t, team in enumerate(team_list):
            board = Board(cycle, team, t, q, today, ids)
            store.save(cycle.id, team.id, *board.docs)
            checkins += sum(isinstance(d, CheckIn) for d in board.docs)
            if q == 0:
                current[team.id] = board
    for cycle in cycles[:-1]:
        store.close_cycle(cycle.id, force=True)  # past quarters: no retro was held in the built store
    first, last = current[team_list[0].id], current[team_list[-1].id]
    checkin_kr = next(kr for kr in last.krs if kr["numeric"])  # `--value 1.25` must fit its kind
    return {
        "label": f"{teams} teams x {describe(quarters)}",
        "teams": teams,
        "quarters": quarters,
        "current_cycle": cycles[-1].id,
        "board_files": teams * quarters,
        "checkins": checkins,
        "meeting_team": first.team.id,
        "meeting_krs": first.krs,
        "objectives": first.objectives,
        "checkin_kr": checkin_kr["id"],
        "checkin_as": checkin_kr["owner"],
        "last_team": last.team.id,
    }


def describe(quarters: int) -> str:
    return (
        "1 quarter"
        if quarters == 1
        else f"{quarters // 4} years"
        if quarters % 4 == 0
        else f"{quarters} quarters"
    )


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--out", type=Path, required=True)
    options.add_argument("--teams", type=int, default=5)
    options.add_argument("--quarters", type=int, default=1)
    options.add_argument("--demo", action="store_true")
    args = options.parse_args()
    today = date.fromisoformat(TODAY)
    store = Store(args.out / "store")
    if args.demo:
        from okrtui.services.demo import write_demo

        write_demo(store, today)
        meta = {"label": "demo (2 teams x 1 quarter)", "teams": 2, "quarters": 1}
    else:
        meta = build(store, args.teams, args.quarters, today)
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1))


if __name__ == "__main__":
    main()
