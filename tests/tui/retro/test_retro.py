"""The retrospective screen: suggested scores, a reason for each moved score, closing the cycle."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from textual.widgets import Button, Input, Static

from okrtui.cli import main
from okrtui.core.models import CycleState
from okrtui.store import Store, StoreError
from okrtui.tui.app import FirstScreen, Options, make_app
from okrtui.tui.meeting.dialogs import TeamPicker
from okrtui.tui.retro.screen import RetroScreen
from tests.support import check_in
from tests.tui.conftest import burst


def retro_app(store: Store, team: str | None = "platform"):
    return make_app(store, Options(FirstScreen.RETRO, team=team))


def text_of(screen: RetroScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def set_value(pilot, selector: str, value: str) -> None:
    box = pilot.app.screen.query_one(selector, Input)
    box.focus()
    box.value = ""
    await pilot.press(*value) if value else None
    await pilot.pause()


def board_of(store: Store):
    return store.board(store.cycle("2026-Q4"), store.team("platform"))


async def test_scores_start_from_progress_and_update_objectives(demo_store: Store) -> None:
    app = retro_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RetroScreen)
        assert screen.query_one("#score-kr-cfr5", Input).value == "0.6"
        assert "suggested 0.6" in str(screen.query(".kr-label").first().render())
        assert "0.67 ▲ at risk" in text_of(screen, "#objective-ob-rel1")
        assert "Average 0.54" in text_of(screen, "#commentary")
        await set_value(pilot, "#score-kr-cfr5", "1")
        assert "0.80 ✔ on track" in text_of(screen, "#objective-ob-rel1")
        await set_value(pilot, "#score-kr-cfr5", "abc")
        assert screen.query_one("#score-kr-cfr5", Input).has_class("-invalid")
        assert "is not a score" in text_of(screen, "#message")


async def test_a_moved_score_needs_a_reason_before_saving(demo_store: Store) -> None:
    app = retro_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await set_value(pilot, "#score-kr-bld6", "0.6")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "kr-bld6: say in one line why" in text_of(screen, "#message")
        assert screen.focused is screen.query_one("#reason-kr-bld6", Input)
        assert board_of(demo_store).retros == []  # nothing saved
        await pilot.press(*"cache fix landed")
        await set_value(pilot, "#worked", "Pairing on the pipeline")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Retro saved" in text_of(screen, "#message")
    retro = board_of(demo_store).retros[0]
    grade = retro.grade("kr-bld6")
    assert (grade.score, grade.suggested, grade.reason) == (0.6, 0.4, "cache fix landed")
    assert retro.worked == "Pairing on the pipeline" and retro.closed_at is None
    async with retro_app(demo_store).run_test(size=(100, 30)) as pilot:  # reopened: the saved retro
        await pilot.pause()
        assert pilot.app.screen.query_one("#score-kr-bld6", Input).value == "0.6"
        assert pilot.app.screen.query_one("#reason-kr-bld6", Input).value == "cache fix landed"


async def close_board(app, pilot) -> RetroScreen:
    await pilot.pause()
    screen = app.screen
    screen.query_one("#close", Button).press()
    await pilot.pause()
    assert "Press again" in text_of(screen, "#message")
    screen.query_one("#close", Button).press()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_a_score_out_of_range_at_80x24_is_said_where_the_eye_is(demo_store: Store) -> None:
    """At 80x24 the inline message sits below the fold: ctrl+s must not look like it did nothing."""
    app = retro_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await set_value(pilot, "#score-kr-cfr5", "1.7")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Not saved: kr-cfr5: ") for m in said), said
        assert "kr-cfr5" in text_of(app.screen, "#message")
        assert board_of(demo_store).retros == []


async def test_a_teams_retro_closes_only_its_board_and_cycle_close_ends_the_cycle(demo_store: Store) -> None:
    """Platform closes its board; Growth keeps checking in and holds its own retro; then the cycle closes."""
    app = retro_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await close_board(app, pilot)
        assert "Platform's 2026-Q4 board is closed" in text_of(screen, "#message")
        assert all(box.disabled for box in screen.query(Input))
    assert demo_store.cycle("2026-Q4").state is CycleState.ACTIVE
    assert board_of(demo_store).retros[0].closed_at is not None
    with pytest.raises(StoreError, match="Platform's retro closed its 2026-Q4 board"):
        check_in(demo_store, "kr-cfr5", week="2026-W47", value=9, confidence=7)
    refused = CliRunner().invoke(
        main, ["checkin", "kr-cfr5", "--value", "9", "--confidence", "7", "--as", "Ana"]
    )
    assert refused.exit_code == 2 and "Platform's retro closed its 2026-Q4 board" in refused.stderr
    growth = demo_store.board(demo_store.cycle("2026-Q4"), demo_store.team("growth"))
    kr = growth.live_key_results()[0]
    saved = CliRunner().invoke(main, ["checkin", kr.id, "--value", "3", "--confidence", "6", "--force"])
    assert saved.exit_code == 0, saved.stderr
    waiting = CliRunner().invoke(main, ["cycle", "close", "2026-Q4"])
    assert waiting.exit_code == 2 and "growth has not held a retro" in waiting.stderr
    assert demo_store.cycle("2026-Q4").state is CycleState.ACTIVE
    app = retro_app(demo_store, team="growth")
    async with app.run_test(size=(100, 30)) as pilot:
        await close_board(app, pilot)
    closed = CliRunner().invoke(main, ["cycle", "close", "2026-Q4"])
    assert closed.exit_code == 0, closed.stderr
    assert demo_store.cycle("2026-Q4").state is CycleState.CLOSED
    refused = CliRunner().invoke(main, ["checkin", kr.id, "--value", "4", "--confidence", "6", "--force"])
    assert refused.exit_code == 2 and "cycle 2026-Q4 is closed" in refused.stderr
    status = CliRunner().invoke(main, ["status"]).stdout
    assert "closed" in status
    report = CliRunner().invoke(main, ["export", "--format", "markdown"]).stdout
    assert "### Retrospective (closed" in report and "sweet spot" not in report


async def test_several_teams_are_asked_which_one_looks_back(demo_store: Store) -> None:
    """As the meeting asks (issue 18): no dead end telling the user to start again with --team."""
    async with retro_app(demo_store, team=None).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        picker = pilot.app.screen
        assert isinstance(picker, TeamPicker)
        assert "Which team looks back?" in str(picker.query_one(Static).render())
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, RetroScreen) and screen.board is not None
        assert screen.board.team.id == "growth"
        assert "kr-wat8" in " ".join(str(s.render()) for s in screen.query(".kr-label"))
    async with retro_app(demo_store, team=None).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert pilot.app.return_code in (0, None), "Escape on the question leaves, as in the meeting"


def hide_cursor(pilot) -> None:
    for widget in pilot.app.screen.query("Input"):
        widget.cursor_blink = False


def test_retro_snapshot(demo_store: Store, snap_compare) -> None:
    assert snap_compare(retro_app(demo_store), terminal_size=(100, 30), run_before=hide_cursor)


async def test_the_retro_opens_on_its_first_score_and_takes_a_burst(demo_store: Store) -> None:
    """`x Tab y` typed at once: `x` is the score typed, `y` the reason (never `xy` in the score)."""
    app = retro_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        first = app.screen.query(".score").first()
        assert app.focused is first
        await burst(pilot, "x", "tab", "y")
        assert (first.value, app.screen.query_one("#reason-kr-cfr5", Input).value) == ("x", "y")
        await burst(pilot, "shift+tab", "0.5", "tab", "tight deadline", "ctrl+s")
    grade = board_of(demo_store).retros[0].grade("kr-cfr5")
    assert (grade.score, grade.reason) == (0.5, "tight deadline")  # Tab selects the field: typing replaces


async def test_the_row_being_scored_is_marked_without_colour(demo_store: Store) -> None:
    """A bar beside the focused KR's row (a glyph, so NO_COLOR and projectors show it), on no other row;
    it follows Tab."""
    app = retro_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()

        def marked() -> list[str]:
            rows = app.screen.query(".kr-row")
            return [row.query_one(".score").id or "" for row in rows if row.styles.border_left[0] != "blank"]

        assert marked() == ["score-kr-cfr5"]
        await burst(pilot, "tab", "tab")
        assert marked() == ["score-kr-bld6"]
