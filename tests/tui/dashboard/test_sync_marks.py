"""What a git merge left is shown to the next person who opens the dashboard (a toast, ⚠ on the
KR, the team's objectives or the cycle line, the KR's detail), and a conflict is settled in the
editor: the value picked is saved and the conflict is gone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
import pytest
from textual.widgets import Select

from okrtui.core.merge import WHOLE_RECORD, canon
from okrtui.core.models import Cycle
from okrtui.core.sync_records import SyncConflict
from okrtui.store import Store
from okrtui.tui.app import make_app
from okrtui.tui.dashboard.screen import DashboardScreen
from okrtui.tui.dashboard.tree import OkrTree
from okrtui.tui.editor.conflicts import ConflictChoices
from okrtui.tui.editor.cycle_dates import CycleDatesEditor
from okrtui.tui.editor.kr import KREditor
from okrtui.tui.editor.teams import TeamsEditor
from tests.services.conflicted import (
    ANAS_END,
    ANAS_TEAM,
    ANAS_TITLE,
    BENS_BLOCKER,
    BENS_END,
    BENS_TEAM,
    BENS_TITLE,
    conflicted_store,
    workspace_conflicted_store,
)
from tests.services.gitstores import needs_git
from tests.support import run_okrtui
from tests.tui.conftest import burst, text_of
from tests.tui.editor.test_editor import field, open_dashboard, save

pytestmark = needs_git


def marked(app) -> set[str]:
    tree = app.screen.query_one(OkrTree)
    return {
        leaf.data.kr.id
        for node in tree.root.children
        for leaf in node.children
        if str(leaf.label).startswith("⚠")
    }


def open_rows(store: Store, table: str, done: str) -> list[dict]:
    data = orjson.loads(store.board_path("2026-Q4", "platform").read_bytes())
    return [row for row in data.get(table, {}).values() if not row.get(done)]


@pytest.fixture
def ben(tmp_path: Path, demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    return conflicted_store(tmp_path, demo_store, monkeypatch)


async def test_the_dashboard_tells_what_syncing_left_and_the_editor_settles_the_conflict(ben: Store) -> None:
    chosen = ben.locate_kr("kr-mig3").kr.title
    other = ANAS_TITLE if chosen == BENS_TITLE else BENS_TITLE
    app = make_app(ben)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dashboard(pilot, at="kr-mig3")
        toasts = [str(n.message) for n in app._notifications]
        assert any("Sync conflict (Platform): kr-mig3 title" in t for t in toasts), toasts
        assert any("Sync notice (Platform)" in t and "kr-cfr5" in t for t in toasts), toasts
        assert marked(app) == {"kr-mig3", "kr-cfr5"}

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, KREditor)
        assert len(app.screen.query_one(ConflictChoices).conflicts) == 1
        assert field(app, "title") == chosen
        picker = app.screen.query_one("#pick-0", Select)
        picker.focus()
        await pilot.press("enter", "up" if picker.value == "1" else "down", "enter")
        await pilot.pause()
        assert field(app, "title") == other
        await save(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await app.workers.wait_for_complete()
        assert marked(app) == {"kr-cfr5"}, "the conflict is settled; the notice stays marked here"

    assert ben.locate_kr("kr-mig3").kr.title == other
    assert open_rows(ben, "conflicts", "resolved") == []
    assert open_rows(ben, "sync_notices", "seen") == [], "a notice is told once, then seen"
    assert "sync" not in run_okrtui("status", store=ben.root).stdout
    app = make_app(ben)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dashboard(pilot, at="kr-mig3")
        assert not any("Sync" in str(n.message) for n in app._notifications)
        assert marked(app) == set(), "the notice was told to the one who opened it first"
        await pilot.press("e")
        await pilot.pause()
        assert not app.screen.query(ConflictChoices)


async def test_a_store_that_never_synced_has_no_marks_or_toasts(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dashboard(pilot)
        assert marked(app) == set()
        assert not any("Sync" in str(n.message) for n in app._notifications)


def marked_objectives(app) -> set[str]:
    tree = app.screen.query_one(OkrTree)
    return {node.data.team.id for node in tree.root.children if str(node.label).startswith("⚠")}


async def pick_other(pilot, picker_id: str) -> None:
    """Open a conflict's picker and take the value it does not show, as a user would."""
    picker = pilot.app.screen.query_one(f"#{picker_id}", Select)
    picker.focus()
    await burst(pilot, "enter", "up" if picker.value == "1" else "down", "enter")


