"""Reading OKR docs as teams write them, and placing the plan on boards."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrtui.core.drafts import DraftKeyResult
from okrtui.core.models import Cycle, Direction, KeyResult, ObjectiveKind, Team
from okrtui.core.okr_text import read_okrs
from okrtui.core.placement import PlanError, build

CYCLE = Cycle(id="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31))

MARKDOWN = """\
# Q4 2026 OKRs

Team: Platform

## Objective 1: Make every release boring and safe [committed] @Dara
Why: releases still scare people

Key Results:
- KR1: Cut checkout errors from 3.5% to 1% @Ana
- KR2: Bring median build time down from 14 minutes to 6 minutes (owner: Ben)
- KR3: Keep uptime at 99.95% or better @Chen
  - add a second region
- KR4: Hold p95 latency below 300 ms

## Grow the partner channel [aspirational]
1. Sign 12 new reseller partners @Eli
2. Raise ARR to $2.5M @Farah
3. Lift trial conversion by 20% @Gus (baseline: 4%)
4. Migrate billing to the new provider @Hana
"""


def titles(plan) -> list[str]:
    return [o.title for o in plan.objectives]


def test_markdown_headings_and_bullets() -> None:
    plan = read_okrs(MARKDOWN)
    assert plan.cycle == "2026-Q4"
    assert titles(plan) == ["Make every release boring and safe", "Grow the partner channel"]
    first, second = plan.objectives
    assert (first.team, first.owner, first.kind, first.why) == (
        "Platform",
        "Dara",
        ObjectiveKind.COMMITTED,
        "releases still scare people",
    )
    assert second.kind is ObjectiveKind.ASPIRATIONAL
    assert [k.owner for k in first.key_results] == ["Ana", "Ben", "Chen", ""]
    assert first.key_results[0].parsed.title == "Cut checkout errors from 3.5% to 1%"
    lift = second.key_results[2].parsed
    assert (lift.baseline, lift.target, lift.unit) == (4, pytest.approx(4.8), "%")
    assert plan.skipped == ((12, "nested under a KR (an initiative or note?)"),)


def test_plain_text_objective_and_kr_labels() -> None:
    plan = read_okrs(
        "Team: Growth\n"
        "Objective: Become the obvious choice for small teams\n"
        "KR1: Grow weekly active teams from 1,200 to 2,000 @Eli\n"
        "KR 2 - Reduce churn to 2% from 3.1% @Farah\n"
        "Some prose about why this matters.\n"
        "Reduce refunds from 40 to 10 a month @Gus\n"
        "O2: Delight new users [learning]\n"
        "KR2.1) Cut time to first value from 3 days to 1 day @Hana\n"
    )
    assert titles(plan) == ["Become the obvious choice for small teams", "Delight new users"]
    first = plan.objectives[0]
    assert [(k.parsed.baseline, k.parsed.target) for k in first.key_results] == [
        (1200, 2000),
        (3.1, 2),
        (40, 10),
    ]
    assert plan.objectives[1].kind is ObjectiveKind.LEARNING
    assert plan.skipped == ((5, "not a team, objective or KR line"),)


def test_bullet_only_docs_nest_krs_under_objectives() -> None:
    plan = read_okrs(
        "Team: Ops\n"
        "- Make on-call humane\n"
        "  - Cut pages per week from 30 to 10 @Ana\n"
        "  - Keep MTTR under 1 hour @Ben\n"
        "- **Objective:** Know our costs\n"
        "  * Reduce cloud spend by 15% @Ana\n"
    )
    assert titles(plan) == ["Make on-call humane", "Know our costs"]
    assert [len(o.key_results) for o in plan.objectives] == [2, 1]
    assert plan.objectives[0].key_results[1].parsed.direction is Direction.MAINTAIN_BELOW


def test_team_headings_and_title_headings() -> None:
    plan = read_okrs(
        "# Platform\n## Ship safely\n- Cut errors from 3 to 1 @Ana\n"
        "# Growth team\n## Grow\n- Sign 5 new partners @Eli\n"
    )
    assert [o.team for o in plan.objectives] == ["Platform", "Growth"]
    plan = read_okrs("# OKRs for Q3 '26\n### Objective: Grow\n- Sign 5 new partners @Eli\n")
    assert plan.cycle == "2026-Q3" and plan.objectives[0].team is None


def test_owner_and_kind_tags_are_taken_out_of_the_sentence() -> None:
    plan = read_okrs(
        "Objective: Grow (owner: Dara Smith)\n- Sign 5 new partners @ana [committed] (weight: 2)\n"
    )
    objective = plan.objectives[0]
    assert (objective.title, objective.owner) == ("Grow", "Dara Smith")
    kr = objective.key_results[0]
    assert (kr.parsed.title, kr.owner, kr.weight) == ("Sign 5 new partners", "ana", 2)
    assert any("objectives" in n for n in kr.notes)


def test_two_owners_keep_the_first_and_say_so() -> None:
    kr = read_okrs("Objective: Grow\n- Sign 5 new partners @ana @ben\n").objectives[0].key_results[0]
    assert kr.owner == "ana" and any("one owner" in n for n in kr.notes)


def test_emails_are_not_owners() -> None:
    kr = (
        read_okrs("Objective: Grow\n- Answer mail to ana@example.com within 2 days @ben\n")
        .objectives[0]
        .key_results[0]
    )
    assert kr.owner == "ben"


def test_bad_tag_values_are_notes_not_crashes() -> None:
    kr = (
        read_okrs("Objective: Grow\n- Raise ARR to $3M @ana (baseline: lots) (weight: 0)\n")
        .objectives[0]
        .key_results[0]
    )
    assert kr.parsed.baseline is None and kr.weight == 1
    assert len(kr.notes) == 2


def test_kr_before_any_objective_is_skipped() -> None:
    plan = read_okrs("KR1: Grow users from 1 to 2\n")
    assert plan.objectives == () and plan.skipped == ((1, "a KR before any objective"),)


def test_build_makes_krs_and_drafts() -> None:
    built = build(read_okrs(MARKDOWN), CYCLE, [])
    assert [t.id for t in built.new_teams] == ["platform"]
    assert built.new_teams[0].members == ["Dara", "Ana", "Ben", "Chen", "Eli", "Gus", "Hana", "Farah"]
    assert len(built.objectives) == 2
    assert all(isinstance(k, KeyResult) for k in built.key_results)
    drafts = {d.title: d.missing() for d in built.drafts}
    assert drafts == {"Raise ARR to $2.5M": ["baseline"]}
    hold = next(k for k in built.key_results if k.title == "Hold p95 latency below 300 ms")
    assert hold.owner == "Dara"  # the doc names only the objective's owner (@Dara): the KR is Dara's
    assert [k.title for k in built.sequence][5] == "Raise ARR to $2.5M"  # doc order kept for display
    ids = [d.id for d in built.objectives + built.key_results + built.drafts]
    assert len(set(ids)) == len(ids)


def test_build_uses_existing_teams_and_adds_new_owners() -> None:
    existing = Team(id="platform", name="Platform", members=["Ana"])
    built = build(read_okrs(MARKDOWN), CYCLE, [existing], taken={"ob-aaaa"})
    assert built.new_teams == []
    assert built.changed_teams[0].members[:2] == ["Ana", "Dara"]


def test_team_option_overrides_and_missing_team_is_a_clear_error() -> None:
    plan = read_okrs("Objective: Grow\n- Sign 5 new partners @ana\n")
    assert build(plan, CYCLE, [], team="Sales").new_teams[0].id == "sales"
    with pytest.raises(PlanError, match="add a `Team: NAME` line or pass --team"):
        build(plan, CYCLE, [])


def test_drafts_promote_to_key_results() -> None:
    built = build(read_okrs(MARKDOWN), CYCLE, [])
    arr = next(d for d in built.drafts if d.title.startswith("Raise ARR"))
    promoted = arr.promote(baseline=1.8e6)
    assert (promoted.id, promoted.baseline, promoted.target, promoted.owner) == (
        arr.id,
        1.8e6,
        2.5e6,
        "Farah",
    )
    relative = DraftKeyResult(
        id="kr-x", objective="ob-x", title="Lift conversion by 20%", owner="Gus", factor=1.2
    )
    assert relative.promote(baseline=5).target == pytest.approx(6)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_any_text_reads_and_builds_without_raising(text: str) -> None:
    plan = read_okrs(text)
    for objective in plan.objectives:
        assert objective.title and len(objective.title) <= 200
    build(plan, CYCLE, [], team="T")  # every title, owner and team name is valid for the models


def test_control_characters_never_make_an_invalid_title() -> None:
    plan = read_okrs(
        "Team: \x01\nObjective: \x02\n## Grow\x07\n- \x01\x02\n- Cut \x1b errors from 3 to 1 @a\x03\n"
    )
    built = build(plan, CYCLE, [], team="T")
    assert [o.title for o in built.objectives] == ["Grow"]
    assert [k.title for k in built.key_results] == ["Cut errors from 3 to 1"]


LINES = st.sampled_from(
    [
        "# Platform",
        "## Ship safely",
        "Team: Ops",
        "Objective: Grow",
        "- Cut errors from 3% to 1% @ana",
        "  - nested note",
        "1. Sign 5 new partners",
        "KR1: Raise ARR to $2M (owner: Ben)",
        "Key Results:",
        "prose line",
        "- [aspirational] @",
        "",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, max_size=20).map("\n".join))
def test_doc_like_text_always_builds(text: str) -> None:
    plan = read_okrs(text)
    built = build(plan, CYCLE, [], team="T")
    assert len(built.objectives) == len(plan.objectives)
    assert len(built.key_results) + len(built.drafts) == sum(len(o.key_results) for o in plan.objectives)
