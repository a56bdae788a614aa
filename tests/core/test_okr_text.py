"""Reading OKR docs as teams write them, and placing the plan on boards."""

from __future__ import annotations

import sys
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


# -- structure before sentences (issue #12) ------------------------------------------------------


def krs(plan) -> list[str]:
    return [k.parsed.title for o in plan.objectives for k in o.key_results]


def test_krs_under_a_label_line_are_krs_and_metadata_is_not() -> None:
    plan = read_okrs(
        "Team: Infra\n### Objective: Deploys are boring\n**Owner:** Priya Shah\n\n"
        "- **Key Results:**\n  - Cut the change failure rate from 14% to 6%\n    - Tracked: Weekly\n"
        "    - Add canary analysis\n  - Keep p95 latency below 250 ms\n"
        "- **Rationale:** deploys caused two outages\n- Final Score: 0.6\n"
    )
    assert krs(plan) == ["Cut the change failure rate from 14% to 6%", "Keep p95 latency below 250 ms"]
    objective = plan.objectives[0]
    assert (objective.owner, objective.why) == ("Priya Shah", "deploys caused two outages")
    assert dict(plan.skipped) == {
        7: "metadata (tracked)",
        8: "nested under a KR (an initiative or note?)",
        11: "a score (final score)",
    }


def test_sibling_objective_and_key_results_bullets() -> None:
    plan = read_okrs(
        "Team: Data\n- **Objective:** Analysts trust the numbers\n- **Key Results:**\n"
        "  - Reduce data incidents from 15 to 4\n  - Grow tested tables from 40% to 95%\n"
        "- **Rationale:** wrong board reports\n"
    )
    assert [o.title for o in plan.objectives] == ["Analysts trust the numbers"]
    assert len(krs(plan)) == 2 and plan.objectives[0].why == "wrong board reports"


def test_headings_above_objectives_are_teams_and_quarters_are_cycles() -> None:
    plan = read_okrs(
        "# FY23-Q1 OKRs\n## Company\n### Grow clinics\n- Grow paying clinics from 1,400 to 2,000\n"
        "## Marketing\n### Fill the pipeline\n- Lift conversion from 18% to 24%\n"
    )
    assert plan.cycle == "2023-Q1"
    assert [(o.team, o.title) for o in plan.objectives] == [
        ("Company", "Grow clinics"),
        ("Marketing", "Fill the pipeline"),
    ]


def test_a_title_above_team_headings_is_not_a_team() -> None:
    plan = read_okrs("# Acme handbook\n## Platform\n### Ship safely\n- Cut errors from 3 to 1 @Ana\n")
    assert plan.objectives[0].team == "Platform"
    assert dict(plan.skipped)[1].startswith("a title")


def test_kr_headings_with_initiatives_and_number_lines() -> None:
    plan = read_okrs(
        "Team: Search\n## Objective: Better results\n#### KR: Reduce searches with zero results\n"
        "Baseline: 7.5%\nTarget: 3%\nOwner: Asha\n- Rewrite the ranking features\n"
    )
    kr = plan.objectives[0].key_results[0]
    assert (kr.parsed.baseline, kr.parsed.target, kr.parsed.unit, kr.owner) == (7.5, 3, "%", "Asha")
    assert dict(plan.skipped) == {7: "nested under a KR (an initiative or note?)"}


def test_tables_map_columns_by_header_and_never_read_the_status() -> None:
    plan = read_okrs(
        "Team: Permits\n## Objective: Finish online\n\n"
        "| Key result | Current | Target | Owner / Contributors | Status |\n|---|---|---|---|---|\n"
        "| Raise online completion | 61% | 80% | Dana / Omar, Lee | 22% increase (61 to 74) |\n"
        "| Time to decision | 21 days | ≤10 days | Lee | |\n| Publish the statement | — | Done | Dana | |\n"
        "| | | | | spare row |\n"
    )
    read = [
        (k.parsed.title, k.parsed.baseline, k.parsed.target, k.parsed.unit, k.owner)
        for k in plan.objectives[0].key_results
    ]
    assert read == [
        ("Raise online completion", 61, 80, "%", "Dana"),
        ("Time to decision", 21, 10, "days", "Lee"),
        ("Publish the statement", 0, 1, "", "Dana"),
    ]
    assert dict(plan.skipped) == {9: "a table row with no KR"}


