"""A record's sync conflicts in its editor: both values of each field two machines set differently,
one picked (the record's current value to start with), the form's field following the pick.

Saving the form settles them: the edit and the conflict rows marked `resolved` go in one locked
write (`resolving`), so nobody is asked again and a later merge does not bring them back.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static
from textual.widgets.select import InvalidSelectValueError

from okrtui.core.board import Board
from okrtui.core.merge import WHOLE_RECORD, canon
from okrtui.core.models import Record
from okrtui.core.safe_text import visible
from okrtui.core.sync_records import SyncConflict, conflicts_of, resolved
from okrtui.tui.editor.base import number_text


def value_text(value: Any) -> str:
    """How a value is offered: text as it is, numbers as typed, anything else as JSON."""
    if value is None:
        return "(empty)"
    if isinstance(value, str):
        return visible(value) or "(empty)"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_text(value)
    return canon(value)


def input_text(value: Any) -> str:
    """A value as it is typed into the form's field."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_text(value)
    return value if isinstance(value, str) else canon(value)


def open_conflicts(board: Board, table: str, record: str | None) -> list[SyncConflict]:
    return conflicts_of(board.conflicts, table, record) if record else []


def resolving(board: Board, table: str, record: str) -> list[Record]:
    """The open conflicts about a record on a board read under the lock, marked resolved."""
    return list(resolved(open_conflicts(board, table, record)))


class ConflictChoices(Vertical):
    """One line per conflict: `⚠ title set differently on two machines: [pick one]`."""

    DEFAULT_CSS = """
    ConflictChoices { height: auto; margin-bottom: 1; }
    ConflictChoices .conflict { height: 1; }
    ConflictChoices .conflict Static { width: auto; color: $warning; margin-right: 1; }
    ConflictChoices .conflict Select { width: 1fr; }
    """

    def __init__(
        self,
        conflicts: list[SyncConflict],
        targets: Mapping[str, str] | None = None,
        id: str | None = "conflicts",
    ) -> None:
        """`targets`: the form's widget id for a field whose id is not the field's name."""
        super().__init__(id=id)
        self.conflicts = conflicts
        self.targets = dict(targets or {})
        self.picked = {c.field: c.chosen for c in conflicts}
        """Each field's value as picked (the record's current one to start with)."""

    def offered(self, conflict: SyncConflict) -> list[Any]:
        """Both values, and the one kept for now when it is neither (two lists of names merged)."""
        values = list(conflict.values)
        kept = any(canon(v) == canon(conflict.chosen) for v in values)
        return values if kept else [*values, conflict.chosen]

    def compose(self) -> ComposeResult:
        for index, conflict in enumerate(self.conflicts):
            offered = self.offered(conflict)
            options = [(value_text(v), str(n)) for n, v in enumerate(offered)]
            chosen = next((str(n) for n, v in enumerate(offered) if canon(v) == canon(conflict.chosen)), "0")
            with Horizontal(classes="conflict"):
                yield Static(f"⚠ {conflict.field} differs between two machines; keep", markup=False)
                yield Select(options, value=chosen, allow_blank=False, id=f"pick-{index}", compact=True)

    @on(Select.Changed)
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        index = int((event.select.id or "pick-0").removeprefix("pick-"))
        conflict = self.conflicts[index]
        value = self.offered(conflict)[int(str(event.value))]
        self.picked[conflict.field] = value
        for name, field_value in fields_of({conflict.field: value}).items():
            self._fill(name, field_value)

    def picked_fields(self) -> dict[str, Any]:
        """The picks as field values: a whole record picked gives each of its fields."""
        return fields_of(self.picked)

    def _fill(self, name: str, value: Any) -> None:
        widget_id = self.targets.get(name, name)
        found = self.screen.query(f"#{widget_id}") if widget_id.replace("-", "_").isidentifier() else None
        if not found:
            return  # a field the form does not show: kept as it is, unless the form applies the pick
        target = found.first()
        if isinstance(target, Input):
            target.value = input_text(value)
        elif isinstance(target, Select):
            with suppress(InvalidSelectValueError):  # a value this form does not offer stays unpicked
                target.value = value if value is not None else Select.NULL


STAMPS = ("id", "rev", "changed_at", "changed_by")
"""A record's identity and revision stamps: never taken from a picked version."""


def fields_of(picks: dict[str, Any]) -> dict[str, Any]:
    """Picks by conflict field as field values: a whole record (`*`: the merged one was not valid)
    gives its fields, and a field's own pick wins over it."""
    whole = picks.get(WHOLE_RECORD)
    fields = {k: v for k, v in whole.items() if k not in STAMPS} if isinstance(whole, dict) else {}
    return {**fields, **{k: v for k, v in picks.items() if k != WHOLE_RECORD}}
