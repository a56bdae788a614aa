"""The KR step is built once, ahead, and loaded in place: on the facilitator's screen and on a
participant's. What a user would notice if that went wrong: keys typed on the opening landing in the
hidden form, the first KR showing the KR built ahead instead of the one the meeting is on, a stale
value carried from one KR into the next."""

from __future__ import annotations

from textual.widgets import Input

from okrtui.store import Store
from okrtui.tui.meeting.step_body import StepBody
from okrtui.tui.meeting.steps import KRStep
from okrtui.tui.widgets import charts
from okrtui.tui.widgets.charts import TrendChart
from okrtui.tui.widgets.kr_form import KRForm
from tests.tui.conftest import burst, text_of
from tests.tui.join.test_join import followed, join_app, move, started
from tests.tui.meeting.test_meeting import PLATFORM_KRS, current_kr, meeting_app, screen, settle, this_week
from tests.tui.meeting.test_room import heard, seat

FIRST_TARGET = "target 5%"
"""The first KR's (kr-cfr5) value chart legend."""


def hidden_step(app) -> KRStep:
    step = app.screen.query_one(StepBody).kr_step(shown=False)
    assert step is not None
    return step


async def test_the_opening_builds_the_kr_step_ahead_and_keys_never_reach_it(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        ahead = hidden_step(app)
        assert not ahead.display and current_kr(app) is None  # built, hidden: the opening shows
        assert app.focused is app.screen.query_one("#attendance Tick")  # the opening keeps the keys
        before = ahead.form.query_one("#value", Input).value
        await burst(pilot, "7", "tab", "x")  # typing on the opening
        assert ahead.form.query_one("#value", Input).value == before
        await burst(pilot, "enter", "4", "2", "tab", "8", "enter")  # the first KR, answered in one burst
        await settle(app, pilot)
        assert hidden_step(app) is ahead  # loaded in place, never built twice
        assert len(app.screen.query(KRStep)) == 1
        assert current_kr(app) == PLATFORM_KRS[1]
        await screen(app).session.drain()
    saved, _ = this_week(demo_store, PLATFORM_KRS[0])
    assert (saved.value, saved.confidence) == (42, 8)


async def test_a_step_that_is_not_a_kr_hides_the_kr_step_and_takes_the_keys(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await burst(pilot, "pagedown", *["pagedown"] * len(PLATFORM_KRS))  # to the blockers
        await settle(app, pilot)
        step = hidden_step(app)
        assert not step.display and current_kr(app) is None
        assert app.focused is None or step not in app.focused.ancestors
        await burst(pilot, "pageup")  # back to the last KR: the same step, showing it
        await settle(app, pilot)
        assert hidden_step(app) is step and current_kr(app) == PLATFORM_KRS[-1]
        assert app.focused is step.form.query_one("#value", Input)


async def test_a_participant_gets_the_first_kr_into_the_step_built_on_the_opening(demo_store: Store) -> None:
    room = await started(demo_store)
    app = join_app(demo_store, "Ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await followed(app, pilot)
        assert "Opening" in text_of(app.screen, "#step-words")
        ahead = hidden_step(app)
        assert not ahead.display
        move(room, 1)  # kr-cfr5, Ana's own
        await followed(app, pilot)
        assert hidden_step(app) is ahead and ahead.display
        assert ahead.form.kr.id == "kr-cfr5" and not app.screen.query("#step-words")
        await burst(pilot, "ctrl+u", "8", ".", "5")  # her keys land in her form, on screen
        assert app.screen.query_one(KRForm).query_one("#value", Input).value == "8.5"
        move(room, 2)  # kr-bld6, Ben's: shown, not hers
        await followed(app, pilot)
        assert hidden_step(app) is ahead and ahead.form.kr.id == "kr-bld6"
        assert ahead.form.query_one("#value", Input).value != "8.5"  # nothing carried over
        move(room, 1)
        await followed(app, pilot)
        move(room, 6)  # the blockers: words again, and her keys go nowhere unseen
        await followed(app, pilot)
        assert not ahead.display and "Blockers" in text_of(app.screen, "#step-words")
        assert app.focused is None or ahead not in app.focused.ancestors
        typed = ahead.form.query_one("#value", Input).value
        await burst(pilot, "9", "9")
        assert ahead.form.query_one("#value", Input).value == typed


def chart_renders(monkeypatch) -> list[tuple[str, int, bool]]:
    """Every chart render from now on: which chart, at what height, and whether it drew blank."""
    renders: list[tuple[str, int, bool]] = []
    render = TrendChart.render

    def recorded(chart: TrendChart):
        renders.append((chart.id or "", chart.content_size.height, chart._held))
        return render(chart)

    monkeypatch.setattr(TrendChart, "render", recorded)
    return renders


async def test_the_first_kr_after_the_opening_is_drawn_whole_in_its_first_frame(
    demo_store: Store, monkeypatch
) -> None:
    """The step built ahead was never laid out: sized only after its first frame, it showed blank
    charts at a guessed height for a frame, then drew them again (twice the work, on every
    participant's screen at once)."""
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        renders = chart_renders(monkeypatch)
        await burst(pilot, "pagedown")
        await settle(app, pilot)
        height = app.screen.query_one("#value-chart", TrendChart).content_size.height
        assert height >= 8 and renders, "the charts grew into the free rows"
        assert set(renders) == {("value-chart", height, False), ("confidence-chart", height, False)}


async def test_a_participant_draws_the_first_kr_whole_in_its_first_frame(
    demo_store: Store, monkeypatch
) -> None:
    room = await started(demo_store)
    app = join_app(demo_store, "Chen")
    async with app.run_test(size=(100, 30)) as pilot:
        await followed(app, pilot)
        renders = chart_renders(monkeypatch)
        move(room, 1)
        await followed(app, pilot)
        height = app.screen.query_one("#value-chart", TrendChart).content_size.height
        assert height >= 8 and renders
        assert set(renders) == {("value-chart", height, False), ("confidence-chart", height, False)}


async def test_the_next_krs_charts_are_drawn_ahead_so_the_step_to_it_only_shows_them(
    demo_store: Store, monkeypatch
) -> None:
    charts.chart_text.cache_clear()
    monkeypatch.setattr(
        "okrtui.tui.meeting.screen.AHEAD_SECONDS", 0.001
    )  # not a second later (0 would divide by 0)
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)  # the opening, with the KR step built ahead
        await burst(pilot, "pagedown")
        await drawn_ahead(lambda: settle(app, pilot))  # the first KR's charts, and the second's
        plotted = plots_from_now(monkeypatch)
        await burst(pilot, "pagedown")
        await settle(app, pilot)
        assert current_kr(app) == PLATFORM_KRS[1]
        assert_only_shown(app, plotted)


async def drawn_ahead(wait, count: int = 4) -> None:
    """Until the next KR's two charts are drawn besides the shown KR's (in a thread, once the
    screen is idle: under load, a few rounds of waiting)."""
    for _ in range(50):
        if charts.chart_text.cache_info().currsize == count:
            return
        await wait()
    raise AssertionError(f"{charts.chart_text.cache_info().currsize} charts drawn, not {count}")


def plots_from_now(monkeypatch) -> list[object]:
    plotted: list[object] = []
    plot = charts._plot

    def counted(data, *args, **kwargs):
        plotted.append(data)
        return plot(data, *args, **kwargs)

    monkeypatch.setattr(charts, "_plot", counted)
    return plotted


def assert_only_shown(app, plotted: list[object], target: str = "target 6 min") -> None:
    """The KR (the second, by default) is on screen, with charts, and none of them was plotted
    for the step to it."""
    shown = [app.screen.query_one(f"#{name}-chart", TrendChart) for name in ("value", "confidence")]
    assert target in str(shown[0].render())
    assert not any(chart.data in plotted for chart in shown), "they were drawn ahead"


async def test_a_participant_draws_the_next_krs_charts_ahead_too(demo_store: Store, monkeypatch) -> None:
    room = await started(demo_store)
    charts.chart_text.cache_clear()
    monkeypatch.setattr("okrtui.tui.join.screen.AHEAD_SECONDS", 0.001)
    app = join_app(demo_store, "Chen")
    async with app.run_test(size=(100, 30)) as pilot:
        await followed(app, pilot)
        move(room, 1)
        await drawn_ahead(lambda: followed(app, pilot))
        plotted = plots_from_now(monkeypatch)
        move(room, 2)
        await followed(app, pilot)
        assert_only_shown(app, plotted)


async def test_the_opening_draws_the_first_krs_charts_ahead(demo_store: Store, monkeypatch) -> None:
    """The first KR is the room's costliest step (every screen shows the step built ahead for the
    first time): its charts are drawn while the opening shows, on the facilitator's screen…"""
    charts.chart_text.cache_clear()
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await drawn_ahead(lambda: settle(app, pilot), count=2)
        plotted = plots_from_now(monkeypatch)
        await burst(pilot, "pagedown")
        await settle(app, pilot)
        assert current_kr(app) == PLATFORM_KRS[0]
        assert_only_shown(app, plotted, target=FIRST_TARGET)


async def test_a_participant_draws_the_first_krs_charts_on_the_opening(
    demo_store: Store, monkeypatch
) -> None:
    """… and on every participant's."""
    room = await started(demo_store)
    charts.chart_text.cache_clear()
    app = join_app(demo_store, "Chen")
    async with app.run_test(size=(100, 30)) as pilot:
        await drawn_ahead(lambda: followed(app, pilot), count=2)
        plotted = plots_from_now(monkeypatch)
        move(room, 1)
        await followed(app, pilot)
        assert_only_shown(app, plotted, target=FIRST_TARGET)


async def test_the_first_krs_charts_are_drawn_again_when_the_first_participant_takes_rows(
    demo_store: Store, monkeypatch
) -> None:
    """The first participant to join puts the room's lines under the step, so the KR step waiting
    behind the opening has fewer rows: its charts are drawn again at the new height, ahead."""
    charts.chart_text.cache_clear()
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await drawn_ahead(lambda: settle(app, pilot), count=2)
        seat(app, "Ben").say()
        await heard(app, pilot)
        assert app.screen.query_one("#room-box").display
        await drawn_ahead(lambda: settle(app, pilot), count=4)  # the same two, at the height left
        plotted = plots_from_now(monkeypatch)
        await burst(pilot, "pagedown")
        await settle(app, pilot)
        assert current_kr(app) == PLATFORM_KRS[0]
        assert_only_shown(app, plotted, target=FIRST_TARGET)
