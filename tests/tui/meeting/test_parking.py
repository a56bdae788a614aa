"""A clock that tells the truth: what will not fit, parking it, and the next week walking it first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Input, Static
from textual.widgets._footer import FooterKey

from okrtui.core.agenda import MIN_KR_SECONDS
from okrtui.core.models import Meeting, ParkTo
from okrtui.paths import notes_dir
from okrtui.store import Store
from okrtui.tui.app import OkrApp
from okrtui.tui.meeting.clock import StepClock
from okrtui.tui.meeting.notice import PROMPT, MeetingNotice
from tests.conftest import TODAY
from tests.tui.conftest import burst, text_of
from tests.tui.meeting.test_meeting import Clock, current_kr, meeting_app, screen, settle

GROWTH_KRS = ["kr-wat8", "kr-cnv2", "kr-lat5", "kr-rsl7", "kr-prt3", "kr-int6", "kr-chr4"]
SAFEST = ["kr-lat5", "kr-int6"]
"""Of the growth KRs after kr-wat8, the two on track and confident (8 and 9), no open blockers."""


def growth_meetings(store: Store) -> list[Meeting]:
    board = store.board(store.current_cycle(TODAY), store.team("growth"))
    return sorted(board.meetings, key=lambda m: m.started_at)


def footer_actions(app: OkrApp) -> set[str]:
    return {key.action for key in app.screen.query(FooterKey)}


async def overrun_on_the_first_kr(app: OkrApp, pilot: Pilot[None], clock: Clock) -> None:
    """Five minutes, seven KRs: two minutes on the first KR leave the six ahead at the floor, 1:00 over."""
    await burst(pilot, "pagedown")
    assert current_kr(app) == "kr-wat8"
    clock.now += 120
    screen(app).tick()
    await pilot.pause()


@pytest.fixture
def clock() -> Clock:
    return Clock()


async def test_an_overrun_says_what_will_not_fit_and_f4_parks_the_lowest_risk_to_async(
    demo_store: Store, clock: Clock
) -> None:
    app = meeting_app(demo_store, clock, team="growth", minutes=5)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        assert "park" not in footer_actions(app)  # nothing to park yet: no F4 in the footer
        await overrun_on_the_first_kr(app, pilot, clock)
        notice = text_of(app.screen, "#notice")
        assert "2 KRs will not fit: about 1:00 over · F4 parks the 2 lowest-risk" in notice
        line = app.screen.query_one(MeetingNotice)
        assert line.size.height == 1  # one line at 80 columns, nothing cut
        assert cell_len(PROMPT) <= line.content_size.width
        assert "plan ends 1:00 over" in text_of(app.screen, "#agenda")
        assert "park" in footer_actions(app)
        await burst(pilot, "f4", "a", *"1800", "tab", "9", "enter")  # park, then answer kr-wat8
        session = screen(app).session
        assert session is not None
        assert current_kr(app) == "kr-cnv2"
        assert [s.key for s in session.agenda.kr_steps] == [k for k in GROWTH_KRS if k not in SAFEST]
        assert "will not fit" not in text_of(app.screen, "#notice")
        await burst(pilot, "ctrl+s")
        summary = str(app.screen.query_one("#summary").query(Static)[0].render())
        parked_lines = " ".join(str(s.render()) for s in app.screen.query("#summary Static"))
    meeting = growth_meetings(demo_store)[-1]
    assert meeting.parked == dict.fromkeys(SAFEST, ParkTo.ASYNC)
    board = demo_store.board(demo_store.current_cycle(TODAY), demo_store.team("growth"))
    answered = board.checkin("kr-wat8", "2026-W47")
    assert answered is not None and (answered.value, answered.confidence) == (1800, 9)
    assert "1 updated, 4 not checked in, 2 parked" in summary  # each KR counted once
    assert "⏸ kr-lat5 parked to async · first next week" in parked_lines
    notes = next(notes_dir(demo_store.root).glob("*.md")).read_text()
    assert "## Parked" in notes
    assert "**kr-int6**" in notes and "parked to async · first next week" in notes


async def test_parked_to_the_end_they_come_after_the_others_and_the_next_week_walks_them_first(
    demo_store: Store, clock: Clock
) -> None:
    app = meeting_app(demo_store, clock, team="growth", minutes=5)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        await overrun_on_the_first_kr(app, pilot, clock)
        await burst(pilot, "f4", "enter", "pagedown")  # to the end; pass kr-wat8 on
        session = screen(app).session
        assert session is not None
        assert [s.key for s in session.agenda.kr_steps][-2:] == SAFEST
        assert current_kr(app) == "kr-cnv2"
        await burst(pilot, "ctrl+s")
    assert growth_meetings(demo_store)[-1].parked == dict.fromkeys(SAFEST, ParkTo.END)

    next_week = meeting_app(demo_store, Clock(), team="growth", today=TODAY + timedelta(days=7))
    async with next_week.run_test(size=(80, 30)) as pilot:
        await settle(next_week, pilot)
        assert "↑ Parked last week, walked first today: kr-lat5, kr-int6" in text_of(
            next_week.screen, "#notice"
        )
        await burst(pilot, "pagedown")
        assert current_kr(next_week) == "kr-lat5"
        session = screen(next_week).session
        assert session is not None
        assert [s.key for s in session.agenda.kr_steps][:2] == SAFEST


async def test_escape_on_the_park_prompt_keeps_every_kr_and_f4_with_time_to_spare_does_nothing(
    demo_store: Store, clock: Clock
) -> None:
    app = meeting_app(demo_store, clock, team="growth", minutes=5)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        await burst(pilot, "pagedown", "f4", "escape")  # fits: F4 asks nothing, Escape is the meeting's
        session = screen(app).session
        assert session is not None and session.meeting.parked == {}
        assert not app.screen.query_one(MeetingNotice).asking
        await settle(app, pilot)
    app = meeting_app(demo_store, clock, team="growth", minutes=5, resume=True)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        clock.now += 120
        screen(app).tick()
        await burst(pilot, "f4", "escape", *"1700")
        session = screen(app).session
        assert session is not None and session.meeting.parked == {}
        assert len(session.agenda.kr_steps) == len(GROWTH_KRS)
        assert app.screen.query_one("#value").value == "1700"  # type: ignore[attr-defined]


async def test_a_second_meeting_in_the_same_week_says_so_at_the_opening(demo_store: Store) -> None:
    app = meeting_app(demo_store, team="growth")
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        assert "already met" not in text_of(app.screen, "#notice")
        await burst(pilot, "ctrl+s")
    first = growth_meetings(demo_store)[-1]
    app = meeting_app(demo_store, team="growth")
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        notice = text_of(app.screen, "#notice")
        assert f"Growth already met this week: {first.id}" in notice and "finished" in notice
        await burst(pilot, "pagedown")
        assert current_kr(app) == "kr-wat8"  # a notice, not a block
        assert "already met" not in text_of(app.screen, "#notice")


@pytest.mark.parametrize("size", [(80, 30), (60, 24)])  # side panel; clock above the step
@pytest.mark.parametrize("over", [-5.0, 10.0, 200.0])  # running, ending, over
async def test_clock_labels_are_never_cut(
    demo_store: Store, clock: Clock, over: float, size: tuple[int, int]
) -> None:
    app = meeting_app(demo_store, clock, team="growth", minutes=5)
    async with app.run_test(size=size) as pilot:
        await burst(pilot, "pagedown")
        session = screen(app).session
        assert session is not None
        clock.now += (
            session.agenda.step_left(session.position, 0) - (MIN_KR_SECONDS if over < 0 else 0) + over
        )
        clock.now += 0 if over < 0 else 300  # and the whole meeting over
        screen(app).tick()
        await pilot.pause()
        widget = app.screen.query_one(StepClock)
        for line in ("#step-line", "#meeting-line"):
            shown = widget.query_one(line, Static)
            text = str(shown.render())
            assert cell_len(text) <= shown.content_size.width, text
        assert "OVER" in text_of(widget, "#meeting-line") or over < 0


def test_overrun_and_park_prompt_snapshot_at_80_columns(
    demo_store: Store, snap_compare, clock: Clock
) -> None:  # type: ignore[no-untyped-def]
    """The notice, the prompt, the clock's OVER line and the agenda's 'plan ends … over', all whole."""

    async def overrun_and_ask(pilot: Pilot[None]) -> None:
        await settle(pilot.app, pilot)  # type: ignore[arg-type]
        await overrun_on_the_first_kr(pilot.app, pilot, clock)  # type: ignore[arg-type]
        await burst(pilot, "f4")
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    app = meeting_app(demo_store, clock, team="growth", minutes=5)
    assert snap_compare(app, terminal_size=(80, 30), run_before=overrun_and_ask)


async def test_a_resumed_meeting_keeps_its_parked_krs_parked(demo_store: Store, clock: Clock) -> None:
    app = meeting_app(demo_store, clock, team="growth", minutes=5)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        await overrun_on_the_first_kr(app, pilot, clock)
        await burst(pilot, "f4", "a", "escape")
    app = meeting_app(demo_store, clock, team="growth", minutes=5, resume=True)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(app, pilot)
        session = screen(app).session
        assert session is not None and session.meeting.parked == dict.fromkeys(SAFEST, ParkTo.ASYNC)
        assert not {s.key for s in session.agenda.kr_steps} & set(SAFEST)
