"""What every editor dialog shares: the frame, labelled rows, the inline error and the save worker.

A dialog validates on the UI thread (fast, and errors land next to the field), then writes through
the store in a worker thread (a lock and an fsync may take a moment) and closes only once the write
succeeded; a store error stays inline with the form intact, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from okrtui.core.board import Board
from okrtui.core.errors import explain
from okrtui.core.lint import Finding, lint_board
from okrtui.core.safe_text import visible
from okrtui.core.values import plain_number
from okrtui.store import Store, StoreError
from okrtui.tui.base import OkrDialog

SAVE_GROUP = "editor-save"

Write = Callable[[Store], str]
"""Writes the dialog's change through the store and returns the id of what it saved."""


class FormError(ValueError):
    """A field the user has to fix; `field` is the id of the widget to focus (or "")."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def form_error(error: ValidationError, fields: dict[str, str] | None = None) -> FormError:
    """A pydantic error as one sentence, aimed at the widget of the field it names."""
    location = error.errors()[0]["loc"]
    name = str(location[0]) if location else ""
    return FormError(explain(error), (fields or {}).get(name, name))


def number_text(value: float | None) -> str:
    """A number as it is typed back into a field; blank when unknown (the user is asked)."""
    return "" if value is None else plain_number(value)


def row(*parts: tuple[str, Widget], id: str | None = None) -> Horizontal:
    """One line of the form: `Label [field]  Label [field]`."""
    children: list[Widget] = []
    for position, (text, widget) in enumerate(parts):
        children.append(Label(text, classes="label" if position == 0 else "label inner"))
        children.append(widget)
    return Horizontal(*children, classes="row", id=id)


def choice_options(names: list[str], current: str = "") -> list[tuple[str, str]]:
    """Select options for a person: the team's members, plus the current name if it is not one."""
    options = [(name, name) for name in names]
    if current and current.lower() not in {n.lower() for n in names}:
        options.append((f"{current} (not a member)", current))
    return options


def selected(select: Select[str]) -> str | None:
    value = select.value
    return value if isinstance(value, str) and value else None


class EditorDialog(OkrDialog[str | None]):
    """A modal form: `prepare()` validates and returns the write; the dialog closes with its result."""

    DEFAULT_CSS = """
    EditorDialog #heading { text-style: bold; margin-bottom: 1; }
    EditorDialog .row { height: 1; margin-bottom: 1; }
    EditorDialog.-short .row { margin-bottom: 0; }
    EditorDialog.-short #heading { margin-bottom: 0; }
    EditorDialog .label { width: 10; color: $text-muted; }
    EditorDialog .label.inner { width: auto; margin: 0 1 0 2; }
    EditorDialog Input { width: 1fr; }
    EditorDialog Select { width: 1fr; }
    EditorDialog .note { color: $text-muted; height: auto; max-height: 3; }
    EditorDialog #error { color: $error; height: auto; }
    EditorDialog #hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]
    HINT = "ctrl+s save · Tab next field · Escape cancel"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    """Short terminals drop the blank lines between rows so every field stays on screen."""

    def __init__(self) -> None:
        super().__init__()
        self.saving = False

    def body(self) -> ComposeResult:
        yield Static(visible(self.heading()), id="heading", markup=False)
        yield from self.fields()
        yield Static(id="error", markup=False)
        yield Static(self.HINT, id="hint")

    # -- to fill in ----------------------------------------------------------------------------------

    def heading(self) -> str:
        raise NotImplementedError

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def prepare(self) -> Write:
        """Validate the form; raise FormError (or pydantic's ValidationError) to keep it open."""
        raise NotImplementedError

    # -- shared behaviour ------------------------------------------------------------------------------

    def show_error(self, message: str, field: str = "") -> None:
        self.query_one("#error", Static).update(f"✖ {message}" if message else "")
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        if field:
            target = self.query(f"#{field}")
            if target:
                target.first().add_class("-invalid")
                target.first().focus()

    def changed(self) -> None:
        """Something was typed or picked: an error about the old values no longer applies."""
        if not self.saving:
            self.show_error("")

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(None)

    def action_save(self) -> None:
        if self.saving:
            return
        try:
            write = self.prepare()
        except FormError as error:
            self.show_error(str(error), error.field)
            return
        except ValidationError as error:
            problem = form_error(error)
            self.show_error(str(problem), problem.field)
            return
        self.start(write)

    def start(self, write: Write) -> None:
        """Run a validated write off the UI thread (keys typed meanwhile wait); `saved` or an inline
        error follows."""
        self.saving = True
        self.query_one("#error", Static).update("Saving…")
        store = self.okr.store
        failures = (StoreError, ValidationError)
        self.in_background(SAVE_GROUP, lambda: write(store), self.saved, self._failed, failures)

    def saved(self, result: str) -> None:
        """The write succeeded: close with what was saved."""
        self.saving = False
        self.dismiss(result)

    def _failed(self, error: Exception) -> None:
        self.saving = False
        message = explain(error) if isinstance(error, ValidationError) else str(error)
        self.show_error(f"Not saved: {message}")


def objective_findings(board: Board, objective_id: str, *, team_wide: bool = False) -> list[Finding]:
    """Lint findings about one objective and its KRs (and, optionally, the team's whole plan).

    Without a date: check-in staleness is the meeting's business, not the plan's, and would flag
    every KR that was just written."""
    subjects = {objective_id, *(k.id for k in board.key_results if k.objective == objective_id)}
    subjects |= {d.id for d in board.drafts if d.objective == objective_id}
    if team_wide:
        subjects.add(board.team.id)
    return [f for f in lint_board(board) if f.subject in subjects]
