"""The key result form: type the KR as a sentence, check the numbers the parser read, pick an owner.

The sentence only fills the fields; the fields are what is saved, so every guess of the parser can
be corrected one by one. Lint for the objective runs on every change, on the KR as it would be saved.
"""

from __future__ import annotations

from dataclasses import replace

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Select, Static

from okrtui.core.board import Board
from okrtui.core.errors import RuleError
from okrtui.core.ids import new_id
from okrtui.core.kr_line import KRLine, read_kr_line
from okrtui.core.members import member_name
from okrtui.core.models import Direction, KeyResult, KRKind, Objective, Record
from okrtui.core.sentence import ParsedKR, parse_kr
from okrtui.core.values import format_value, parse_value
from okrtui.store import Store, StoreError
from okrtui.tui.editor.base import (
    EditorDialog,
    FormError,
    Write,
    choice_options,
    form_error,
    number_text,
    objective_findings,
    row,
    selected,
)
from okrtui.tui.editor.conflicts import ConflictChoices, open_conflicts, resolving
from okrtui.tui.widgets.lint_list import LintList

UNSAVED = "kr-new"
"""Stands in for a new KR's id while it is linted; the real id is taken when it is saved."""

DIRECTIONS = [
    ("↑ increase", Direction.INCREASE.value),
    ("↓ decrease", Direction.DECREASE.value),
    ("keep at or above", Direction.MAINTAIN_ABOVE.value),
    ("keep at or below", Direction.MAINTAIN_BELOW.value),
]
KINDS = [
    ("metric", KRKind.METRIC.value),
    ("percent", KRKind.PERCENT.value),
    ("currency", KRKind.CURRENCY.value),
    ("done / not done", KRKind.BINARY.value),
    ("milestone", KRKind.MILESTONE.value),
]
NUMBER_FIELDS = ("baseline", "target")
NUMBERS_AND_UNIT = (*NUMBER_FIELDS, "unit")
EMPTY_SENTENCE = "Type the KR as a sentence to fill the fields; then correct any of them."


def parsed_summary(parsed: ParsedKR) -> str:
    """What the parser read, then what it could not work out: `3.5% → 1% · decrease · …`."""
    if parsed.kind is KRKind.BINARY:
        read = "done / not done"
    else:
        start = "?" if parsed.baseline is None else format_value(parsed.baseline, parsed.unit)
        end = "?" if parsed.target is None else format_value(parsed.target, parsed.unit)
        if parsed.relative:
            change = f"x{parsed.factor:g}" if parsed.factor is not None else f"{parsed.delta:+g}"
            end = f"baseline {change}"
        way = parsed.direction.value.replace("_", " ") if parsed.direction else "direction ?"
        read = f"{start} → {end} · {way}"
    return "; ".join([f"Read: {read}", *parsed.problems])


