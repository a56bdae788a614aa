"""Asked once before a draft is discarded: it leaves every list of drafts but stays in the file."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from okrtui.core.drafts import DraftKeyResult
from okrtui.core.safe_text import visible
from okrtui.tui.base import OkrDialog


class DiscardConfirm(OkrDialog[bool]):
    """y or Enter discards, n or Escape keeps the draft."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Discard"),
        Binding("n,escape", "answer(False)", "Keep"),
    ]

    def __init__(self, draft: DraftKeyResult) -> None:
        super().__init__()
        self.draft = draft

    def body(self) -> ComposeResult:
        yield Static(Content(f"Discard draft {self.draft.id}?").stylize("bold"))
        yield Static(
            Content(
                visible(
                    f"'{self.draft.title}' will not become a key result. It stays in the store file "
                    "(archived, never deleted), and no list of drafts shows it again."
                )
            )
        )
        yield Static("y or Enter discard · n or Escape keep it", classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