async def test_workspace_conflicts_are_marked_and_settled_in_the_teams_and_cycle_dialogs(
    tmp_path: Path, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ben = workspace_conflicted_store(tmp_path, demo_store, monkeypatch)
    team_now, end_now = ben.team("platform").name, ben.cycle("2026-Q4").end
    other_team = ANAS_TEAM if team_now == BENS_TEAM else BENS_TEAM
    other_end = ANAS_END if end_now == BENS_END else BENS_END
    app = make_app(ben)
    async with app.run_test(size=(110, 34)) as pilot:
        await open_dashboard(pilot, at="kr-bld6")
        toasts = " ".join(str(n.message) for n in app._notifications)
        assert "Sync conflict (teams and cycles): platform name was set differently" in toasts
        assert "Sync conflict (teams and cycles): 2026-Q4 end was set differently" in toasts
        assert "Sync notice (" in toasts and "bl-bld60 was resolved on one machine" in toasts
        assert marked_objectives(app) == {"platform"}
        assert text_of(app.screen, "#cycle-info").startswith("⚠")
        assert marked(app) == {"kr-bld6"}, "the blocker's notice marks its KR"
        detail = text_of(app.screen, "#kr-sync .sync-lines")
        assert "resolved on one machine in 2026-W47" in detail and BENS_BLOCKER in detail  # both sides
        tree = app.screen.query_one(OkrTree)
        objective = next(n.data for n in tree.root.children if n.data.team.id == "platform")
        app.screen.editor.put_cursor_on(objective.objective.id)
        await pilot.pause()
        about_team = text_of(app.screen, "#objective-sync .sync-lines")
        assert f"'{ANAS_TEAM}'" in about_team and f"'{BENS_TEAM}'" in about_team and "p chooses" in about_team

        await burst(pilot, "p")
        assert isinstance(app.screen, TeamsEditor)
        assert field(app, "team-name") == team_now
        await pick_other(pilot, "pick-0")
        assert field(app, "team-name") == other_team
        app.screen.query_one("#team-name").focus()
        await burst(pilot, "enter")
        assert ben.team("platform").name == other_team
        assert not app.screen.query(ConflictChoices), "settled: nothing left to choose"
        await burst(pilot, "escape")

        await burst(pilot, "C")
        assert isinstance(app.screen, CycleDatesEditor)
        assert field(app, "end") == end_now.isoformat()
        await pick_other(pilot, "pick-0")
        assert field(app, "end") == other_end.isoformat()
        await burst(pilot, "ctrl+s")
        assert isinstance(app.screen, DashboardScreen)
        assert marked_objectives(app) == set()
        assert not text_of(app.screen, "#cycle-info").startswith("⚠")

    assert ben.cycle("2026-Q4").end == other_end
    assert ben.workspace_sync().open_conflicts() == []
    assert "Teams and cycles" not in run_okrtui("status", store=ben.root).stdout


async def test_a_member_renamed_two_ways_is_settled_in_the_teams_dialog(demo_store: Store) -> None:
    """As the merge leaves it (core.merge): both new names in the team, a conflict with both lists."""
    team = demo_store.team("platform")
    others = [m for m in team.members if m != "Ben"]
    theirs, ours = [*others, "Ben S."], [*others, "Benjamin"]
    merged = [*others, "Ben S.", "Benjamin"]
    demo_store.update_team("platform", lambda t: t.model_copy(update={"members": merged}))
    values = sorted([ours, theirs], key=canon)
    message = "platform members was set differently on two machines"
    demo_store.save_workspace(
        SyncConflict(
            id="cf-members",
            table="teams",
            record="platform",
            field="members",
            values=values,
            chosen=merged,
            message=message,
        )
    )
    app = make_app(demo_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await open_dashboard(pilot, at="kr-bld6")
        assert marked_objectives(app) == {"platform"}
        await burst(pilot, "p")
        assert isinstance(app.screen, TeamsEditor)
        picker = app.screen.query_one("#pick-0", Select)
        assert picker.value == "2", "the merged list (both names) is what the team holds for now"
        picker.focus()
        await burst(pilot, "enter", *["up"] * (2 - values.index(ours)), "enter")
        app.screen.query_one("#team-name").focus()
        await burst(pilot, "enter")
        assert not app.screen.query(ConflictChoices)

    assert demo_store.team("platform").members == ours
    assert demo_store.workspace_sync().open_conflicts() == []


async def test_dates_that_would_not_make_a_cycle_are_settled_by_picking_one_whole_version(
    demo_store: Store,
) -> None:
    """One machine moved the start late, the other the end early: the merge kept one side whole."""
    cycle = demo_store.cycle("2026-Q4")
    kept = cycle.model_copy(update={"start": date(2026, 12, 20)}).model_dump(mode="json")
    other = cycle.model_copy(update={"end": date(2026, 12, 10)}).model_dump(mode="json")
    demo_store.save_cycle(Cycle.model_validate(kept))
    values = sorted([kept, other], key=canon)
    demo_store.save_workspace(
        SyncConflict(
            id="cf-cycle",
            table="cycles",
            record="2026-Q4",
            field=WHOLE_RECORD,
            values=values,
            chosen=kept,
            message="2026-Q4 was set differently on two machines",
        )
    )
    app = make_app(demo_store)
    async with app.run_test(size=(110, 34)) as pilot:
        await open_dashboard(pilot)
        assert text_of(app.screen, "#cycle-info").startswith("⚠")
        await burst(pilot, "C")
        assert field(app, "start") == "2026-12-20"
        await pick_other(pilot, "pick-0")
        assert (field(app, "start"), field(app, "end")) == (cycle.start.isoformat(), "2026-12-10")
        await burst(pilot, "ctrl+s")
        assert isinstance(app.screen, DashboardScreen)

    saved = demo_store.cycle("2026-Q4")
    assert (saved.start, saved.end) == (cycle.start, date(2026, 12, 10))
    assert demo_store.workspace_sync().open_conflicts() == []
