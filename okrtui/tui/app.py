"""The Textual app: a thin shell that opens one screen (dashboard, meeting or check-in) on a store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from textual.app import App
from textual.binding import Binding

from okrtui.core.weeks import today as real_today
from okrtui.store import Store


@dataclass
class Options:
    """What the command line asked for; screens read what concerns them."""

    mode: str = "dashboard"
    team: str | None = None
    minutes: int = 15
    resume: bool = False
    order: str = "objective"
    author: str | None = None
    cycle: str | None = None
    today: date = field(default_factory=real_today)


APP_VARIABLES = {
    "okr-on-track": "success",
    "okr-at-risk": "warning",
    "okr-off-track": "error",
    "okr-chart-value": "primary",
    "okr-chart-confidence": "accent",
    "okr-chart-target": "success",
    "okr-chart-pace": "secondary",
}
"""The app's own theme variables, and the Textual colour each falls back to when a theme omits it."""


class OkrApp(App[int]):
    TITLE = "okrtui"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        for name, fallback in APP_VARIABLES.items():
            variables.setdefault(name, variables[fallback])
        return variables

    def __init__(self, store: Store, options: Options) -> None:
        super().__init__()
        self.store = store
        self.options = options

    def on_mount(self) -> None:
        self.push_screen(self.first_screen())

    def first_screen(self):
        mode = self.options.mode
        if mode == "meeting":
            from okrtui.tui.screens.meeting import MeetingScreen

            return MeetingScreen()
        if mode == "checkin":
            from okrtui.tui.screens.checkin import CheckinScreen

            return CheckinScreen()
        from okrtui.tui.screens.dashboard import DashboardScreen

        return DashboardScreen()


def make_app(store: Store, **options: object) -> OkrApp:
    """Build the app; the CLI and the tests both call this."""
    return OkrApp(store, Options(**options))  # type: ignore[arg-type]
