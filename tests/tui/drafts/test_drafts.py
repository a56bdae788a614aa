"""The drafts review: every draft an import left, finished in one pass with the keyboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from textual.app import App
from textual.widgets import Input, Select

from okrtui.cli import main
from okrtui.core.drafts import DraftKeyResult
from okrtui.core.models import Cycle, Direction, KeyResult, KRKind, Objective, Team
from okrtui.store import Store
from okrtui.tui.app import FirstScreen, Options, make_app
from okrtui.tui.drafts.screen import DraftsScreen
from tests.conftest import TODAY, snapshot_of
from tests.tui.conftest import burst, hide_cursor, text_of

DOC = """Team: Sales
## Objective: Grow the business
- Sign 12 new reseller partners @Zed
- Win 3 enterprise logos from 0 @Yan
- Raise the number of weekly active teams
- Cut churned accounts per month
"""
"""Two KRs with owners (Zed and Yan become the team's members) and two drafts needing everything."""

PICK_YAN = ("enter", "y", "enter")
PICK_ZED = ("enter", "z", "enter")


def imported(store: Store, doc: str = DOC) -> Store:
    source = store.root.parent / "okrs.md"
    source.write_text(doc)
    result = CliRunner().invoke(main, ["import", str(source)])
    assert result.exit_code == 0, result.output
    return store


def drafts_app(store: Store):
    return make_app(store, Options(FirstScreen.DRAFTS, today=TODAY))


def board(store: Store):
    (only,) = store.boards(store.cycles()[0])
    return only


def krs_by_title(store: Store) -> dict[str, KeyResult]:
    return {kr.title: kr for kr in board(store).key_results}


def drafts_by_title(store: Store) -> dict[str, DraftKeyResult]:
    return {d.title: d for d in board(store).drafts}


def slow_writes(store: Store, monkeypatch: pytest.MonkeyPatch, app: App[object]) -> None:
    """Each promotion lets the UI run many turns first, as a write waiting on the lock and an
    fsync does: keys typed meanwhile must wait for the next draft, not land in this one."""
    promote = store.promote_draft

    def slow(*args: Any, **kwargs: Any) -> KeyResult:
        for _ in range(40):
            app.call_from_thread(lambda: None)
        return promote(*args, **kwargs)

    monkeypatch.setattr(store, "promote_draft", slow)


async def test_a_burst_finishes_two_drafts_and_ends_on_the_summary(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    imported(store)
    app = drafts_app(store)
    slow_writes(store, monkeypatch, app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DraftsScreen)
        assert "Draft 1 of 2" in text_of(screen, "#position")
        await burst(
            pilot,
            *PICK_YAN, "tab", "10", "tab", "20", "enter",
            *PICK_ZED, "tab", "40", "tab", "25", "enter",
        )  # fmt: skip
        summary = text_of(screen, "#message-text")
        assert "Reviewed 2 draft(s): 2 completed, 0 discarded." in summary
        assert "Yan · ↑ 10 → 20" in summary and "Zed · ↓ 40 → 25" in summary
    krs = krs_by_title(store)
    active, churn = krs["Raise the number of weekly active teams"], krs["Cut churned accounts per month"]
    assert (active.owner, active.baseline, active.target, active.direction) == (
        "Yan",
        10,
        20,
        Direction.INCREASE,
    )
    assert (churn.owner, churn.baseline, churn.target, churn.direction) == ("Zed", 40, 25, Direction.DECREASE)
    assert active.kind is KRKind.METRIC  # read as done / not done, but numbers were given
    assert board(store).drafts == []


async def test_bad_input_is_shown_inline_and_nothing_is_saved(store: Store) -> None:
    imported(store)
    before = snapshot_of(store.root)
    app = drafts_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await burst(pilot, *PICK_YAN, "tab", "10", "tab", "10", "enter")
        assert "target equals the baseline" in text_of(screen, "#error")
        assert app.focused is screen.query_one("#target", Input)
        await burst(pilot, "lots", "enter")
        assert "'10lots' is not a number" in text_of(screen, "#error")
        await burst(pilot, "end", "ctrl+u", "5", "tab", "enter", "inc", "enter", "ctrl+s")  # ↑ but 10 → 5
        assert screen.query_one("#direction", Select).value == "increase"
        assert "↑ increase needs a target above the baseline (5 < 10)" in text_of(screen, "#error")
        assert "Draft 1 of 2" in text_of(screen, "#position")
    assert snapshot_of(store.root) == before


async def test_an_owner_must_be_picked(store: Store) -> None:
    imported(store)
    app = drafts_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await burst(pilot, "tab", "10", "tab", "20", "enter")
        assert "pick the owner" in text_of(screen, "#error")
        assert app.focused is screen.query_one("#owner", Select)
    assert len(board(store).drafts) == 2


async def test_a_draft_changed_meanwhile_is_not_overwritten_silently(store: Store) -> None:
    imported(store)
    app = drafts_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        first = screen.items[0].draft
        theirs = first.model_copy(update={"owner": "Zed", "baseline": 3.0})
        Store(store.root, actor="Zed").save(board(store).cycle.id, "sales", theirs)  # another terminal
        await burst(pilot, *PICK_YAN, "tab", "10", "tab", "20", "enter")
        error = text_of(screen, "#error")
        assert f"{first.id} was changed by Zed" in error and "Enter saves yours over it" in error
        assert "Draft 1 of 2" in text_of(screen, "#position")
        assert drafts_by_title(store)[first.title].owner == "Zed"  # theirs stands
        await burst(pilot, "enter")  # now knowingly, over theirs
        assert "Draft 2 of 2" in text_of(screen, "#position")
    assert krs_by_title(store)[first.title].owner == "Yan"


async def test_a_draft_completed_elsewhere_is_skipped_and_said(store: Store) -> None:
    imported(store)
    app = drafts_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        first = screen.items[0].draft
        Store(store.root, actor="Zed").promote_draft(first.id, owner="Zed", baseline=1, target=2)
        await burst(pilot, *PICK_YAN, "tab", "10", "tab", "20", "enter")
        assert "Draft 2 of 2" in text_of(screen, "#position")
        await burst(pilot, "pagedown")
        summary = text_of(screen, "#message-text")
        assert "1 done elsewhere, 1 still draft(s)" in summary
        assert f"{first.id} was completed by Zed" in summary
    assert krs_by_title(store)[first.title].owner == "Zed"


async def test_discard_asks_then_archives_and_keeps_the_draft_in_the_file(store: Store) -> None:
    imported(store)
    app = drafts_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await burst(pilot, "f8", "n")
        assert "Draft 1 of 2" in text_of(screen, "#position")
        await burst(pilot, "f8", "y")
        assert "Draft 2 of 2" in text_of(screen, "#position")
    drafts = drafts_by_title(store)
    assert drafts["Raise the number of weekly active teams"].archived
    assert not drafts["Cut churned accounts per month"].archived
    lint = CliRunner().invoke(main, ["lint"]).output
    assert "weekly active teams" not in lint and "churned accounts" in lint


async def test_no_drafts_says_so(store: Store) -> None:
    imported(store, "Team: Sales\n## Objective: Grow the business\n- Sign 12 new reseller partners @Zed\n")
    app = drafts_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        message = text_of(app.screen, "#message-text")
        assert "No drafts to finish in 2026-Q4" in message and "Escape" in message


async def test_the_dashboard_offers_d_only_with_drafts_and_comes_back(
    store: Store, demo_store: Store
) -> None:
    imported(store)
    app = make_app(store, Options(today=TODAY))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        from tests.tui.dashboard.test_dashboard import footer_keys

        assert "D" in footer_keys(app)
        await burst(pilot, "D")
        assert isinstance(app.screen, DraftsScreen)
        await burst(
            pilot, *PICK_YAN, "tab", "10", "tab", "20", "enter", *PICK_ZED, "tab", "4", "tab", "2", "enter"
        )
        assert "2 completed" in text_of(app.screen, "#message-text")
        await burst(pilot, "escape")
        assert not isinstance(app.screen, DraftsScreen)
        assert "D" not in footer_keys(app)  # nothing left to finish


def seeded(store: Store) -> Store:
    """Drafts with fixed ids (an import's are random), as a pasted handbook page leaves them."""
    team = Team(id="checkout", name="Checkout", members=["Ana", "Ben", "Dara Okoye"])
    cycle = Cycle(id="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31))
    objective = Objective(id="ob-pay1", cycle=cycle.id, team=team.id, title="Paying is effortless")
    drafts = [
        DraftKeyResult(
            id="kr-chb1",
            objective=objective.id,
            title="Reduce chargeback rate below 0.5%",
            target=0.5,
            unit="%",
            direction=Direction.DECREASE,
        ),
        DraftKeyResult(
            id="kr-trl2",
            objective=objective.id,
            title="Lift trial conversion by 20%",
            unit="%",
            direction=Direction.INCREASE,
            factor=1.2,
            notes=["read '20%' as a change relative to the baseline (x1.2)"],
        ),
        DraftKeyResult(
            id="kr-ref3", objective=objective.id, title="Publish the refund guide", kind=KRKind.BINARY
        ),
    ]
    store.save_team(team)
    store.save_cycle(cycle)
    store.save(cycle.id, team.id, objective, *drafts)
    return store


def test_drafts_snapshot(store: Store, snap_compare) -> None:
    assert snap_compare(drafts_app(seeded(store)), terminal_size=(100, 30), run_before=hide_cursor)


def test_drafts_narrow_snapshot_with_an_inline_error(store: Store, snap_compare) -> None:
    async def second_draft_wrong(pilot) -> None:
        await burst(pilot, "pagedown", "enter", "b", "enter", "tab", "4%", "tab", "4", "enter")
        hide_cursor(pilot)

    app = drafts_app(seeded(store))
    assert snap_compare(app, terminal_size=(80, 24), run_before=second_draft_wrong)


async def test_a_relative_target_follows_the_baseline_and_the_summary_says_what_was_done(
    store: Store,
) -> None:
    app = drafts_app(seeded(store))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await burst(pilot, "enter", "a", "enter", "tab", "1.2%", "enter")  # below 0.5%, from 1.2%
        await burst(pilot, "enter", "b", "enter", "tab", "4%", "enter")  # by 20%: 4% → 4.8%
        await burst(pilot, "f8", "y")
        summary = text_of(screen, "#message-text")
        assert "2 completed, 1 discarded" in summary
        assert "Ana · ↓ 1.2% → 0.5%" in summary and "Ben · ↑ 4% → 4.8%" in summary
        assert "discarded (archived" in summary
    krs = {kr.id: kr for kr in board(store).key_results}
    assert (krs["kr-chb1"].owner, krs["kr-chb1"].baseline, krs["kr-chb1"].target) == ("Ana", 1.2, 0.5)
    assert abs(krs["kr-trl2"].target - 4.8) < 1e-9


def test_complete_options_without_a_draft_are_one_line_errors(store: Store, tmp_path: Path) -> None:
    imported(store)
    result = CliRunner().invoke(main, ["complete", "--baseline", "3"])
    assert result.exit_code == 2
    assert "--baseline needs a draft id" in result.output and "Traceback" not in result.output


async def test_enter_on_a_picked_owner_saves_a_done_or_not_done_draft(store: Store) -> None:
    app = drafts_app(seeded(store))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await burst(pilot, "pagedown", "pagedown")
        assert "Draft 3 of 3" in text_of(screen, "#position")
        await burst(pilot, "enter", "dara", "enter", "enter")  # open the list, pick, confirm
        assert "Reviewed 3 draft(s): 1 completed" in text_of(screen, "#message-text")
        await burst(pilot, "pageup")  # back to the drafts still waiting
        assert "Draft 2 of 3" in text_of(screen, "#position")
    guide = board(store).kr("kr-ref3")
    assert guide is not None and (guide.owner, guide.kind) == ("Dara Okoye", KRKind.BINARY)


async def test_the_screen_says_when_someone_else_changes_or_completes_the_draft_on_screen(
    store: Store,
) -> None:
    app = drafts_app(seeded(store))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DraftsScreen) and screen.watcher is not None
        other = Store(store.root, actor="Ben")
        first = screen.items[0].draft
        other.save("2026-Q4", "checkout", first.model_copy(update={"baseline": 2.0}))
        assert screen.watcher.poll()
        await pilot.pause()
        assert "Ben changed kr-chb1 meanwhile (Read: ↓ 2% → 0.5%" in text_of(screen, "#news")
        other.promote_draft("kr-chb1", owner="Ben")
        assert screen.watcher.poll()
        await pilot.pause()
        assert "Ben completed kr-chb1 meanwhile: PgDn for the next draft" in text_of(screen, "#news")
        await burst(pilot, "pagedown")
        assert text_of(screen, "#news") == ""


async def test_another_teams_damaged_board_is_skipped_with_a_warning(store: Store) -> None:
    seeded(store)
    store.save_team(Team(id="growth", name="Growth"))
    store.save("2026-Q4", "growth", Objective(id="ob-gr1", cycle="2026-Q4", team="growth", title="Grow"))
    damaged = store.board_path("2026-Q4", "growth")
    damaged.write_bytes(damaged.read_bytes()[:40])
    before = damaged.read_bytes()
    app = drafts_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Draft 1 of 3" in text_of(app.screen, "#position")
        assert any("Skipped Growth's drafts" in n.message for n in app._notifications)
    assert damaged.read_bytes() == before


def test_complete_on_a_discarded_draft_says_so(store: Store) -> None:
    seeded(store).discard_draft("kr-ref3")
    result = CliRunner().invoke(main, ["complete", "kr-ref3", "--owner", "Ana"])
    assert result.exit_code == 2
    assert "kr-ref3 was discarded" in result.output and "Traceback" not in result.output


async def test_f1_lists_the_review_keys(store: Store) -> None:
    from okrtui.tui.help import KeysHelp

    app = drafts_app(seeded(store))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "f1")
        assert isinstance(app.screen, KeysHelp)
        shown = "\n".join(str(s.render()) for s in app.screen.query(".help-section"))
        assert "discard this draft" in shown and "next / previous draft" in shown
        await burst(pilot, "escape")
        assert isinstance(app.screen, DraftsScreen)
