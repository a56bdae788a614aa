"""The footer every screen shows: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool, str], ...]


class KeysFooter(Footer):
    """Textual's Footer rebuilds all its key widgets (each a new widget, styled afresh) whenever
    the screen's bindings are re-evaluated: every focus change, and several times in one go while a
    screen opens. On a meeting step that was one to three rebuilds of 10-50 ms, each with a
    relayout, for a footer showing the same keys. This one rebuilds only when what it shows
    changes, and once for a burst of changes."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: Shown | None = None
        self._rebuild_queued = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        shown = self._shown_keys(screen)
        if shown == self._shown or self._rebuild_queued or not screen.app.app_focus:
            return  # without the app's focus Footer waits for it to come back
        if self.is_attached and screen is self.screen:
            self._rebuild_queued = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        """Draw the keys as they are now (changes while this waited are in them)."""
        self._rebuild_queued = False
        if not self.is_attached:
            return  # its screen (a dialog) closed meanwhile
        self._shown = self._shown_keys(self.screen)
        await self.recompose()

    @staticmethod
    def _shown_keys(screen: Screen[object]) -> Shown:
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _node, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show
        )