class KREditor(EditorDialog):
    """Add a KR to `objective` (kr=None) or edit `kr`; dismisses with the KR's id once saved."""

    DEFAULT_CSS = """
    KREditor #baseline, KREditor #target { width: 1fr; }
    KREditor #unit { width: 1fr; }
    KREditor #weight { width: 6; }
    KREditor #due { width: 1fr; }
    KREditor #owner { width: 1fr; }
    KREditor #parsed { margin: -1 0 1 10; }
    """

    BINDINGS = [Binding("ctrl+r", "take_title", "Numbers from the title", show=False)]

    def __init__(self, board: Board, objective: Objective, kr: KeyResult | None = None):
        super().__init__()
        self.board = board
        self.objective = objective
        self.kr = kr
        self.parsed: ParsedKR | None = None
        self.filled: dict[str, str] = {}
        """What the parser last put in each field: a field still holding it was not corrected."""

    def heading(self) -> str:
        what = f"Edit {self.kr.id}" if self.kr else "New key result"
        return f"{what} · {self.board.team.name} · {self.objective.title}"

    def fields(self) -> ComposeResult:
        kr = self.kr
        conflicts = open_conflicts(self.board, "key_results", kr.id if kr else None)
        if conflicts:
            yield ConflictChoices(conflicts)
        yield row(
            (
                "Sentence",
                Input(placeholder="e.g. Cut checkout errors from 3.5% to 1%", id="sentence", compact=True),
            )
        )
        yield Static(EMPTY_SENTENCE, id="parsed", classes="note", markup=False)
        yield row(("Title", Input(kr.title if kr else "", id="title", compact=True, max_length=200)))
        yield row(
            ("Baseline", Input(number_text(kr.baseline) if kr else "", id="baseline", compact=True)),
            ("Target", Input(number_text(kr.target) if kr else "", id="target", compact=True)),
            ("Unit", Input(kr.unit if kr else "", id="unit", compact=True, max_length=20)),
        )
        yield row(
            (
                "Direction",
                self._select("direction", DIRECTIONS, kr.direction.value if kr and kr.direction else None),
            ),
            ("Kind", self._select("kind", KINDS, kr.kind.value if kr else KRKind.METRIC.value, blank=False)),
        )
        owners = choice_options(self.board.team.members, kr.owner if kr else "")
        yield row(
            ("Owner", self._select("owner", owners, kr.owner if kr else None, prompt="pick the owner")),
            ("Weight", Input(number_text(kr.weight) if kr else "1", id="weight", compact=True)),
            (
                "Due",
                Input(
                    kr.due.isoformat() if kr and kr.due else "",
                    placeholder="YYYY-MM-DD",
                    id="due",
                    compact=True,
                ),
            ),
        )
        yield LintList(id="lint")

    @staticmethod
    def _select(
        name: str,
        options: list[tuple[str, str]],
        value: str | None,
        *,
        blank: bool = True,
        prompt: str = "from the numbers",
    ) -> Select[str]:
        return Select(
            options,
            prompt=prompt,
            value=value if value is not None else Select.NULL,
            allow_blank=blank,
            id=name,
            compact=True,
        )

    def on_mount(self) -> None:
        if not self.board.team.members:
            self.show_error(f"{self.board.team.name} has no members yet: add them first (p on the dashboard)")
        self.query_one("#sentence" if self.kr is None else "#title", Input).focus()
        self.refresh_lint()

    # -- filling from the sentence --------------------------------------------------------------------

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "sentence":
            text = event.value.strip()
            line = read_kr_line(text) if text else None
            self.parsed = line.parsed if line else None
            if line is not None:
                self.fill(line.parsed)
                self.fill_line(line)
            summary = parsed_summary(self.parsed) if self.parsed else EMPTY_SENTENCE
            self.query_one("#parsed", Static).update(summary)
        elif event.input.id == "title":
            self._compare_title(event.value)
        elif event.input.id == "baseline":
            self._follow_relative(event.value)
        self.changed()
        self.refresh_lint()

    @on(Select.Changed)
    def _select_changed(self, _event: Select.Changed) -> None:
        self.changed()
        self.refresh_lint()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the sentence moves on to check the fields; anywhere else it saves."""
        if event.input.id == "sentence":
            self.focus_next()
            return
        super().on_input_submitted(event)

    def fill(self, parsed: ParsedKR) -> None:
        self.filled = {
            "title": parsed.title,
            "baseline": number_text(parsed.baseline),
            "target": number_text(parsed.target),
            "unit": parsed.unit,
        }
        for name, value in self.filled.items():
            box = self.query_one(f"#{name}", Input)
            with box.prevent(Input.Changed):
                box.value = value
        direction = self.query_one("#direction", Select)
        kind = self.query_one("#kind", Select)
        with direction.prevent(Select.Changed), kind.prevent(Select.Changed):
            direction.value = parsed.direction.value if parsed.direction else Select.NULL
            kind.value = parsed.kind.value

    def fill_line(self, line: KRLine) -> None:
        """The owner, due date and weight the line names, as the import would read them."""
        owner = self.query_one("#owner", Select)
        if line.owner:
            try:
                name = member_name(self.board.team, line.owner)
            except RuleError:
                name = ""
            if name in {value for _, value in owner._options}:
                with owner.prevent(Select.Changed):
                    owner.value = name
        for name, value in (("due", line.due.isoformat() if line.due else ""), ("weight", line.weight)):
            if value:
                box = self.query_one(f"#{name}", Input)
                with box.prevent(Input.Changed):
                    box.value = value if isinstance(value, str) else number_text(value)

    def _numbers_now(self) -> tuple[str, str, str]:
        baseline, target, unit = (self.query_one(f"#{n}", Input).value.strip() for n in NUMBERS_AND_UNIT)
        return baseline, target, unit

    def _title_numbers(self, title: str) -> tuple[str, str, str] | None:
        parsed = parse_kr(title)
        if parsed.kind is KRKind.BINARY or parsed.relative or parsed.target is None:
            return None
        return (number_text(parsed.baseline), number_text(parsed.target), parsed.unit)

    def _compare_title(self, title: str) -> None:
        """A title edited to say other numbers than the fields: say so, and offer to take them."""
        said = self._title_numbers(title)
        note = self.query_one("#parsed", Static)
        if said is None or (self.parsed is not None and title == self.parsed.title):
            return
        now = self._numbers_now()
        if said == now or (not said[2] and said[:2] == now[:2]):
            note.update(EMPTY_SENTENCE if self.parsed is None else parsed_summary(self.parsed))
            return
        start, end, unit = said
        note.update(
            f"The title says {start or '?'} → {end} {unit}".rstrip()
            + f"; the fields hold {now[0] or '?'} → {now[1] or '?'} {now[2]}".rstrip()
            + ". ctrl+r takes the title's numbers."
        )

    def action_take_title(self) -> None:
        """Put the title's numbers (and its direction) into the fields."""
        title = self.query_one("#title", Input).value
        said = self._title_numbers(title)
        if said is None:
            self.notify("The title has no numbers to take.", severity="warning")
            return
        parsed = parse_kr(title)
        for name, value in zip(NUMBERS_AND_UNIT, said, strict=True):
            if name != "unit" or value:
                self.query_one(f"#{name}", Input).value = value
        if parsed.direction is not None:
            self.query_one("#direction", Select).value = parsed.direction.value
        self.query_one("#parsed", Static).update(f"Took the title's numbers: {parsed_summary(parsed)}")

    def _follow_relative(self, text: str) -> None:
        """ "Lift conversion by 20%": once the baseline is typed, the target follows (unless corrected)."""
        parsed = self.parsed
        target = self.query_one("#target", Input)
        if parsed is None or not parsed.relative or target.value != self.filled.get("target"):
            return
        try:
            baseline = parse_value(text)
        except ValueError:
            return
        followed = parsed.with_baseline(baseline)
        self.filled["target"] = number_text(followed.target)
        with target.prevent(Input.Changed):
            target.value = self.filled["target"]
        direction = self.query_one("#direction", Select)
        if followed.direction is not None and direction.value == Select.NULL:
            with direction.prevent(Select.Changed):
                direction.value = followed.direction.value

    # -- reading the form -------------------------------------------------------------------------------

    def read(self, kr_id: str, stand_in_owner: str | None = None) -> KeyResult:
        """The KR the form describes; FormError names what is wrong. `stand_in_owner` lets lint
        judge the rest of a KR whose owner is not picked yet."""
        kind = KRKind(selected(self.query_one("#kind", Select)) or KRKind.METRIC)
        data: dict[str, object] = {
            "id": kr_id,
            "objective": self.objective.id,
            "title": self.query_one("#title", Input).value,
            "owner": selected(self.query_one("#owner", Select)) or stand_in_owner,
            "kind": kind,
            "unit": self.query_one("#unit", Input).value,
            "direction": selected(self.query_one("#direction", Select)),
            "archived": self.kr.archived if self.kr else False,
            "rev": self.kr.rev if self.kr else 0,
        }
        for name in NUMBER_FIELDS:
            text = self.query_one(f"#{name}", Input).value.strip()
            if not text:
                if kind is KRKind.BINARY:
                    continue
                ask = (
                    "the starting value (where it stands now)" if name == "baseline" else "the value to reach"
                )
                raise FormError(f"{name} is needed: give {ask}", name)
            try:
                data[name] = parse_value(text)
            except ValueError as error:
                raise FormError(f"{name}: {error}", name) from None
        for name in ("weight", "due"):
            text = self.query_one(f"#{name}", Input).value.strip()
            if text:
                data[name] = text
        try:
            return KeyResult.model_validate(data)
        except ValidationError as error:
            raise form_error(error) from None

    def refresh_lint(self) -> None:
        """Lint the objective as it would be with this KR saved (without it while the form is invalid)."""
        kr_id = self.kr.id if self.kr else UNSAVED
        members = self.board.team.members
        needed: list[str] = []
        try:
            candidate: KeyResult | None = self.read(kr_id, members[0] if members else "?")
        except FormError as error:
            candidate = None
            needed.append(str(error))
        if selected(self.query_one("#owner", Select)) is None:
            needed.append("an owner (every key result has one named owner)")
        others = [k for k in self.board.key_results if k.id != kr_id]
        board = replace(self.board, key_results=[*others, *([candidate] if candidate else [])])
        self.query_one(LintList).show(objective_findings(board, self.objective.id), needed=needed)

    def prepare(self) -> Write:
        kr = self.read(self.kr.id if self.kr else UNSAVED)
        cycle, team, is_new = self.board.cycle.id, self.board.team.id, self.kr is None

        def write(store: Store) -> str:
            saved = kr.model_copy(update={"id": new_id("kr", store.all_ids())}) if is_new else kr

            def change(board: Board) -> list[Record]:
                objective = board.objective(saved.objective)
                if objective is None or objective.archived:
                    raise StoreError(f"objective {saved.objective} was archived or removed meanwhile")
                return [saved, *resolving(board, "key_results", saved.id)]

            store.update(cycle, team, change)
            return saved.id

        return write
