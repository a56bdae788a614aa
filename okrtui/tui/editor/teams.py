"""Teams and their members: add a team, rename it, add and remove members.

Each change is saved as soon as it is made (Enter, or Delete on a member), read-modify-write under
the store's lock, so two people editing the member list at once both keep their changes. Members
are the owners the KR form offers.

A team two machines changed differently (renamed both ways, say) shows each such field's values
above its name; Enter on the name saves the picks and settles those conflicts in the same write.
"""

from __future__ import annotations

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from okrtui.core.errors import explain
from okrtui.core.ids import slug
from okrtui.core.models import Team
from okrtui.core.sync_records import SyncConflict, conflicts_of, resolved
from okrtui.store import StoreError
from okrtui.tui.editor.base import EditorDialog, FormError, Write, row
from okrtui.tui.editor.conflicts import ConflictChoices

NEW_TEAM = "+new"


def unique_team_id(name: str, taken: set[str]) -> str:
    """`Growth & Ads` -> `growth-ads`, then `growth-ads-2`… while taken."""
    base = slug(name)
    team_id, n = base, 2
    while team_id in taken:
        team_id, n = f"{base}-{n}", n + 1
    return team_id


class TeamsEditor(EditorDialog):
    """Left: the teams (and "+ New team"); right: the chosen team's name and members."""

    DEFAULT_CSS = """
    TeamsEditor > #dialog { width: 78; }
    TeamsEditor #panes { height: auto; }
    TeamsEditor #teams { width: 26; height: auto; max-height: 12; margin-right: 1; }
    TeamsEditor #team-side { width: 1fr; height: auto; }
    TeamsEditor #members { height: auto; min-height: 3; max-height: 8; margin-bottom: 1; }
    TeamsEditor #members-label { color: $text-muted; }
    TeamsEditor #team-conflicts { height: auto; }
    TeamsEditor #team-conflicts .conflict { layout: vertical; height: auto; }
    TeamsEditor #team-conflicts .note { color: $text-muted; }
    """
    BINDINGS = [Binding("delete", "remove_member", "Remove member")]
    HINT = "Enter saves the field · Delete removes a member · Tab next · Escape close"

    def __init__(
        self, teams: list[Team], chosen: str | None = None, conflicts: list[SyncConflict] | None = None
    ) -> None:
        """`conflicts`: the workspace's open sync conflicts (`Store.workspace_sync`)."""
        super().__init__()
        self.teams = teams
        self.chosen = chosen if any(t.id == chosen for t in teams) else (teams[0].id if teams else NEW_TEAM)
        self.teams_changed = False
        self.conflicts = conflicts or []
        self.shown_choices = 0
        """How many conflict pickers were shown (each gets a fresh id while the last is removed)."""

    @property
    def team(self) -> Team | None:
        return next((t for t in self.teams if t.id == self.chosen), None)

    def heading(self) -> str:
        return "Teams and members"

    def fields(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield OptionList(id="teams")
            with Vertical(id="team-side"):
                yield Vertical(id="team-conflicts")
                yield row(("Name", Input(id="team-name", compact=True, max_length=60)))
                # "Add" before the list: Tab from the name lands where a name can be typed.
                yield row(
                    (
                        "Add",
                        Input(
                            placeholder="a member's name, Enter", id="new-member", compact=True, max_length=60
                        ),
                    )
                )
                yield Label("Members (Delete removes one)", id="members-label")
                yield OptionList(id="members")

    def on_mount(self) -> None:
        self.show_teams()
        self.query_one("#teams" if self.teams else "#team-name").focus()

    # -- showing -------------------------------------------------------------------------------------

    def show_teams(self) -> None:
        teams = self.query_one("#teams", OptionList)
        teams.clear_options()
        teams.add_options([Option(f"{t.name} ({t.id})", id=t.id) for t in self.teams])
        teams.add_option(Option("+ New team", id=NEW_TEAM))
        teams.highlighted = teams.get_option_index(self.chosen or NEW_TEAM)
        self.show_team()

    def show_team(self) -> None:
        team = self.team
        name = self.query_one("#team-name", Input)
        name.value = team.name if team else ""
        name.placeholder = "" if team else "the new team's name, Enter"
        members = self.query_one("#members", OptionList)
        members.clear_options()
        members.add_options([Option(m, id=m) for m in (team.members if team else [])])
        self.query_one("#new-member", Input).disabled = team is None
        self.show_conflicts()

    def team_conflicts(self) -> list[SyncConflict]:
        team = self.team
        return conflicts_of(self.conflicts, "teams", team.id) if team else []

    def show_conflicts(self) -> None:
        """The chosen team's sync conflicts, each with its values to pick from."""
        side = self.query_one("#team-conflicts", Vertical)
        side.remove_children()
        conflicts = self.team_conflicts()
        if conflicts:
            self.shown_choices += 1
            choices = ConflictChoices(conflicts, {"name": "team-name"}, id=f"conflicts-{self.shown_choices}")
            side.mount(choices, Static("Pick, then Enter on Name saves the choice.", classes="note"))

    def picked(self) -> dict[str, object]:
        """The values picked for the chosen team's conflicts (its name is the name field's)."""
        for choices in self.query(ConflictChoices):  # the one shown, not one being removed
            if choices.conflicts and choices.conflicts[0].record == self.chosen:
                fields = choices.picked_fields().items()
                return {f: v for f, v in fields if f in Team.model_fields and f != "name"}
        return {}

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "teams" and event.option.id != self.chosen:
            self.chosen = event.option.id or NEW_TEAM
            self.show_team()
            self.show_error("")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "teams":
            self.query_one("#team-name" if self.team is None else "#new-member", Input).focus()

    # -- changes ---------------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.submit(event.input)

    def submit(self, field: Input) -> None:
        if self.saving:
            return
        try:
            if field.id == "team-name":
                write = self.rename_or_create(field.value)
            elif field.id == "new-member":
                write = self.add_member(field.value)
            else:
                return
        except FormError as error:
            self.show_error(str(error), error.field)
            return
        self.start(write)

    def rename_or_create(self, name: str) -> Write:
        team = self.team
        try:
            if team is None:
                made = Team(id=unique_team_id(name, {t.id for t in self.teams}), name=name)
                return lambda store: store.add_team(made).id
            renamed = Team.model_validate({**team.model_dump(), "name": name})
        except ValidationError as error:
            raise FormError(explain(error), "team-name") from None
        picked = self.picked()
        settled = resolved(self.team_conflicts())  # as read: a row changed meanwhile is refused

        def change(fresh: Team) -> Team:
            return Team.model_validate({**fresh.model_dump(), **picked, "name": renamed.name})

        return lambda store: store.update_team(team.id, change, also=settled).id

    def add_member(self, name: str) -> Write:
        team = self.team
        if team is None:
            raise FormError("choose a team first", "teams")
        try:
            member = Team.model_validate({**team.model_dump(), "members": [name]}).members[0]
        except ValidationError as error:
            raise FormError(explain(error).replace("members 0", "member name"), "new-member") from None

        def change(fresh: Team) -> Team:
            if member.lower() in {m.lower() for m in fresh.members}:
                raise StoreError(f"{member} is already a member of {fresh.name}")
            return fresh.model_copy(update={"members": [*fresh.members, member]})

        return lambda store: store.update_team(team.id, change).id

    def action_remove_member(self) -> None:
        members = self.query_one("#members", OptionList)
        team = self.team
        if self.saving or team is None or not members.has_focus or members.highlighted is None:
            return
        name = members.get_option_at_index(members.highlighted).id or ""

        def change(fresh: Team) -> Team:
            return fresh.model_copy(update={"members": [m for m in fresh.members if m != name]})

        self.start(lambda store: store.update_team(team.id, change).id)

    def saved(self, result: str) -> None:
        """Stay open: show the store's teams as they are now, with the changed one chosen."""
        self.saving = False
        self.teams_changed = True
        created = self.chosen == NEW_TEAM
        self.teams = self.okr.store.teams()
        self.conflicts = self.okr.store.workspace_sync().open_conflicts()
        self.chosen = result
        self.show_teams()
        self.query_one("#new-member", Input).value = ""
        if created:  # a new team's next step is its members
            self.query_one("#new-member", Input).focus()
        self.show_error("")
        self.query_one("#error", Static).update("✔ saved")

    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss("teams" if self.teams_changed else None)

    def prepare(self) -> Write:
        raise FormError("press Enter in the field to save it")

    def action_save(self) -> None:
        """ctrl+s: save whichever field has focus."""
        if isinstance(self.focused, Input):
            self.submit(self.focused)
