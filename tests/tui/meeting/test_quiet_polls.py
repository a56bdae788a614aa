"""A room of eight on two cores: what each screen does while nothing changes is what delays the
next step on all of them. The polls must cost no relayout and the footer no rebuild."""

from __future__ import annotations

import pytest
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from okrtui.store import Store
from tests.tui.join.test_join import followed, join_app, joined, move, started
from tests.tui.meeting.test_meeting import meeting_app, settle


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[Screen[object]]:
    """Every screen layout pass from now on."""
    passes: list[Screen[object]] = []
    original = Screen._refresh_layout

    def counted(self: Screen[object], *args: object, **kwargs: object) -> None:
        passes.append(self)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return passes


async def test_a_participants_polls_relayout_nothing_while_nothing_changes(
    demo_store: Store, layouts: list[Screen[object]]
) -> None:
    room = await started(demo_store)
    app = join_app(demo_store, "Ana")
    async with app.run_test(size=(100, 30)) as pilot:
        move(room, 1)
        await followed(app, pilot)
        await followed(app, pilot)
        layouts.clear()
        for _ in range(5):  # a second of polls: the step, the people, the vote, the clock
            joined(app).follow()
            await pilot.pause()
        assert layouts == []


async def test_moving_between_fields_keeps_the_footer_as_it_is(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("pagedown")
        await settle(app, pilot)
        keys = list(app.screen.query(FooterKey))
        assert keys
        await pilot.press("tab", "tab", "shift+tab")
        await settle(app, pilot)
        assert list(app.screen.query(FooterKey)) == keys  # the same widgets: not rebuilt
