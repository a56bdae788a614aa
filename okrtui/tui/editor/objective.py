"""The objective form: title, owner, kind, why and what it aligns to, with the team's plan linted as
it would be saved."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Select

from okrtui.core.alignment import Alignment, descendants
from okrtui.core.board import Board
from okrtui.core.ids import new_id
from okrtui.core.models import Objective, ObjectiveKind, Team
from okrtui.core.safe_text import visible
from okrtui.store import Store
from okrtui.tui.editor.base import (
    EditorDialog,
    FormError,
    Write,
    choice_options,
    form_error,
    objective_findings,
    row,
    selected,
)
from okrtui.tui.editor.conflicts import ConflictChoices, open_conflicts, resolving
from okrtui.tui.widgets.lint_list import LintList

UNSAVED = "ob-new"
KINDS = [
    ("committed: we will hit it", ObjectiveKind.COMMITTED.value),
    ("aspirational: a stretch", ObjectiveKind.ASPIRATIONAL.value),
    ("learning: find out", ObjectiveKind.LEARNING.value),
]

BoardOf = Callable[[Team], Board]
ParentChoice = tuple[Content, str]


def parent_choices(alignment: Alignment | None, objective: Objective | None) -> list[ParentChoice]:
    """What an objective can align to: every objective of the cycle, company down, and each of their
    KRs; never itself or one under it (that would be a loop). A parent that is gone stays offered."""
    if alignment is None:
        return []
    node = alignment.of(objective.id) if objective else None
    excluded = {node.id, *descendants(node)} if node else set()
    choices: list[ParentChoice] = []
    for depth, other in alignment.walk():
        if other.id in excluded:
            continue
        status, indent = other.status, "  " * depth
        title = f"{indent}{other.id} · {status.team.name} · {status.objective.title}"
        choices.append((Content(visible(title)), other.id))
        choices += [
            (Content(visible(f"{indent}  ↳ {k.kr.id} · {k.kr.title}")), k.kr.id) for k in status.key_results
        ]
    current = objective.parent if objective else None
    if current and current not in {value for _, value in choices}:
        choices.append((Content(visible(f"{current} (not in this cycle)")), current))
    return choices


class ObjectiveEditor(EditorDialog):
    """Add an objective (objective=None; the team can be chosen) or edit one; dismisses with its id."""

    def __init__(
        self,
        board_of: BoardOf,
        team: Team,
        teams: list[Team],
        objective: Objective | None = None,
        parents: Sequence[ParentChoice] = (),
    ) -> None:
        super().__init__()
        self.board_of = board_of
        self.parents = list(parents)
        self.teams = teams if objective is None else [team]
        self.board = board_of(team)
        self.objective = objective

    def heading(self) -> str:
        if self.objective:
            return f"Edit objective {self.objective.id} · {self.board.team.name} · {self.board.cycle.id}"
        return f"New objective · {self.board.cycle.id}"

    def fields(self) -> ComposeResult:
        objective = self.objective
        conflicts = open_conflicts(self.board, "objectives", objective.id if objective else None)
        if conflicts:
            yield ConflictChoices(conflicts)
        if objective is None and len(self.teams) > 1:
            teams = [(t.name, t.id) for t in self.teams]
            yield row(
                ("Team", Select(teams, value=self.board.team.id, allow_blank=False, id="team", compact=True))
            )
        yield row(
            ("Title", Input(objective.title if objective else "", id="title", compact=True, max_length=200))
        )
        yield row(("Owner", self._owner_select()))
        kind = objective.kind.value if objective else ObjectiveKind.COMMITTED.value
        yield row(("Kind", Select(KINDS, value=kind, allow_blank=False, id="kind", compact=True)))
        yield row(
            (
                "Why",
                Input(
                    objective.why if objective else "",
                    placeholder="why it matters now",
                    id="why",
                    compact=True,
                    max_length=500,
                ),
            )
        )
        if self.parents:
            current = objective.parent if objective and objective.parent else Select.NULL
            yield row(
                (
                    "Aligns to",
                    Select(
                        self.parents, prompt="nothing (top level)", value=current, id="parent", compact=True
                    ),
                )
            )
        yield LintList(id="lint")

    def _owner_select(self) -> Select[str]:
        current = self.objective.owner if self.objective else ""
        options = choice_options(self.board.team.members, current)
        return Select(options, prompt="no owner", value=current or Select.NULL, id="owner", compact=True)

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self.refresh_lint()

    @on(Select.Changed, "#team")
    def _team_changed(self, event: Select.Changed) -> None:
        team = next((t for t in self.teams if t.id == event.value), None)
        if team is None or team.id == self.board.team.id:
            return
        self.board = self.board_of(team)
        owner = self.query_one("#owner", Select)
        owner.set_options(choice_options(team.members))
        self.refresh_lint()

    @on(Input.Changed)
    @on(Select.Changed, "#owner, #kind, #parent")
    def _changed(self) -> None:
        self.changed()
        self.refresh_lint()

    def read(self, objective_id: str) -> Objective:
        original = self.objective
        data = {
            "id": objective_id,
            "cycle": self.board.cycle.id,
            "team": self.board.team.id,
            "title": self.query_one("#title", Input).value,
            "owner": selected(self.query_one("#owner", Select)) or "",
            "kind": selected(self.query_one("#kind", Select)) or ObjectiveKind.COMMITTED,
            "why": self.query_one("#why", Input).value,
            "parent": self.chosen_parent(original),
            "archived": original.archived if original else False,
            "rev": original.rev if original else 0,
        }
        try:
            return Objective.model_validate(data)
        except ValidationError as error:
            raise form_error(error) from None

    def chosen_parent(self, original: Objective | None) -> str | None:
        """The objective or KR chosen to align to (kept as it was when the form offers no choice)."""
        choices = self.query("#parent")
        if not choices:
            return original.parent if original else None
        return selected(choices.first(Select))

    def refresh_lint(self) -> None:
        objective_id = self.objective.id if self.objective else UNSAVED
        try:
            candidate = self.read(objective_id)
        except FormError:
            return
        others = [o for o in self.board.objectives if o.id != objective_id]
        board = replace(self.board, objectives=[*others, candidate])
        self.query_one(LintList).show(objective_findings(board, objective_id, team_wide=True))

    def prepare(self) -> Write:
        objective = self.read(self.objective.id if self.objective else UNSAVED)
        is_new = self.objective is None
        settled = resolving(self.board, "objectives", objective.id)  # as read: a stale row is refused

        def write(store: Store) -> str:
            saved = (
                objective.model_copy(update={"id": new_id("ob", store.all_ids())}) if is_new else objective
            )
            store.save(saved.cycle, saved.team, saved, *settled)
            return saved.id

        return write
