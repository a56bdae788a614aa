"""`okrtui status` tells which boards, and whether the workspace (teams, cycles), a git merge left
conflicts or notices on, the same on its light and typed read paths, and in its JSON."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from okrtui.store import Store
from tests.report.test_status_lines import WIDTHS, assert_same, rich_table
from tests.services.conflicted import conflicted_store, workspace_conflicted_store
from tests.services.gitstores import needs_git
from tests.support import run_okrtui

pytestmark = needs_git
LINE = "Platform: 1 sync conflict, 1 sync notice; the dashboard shows them (⚠), e on one chooses"


def test_status_names_the_board_with_a_conflict_and_a_notice_on_both_paths(
    tmp_path: Path, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ben = conflicted_store(tmp_path, demo_store, monkeypatch)
    assert_same(ben)
    assert_same(ben, team="growth")
    assert all(LINE in rich_table(ben, width).replace("\n", " ") for width in WIDTHS if width >= 100)
    assert "sync" not in rich_table(ben, 100, team="growth")

    shown = run_okrtui("status", store=ben.root, columns="120")
    assert shown.returncode == 0
    assert LINE in shown.stdout  # after the table, before the count of open actions
    document = orjson.loads(run_okrtui("status", "--format", "json", store=ben.root).stdout)
    assert document["sync_notices"] == [{"team": "platform", "conflicts": 1, "notices": 1}]


def test_a_store_without_merges_has_no_sync_line(demo_store: Store) -> None:
    assert "sync" not in rich_table(demo_store, 120)
    document = orjson.loads(run_okrtui("status", "--format", "json", store=demo_store.root).stdout)
    assert document["sync_notices"] == []


WORKSPACE_LINE = (
    "Teams and cycles: 2 sync conflicts; the dashboard shows them (⚠), p (teams) or C (cycle dates) chooses"
)


def test_status_names_the_workspace_conflicts_whatever_the_filter_on_both_paths(
    tmp_path: Path, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ben = workspace_conflicted_store(tmp_path, demo_store, monkeypatch)
    assert_same(ben)
    assert_same(ben, team="growth")
    assert_same(ben, owner="ana")
    for filters in ({}, {"team": "growth"}):
        assert WORKSPACE_LINE in rich_table(ben, 160, **filters)

    shown = run_okrtui("status", store=ben.root, columns="160")
    assert shown.returncode == 0
    lines = shown.stdout.splitlines()
    assert WORKSPACE_LINE in lines
    assert lines.index(WORKSPACE_LINE) + 1 == lines.index(
        "Infra: 1 sync notice; the dashboard shows them (⚠)"
    ), "the workspace first, then each board (the blocker resolved on one side, edited on the other)"
    document = orjson.loads(run_okrtui("status", "--format", "json", store=ben.root).stdout)
    assert document["sync_notices"] == [
        {"team": None, "conflicts": 2, "notices": 0},
        {"team": "platform", "conflicts": 0, "notices": 1},
    ]
