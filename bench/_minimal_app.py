"""The floor for every terminal figure: a minimal Textual app, one Label, started like okrtui.

    python bench/_minimal_app.py TEXT [--one-pydantic-model]

Its first frame shows TEXT; every key updates the label to `key N: NAME`: the least a key press
can cost (one widget, one repaint), measured the same way as the meeting's steps. It imports only
Textual, so the harness passes the text rather than sharing a constant. With
`--one-pydantic-model` it first builds a pydantic model of one field: the least any app whose first
frame needs a typed model pays (pydantic's plugins off, as okrtui runs it).
"""

from __future__ import annotations

import sys

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Label


class Minimal(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.keys = 0

    def compose(self) -> ComposeResult:
        yield Label(self.text, id="label")

    def on_key(self, event: events.Key) -> None:
        if event.key == "ctrl+q":
            self.exit()
            return
        self.keys += 1
        self.query_one(Label).update(f"key {self.keys}: {event.key}")


def one_pydantic_model() -> None:
    import os

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from pydantic import BaseModel

    class One(BaseModel):
        x: int

    One(x=1)


if __name__ == "__main__":
    if "--one-pydantic-model" in sys.argv[2:]:
        one_pydantic_model()
    Minimal(sys.argv[1]).run()
