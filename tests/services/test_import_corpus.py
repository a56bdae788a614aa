"""Importing the corpus as a team would: each doc names its team, and one command makes it ready."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import main
from okrtui.services.importer import ImportFileError, describe, prepare
from okrtui.store import Store
from tests.conftest import TODAY
from tests.core.test_corpus import documents, expected
from tests.support import assert_user_error, run_okrtui


@pytest.mark.parametrize("doc", documents(), ids=lambda doc: doc.name)
def test_every_corpus_doc_imports_without_team_into_the_teams_it_names(store: Store, doc: Path) -> None:
    outcome = prepare(store, doc.read_text("utf-8"), doc.name, TODAY)
    want = expected(doc)
    assert {board.team.name for board in outcome.boards} == {kr["team"] for kr in want["krs"]}
    assert outcome.count("key_results") + outcome.count("drafts") == len(want["krs"])


@pytest.mark.parametrize("doc", documents(), ids=lambda doc: doc.name)
def test_with_team_and_owner_no_kr_waits_for_an_owner(store: Store, doc: Path) -> None:
    outcome = prepare(store, doc.read_text("utf-8"), doc.name, TODAY, team="Ops", owner="Robin")
    assert [board.team.id for board in outcome.boards] == ["ops"]
    assert all("owner" not in draft.missing() for board in outcome.boards for draft in board.drafts)
    named = {kr["line"]: kr["owner"] for kr in expected(doc)["krs"]}
    owners = {kr.owner for board in outcome.boards for kr in [*board.key_results, *board.drafts]}
    assert owners == {owner or "Robin" for owner in named.values()}  # the doc's owners win over --owner


def test_owner_default_makes_a_doc_ready_to_check_in(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "okrs.md"
    path.write_text(
        "Team: Ops\n## Objective: Calm nights\n- Cut pages per week from 30 to 10\n"
        "- Keep MTTR under 1 hour @Ben\n- Grow runbook coverage from 40% to 90%\n",
        encoding="utf-8",
    )
    without = CliRunner().invoke(main, ["import", str(path), "--dry-run"])
    assert "DRAFT, needs owner" in without.stdout
    assert "`--owner NAME` names the owner" in without.stdout
    result = CliRunner().invoke(main, ["import", str(path), "--owner", "@Ana"])
    assert result.exit_code == 0, result.output
    assert "Cut pages per week from 30 to 10  @Ana (from --owner)" in result.stdout
    assert "Keep MTTR under 1 hour  @Ben\n" in result.stdout
    board = store.board(store.cycle("2026-Q4"), store.team("ops"))
    assert board.drafts == [] and {kr.owner for kr in board.key_results} == {"Ana", "Ben"}
    assert store.team("ops").members == ["Ana", "Ben"]


def test_the_objectives_owner_owns_its_krs_and_the_preview_says_so(store: Store) -> None:
    outcome = prepare(
        store, "Team: Ops\n## Objective: Calm nights\nOwner: Dana\n- Cut pages from 30 to 10\n", "x", TODAY
    )
    text = "\n".join(describe(outcome, dry_run=True))
    assert "Cut pages from 30 to 10  @Dana (from the objective)" in text
    assert outcome.count("drafts") == 0


def test_bad_owner_and_owner_with_an_export_are_one_line_errors(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "okrs.md"
    path.write_text("Team: Ops\n## Calm nights\n- Cut pages from 30 to 10\n", encoding="utf-8")
    result = run_okrtui("import", str(path), "--owner", "  ", store=tmp_path / "s")
    assert_user_error(result.stderr, result.returncode, mentions="--owner needs a name")
    with pytest.raises(ImportFileError, match="for text imports"):
        prepare(store, json.dumps({"okrtui_export": 1}), "e.json", TODAY, owner="Ana")
    assert not (tmp_path / "s").exists()


def test_a_quarter_without_a_year_is_this_years(store: Store) -> None:
    outcome = prepare(
        store, "# Q2 OKRs\nTeam: Ops\n## Objective: Calm\n- Cut pages from 30 to 10 @A\n", "x", TODAY
    )
    assert outcome.cycle.id == f"{TODAY.year}-Q2"


def test_the_preview_lists_every_line_not_imported_with_its_text(store: Store) -> None:
    doc = (
        "Team: Ops\n## Objective: Calm nights\n- Cut pages from 30 to 10 @A\n"
        "  - Write the runbook\n  - Pair with the platform team\n- Tracked: Weekly\n"
        "> KR1: Increase [metric] from X to Y\n"
    )
    lines = describe(prepare(store, doc, "x", TODAY), dry_run=True)
    assert "Not imported (4 line(s)):" in lines
    assert "  lines 4-5  nested under a KR (an initiative or note?): - Write the runbook" in lines
    assert "  line 6  metadata (tracked): - Tracked: Weekly" in lines
    assert "  line 7  quoted text (a template or an example): > KR1: Increase [metric] from X to Y" in lines


def test_preview_phrases_for_each_kind_of_kr(store: Store) -> None:
    doc = (
        "Team: Ops\n## Objective: Calm nights @Kim\n"
        "- Reduce mean time to recovery from 24 h to 6 h\n- Keep uptime ≥ 99.9%\n"
        "- Identify at least 5 design patterns\n- Launch the status page\n"
        "- Cut pages by 20%\n- Reach 2,000 weekly active teams\n- Zero Sev1 incidents\n"
    )
    text = "\n".join(describe(prepare(store, doc, "x", TODAY), dry_run=True))
    for phrase in (
        "↓ 24 h → 6 h",
        "keep ≥ 99.9%",
        "↑ 0 → 5 patterns",
        "done / not done",
        "↓ ? → baseline × 0.8 (-20%)",
        "↑ ? → 2,000 teams",
        "keep ≤ 0",
    ):
        assert f"        {phrase}\n" in text + "\n", phrase
