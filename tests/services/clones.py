"""Many people working on clones of one store in a random order: what each did, acknowledged by
the store, so a test can check that after everyone syncs it is all still there."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import orjson

from okrtui.core.models import Cycle, KeyResult, Objective, Team
from okrtui.services.merging import is_store_file
from okrtui.store import Store
from tests.support import check_in

WEEKS = [f"2026-W{n}" for n in range(40, 48)]
TEAMS = ("platform", "growth")


def seed_store(root: Path) -> Store:
    """A small store: two teams, one cycle, two objectives with three KRs each."""
    store = Store(root)
    store.save_cycle(Cycle(id="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31)))
    for team in TEAMS:
        store.save_team(Team(id=team, name=team.title(), members=["Ana"]))
        objective = Objective(id=f"ob-{team[:4]}", cycle="2026-Q4", team=team, title=f"{team} objective")
        krs = [
            KeyResult(
                id=f"kr-{team[:2]}{n}x", objective=objective.id, title=f"KR {n}", owner="Ana", target=100
            )
            for n in range(3)
        ]
        store.save("2026-Q4", team, objective, *krs)
    return store


def store_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*.json")
        if is_store_file(p.relative_to(root).as_posix())
    }


@dataclass
class Acknowledged:
    """What the store said it saved, across all clones."""

    checkins: set[tuple[str, str, float]] = field(default_factory=set)
    blockers: set[str] = field(default_factory=set)
    resolved: set[str] = field(default_factory=set)
    archived: set[str] = field(default_factory=set)
    titles: dict[str, set[str]] = field(default_factory=dict)
    members: set[tuple[str, str]] = field(default_factory=set)
    team_names: dict[str, set[str]] = field(default_factory=dict)


class Schedule:
    """A seeded random schedule of check-ins, edits and syncs on `clones`."""

    def __init__(self, clones: list[Store], sync: Callable[[int], None], seed: int) -> None:
        self.clones = clones
        self.sync = sync
        self.rng = random.Random(seed)
        self.done = Acknowledged()
        self.counter = 0

    def run(self, steps: int) -> None:
        actions = [self.check_in] * 5 + [self.retitle, self.archive, self.block, self.resolve, self.join]
        actions.append(self.rename_team)
        for _ in range(steps):
            who = self.rng.randrange(len(self.clones))
            if self.rng.random() < 0.3:
                self.sync(who)
            else:
                self.rng.choice(actions)(who)

    def finish(self) -> None:
        """Everyone syncs, twice: the first round gathers everything, the second hands it out."""
        for _ in range(2):
            for who in range(len(self.clones)):
                self.sync(who)

    def _next(self) -> int:
        self.counter += 1
        return self.counter

    def _kr(self, who: int) -> KeyResult:
        store = self.clones[who]
        team = self.rng.choice(TEAMS)
        return self.rng.choice(store.board(store.cycle("2026-Q4"), store.team(team)).live_key_results())

    def check_in(self, who: int) -> None:
        kr, week, value = self._kr(who), self.rng.choice(WEEKS), float(self._next())
        confidence = self.rng.randint(1, 10)
        check_in(self.clones[who], kr.id, week=week, value=value, confidence=confidence, author=f"p{who}")
        self.done.checkins.add((kr.id, week, value))

    def retitle(self, who: int) -> None:
        kr, title = self._kr(who), f"Title {self._next()}"
        self._edit(who, kr, title=title)
        self.done.titles.setdefault(kr.id, set()).add(title)

    def archive(self, who: int) -> None:
        kr = self._kr(who)
        self._edit(who, kr, archived=True)
        self.done.archived.add(kr.id)

    def _edit(self, who: int, kr: KeyResult, **changes: object) -> None:
        store = self.clones[who]
        where = store.locate_kr(kr.id)
        store.update(where.cycle, where.team, lambda b: [b.kr(kr.id).model_copy(update=changes)])  # type: ignore[union-attr]

    def block(self, who: int) -> None:
        kr = self._kr(who)
        week = self.rng.choice(WEEKS)
        text = f"Blocker {self._next()}"
        result = check_in(
            self.clones[who],
            kr.id,
            week=week,
            value=float(self._next()),
            confidence=5,
            author=f"p{who}",
            new_blockers=[text],
        )
        self.done.checkins.add((kr.id, week, result.checkin.value))
        self.done.blockers |= {b.id for b in result.raised}

    def resolve(self, who: int) -> None:
        store = self.clones[who]
        board = store.board(store.cycle("2026-Q4"), store.team(self.rng.choice(TEAMS)))
        live = {kr.id for kr in board.live_key_results()}  # an archived KR takes no more check-ins
        open_ = [b for b in board.open_blockers() if b.kr in live]
        if not open_:
            return
        blocker = self.rng.choice(open_)
        result = check_in(
            store,
            blocker.kr,
            week="2026-W47",
            value=float(self._next()),
            confidence=6,
            author=f"p{who}",
            resolve=[blocker.id],
        )
        self.done.checkins.add((blocker.kr, "2026-W47", result.checkin.value))
        self.done.resolved.add(blocker.id)

    def join(self, who: int) -> None:
        team, name = self.rng.choice(TEAMS), f"Person {self._next()}"
        self.clones[who].update_team(team, lambda t: t.model_copy(update={"members": [*t.members, name]}))
        self.done.members.add((team, name))

    def rename_team(self, who: int) -> None:
        """A workspace field: two clones renaming one team differently make a recorded conflict."""
        team, name = self.rng.choice(TEAMS), f"Team {self._next()}"
        self.clones[who].update_team(team, lambda t: t.model_copy(update={"name": name}))
        self.done.team_names.setdefault(team, set()).add(name)


def assert_nothing_lost(store: Store, done: Acknowledged) -> None:
    """Every acknowledged check-in is current or in a history; every blocker, resolution, archive
    and member is there; every title and team name is one somebody set (or the first)."""
    answers: set[tuple[str, str, float]] = set()
    blockers: dict[str, bool] = {}
    krs: dict[str, KeyResult] = {}
    for board in store.boards(store.cycle("2026-Q4")):
        for c in board.checkins:
            answers |= {(c.kr, c.week, c.value)} | {(h["kr"], h["week"], h["value"]) for h in c.history}
        blockers |= {b.id: not b.is_open for b in board.blockers}
        krs |= {kr.id: kr for kr in board.key_results}
    assert done.checkins <= answers, done.checkins - answers
    assert done.blockers <= set(blockers)
    assert all(blockers[b] for b in done.resolved)
    assert all(krs[k].archived for k in done.archived)
    for kr_id, titles in done.titles.items():
        assert krs[kr_id].title in titles
    assert done.members <= {(t.id, m) for t in store.teams() for m in t.members}
    for team in store.teams():
        if team.id in done.team_names:
            assert team.name in done.team_names[team.id]
    for path, raw in store_files(store.root).items():
        data = orjson.loads(raw)
        assert isinstance(data, dict), path
