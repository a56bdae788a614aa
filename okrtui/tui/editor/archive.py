"""Archiving an objective or KR: asked once, then hidden everywhere but kept in the file.

Nothing is ever deleted: past check-ins and meeting notes still refer to the archived KR by id.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from okrtui.core.board import Board
from okrtui.core.models import KeyResult, Objective
from okrtui.store import Store, StoreError
from okrtui.tui.editor.base import EditorDialog, Write


class ArchiveConfirm(EditorDialog):
    """y or Enter archives `doc` (a KR or an objective), n or Escape keeps it."""

    BINDINGS = [
        Binding("y,enter", "save", "Archive"),
        Binding("n", "cancel", "Keep"),
    ]
    HINT = "y or Enter archive · n or Escape keep it"

    def __init__(self, cycle: str, team: str, doc: KeyResult | Objective) -> None:
        super().__init__()
        self.cycle = cycle
        self.team = team
        self.doc = doc

    @property
    def what(self) -> str:
        return "key result" if isinstance(self.doc, KeyResult) else "objective"

    def heading(self) -> str:
        return f"Archive {self.what} {self.doc.id}?"

    def fields(self) -> ComposeResult:
        extra = "" if isinstance(self.doc, KeyResult) else " with its key results"
        yield Static(
            f"'{self.doc.title}'{extra} leaves the dashboard, status, meetings and check-ins.\n"
            "It stays in the store file with its history (archived, never deleted).",
            markup=False,
        )

    def prepare(self) -> Write:
        doc, cycle, team = self.doc, self.cycle, self.team

        def write(store: Store) -> str:
            def change(board: Board) -> list[KeyResult | Objective]:
                fresh = board.kr(doc.id) if isinstance(doc, KeyResult) else board.objective(doc.id)
                if fresh is None:
                    raise StoreError(f"{doc.id} is no longer on this board")
                return [fresh.model_copy(update={"archived": True})]

            store.update(cycle, team, change)
            return doc.id

        return write
