"""Change the shown cycle's dates (`C` on the dashboard).

Two machines that started the same cycle with different dates, or moved its end differently, leave
a sync conflict in `workspace.json`: the dialog shows both values of each date, a pick fills the
field, and saving stores the dates and settles those conflicts in the same write.
"""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.widgets import Input

from okrtui.core.models import Cycle
from okrtui.core.sync_records import SyncConflict, conflicts_of, resolved
from okrtui.store import Store
from okrtui.tui.editor.base import EditorDialog, FormError, Write, form_error, row
from okrtui.tui.editor.conflicts import ConflictChoices

FIELDS = ("start", "end")


class CycleDatesEditor(EditorDialog):
    """Start and end of one cycle; dismisses with the cycle's id."""

    DEFAULT_CSS = """
    CycleDatesEditor #start, CycleDatesEditor #end { width: 12; }
    """

    def __init__(self, cycle: Cycle, conflicts: list[SyncConflict]) -> None:
        """`cycle` as the dashboard read it; `conflicts`: the workspace's open ones."""
        super().__init__()
        self.cycle = cycle
        self.conflicts = conflicts_of(conflicts, "cycles", cycle.id)

    def heading(self) -> str:
        return f"Dates of cycle {self.cycle.id}"

    def fields(self) -> ComposeResult:
        if self.conflicts:
            yield ConflictChoices(self.conflicts)
        yield row(
            ("Start", Input(self.cycle.start.isoformat(), id="start", compact=True)),
            ("End", Input(self.cycle.end.isoformat(), id="end", compact=True)),
        )

    def on_mount(self) -> None:
        self.query_one("#start", Input).focus()

    def read(self) -> Cycle:
        values = {name: self.query_one(f"#{name}", Input).value.strip() for name in FIELDS}
        for name, text in values.items():
            try:
                date.fromisoformat(text)
            except ValueError:
                raise FormError(f"{name} {text!r} is not a date like 2027-01-01", name) from None
        try:
            return Cycle.model_validate({**self.cycle.model_dump(), **values})
        except ValidationError as error:
            raise form_error(error) from None

    def prepare(self) -> Write:
        cycle = self.read()
        settled = resolved(self.conflicts)  # as read: a row changed meanwhile is refused

        def write(store: Store) -> str:
            return store.save_cycle(cycle, also=settled).id

        return write