def test_a_table_with_team_and_objective_columns() -> None:
    plan = read_okrs(
        "| Team | Objective | KR | Target |\n|---|---|---|---|\n"
        "| Warehouse | Ship same day | Raise same-day dispatch | 90% |\n"
        "| Warehouse | | Cut picking errors | ≤ 12 |\n"
        "| Returns | Painless returns | Launch return labels | Done |\n"
    )
    assert [(o.team, o.title, len(o.key_results)) for o in plan.objectives] == [
        ("Warehouse", "Ship same day", 2),
        ("Returns", "Painless returns", 1),
    ]


@pytest.mark.parametrize(
    ("line", "title", "owner"),
    [
        ("- Reduce open blockers from 24 to 5 [tanvir] 0.7", "Reduce open blockers from 24 to 5", "tanvir"),
        ("- Document the checklist \\[ayla\\]", "Document the checklist", "ayla"),
        ("- p0 - Reduce chargebacks below 0.5% — owner Sofia", "Reduce chargebacks below 0.5%", "Sofia"),
        ("- Move 3 providers [@alan](https://github.com/alan)", "Move 3 providers", "alan"),
        (
            "- Cut refunds from 9 to 3 (owner: Kemal Aydin) Score: 0.6",
            "Cut refunds from 9 to 3",
            "Kemal Aydin",
        ),
        ("- [x] Publish 5 posts [^1] @ines ✅", "Publish 5 posts", "ines"),
        ("- Reduce payout tickets by 25% (Owner — Dmitri)", "Reduce payout tickets by 25%", "Dmitri"),
    ],
)
def test_owners_in_every_notation_and_grades_are_not_numbers(line: str, title: str, owner: str) -> None:
    kr = read_okrs(f"Team: T\n## Objective: O\n{line}\n").objectives[0].key_results[0]
    assert (kr.parsed.title, kr.owner) == (title, owner)
    assert kr.parsed.target not in (0.5, 0.6, 0.7) or "0.5%" in title


def test_links_templates_quotes_and_notes_are_not_krs() -> None:
    plan = read_okrs(
        "Team: Harbor\n## Objective: One-command install\n"
        "- [Open Planning Thread](https://github.com/h/h/pull/1566)\n  - Cut install failures from 35 to 10\n"
        "- Tracking issue: [#2041](https://github.com/h/h/issues/2041)\n"
        "- KR: Increase [metric] from X to Y\n> - KR2: Reduce errors from 5 to 1\n\n"
        "Notes:\n- Version 2.4.0 ships in March.\n"
    )
    assert krs(plan) == ["Cut install failures from 35 to 10"]
    assert [why for _, why in plan.skipped] == [
        "a link",
        "a link",
        "a template line (placeholders)",
        "quoted text (a template or an example)",
        "a note (under 'notes')",
    ]


def test_a_doc_written_entirely_as_a_quote_is_still_read() -> None:
    plan = read_okrs("> Team: Ops\n> ## Objective: Calm nights\n> - Cut pages from 30 to 10 @Ana\n")
    assert krs(plan) == ["Cut pages from 30 to 10"] and plan.notes


def test_wrapped_lines_continue_the_line_they_wrap() -> None:
    plan = read_okrs(
        "Team: Mobile\nObjective: Instant app\n"
        "KR1: Reduce time to first interaction from 2.1 s to\n0.9 s (owner: Elif)\n"
        "- Grow weekly users from\n  240k to 320k\n"
    )
    read = [(k.line, k.parsed.baseline, k.parsed.target, k.owner) for k in plan.objectives[0].key_results]
    assert read == [(3, 2.1, 0.9, "Elif"), (5, 240_000, 320_000, "")]


