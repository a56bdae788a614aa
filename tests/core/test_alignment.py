"""Alignment: objectives hang under the objective (or KR) they name, roll-ups count each child once."""

from __future__ import annotations

import pytest

from okrtui.core.alignment import align, contributions, descendants
from okrtui.core.models import Objective
from okrtui.core.status import ObjectiveStatus
from okrtui.report.snapshot import take_snapshot
from okrtui.store import Store
from tests.aligned import ROLLUPS
from tests.conftest import TODAY


def aligned(store: Store):
    return align(take_snapshot(store, TODAY).objectives)


def test_company_team_and_individual_objectives_nest_with_roll_ups(aligned_store: Store) -> None:
    alignment = aligned(aligned_store)
    shape = [(depth, node.id) for depth, node in alignment.walk()]
    assert shape == [(0, "ob-co1"), (1, "ob-pl1"), (2, "ob-pl2"), (1, "ob-gr1"), (0, "ob-gr2")]
    for objective_id, rollup in ROLLUPS.items():
        node = alignment.of(objective_id)
        assert node is not None and node.rollup == pytest.approx(rollup), objective_id
    individual = alignment.of("ob-pl2")
    assert individual is not None and individual.via_kr is not None and individual.via_kr.kr.id == "kr-pl1"
    assert alignment.missing == {"ob-gr2": "ob-gone"}, "a parent that is gone is still named"
    company = alignment.of("ob-co1")
    assert company is not None and descendants(company) == {"ob-pl1", "ob-pl2", "ob-gr1"}


def test_a_loop_is_broken_so_every_objective_shows_once(aligned_store: Store) -> None:
    objectives = take_snapshot(aligned_store, TODAY).objectives
    looped = [
        ObjectiveStatus(
            o.objective.model_copy(update={"parent": "ob-pl2"})
            if o.objective.id == "ob-co1"
            else o.objective,
            o.team,
            o.key_results,
        )
        for o in objectives
    ]
    shown = [node.id for _, node in align(looped).walk()]
    assert sorted(shown) == sorted(o.objective.id for o in objectives)


def test_contributions_are_weight_shares_times_scores(aligned_store: Store) -> None:
    platform = next(o for o in take_snapshot(aligned_store, TODAY).objectives if o.objective.id == "ob-pl1")
    parts = {c.status.kr.id: (round(c.share, 3), round(c.points, 3)) for c in contributions(platform)}
    assert parts == {"kr-pl1": (0.667, 0.533), "kr-pl2": (0.333, 0.067)}
    assert sum(p for _, p in parts.values()) == pytest.approx(platform.score)


def test_an_objective_without_krs_contributes_nothing() -> None:
    from okrtui.core.models import Team

    lonely = ObjectiveStatus(
        Objective(id="ob-1", cycle="2026-Q4", team="t", title="Alone"), Team(id="t", name="T"), []
    )
    assert contributions(lonely) == [] and align([lonely]).of("ob-1").rollup is None
