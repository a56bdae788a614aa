"""A screen covered by another draws nothing meanwhile, yet never shows stale text: uncovered it
shows what changed while it was covered, and behind a dialog it keeps drawing."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from okrtui.tui.covered import Backdrop, Covered


class Under(Covered, Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("before", id="line")


class Over(Covered, Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("on top")


class Dialog(ModalScreen[None]):
    DEFAULT_CSS = "Dialog { align: center middle; } Dialog Static { width: 10; height: 1; }"

    def compose(self) -> ComposeResult:
        yield Static("dialog")


class Stack(App[None]):
    def get_default_screen(self) -> Screen[None]:
        return Backdrop(id="_default")

    def on_mount(self) -> None:
        self.push_screen(Under())


def screen_text(app: App[None]) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def change_under(app: App[None], pilot: Pilot[None], top: Screen[None]) -> None:
    """Cover the first screen with `top`, then change its line from "before" to "after"."""
    under = app.screen
    await app.push_screen(top)
    await pilot.pause()
    under.query_one("#line", Static).update("after")
    await pilot.pause()


async def test_a_screen_shows_what_changed_while_it_was_covered() -> None:
    app = Stack()
    async with app.run_test(size=(40, 6)) as pilot:
        await change_under(app, pilot, Over())
        assert "on top" in screen_text(app) and "after" not in screen_text(app)
        app.pop_screen()
        await pilot.pause()
        assert "after" in screen_text(app)


async def test_a_screen_behind_a_dialog_keeps_drawing() -> None:
    app = Stack()
    async with app.run_test(size=(40, 6)) as pilot:
        await change_under(app, pilot, Dialog())
        lines = app.export_screenshot()
        assert "after" in lines and "dialog" in lines
