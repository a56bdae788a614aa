"""Archiving an objective or KR: asked once, then hidden everywhere but kept in the file; the
dashboard's `u` undoes the last one.

Nothing is ever deleted: past check-ins and meeting notes still refer to the archived KR by id.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Archived:
    """What the dashboard's last archive hid, so `u` can bring it back."""

    cycle: str
    team: str
    doc_id: str
    title: str


def unarchive(store: Store, archived: Archived) -> str:
    """Show an archived KR or objective again (its history was kept); returns its id."""

    def change(board: Board) -> list[KeyResult | Objective]:
        found: KeyResult | Objective | None = board.kr(archived.doc_id) or board.objective(archived.doc_id)
        if found is None:
            raise StoreError(f"{archived.doc_id} is no longer on this board")
        return [found.model_copy(update={"archived": False})] if found.archived else []

    store.update(archived.cycle, archived.team, change, f"{store.actor} restored {archived.doc_id}")
    return archived.doc_id
