"""The footer every screen shows: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel  # the Footer's own parts

HELP = "help"
"""The action whose key is kept when keys are left out: it lists them all."""

Shown = tuple[tuple[str, str, str, bool, str], ...]


class KeysFooter(Footer):
    """Textual's Footer rebuilds all its key widgets (each a new widget, styled afresh) whenever
    the screen's bindings are re-evaluated: every focus change, and several times in one go while a
    screen opens. On a meeting step that was one to three rebuilds of 10-50 ms, each with a
    relayout, for a footer showing the same keys. This one rebuilds only when what it shows
    changes, and once for a burst of changes."""

    DEFAULT_CSS = """
    KeysFooter #more-keys { margin: 0 1; }
    """

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: Shown | None = None
        self._rebuild_queued = False
        self._fitted: tuple[Shown | None, int] | None = None
        """The keys and the width the keys were last fitted to."""

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
        self.fit()

    def compose(self) -> ComposeResult:
        self._fitted = None  # new keys, each shown: fitted afresh
        yield from super().compose()
        more = FooterLabel("…", id="more-keys")
        more.display = False
        yield more

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        """Leave out the keys that do not fit, whole, and say so with `…`: a key cut mid-word
        ("F1/? He") reads as another key. The help key, which lists them all, is kept."""
        keys = [k for k in self.query_children(FooterKey) if not k.has_class("-command-palette")]
        if not keys or not self.size.width or (self._shown, self.size.width) == self._fitted:
            return  # (a step change that keeps the keys, on every screen in a room: nothing to do)
        self._fitted = (self._shown, self.size.width)
        palette = sum(k.outer_size.width for k in self.query_children(".-command-palette") if k.display)
        widths = [
            k.get_content_width(self.size, self.app.size) + k.styles.gutter.width + k.styles.margin.width
            for k in keys
        ]
        room = self.size.width - palette
        if sum(widths) > room:
            room -= 3  # the `…` and its margins
        kept: list[int] = []
        used = 0
        for n, width in enumerate(widths):
            if used + width <= room:
                kept.append(n)
                used += width
        helps = [n for n, k in enumerate(keys) if k.action == HELP and n not in kept]
        for n in helps:  # make room for help by leaving out the last keys kept before it
            while kept and sum(widths[i] for i in kept) + widths[n] > room:
                kept.pop()
            kept = sorted([*kept, n])
        # only what changes: setting a widget's display, even to what it is, costs a relayout
        for n, key in enumerate(keys):
            if key.display != (n in kept):
                key.display = n in kept
        more = self.query_one("#more-keys")
        if more.display != (len(kept) < len(keys)):
            more.display = len(kept) < len(keys)

    @staticmethod
    def _shown_keys(screen: Screen[object]) -> Shown:
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _node, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show
        )
