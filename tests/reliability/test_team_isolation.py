"""Each team's files stand alone: with one team's file damaged, the other team checks in, looks,
lints, exports, meets and imports as usual; the damaged file is named once and never written
(issue 18). Both ways round: which team breaks must not matter (the search order once did)."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.store import Store
from okrtui.tui.app import FirstScreen, Options, make_app
from okrtui.tui.dashboard.screen import DashboardScreen
from okrtui.tui.dashboard.tree import OkrTree
from okrtui.tui.meeting.screen import MeetingScreen
from tests.conftest import TODAY
from tests.support import run_okrtui

OTHER = {"platform": "growth", "growth": "platform"}


def damage(store: Store, team: str) -> tuple[Path, bytes]:
    damaged = store.board_path("2026-Q4", team)
    damaged.write_bytes(damaged.read_bytes()[:200])
    return damaged, damaged.read_bytes()


@pytest.mark.parametrize("broken", ["platform", "growth"])
def test_a_damaged_file_of_one_team_blocks_no_other_team(
    demo_store: Store, tmp_path: Path, broken: str
) -> None:
    works = OTHER[broken]
    kr = demo_store.board(demo_store.cycle("2026-Q4"), demo_store.team(works)).live_key_results()[0]
    damaged, bytes_before = damage(demo_store, broken)
    name = damaged.name

    def run(*args: str) -> tuple[int, str, str]:
        done = run_okrtui(*args, store=demo_store.root)
        assert "Traceback" not in done.stderr
        return done.returncode, done.stdout, done.stderr

    code, _, err = run("checkin", kr.id, "--value", "3", "--confidence", "6", "--force", "--yes")
    assert code == 0, err
    assert err.count(name) <= 1, "the damaged file is named at most once"
    for args in (["status"], ["status", "--format", "json"], ["status", "--team", works]):
        code, out, err = run(*args)
        assert code == 0 and kr.id in out, err
        assert err.count(name) == (0 if "--team" in args else 1), err
    code, _, err = run("lint")
    assert code in (0, 1) and "2026-Q4:" in err and err.count(name) == 1, err
    for fmt in ("json", "csv", "markdown"):
        code, out, err = run("export", "--format", fmt)
        assert code == 0 and kr.id in out and err.count(name) == 1, err
    doc = tmp_path / "ops.md"
    doc.write_text(
        "Team: Ops\nObjective: Calm nights\n"
        "- Cut pages from 40 to 10 a month @Ida\n- Keep uptime above 99.9% @Ida\n"
    )
    code, _, err = run("import", str(doc), "--cycle", "2027-Q1")
    assert code == 0, err
    assert damaged.read_bytes() == bytes_before, "the damaged file was never written"


@pytest.mark.parametrize("broken", ["platform", "growth"])
async def test_the_meeting_and_the_dashboard_of_another_team_open(demo_store: Store, broken: str) -> None:
    works = OTHER[broken]
    damaged, bytes_before = damage(demo_store, broken)
    meeting = make_app(demo_store, Options(FirstScreen.MEETING, team=works, today=TODAY))
    async with meeting.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await meeting.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(meeting.screen, MeetingScreen), "the meeting opened on its opening step"
    dashboard = make_app(demo_store)
    notices: list[str] = []
    async with dashboard.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = dashboard.screen
        assert isinstance(screen, DashboardScreen)
        teams = {node.data.team.id for node in screen.query_one(OkrTree).root.children}
        assert teams == {works}
        notices = [n.message for n in dashboard._notifications]
        screen.load()  # the watcher's reload names it no second time
        await pilot.pause()
        notices += [n.message for n in dashboard._notifications][len(notices) :]
    assert sum(damaged.name in n for n in notices) == 1, notices
    assert damaged.read_bytes() == bytes_before
