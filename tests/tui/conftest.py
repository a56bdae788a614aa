"""What the TUI tests share: keys sent as a person or a paste sends them, and the screen's text."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest
from textual import events
from textual.keys import _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.widgets import Static


@pytest.fixture(autouse=True)
def sequenced_press(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`pilot.press` returns only once the app's key sequencer has delivered every key it sent."""
    original = Pilot.press

    async def press(self: Pilot[object], *keys: str) -> None:
        await original(self, *keys)
        sequencer = getattr(self.app, "keys", None)
        if sequencer is not None:
            await sequencer.wait_idle()

    monkeypatch.setattr(Pilot, "press", press)
    yield


def key_event(key: str) -> events.Key:
    """The Key event a terminal gives for `key` (a key name like "tab", or one character)."""
    if len(key) == 1:
        return events.Key(key if key.isalnum() else _character_to_key(key), key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        char = {"enter": "\r", "escape": "\x1b", "backspace": "\x7f"}.get(key)
    return events.Key(key, char)


def send(pilot: Pilot[object], *keys: str) -> None:
    """Queue every key at once, as one terminal read gives them (a paste, a laggy SSH link, a fast
    typist); a word is typed a character at a time. Returns without waiting for any of them."""
    app = pilot.app
    for key in keys:
        for part in [key] if key in NAMED or len(key) == 1 else list(key):
            event = key_event(part)
            event.set_sender(app)
            app.post_message(event)


NAMED = {
    "tab",
    "enter",
    "space",
    "escape",
    "backspace",
    "up",
    "down",
    "left",
    "right",
    "pageup",
    "pagedown",
    "home",
    "end",
    "shift+tab",
    "ctrl+s",
    "ctrl+u",
    "ctrl+a",
    "ctrl+q",
    "delete",
    "f1",
    "f2",
    "f3",
    "f4",
    "f8",
}


async def burst(pilot: Pilot[object], *keys: str) -> None:
    """`send` the keys, then return when the app has handled them all."""
    send(pilot, *keys)
    await pilot.pause()
    app = pilot.app
    await app.keys.wait_idle()  # type: ignore[attr-defined]  # OkrApp's sequencer
    await app.workers.wait_for_complete()
    await pilot.pause()


def text_of(node: object, selector: str) -> str:
    """The text a Static shows (for asserting what a person reads)."""
    return str(node.query_one(selector, Static).render())  # type: ignore[attr-defined]


def hide_cursor(pilot: Pilot[object]) -> None:
    """Snapshots must not depend on the cursor blink."""
    for widget in pilot.app.screen.query("Input"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
