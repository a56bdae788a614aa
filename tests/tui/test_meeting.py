"""The guided meeting, driven by keys as a facilitator would: walk, save, bad input, clock, resume."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Digits, Input, Static

from okrtui.core.agenda import mmss
from okrtui.core.models import MeetingState
from okrtui.paths import notes_dir
from okrtui.store import Store
from okrtui.tui.app import OkrApp, make_app
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.screens.meeting_dialogs import HelpScreen, ResumePrompt, TeamPicker
from okrtui.tui.widgets.clock import StepClock
from okrtui.tui.widgets.kr_form import ConfidenceField, KRForm
from tests.conftest import TODAY

PLATFORM_KRS = ["kr-cfr5", "kr-bld6", "kr-upt9", "kr-nps4", "kr-mig3"]


class Clock:
    """A hand-moved monotonic clock, so countdowns are deterministic."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def meeting_app(store: Store, clock: Clock | None = None, **options: object) -> OkrApp:
    options.setdefault("team", "platform")
    return make_app(store, mode="meeting", today=TODAY, now=clock or Clock(), **options)


def screen(app: OkrApp) -> MeetingScreen:
    found = next(s for s in app.screen_stack if isinstance(s, MeetingScreen))
    return found


def current_kr(app: OkrApp) -> str | None:
    forms = app.screen.query(KRForm)
    return forms.first().kr.id if forms else None


