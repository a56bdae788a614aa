"""Textual's Footer, rebuilt once per burst of key changes instead of once per change.

Textual's Footer recomposes (every key a new widget, styled afresh) after each refresh of the
screen's bindings, and a screen opening refreshes them several times in one go (its first focus,
its keys shown or hidden once its data is read): each queued a rebuild of its own.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """A Footer whose rebuilds, asked for many times before the next frame, run once."""

    _rebuild_queued = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if self._rebuild_queued or not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_queued = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_queued = False
        await self.recompose()
