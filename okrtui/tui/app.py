"""The Textual app: a thin shell that opens one first screen on a store and sequences every key."""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from okrtui.core.safe_text import visible, visible_lines
from okrtui.store import Store
from okrtui.themes.files import APP_VARIABLES
from okrtui.tui.covered import Backdrop
from okrtui.tui.keys import KeySequencer
from okrtui.tui.options import FirstScreen, Options
from okrtui.tui.terminal import POLL_SECONDS, detach_from_terminal, on_hangup, terminal_gone
from okrtui.tui.theming import install_themes


class OkrApp(App[int]):
    TITLE = "okrtui"
    CSS_PATH = "focus.tcss"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        for name, fallback in APP_VARIABLES.items():
            variables.setdefault(name, variables[fallback])
        self.theme_variables = variables  # widgets that draw colours themselves read the fallbacks too
        return variables

    def __init__(self, store: Store, options: Options) -> None:
        super().__init__()
        self.store = store
        self.options = options
        self.keys = KeySequencer(self)
        self.lost_terminal = False
        self.farewell = ""
        """A line for the shell once the screen is gone (where the meeting's notes went), unwrapped."""
        self._remember_theme = False
        self.theme_setup = install_themes(self, options.theme)

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes from the terminal wait their turn (see `okrtui.tui.keys`)."""
        if self.keys.take(event):
            return
        await super().on_event(event)

    def get_default_screen(self) -> Screen[None]:
        return Backdrop(id="_default")

    def on_mount(self) -> None:
        if not self.is_headless:
            on_hangup(self.terminal_lost)
            self.set_interval(POLL_SECONDS, self._check_terminal, name="terminal-watch")
        if self.theme_setup.message:
            self.notify(self.theme_setup.message, title="Themes", severity="warning", timeout=10)
        self._remember_theme = True
        self.push_screen(self.first_screen())

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Toasts often quote the store (a team, a title, an error naming a file): never markup
        by default, and never a control character."""
        super().notify(
            visible_lines(message), title=visible(title), severity=severity, timeout=timeout, markup=markup
        )

    def _check_terminal(self) -> None:
        if terminal_gone():
            detach_from_terminal()
            self.terminal_lost()

    def terminal_lost(self) -> None:
        """SIGHUP, or the terminal hung up without one: keep what is typed on the screen (as Escape
        would) and leave now; the saves queued still finish after the app has gone."""
        if self.lost_terminal:
            return
        self.lost_terminal = True
        keep_typed = getattr(self.screen, "keep_typed", None)  # an OkrScreen's hook (base imports us)
        if callable(keep_typed):
            keep_typed()
        self.exit(return_code=129)

    def watch_theme(self, name: str) -> None:
        """Remember a theme picked in the app (the palette), not the one it started with."""
        if self._remember_theme:
            from okrtui.config import save_setting

            try:
                save_setting("theme", name)
            except OSError as error:
                self.notify(f"Could not remember the theme: {error}", severity="warning")

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette (ctrl+p) offers the active screen's own commands first, then Textual's."""
        own = getattr(screen, "palette_commands", None)
        if own is not None:
            yield from own()
        yield from super().get_system_commands(screen)

    async def action_quit(self) -> None:
        """ctrl+q: let the screen keep what is on it (e.g. a half-answered meeting step) first."""
        for screen in reversed(self.screen_stack):  # under a help screen or a dialog too
            keep = getattr(screen, "before_quit", None)
            if keep is not None:
                await keep()
                break
        await super().action_quit()

    def first_screen(self) -> Screen[None]:
        first = self.options.first
        if first is FirstScreen.RETRO:
            from okrtui.tui.retro.screen import RetroScreen

            return RetroScreen()
        if first is FirstScreen.MEETING:
            from okrtui.tui.meeting.screen import MeetingScreen

            return MeetingScreen()
        if first is FirstScreen.JOIN:
            from okrtui.tui.join.screen import JoinScreen

            return JoinScreen()
        if first is FirstScreen.DRAFTS:
            from okrtui.tui.drafts.screen import DraftsScreen

            return DraftsScreen()
        if first is FirstScreen.CHECKIN:
            from okrtui.tui.checkin.screen import CheckinScreen

            return CheckinScreen()
        from okrtui.tui.dashboard.screen import DashboardScreen

        return DashboardScreen()


def make_app(store: Store, options: Options | None = None) -> OkrApp:
    """Build the app; the CLI and the tests both call this."""
    return OkrApp(store, options or Options())


__all__ = ["FirstScreen", "OkrApp", "Options", "make_app"]
