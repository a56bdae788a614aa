"""The guided meeting, driven by keys as a facilitator would: walk, save, bad input, clock, resume."""

from __future__ import annotations

import copy
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Digits, Footer, Input, Static

from okrtui.core.actions import raised_in
from okrtui.core.agenda import mmss
from okrtui.core.models import CheckIn, MeetingState
from okrtui.paths import notes_dir
from okrtui.store import Store, StoreError
from okrtui.tui.app import FirstScreen, OkrApp, Options, make_app
from okrtui.tui.help import KeysHelp
from okrtui.tui.meeting.clock import StepClock
from okrtui.tui.meeting.dialogs import ResumePrompt, TeamPicker
from okrtui.tui.meeting.screen import MeetingScreen
from okrtui.tui.meeting.step_body import StepBody
from okrtui.tui.widgets.kr_form import ConfidenceField, KRForm
from tests.conftest import TODAY
from tests.tui.conftest import burst

PLATFORM_KRS = ["kr-cfr5", "kr-bld6", "kr-upt9", "kr-nps4", "kr-mig3"]


class Clock:
    """A hand-moved monotonic clock, so countdowns are deterministic."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def meeting_app(store: Store, clock: Clock | None = None, **options: object) -> OkrApp:
    options.setdefault("team", "platform")
    options.setdefault("today", TODAY)
    return make_app(store, Options(FirstScreen.MEETING, now=clock or Clock(), **options))  # type: ignore[arg-type]


def screen(app: OkrApp) -> MeetingScreen:
    found = next(s for s in app.screen_stack if isinstance(s, MeetingScreen))
    return found


def current_kr(app: OkrApp) -> str | None:
    """The KR on screen (the KR step waits hidden on the other steps)."""
    shown = app.screen.query_one(StepBody).kr_step()
    return shown.form.kr.id if shown is not None else None


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
        mark = str(app.screen.query_one(".prefill-mark", Static).render())
        assert "checked in this week (async) by Ana" in mark
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
        budget_before = meeting.session.agenda.budgets(meeting.session.position)["kr-bld6"]
        kr_clock = app.screen.query_one(StepClock)
        clock.now += meeting.session.agenda.step_left(meeting.session.position, 0) - 10
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
        budget_after = meeting.session.agenda.budgets(meeting.session.position)["kr-bld6"]
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
        assert screen(app).session.meeting.id == meeting.id


async def test_next_start_offers_to_resume_an_unfinished_meeting(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown", "enter")  # bld6: Enter confirms last week's numbers
        await settle(app, pilot)
        await pilot.press("5", "ctrl+q")  # upt9: a new value, kept by ctrl+q
        await pilot.pause()
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ResumePrompt)
        await pilot.press("r")
        await settle(app, pilot)
        assert current_kr(app) == "kr-nps4"  # cfr5 (async, seen), bld6, upt9 answered


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
        await meeting.move_to(meeting.session.agenda.index_of("blockers"))
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
    (item,) = raised_in(board, board.meeting_in("2026-W47").id)
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
        assert isinstance(app.screen, KeysHelp)
        await pilot.press("escape")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        assert "# Platform OKR check-in, 2026-W47" in app.clipboard


async def test_the_summary_copies_the_weeks_digest(demo_store: Store) -> None:
    """`d` on the summary copies what `okrtui digest --team platform` prints, with this meeting's answers."""
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await burst(pilot, "enter", "end", "ctrl+u", "9", "tab", "8", "enter", "ctrl+s", "d")
        assert "d: copy the week's digest" in str(app.screen.query("#summary Static").last().render())
        await pilot.pause()
        digest = app.clipboard
    assert digest.startswith("# OKR digest, week 2026-W47 (2026-Q4)\n")
    assert "## Platform: " in digest and "## Growth" not in digest
    assert "**kr-cfr5** 0.69 (+0.11), confidence 8↑1" in digest


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


# -- answered vs passed by (issue 3 review) ---------------------------------------------------------


def add_fresh_kr(store: Store) -> str:
    """A KR with no check-in at all (as after `okrtui import`), on the platform board."""
    cycle = store.current_cycle(TODAY)
    board = store.board(cycle, store.team("platform"))
    fresh = board.kr("kr-bld6").model_copy(update={"id": "kr-new1", "title": "Brand new KR"})
    store.save(cycle.id, "platform", fresh)
    return fresh.id


async def open_step(app: OkrApp, pilot: Pilot, key: str) -> None:
    meeting = screen(app)
    await meeting.move_to(meeting.session.agenda.index_of(key))
    await settle(app, pilot)


