"""Start the next cycle: the next quarter by default, optionally carrying unfinished KRs over.

A carried KR is a new KR (new id) under a copy of its objective; its current value is the new
baseline, so the new quarter is scored on what is still to do and the old one stays as it was.
"""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Static

from okrtui.core.board import Board
from okrtui.core.models import Cycle
from okrtui.core.next_cycle import carry_over, cycle_after, state_on, unfinished
from okrtui.store import Store
from okrtui.tui.editor.base import EditorDialog, FormError, Write, form_error, row


def carry_preview(boards: list[Board], today: date) -> str:
    """`Carries 5 unfinished KRs: Platform 3, Growth 2` (or why nothing is carried)."""
    counts = [(b.team.name, len(unfinished(b, today))) for b in boards]
    total = sum(n for _, n in counts)
    if not total:
        return "Nothing to carry: every KR reached its target (or there are none)."
    teams = ", ".join(f"{name} {n}" for name, n in counts if n)
    return f"Carries {total} unfinished KR{'s' * (total != 1)} ({teams}), current value as new baseline."


class NewCycleEditor(EditorDialog):
    """Dates prefilled with the quarter after the newest cycle; dismisses with the new cycle's id."""

    DEFAULT_CSS = """
    NewCycleEditor #id { width: 12; }
    NewCycleEditor #start, NewCycleEditor #end { width: 12; }
    NewCycleEditor #carry { margin-left: 10; border: none; padding: 0; height: 1; }
    NewCycleEditor #preview { margin: 1 0 1 10; }
    """

    def __init__(self, cycles: list[Cycle], source: list[Board], today: date) -> None:
        """`source`: the boards of the cycle being carried from (empty for a store's first cycle)."""
        super().__init__()
        self.cycles = cycles
        self.source = source
        self.today = today
        self.proposed = cycle_after(cycles, today)

    def heading(self) -> str:
        source = self.source[0].cycle.id if self.source else None
        return f"New cycle after {source}" if source else "New cycle"

    def fields(self) -> ComposeResult:
        cycle = self.proposed
        yield row(
            ("Cycle id", Input(cycle.id, id="id", compact=True, max_length=60)),
            ("Start", Input(cycle.start.isoformat(), id="start", compact=True)),
            ("End", Input(cycle.end.isoformat(), id="end", compact=True)),
        )
        can_carry = bool(self.source)
        yield Checkbox(
            "Carry unfinished KRs over", value=can_carry, id="carry", disabled=not can_carry, compact=True
        )
        preview = carry_preview(self.source, self.today) if can_carry else "No earlier cycle to carry from."
        yield Static(preview, id="preview", classes="note", markup=False)

    def on_mount(self) -> None:
        self.query_one("#id", Input).focus()

    def read(self) -> Cycle:
        values = {name: self.query_one(f"#{name}", Input).value.strip() for name in ("id", "start", "end")}
        if any(c.id.lower() == values["id"].lower() for c in self.cycles):
            raise FormError(f"cycle {values['id']} already exists: choose another id", "id")
        try:
            start = date.fromisoformat(values["start"])
        except ValueError:
            raise FormError(f"start {values['start']!r} is not a date like 2027-01-01", "start") from None
        try:
            return Cycle.model_validate({**values, "state": state_on(start, self.today)})
        except ValidationError as error:
            raise form_error(error) from None

    def prepare(self) -> Write:
        cycle = self.read()
        carry = self.query_one("#carry", Checkbox).value and bool(self.source)
        source = self.source[0].cycle.id if self.source else ""
        today = self.today

        def write(store: Store) -> str:
            docs = {}
            if carry:
                taken = store.all_ids()
                boards = store.boards(store.cycle(source))
                docs = {b.team.id: carry_over(b, cycle, today, taken).docs for b in boards}
            store.start_cycle(cycle, docs)
            return cycle.id

        return write
