"""Screens that draw nothing while an opaque screen covers them."""

from __future__ import annotations

from typing import cast

from textual.screen import Screen


class Covered:
    """Mixin for screens: draw nothing while an opaque screen covers this one.

    Textual (8.2.8) lets the screen under the current one pass its changes up as a repaint of the
    whole current screen, and that screen then asks for it again at every idle moment of its own:
    under the meeting, Textual's empty default screen cost a full frame (~25 ms) twice a step.
    Under an opaque screen nothing of it shows; when it is the current screen again, Textual lays it
    out and repaints it whole anyway. (Under a dialog, which lets it show through, it draws.)
    """

    def _compositor_refresh(self) -> None:
        screen = cast(Screen[object], self)
        top = screen.app.screen
        if top is not screen and top.styles.background.a == 1:
            screen._compositor._dirty_regions.clear()
            screen._dirty_widgets.clear()
            screen._repaint_required = False
            return
        super()._compositor_refresh()  # type: ignore[misc]


class Backdrop(Covered, Screen[None]):
    """The app's default screen, under its first: only ever covered."""
