"""The footer every screen shows: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool, str], ...]


class KeysFooter(Footer):
    """Textual's Footer rebuilds all its key widgets whenever the screen's bindings are
    re-evaluated, which is every focus change: on a meeting step that is one to three rebuilds
    (10-50 ms each, and a relayout each) for a footer that shows the same keys. This one rebuilds
    only when what it shows changes."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: Shown | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = self._shown_keys(screen)
        if shown == self._shown:
            return
        if screen.app.app_focus:  # else Footer waits for the focus to come back
            self._shown = shown
        super().bindings_changed(screen)

    @staticmethod
    def _shown_keys(screen: Screen[object]) -> Shown:
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _node, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show
        )
