"""What a git merge left is shown to the next person who opens the dashboard (a toast, ⚠ on the
KR), and a conflict is settled in the editor: the value picked is saved and the conflict is gone."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from textual.widgets import Select

from okrtui.store import Store
from okrtui.tui.app import make_app
from okrtui.tui.dashboard.screen import DashboardScreen
from okrtui.tui.dashboard.tree import OkrTree
from okrtui.tui.editor.conflicts import ConflictChoices
from okrtui.tui.editor.kr import KREditor
from tests.services.conflicted import ANAS_TITLE, BENS_TITLE, conflicted_store
from tests.services.gitstores import needs_git
from tests.support import run_okrtui
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
