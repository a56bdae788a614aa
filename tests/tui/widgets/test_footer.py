"""The footer at any width: keys that do not fit are left out whole, with `…`, and help stays."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from okrtui.store import Store
from okrtui.tui.widgets.footer import KeysFooter
from tests.tui.meeting.test_meeting import meeting_app, settle


def footer_words(app) -> tuple[list[str], bool, int]:
    """The keys shown (key and description), whether `…` shows, and the cells they take."""
    footer = app.screen.query_one(KeysFooter)
    shown = [k for k in footer.query(FooterKey) if k.display and k.region.width]
    more = footer.query_one("#more-keys")
    right = max(w.region.right for w in [*shown, more] if w.display)
    return [f"{k.key_display} {k.description}" for k in shown], more.display, right - footer.region.x


@pytest.mark.parametrize("width", [60, 80, 100])
async def test_the_meeting_footer_cuts_no_key_and_keeps_help(demo_store: Store, width: int) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(app, pilot)
        for _ in range(2):  # the opening, then a KR
            keys, more, used = footer_words(app)
            assert used <= width, "every key shown is whole"
            assert "F1/? Help" in keys
            everything = len(app.screen.query_one(KeysFooter).query(FooterKey).exclude(".-command-palette"))
            assert more == (len(keys) < everything), "… says keys were left out, and only then"
            await pilot.press("pagedown")
            await settle(app, pilot)
        if width == 60:
            assert more
