"""The dashboard and the meeting's KR step in every built-in theme, so a palette change is seen in review."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from okrtui.store import Store
from okrtui.themes.files import load_themes
from okrtui.tui.app import FirstScreen, Options, make_app

THEMES = load_themes().names()


def still(pilot: Pilot) -> None:
    """Snapshots must not depend on the cursor blink."""
    for widget in pilot.app.screen.query("Input"):
        widget.cursor_blink = False


async def at_first_kr(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.press("pagedown")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    still(pilot)


@pytest.mark.parametrize("theme", THEMES)
def test_dashboard_in_every_theme(demo_store: Store, snap_compare, theme: str) -> None:
    assert snap_compare(make_app(demo_store, Options(theme=theme)), terminal_size=(100, 30), run_before=still)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 50)], ids=["80x24", "100x30", "160x50"])
@pytest.mark.parametrize("theme", THEMES)
def test_meeting_kr_step_in_every_theme(
    demo_store: Store, snap_compare, theme: str, size: tuple[int, int]
) -> None:
    """The shared screen at a laptop's, a projector's and a big screen's size: charts with legend
    and week labels taking the rows left, the title, numbers and form always whole."""
    app = make_app(demo_store, Options(FirstScreen.MEETING, team="platform", theme=theme, now=lambda: 0.0))
    assert snap_compare(app, terminal_size=size, run_before=at_first_kr)