def test_an_owner_line_before_the_objectives_owns_them() -> None:
    plan = read_okrs(
        "Team: Platform\nOwner: Rafael\n## O1 — Self-service\n1. Cut setup from 3 days to 1 day\n"
    )
    assert plan.objectives[0].owner == "Rafael"


def test_word_processor_list_markers() -> None:
    plan = read_okrs(
        "Team: Growth\n1. Grow self-serve\n"
        "   a. Raise signups from 400 to 650\n   b. Cut churn from 3% to 2%\n"
    )
    assert krs(plan) == ["Raise signups from 400 to 650", "Cut churn from 3% to 2%"]


# -- nothing silent, nothing slow ----------------------------------------------------------------

MARKDOWN_PIECES = st.sampled_from(
    [
        "# Q4 2026 OKRs",
        "## Company",
        "### Objective: Grow",
        "#### KR: Cut errors from 3 to 1",
        "- **Key Results:**",
        "  - Reduce churn from 3% to 2% [ana] 0.5",
        "    - Tracked: Weekly",
        "- [Thread](https://x.y/pull/1566)",
        "| KR | Current | Target | Owner |",
        "|---|---|---|---|",
        "| Raise NPS | 30 | 45 | Ben |",
        "> - KR1: Increase [metric] from X to Y",
        "Owner: Priya",
        "Score: 0.6",
        "Notes:",
        "```",
        "<!-- html -->",
        "[^1]: a footnote",
        "   a. Twice as many users",
        "wrapped line that goes on",
        "",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKDOWN_PIECES, max_size=30).map("\n".join))
def test_every_non_blank_line_is_used_or_listed_with_a_reason(text: str) -> None:
    plan = read_okrs(text)
    skipped = {line for line, _ in plan.skipped}
    rows = text.split("\n")
    meaningful = {
        n for n, row in enumerate(rows, start=1) if row.strip() and not set(row.strip()) <= set("-|: ")
    }
    assert meaningful <= plan.used | skipped
    assert not plan.used & skipped and all(why for _, why in plan.skipped)
    build(plan, CYCLE, [], team="T")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("#->|*[]()@`~ \n\tabcQ1209.%:"), max_size=400))
def test_markup_soup_never_raises(text: str) -> None:
    build(read_okrs(text), CYCLE, [], team="T")


def _calls(text: str) -> int:
    """Function calls (Python and built-in) made reading `text`: a count, not a clock, so a
    loaded machine cannot fail it and a quadratic loop cannot hide."""
    read_okrs(text)  # caches filled: the count is of the reading itself
    count = 0

    def profile(_frame: object, event: str, _arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        read_okrs(text)
    finally:
        sys.setprofile(None)
    return count


GROWING = {
    "deeply nested list": lambda n: (
        "Team: T\n" + "\n".join("  " * i + f"- grow x from {i} to {i + 1}" for i in range(n // 10))
    ),
    "huge table": lambda n: (
        "Team: T\n## Objective: O\n| KR | Baseline | Target | Owner |\n|---|---|---|---|\n"
        + "\n".join(f"| Grow thing {i} | {i} | {i + 5} | Ana |" for i in range(n))
    ),
    "long wrapped item": lambda n: (
        "Team: T\n## Objective: O\n- Grow users from 1 to 2\n"
        + "\n".join("  and more words" for _ in range(n))
    ),
    "many objectives": lambda n: (
        "Team: T\n"
        + "\n".join(f"## Objective {i}: Part {i}\n- Cut errors from {i + 2} to {i}" for i in range(n // 2))
    ),
}


@pytest.mark.parametrize("shape", GROWING)
def test_reading_stays_linear(shape: str) -> None:
    """Four times the doc takes about four times the work; a quadratic loop would take sixteen."""
    make = GROWING[shape]
    small, large = _calls(make(300)), _calls(make(1200))
    assert large < 6 * small, f"{shape}: {small} calls for 300, {large} for 1200"
