"""What every okrtui screen and dialog shares: a typed handle on the app, one modal frame, and the
one way to run a store write off the UI thread while the keys typed meanwhile wait their turn.

Background work has two homes, each for a reason: `OkrScreen.in_background` runs a one-off job (a
check-in, an editor's save) in a Textual thread worker and holds typed keys until its result is on
screen; the meeting's `SaveQueue` (services/meeting_session.py) runs the meeting's saves in order on
one thread that outlives the screen, so an answer confirmed just before a hang-up still lands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.reactive import Reactive
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from okrtui.tui.covered import Covered
from okrtui.tui.keys import Hold
from okrtui.tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from okrtui.tui.app import OkrApp

T = TypeVar("T")
R = TypeVar("R")


def okr_app(node: DOMNode) -> OkrApp:
    """The app a widget or screen runs in, typed (Posting's `cast` pattern: one handle, no ignores)."""
    return cast("OkrApp", node.app)


class Background:
    """Mixin for screens: `in_background` and the typed `okr` handle."""

    @property
    def okr(self) -> OkrApp:
        return okr_app(cast(DOMNode, self))

    def in_background(
        self,
        reason: str,
        job: Callable[[], R],
        done: Callable[[R], None],
        failed: Callable[[Exception], None],
        expected: tuple[type[Exception], ...] = (Exception,),
    ) -> None:
        """Run `job` on a worker thread (a store write takes a lock and an fsync); then `done(result)`
        or `failed(error)` on the UI thread. Keys typed meanwhile are held until that has run, so
        they land in whatever the result put on screen (the next KR's form, the dashboard)."""
        screen = cast(Screen[object], self)
        app = okr_app(screen)
        hold = app.keys.hold(reason)

        def run() -> None:
            try:
                result = job()
            except expected as error:
                app.call_from_thread(_finish, hold, failed, error)
            else:
                app.call_from_thread(_finish, hold, done, result)

        screen.run_worker(run, thread=True, group=reason, exit_on_error=False)


def _finish(hold: Hold, then: Callable[[R], None], value: R) -> None:
    try:
        then(value)
    finally:
        hold.release()


class OkrScreen(Covered, Background, Screen[T]):
    """A full screen of okrtui."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Textual repaints the whole screen when the focus moves (on every Tab, and on every step of
    the meeting): a full frame, 10-15 ms at 100x30. The two widgets concerned restyle and repaint
    themselves anyway, so the rest of the screen is left as it is."""

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        self._take_breakpoint_classes()

    def _take_breakpoint_classes(self) -> None:
        """The breakpoint classes (`-wide`, `-tall`) of the terminal's size, from the start: added at
        the first resize, as Textual does, they restyle every widget once more before the first frame."""
        try:
            width, height = self.app.size
        except RuntimeError:  # built outside a running app (no size to go by)
            return
        for breakpoints, size in (
            (self.HORIZONTAL_BREAKPOINTS, width),
            (self.VERTICAL_BREAKPOINTS, height),
        ):
            picked = [name for at, name in sorted(breakpoints or [], reverse=True) if size >= at]
            if picked:
                self.add_class(picked[0], update=False)

    def keep_typed(self) -> None:
        """Queue a save of what is typed but not yet confirmed: the terminal is gone and nobody
        can press Enter any more. Screens whose half-typed input would be a guess keep nothing."""


class OkrDialog(Background, ModalScreen[T]):
    """A modal dialog in okrtui's one frame: centred, bordered, its own footer, Escape cancels.

    Subclasses yield their content from `body()`; the first focusable field gets focus on open.
    """

    DEFAULT_CSS = """
    OkrDialog { align: center middle; }
    OkrDialog > #dialog {
        width: 78; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    OkrDialog #dialog:focus-within { border: thick $accent; }
    /* Compact fields show focus by a tint the eye misses: every dialog marks its focused field. */
    OkrDialog Input:focus, OkrDialog Select:focus > SelectCurrent { background: $primary 30%; }
    OkrDialog OptionList:focus { background: $primary 15%; }
    OkrDialog .row:focus-within > .label { color: $accent; text-style: bold; }
    OkrDialog OptionList { height: auto; max-height: 12; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", can_focus=False):
            yield from self.body()
        yield KeysFooter()

    def body(self) -> ComposeResult:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)