async def test_a_kr_without_history_can_be_passed_but_enter_asks_for_numbers(demo_store: Store) -> None:
    fresh = add_fresh_kr(demo_store)
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await open_step(app, pilot, fresh)
        assert current_kr(app) == fresh and app.screen.query_one("#value", Input).value == ""
        await pilot.press("pagedown")  # untouched: passed by, nothing saved
        await settle(app, pilot)
        assert current_kr(app) != fresh
        await pilot.press("pageup")
        await settle(app, pilot)
        assert current_kr(app) == fresh
        await pilot.press("enter")  # Enter answers: incomplete, so the inline error
        await settle(app, pilot)
        assert current_kr(app) == fresh and app.screen.query_one("#value-error").display
        await pilot.press("ctrl+a", "backspace", "4", "2", "x", "pagedown")  # partial and bad: stays
        await settle(app, pilot)
        assert current_kr(app) == fresh and "✖" in str(app.screen.query_one("#value-error").render())
        await pilot.press("backspace", "backspace", "backspace", "pagedown")  # back to untouched
        await settle(app, pilot)
        assert current_kr(app) != fresh
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen.query("#summary")
    saved, _ = this_week(demo_store, fresh)
    assert saved is None


async def test_passing_krs_by_saves_nothing_and_resume_comes_back_to_them(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown")  # cfr5, bld6, upt9 passed by
        await settle(app, pilot)
        assert current_kr(app) == "kr-nps4"
        await pilot.press("escape")
        await pilot.pause()
    for kr in ("kr-bld6", "kr-upt9", "kr-nps4"):
        assert this_week(demo_store, kr)[0] is None
    app = meeting_app(demo_store, resume=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert current_kr(app) == "kr-bld6"  # cfr5 has its async answer; bld6 is the first unanswered
        await pilot.press("escape")  # straight out again: still nothing saved
        await pilot.pause()
    assert this_week(demo_store, "kr-bld6")[0] is None
    saved, _ = this_week(demo_store, "kr-cfr5")
    assert saved.meeting is None and saved.history == []  # the async answer was not re-saved


async def test_enter_on_an_untouched_kr_confirms_last_weeks_numbers(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown", "enter")
        await settle(app, pilot)
        assert current_kr(app) == "kr-upt9"
    saved, board = this_week(demo_store, "kr-bld6")
    assert (saved.value, saved.confidence, saved.author) == (11, 4, "Ben")
    assert saved.meeting == board.meeting_in("2026-W47").id


def files_an_answer(message: str) -> bool:
    """Whether a write's history message is an answer's (`CheckInRequest.describe`)."""
    return " checked in kr-" in message or " confirmed kr-" in message


def failing_answers(store: Store, monkeypatch, error: str) -> None:
    """Every write that files an answer fails (the meeting record alone still saves)."""
    real = store.update

    def update(cycle, team, decide, message, **kwargs):
        if files_an_answer(message):
            raise StoreError(error)
        return real(cycle, team, decide, message, **kwargs)

    monkeypatch.setattr(store, "update", update)


async def test_a_failed_save_stays_visible_and_unanswered(demo_store: Store, monkeypatch) -> None:
    failing_answers(demo_store, monkeypatch, "the store is locked by another okrtui; try again")
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown")
        await answer(app, pilot, "9", "6")  # bld6: the save fails
        assert current_kr(app) == "kr-upt9"
        assert "✖ kr-bld6" in str(app.screen.query_one("#agenda").render())
        await pilot.press("pageup")
        await settle(app, pilot)
        assert current_kr(app) == "kr-bld6"
        error = app.screen.query_one("#kr-state", Static)
        assert error.display and "not saved: the store is locked" in str(error.render())
        assert app.screen.query_one("#value", Input).value == "9"  # the answer is still there
        monkeypatch.undo()
        await pilot.press("enter")  # unchanged fields, but not saved yet: Enter sends it again
        await settle(app, pilot)
        assert current_kr(app) == "kr-upt9"
        assert "✔ kr-bld6" in str(app.screen.query_one("#agenda").render())
    saved, _ = this_week(demo_store, "kr-bld6")
    assert (saved.value, saved.confidence) == (9, 6)


async def test_a_failed_save_is_not_counted_as_answered_on_resume(demo_store: Store, monkeypatch) -> None:
    failing_answers(demo_store, monkeypatch, "permission denied")
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown")
        await answer(app, pilot, "9", "6")
        await pilot.press("escape", "escape")  # the first Escape warns about the unsaved answer
        await pilot.pause()
    monkeypatch.undo()
    app = meeting_app(demo_store, resume=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert current_kr(app) == "kr-bld6"


async def test_saves_land_in_the_order_given(demo_store: Store, monkeypatch) -> None:
    """The first save is slow; the second answer for the same KR must still be the one kept."""
    real = demo_store.update
    release = threading.Event()
    order: list[float] = []

    def slow_first(*args, **kwargs):
        answer = files_an_answer(args[3])
        if answer and not order:
            release.wait(5)
        saved = real(*args, **kwargs)
        order.extend(doc.value for doc in saved if answer and isinstance(doc, CheckIn))
        return saved

    monkeypatch.setattr(demo_store, "update", slow_first)
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown", "1", "2", "enter")  # bld6 = 12 (slow)
        await pilot.pause()
        await pilot.press("pageup", "1", "3", "enter")  # bld6 = 13, while 12 is still saving
        await pilot.pause()
        release.set()
        await settle(app, pilot)
        await screen(app).session.drain()
    assert order == [12, 13]
    saved, _ = this_week(demo_store, "kr-bld6")
    assert saved.value == 13


async def test_keys_sent_in_one_burst_reach_the_right_fields(demo_store: Store) -> None:
    """tmux send-keys / a paste: every key is queued before the first is handled."""
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown")
        await settle(app, pilot)
        await burst(pilot, "1", "9", "tab", "7", "enter", "3", "tab", "2")
        assert current_kr(app) == "kr-upt9"
        assert app.screen.query_one("#value", Input).value == "3"
        assert app.screen.query_one(ConfidenceField).value == 2
    saved, _ = this_week(demo_store, "kr-bld6")
    assert (saved.value, saved.confidence) == (19, 7)


async def test_coming_back_to_a_step_selects_the_value(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown", "ctrl+a", "backspace", "1", "5", "pagedown")
        await settle(app, pilot)
        await pilot.press("pageup")
        await settle(app, pilot)
        await pilot.press("9")
        assert app.screen.query_one("#value", Input).value == "9"


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (100, 30)])
async def test_the_value_field_is_on_screen_when_a_kr_opens(demo_store: Store, size) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=size) as pilot:
        for _ in range(2):  # kr-cfr5 (with the async mark), then kr-bld6
            await pilot.press("pagedown")
            await settle(app, pilot)
            value = app.screen.query_one("#value", Input)
            assert app.focused is value
            assert app.screen.query_one("#step").region.contains_region(value.region)


async def test_escape_returns_to_the_dashboard_that_opened_the_meeting(demo_store: Store) -> None:
    from okrtui.tui.dashboard.screen import DashboardScreen

    app = make_app(demo_store, Options(today=TODAY, now=Clock()))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        app.options.team = "platform"
        await app.push_screen(MeetingScreen())
        await settle(app, pilot)
        await pilot.press("pagedown", "pagedown", "7", "escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen) and app.is_running
    saved, _ = this_week(demo_store, "kr-bld6")
    assert saved.value == 7


async def test_dialogs_show_their_own_keys(demo_store: Store) -> None:
    app = meeting_app(demo_store, team=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, TeamPicker)
        footer = picker.query_one(Footer)
        assert footer.region.y == 29  # drawn over the meeting's footer
        actions = {b.binding.action for b in picker.active_bindings.values()}
        assert "finish" not in actions and "leave" in actions


async def test_resume_picks_the_only_team_with_an_unfinished_meeting(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown", "enter", "escape")
        await settle(app, pilot)
    app = meeting_app(demo_store, team=None, resume=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert current_kr(app) == "kr-upt9" and "Platform" in str(app.screen.query_one("#where").render())


async def test_one_status_word_on_the_kr_step(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown")
        await settle(app, pilot)
        numbers = str(app.screen.query_one("#kr-numbers").render())
        assert "score 0.38" in numbers and "status ▲ at risk" in numbers and "behind pace" in numbers
        assert "off track" not in numbers  # the score's band colours its bar, it is not a status
        await pilot.press("tab", "9")  # the status follows what is entered: still behind pace
        numbers = str(app.screen.query_one("#kr-numbers").render())
        assert "status ▲ at risk" in numbers and "confidence 9/10" in numbers
        assert "on track" not in str(app.screen.query_one(ConfidenceField).render())


async def test_summary_lists_blockers_resolved_this_week(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await open_step(app, pilot, "kr-mig3")
        app.screen.query_one(KRForm).tick_of("bl-mig30").focus()
        await pilot.press("space", "enter")  # tick "resolve bl-mig30", Enter saves
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        shown = " ".join(str(s.render()) for s in app.screen.query_one("#summary").query(Static))
        assert "✔ bl-mig30" in shown
    notes = next(notes_dir(demo_store.root).glob("*.md")).read_text()
    assert "## Resolved this week" in notes and "**bl-mig30**" in notes.split("## Resolved this week")[1]


async def test_what_the_meeting_filed_is_never_news_from_elsewhere(demo_store: Store) -> None:
    """The store watcher can read the board after the meeting's own save and before the screen
    has taken the save's outcome: that check-in is the meeting's, not someone else's."""
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown", "pagedown")
        await settle(app, pilot)
        session = screen(app).session
        assert session is not None
        before = copy.copy(session.board)  # (the session's board takes each save in place)
        await pilot.press("enter")  # bld6: last week's numbers confirmed, filed by the meeting
        await settle(app, pilot)
        await session.drain()
        fresh = demo_store.board(before.cycle, before.team)
        assert [c.kr for c in fresh.checkins if c.meeting == session.meeting.id] == ["kr-bld6"]
        session.board = before  # as the watcher's read found it
        assert session.refreshed(fresh) == []
