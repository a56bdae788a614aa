"""The dashboard as a user sees it: every objective, the selected KR in detail, filters, live refresh."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from textual.widgets import Select, Static

from okrtui.store import Store
from okrtui.tui.app import make_app
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.widgets.charts import TrendChart
from okrtui.tui.widgets.kr_detail import KRDetail, pace_line
from okrtui.tui.widgets.okr_tree import OkrTree
from tests.conftest import TODAY

DEMO_OBJECTIVES = {
    "Make every release boring and safe",
    "Give developers a platform they love",
    "Win the self-serve market",
    "Build a partner channel",
    "Learn what makes teams stay",
}


def shown_objectives(tree: OkrTree) -> set[str]:
    return {node.data.objective.title for node in tree.root.children}


def shown_krs(tree: OkrTree) -> list[str]:
    return [leaf.data.kr.id for node in tree.root.children for leaf in node.children]


def text_of(screen: DashboardScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_opens_on_every_objective_with_the_first_kr_in_detail(demo_store: Store, size) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        tree = screen.query_one(OkrTree)
        assert shown_objectives(tree) == DEMO_OBJECTIVES
        assert tree.selected_kr is not None and tree.selected_kr.kr.id == "kr-cfr5"
        assert "kr-cfr5" in text_of(screen, "#kr-title")
        assert "✔ on track" in text_of(screen, "#kr-facts")
        assert "Two customers moved over" in text_of(screen, "#kr-history")
        assert screen.query_one("#value-chart", TrendChart).data is not None
        # Every objective row is on screen, not scrolled away.
        rows = [tree.get_node_at_line(y) for y in range(tree.size.height)]
        assert {n.data.objective.title for n in rows if n is not None and n.parent is tree.root} == (
            DEMO_OBJECTIVES
        )


async def test_rows_carry_status_as_symbol_not_only_colour(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(OkrTree)
        labels = {leaf.data.kr.id: leaf.label.plain for node in tree.root.children for leaf in node.children}
        assert labels["kr-mig3"].startswith("✖")
        assert "3↓2" in labels["kr-mig3"]
        assert labels["kr-cfr5"].startswith("✔")
        assert "9.94% → 5%" in labels["kr-cfr5"]
        assert "0.62" in labels["kr-cfr5"]


async def test_moving_down_shows_the_next_krs_blockers(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        screen = app.screen
        assert "kr-bld6" in text_of(screen, "#kr-title")
        assert "bl-bld60" in text_of(screen, "#kr-blockers")
        assert "behind pace" in text_of(screen, "#kr-facts")


async def test_team_and_owner_filters(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        tree = screen.query_one(OkrTree)
        screen.query_one("#team", Select).value = "growth"
        await pilot.pause()
        assert shown_objectives(tree) == {
            "Win the self-serve market",
            "Build a partner channel",
            "Learn what makes teams stay",
        }
        assert tree.selected_kr.kr.id == "kr-wat8"
        screen.query_one("#owner", Select).value = "Farah"
        await pilot.pause()
        assert shown_krs(tree) == ["kr-cnv2", "kr-prt3"]
        screen.query_one("#team", Select).value = ""
        screen.query_one("#owner", Select).value = "Ben"
        await pilot.pause()
        assert shown_krs(tree) == ["kr-bld6", "kr-mig3"]


async def test_a_checkin_from_another_process_shows_without_restarting(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("down")
        env = {**os.environ, "OKRTUI_STORE": str(demo_store.root)}
        command = [sys.executable, "-m", "okrtui", "checkin", "kr-bld6", "--value", "7", "--as", "Ben"]
        done = subprocess.run([*command, "--confidence", "8", "--moved", "Cache fixed"], env=env, check=False)
        assert done.returncode == 0
        assert screen.watcher is not None and screen.watcher.timer is not None
        assert screen.watcher.poll()  # what the 1 s timer does
        await pilot.pause()
        tree = screen.query_one(OkrTree)
        assert tree.selected_kr.kr.id == "kr-bld6"  # selection kept across the reload
        assert tree.selected_kr.value == 7
        assert "Cache fixed" in text_of(screen, "#kr-history")
        assert not screen.watcher.poll()  # nothing new: no reload


async def test_empty_store_says_how_to_start(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        message = text_of(app.screen, "#empty")
        assert "okrtui demo" in message and "okrtui import" in message
        assert app.screen.has_class("-empty")


async def test_narrow_terminal_stacks_the_detail_under_the_tree(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-narrow")
        tree, detail = screen.query_one(OkrTree), screen.query_one(KRDetail)
        assert detail.region.y >= tree.region.bottom
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert detail.region.x >= tree.region.right


async def test_check_in_key_opens_the_owners_checkin_and_comes_back(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "c")
        await pilot.pause()
        from okrtui.tui.screens.checkin import CheckinScreen

        assert isinstance(app.screen, CheckinScreen)
        assert app.screen.owner == "Ben" and app.screen.current.kr.id == "kr-bld6"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_meeting_key_starts_the_selected_team_meeting(demo_store: Store) -> None:
    meeting = pytest.importorskip("okrtui.tui.screens.meeting")
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#team", Select).value = "growth"
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, meeting.MeetingScreen)
        assert app.options.team == "growth"


def test_pace_line_runs_from_baseline_to_target(demo_store: Store) -> None:
    cycle = demo_store.current_cycle(TODAY)
    kr = demo_store.locate_kr("kr-bld6").kr
    from okrtui.core.weeks import weeks_between

    line = pace_line(kr, cycle, weeks_between(cycle.start, cycle.end))
    assert line[0] < kr.baseline and line[-1] == kr.target  # decreasing KR, ends on target
    assert pace_line(demo_store.locate_kr("kr-upt9").kr, cycle, ["2026-W47"]) is None  # maintain: no pace


def hide_cursor(pilot) -> None:
    """Snapshots must not depend on the cursor blink."""
    for widget in pilot.app.screen.query("Input"):
        widget.cursor_blink = False


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_dashboard_snapshot(demo_store: Store, snap_compare, size) -> None:
    assert snap_compare(make_app(demo_store), terminal_size=size, run_before=hide_cursor)


async def test_rows_and_chart_follow_the_theme(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(OkrTree)

        def symbol_colour() -> str:
            label = tree.root.children[0].children[0].label  # kr-cfr5, on track
            return str(label.get_style_at_offset(app.console, 0).color.get_truecolor())

        chart = app.screen.query_one("#value-chart", TrendChart)
        before_colour, before_chart = symbol_colour(), chart.render().spans
        others = sorted(name for name in app.available_themes if name != app.theme)
        app.theme = next((name for name in others if "light" in name), others[0])
        await pilot.pause()
        await pilot.pause()
        assert symbol_colour() != before_colour
        assert chart.render().spans != before_chart


async def test_y_switches_cycle_and_an_empty_cycle_says_so(demo_store: Store) -> None:
    from datetime import date

    from okrtui.core.models import Cycle, CycleState

    demo_store.save_cycle(
        Cycle(id="2027-Q1", start=date(2027, 1, 1), end=date(2027, 3, 31), state=CycleState.PLANNING)
    )
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.cycle_id == "2026-Q4"
        await pilot.press("y")
        await pilot.pause()
        assert screen.cycle_id == "2027-Q1" and screen.has_class("-empty")
        assert "Cycle 2027-Q1 has no objectives yet" in text_of(screen, "#empty")
        await pilot.press("y")
        await pilot.pause()
        assert screen.cycle_id == "2026-Q4" and not screen.has_class("-empty")
        assert shown_objectives(screen.query_one(OkrTree)) == DEMO_OBJECTIVES