async def settle(app: OkrApp, pilot: Pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def answer(app: OkrApp, pilot: Pilot, value: str, confidence: str) -> None:
    """Type a value (replacing the selected last value), Tab, a confidence digit, Enter."""
    await pilot.press(*value, "tab", confidence, "enter")
    await settle(app, pilot)


def this_week(store: Store, kr_id: str):
    cycle = store.current_cycle(TODAY)
    board = store.board(cycle, store.team("platform"))
    return board.checkin(kr_id, "2026-W47"), board


async def test_walk_every_kr_and_finish_saves_answers_and_writes_notes(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert current_kr(app) is None  # opening
        await pilot.press("pagedown")
        await settle(app, pilot)
        for n, kr in enumerate(PLATFORM_KRS):
            assert current_kr(app) == kr
            assert app.focused is app.screen.query_one("#value", Input)
            await answer(app, pilot, str(10 + n), str(n + 3))
        assert "Blockers and actions" in str(app.screen.query_one("#blockers-step Static").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        summary = str(app.screen.query_one("#notes-path", Static).render())
    meeting = None
    for n, kr in enumerate(PLATFORM_KRS):
        saved, board = this_week(demo_store, kr)
        assert (saved.value, saved.confidence) == (10 + n, n + 3)
        meeting = board.meeting_in("2026-W47")
        assert saved.meeting == meeting.id
    assert meeting.state is MeetingState.FINISHED
    assert set(PLATFORM_KRS) <= set(meeting.step_seconds)
    notes = list(notes_dir(demo_store.root).glob("*.md"))
    assert len(notes) == 1 and str(notes[0]) in summary.replace("\n", "")
    text = notes[0].read_text()
    assert "kr-mig3" in text and "Action items" in text


async def test_bad_value_shows_an_inline_error_keeps_focus_and_saves_nothing(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown")  # opening -> kr-cfr5 -> kr-bld6
        await settle(app, pilot)
        assert current_kr(app) == "kr-bld6"
        for bad in ("abc", "🙂", ""):
            await pilot.press("ctrl+a", "backspace", *bad, "enter") if bad != "🙂" else None
            if bad == "🙂":
                app.screen.query_one("#value", Input).value = bad
                await pilot.press("enter")
            await settle(app, pilot)
            error = app.screen.query_one("#value-error", Static)
            assert error.display and "✖" in str(error.render())
            assert app.focused is app.screen.query_one("#value", Input)
            assert current_kr(app) == "kr-bld6"
        await pilot.press("pagedown")  # PageDown with a bad value stays too
        await settle(app, pilot)
        assert current_kr(app) == "kr-bld6"
    saved, _ = this_week(demo_store, "kr-bld6")
    assert saved is None


async def test_too_long_blocker_is_refused_inline(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown")
        await settle(app, pilot)
        app.screen.query_one("#blocker", Input).value = "x" * 5000
        app.screen.query_one("#blocker", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        error = str(app.screen.query_one("#blocker-error", Static).render())
        assert "too long" in error and app.focused.id == "blocker"
        app.screen.query_one("#blocker", Input).value = "Runner pool is too small"
        await pilot.press("enter")
        await settle(app, pilot)
        assert current_kr(app) == "kr-upt9"
    _, board = this_week(demo_store, "kr-bld6")
    assert "Runner pool is too small" in [b.text for b in board.blockers_of("kr-bld6", open_only=True)]


async def test_confidence_digits_and_arrows(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown", "tab")
        await settle(app, pilot)
        field = app.screen.query_one(ConfidenceField)
        assert app.focused is field and field.value == 4  # prefilled with last week's
        await pilot.press("0")
        assert field.value == 10
        await pilot.press("up", "down", "down")
        assert field.value == 8  # up stops at 10
        await pilot.press("enter")
        await settle(app, pilot)
        assert current_kr(app) == "kr-upt9"
    saved, _ = this_week(demo_store, "kr-bld6")
    assert saved.confidence == 8 and saved.value == 11  # value kept as prefilled


async def test_async_check_in_prefills_and_is_marked(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown")
        await settle(app, pilot)
        form = app.screen.query_one(KRForm)
        assert form.kr.id == "kr-cfr5"
        mark = str(app.screen.query_one(".async-mark", Static).render())
        assert "already checked in this week (async) by Ana" in mark
        stored, _ = this_week(demo_store, "kr-cfr5")
        assert app.screen.query_one("#moved", Input).value == stored.moved
        await pilot.press("pagedown")  # unchanged: the async check-in is kept as it was
        await settle(app, pilot)
    saved, _ = this_week(demo_store, "kr-cfr5")
    assert saved.meeting is None and saved.history == []


async def test_page_up_returns_with_the_answer_given(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown")
        await answer(app, pilot, "9", "6")
        await pilot.press("pageup")
        await settle(app, pilot)
        assert current_kr(app) == "kr-bld6"
        assert app.screen.query_one("#value", Input).value == "9"
        assert app.screen.query_one(ConfidenceField).value == 6


async def test_clock_counts_down_warns_and_replans_later_steps(demo_store: Store) -> None:
    clock = Clock()
    app = meeting_app(demo_store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown")
        await settle(app, pilot)
        meeting = screen(app)
        budget_before = meeting.agenda.budgets(meeting.position)["kr-bld6"]
        kr_clock = app.screen.query_one(StepClock)
        clock.now += meeting.agenda.step_left(meeting.position, 0) - 10
        meeting.tick()
        await pilot.pause()
        assert kr_clock.has_class("-ending") and "ENDING" in str(kr_clock.query_one("#step-line").render())
        clock.now += 130  # two minutes over
        meeting.tick()
        await pilot.pause()
        assert kr_clock.has_class("-over") and "OVER" in str(kr_clock.query_one("#step-line").render())
        assert kr_clock.query_one(Digits).value.startswith("-2:")
        await pilot.press("pagedown")
        await settle(app, pilot)
        budget_after = meeting.agenda.budgets(meeting.position)["kr-bld6"]
        assert budget_after == pytest.approx(budget_before - 120 / 4, abs=2)
        assert kr_clock.query_one(Digits).value == mmss(budget_after)  # the next KR got less time


async def test_leaving_and_resuming_continues_at_the_first_unanswered_kr(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown")  # kr-cfr5 passed unchanged (async answer kept)
        await answer(app, pilot, "12", "5")  # kr-bld6
        await pilot.press(*"99.9", "escape")  # kr-upt9 half typed, then leave
        await pilot.pause()
        await app.workers.wait_for_complete()
    saved, board = this_week(demo_store, "kr-upt9")
    assert saved.value == 99.9  # Escape keeps what was typed
    meeting = board.meeting_in("2026-W47")
    assert meeting.state is MeetingState.IN_PROGRESS

    app = meeting_app(demo_store, resume=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert current_kr(app) == "kr-nps4"
        assert screen(app).meeting.id == meeting.id


async def test_next_start_offers_to_resume_an_unfinished_meeting(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown", "pagedown")
        await settle(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ResumePrompt)
        await pilot.press("r")
        await settle(app, pilot)
        assert current_kr(app) == "kr-nps4"  # cfr5, bld6 passed; upt9 kept by ctrl+q


async def test_team_picker_when_several_teams(demo_store: Store) -> None:
    app = meeting_app(demo_store, team=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TeamPicker)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert "Growth" in str(app.screen.query_one("#where", Static).render())


async def test_blockers_step_assigns_resolves_and_makes_action_items(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = screen(app)
        await settle(app, pilot)
        await meeting.move_to(meeting.agenda.index_of("blockers"))
        await settle(app, pilot)
        options = app.screen.query_one("#blocker-list")
        ids = [b.id for b in app.screen.query_one("#blockers-step").blockers]
        assert "bl-mig30" in ids
        options.highlighted = ids.index("bl-mig30")
        await pilot.press("tab", *"Chen", "tab", "space", "tab", *"Book the review", "tab", *"Ben")
        await pilot.press("tab", "plus", "3", "enter")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    _, board = this_week(demo_store, "kr-mig3")
    blocker = next(b for b in board.blockers if b.id == "bl-mig30")
    assert blocker.owner == "Chen" and blocker.resolved_week == "2026-W47"
    item = board.meeting_in("2026-W47").action_items[0]
    assert (item.text, item.owner, str(item.due), item.blocker) == (
        "Book the review",
        "Ben",
        "2026-11-21",
        "bl-mig30",
    )


async def test_help_screen_and_copy_notes(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        assert "# Platform OKR check-in, 2026-W47" in app.clipboard


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_small_terminals_keep_the_clock_and_the_value_field(demo_store: Store, size) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=size) as pilot:
        await pilot.press("pagedown", "pagedown")
        await settle(app, pilot)
        assert app.screen.query_one(Digits).region.height == 3
        assert app.focused is app.screen.query_one("#value", Input)
        await answer(app, pilot, "8", "7")
        assert current_kr(app) == "kr-upt9"


def test_notes_land_beside_the_store(demo_store: Store) -> None:
    assert notes_dir(demo_store.root) == Path(demo_store.root) / "notes"


async def open_kr_step(pilot: Pilot) -> None:
    """Snapshot set-up: go to the second KR (a due one, with an open blocker), no blinking cursor."""
    await pilot.press("pagedown", "pagedown")
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
def test_kr_step_snapshot(demo_store: Store, snap_compare, size) -> None:
    assert snap_compare(meeting_app(demo_store), terminal_size=size, run_before=open_kr_step)


async def test_charts_redraw_in_the_new_theme_colours(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown")
        await settle(app, pilot)
        chart = app.screen.query_one("#value-chart")
        before = chart.render().spans
        others = [name for name in app.available_themes if name != app.theme]
        app.theme = (
            next(n for n in others if "light" in n) if any("light" in n for n in others) else others[0]
        )
        await settle(app, pilot)
        assert chart.render().spans != before
