"""The dashboard: every objective and KR of a cycle at a glance, one KR in detail, live from the store."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Select, Static, Tree

from okrtui.core.models import Cycle
from okrtui.report.snapshot import Snapshot, narrow, owners, take_snapshot
from okrtui.store import StoreError
from okrtui.tui.screens.editor import EditorActions
from okrtui.tui.watch import StoreWatcher
from okrtui.tui.widgets.kr_detail import KRDetail
from okrtui.tui.widgets.okr_tree import OkrTree

EVERYONE = ""
"""The filter value meaning "no filter" (Select needs a real value)."""


def empty_message(store_root: object) -> str:
    return (
        f"No OKRs in this store yet ({store_root}).\n\n"
        "Try it on sample data:      okrtui demo\n"
        "Bring in your own OKRs:     okrtui import FILE\n"
        "Or write them here:         p adds a team, Y starts a cycle, n adds an objective\n\n"
        "Press q to quit."
    )


class DashboardScreen(EditorActions, Screen[None]):
    """Objectives -> KRs on the left, the selected KR on the right; filters by cycle, team and owner."""

    CSS_PATH = "dashboard.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-wide")]
    BINDINGS = [
        Binding("m", "meeting", "Meeting", tooltip="Start the weekly meeting for the selected KR's team"),
        Binding("c", "checkin", "Check in", tooltip="Check in on the selected KR's owner's due KRs"),
        Binding("e", "edit", "Edit", id="dashboard.edit", tooltip="Edit the selected objective or KR"),
        Binding(
            "a", "add_kr", "+KR", id="dashboard.add-kr", tooltip="Add a key result to the selected objective"
        ),
        Binding("n", "add_objective", "+Obj", id="dashboard.add-objective", tooltip="Add an objective"),
        Binding(
            "x", "archive", "Archive", id="dashboard.archive", tooltip="Archive the selected objective or KR"
        ),
        Binding("p", "teams", "Teams", id="dashboard.teams", tooltip="Teams and members"),
        Binding("Y", "new_cycle", "New cycle", id="dashboard.new-cycle", tooltip="Start the next cycle"),
        Binding("y", "next_cycle", "Cycle", tooltip="Switch to the next cycle"),
        Binding("t", "focus_filter('team')", "Team", id="dashboard.team"),
        Binding("o", "focus_filter('owner')", "Owner", id="dashboard.owner"),
        Binding("r", "reload", "Refresh", show=False),
        Binding("escape", "focus_tree", "Tree", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cycle_id: str | None = None
        self.team_filter = EVERYONE
        self.owner_filter = EVERYONE
        self.snapshot: Snapshot | None = None
        self.watcher: StoreWatcher | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Select([], prompt="Cycle", id="cycle", compact=True, allow_blank=True)
            yield Select(
                [("All teams", EVERYONE)], value=EVERYONE, id="team", compact=True, allow_blank=False
            )
            yield Select(
                [("All owners", EVERYONE)], value=EVERYONE, id="owner", compact=True, allow_blank=False
            )
            yield Static(id="cycle-info")
        with Horizontal(id="body"):
            yield OkrTree(id="tree")
            yield KRDetail(id="detail")
        yield Static(id="empty")
        yield Footer()

    def on_mount(self) -> None:
        options = self.app.options
        self.cycle_id = options.cycle
        self.team_filter = options.team or EVERYONE
        self.load()
        self.query_one(OkrTree).focus()
        self.watcher = StoreWatcher(self.app.store.root, self.load).start(self)

    def on_screen_resume(self) -> None:
        """Back from a meeting or a check-in: show what was just saved."""
        if self.watcher is not None:
            self.watcher.poll()

    # -- loading ---------------------------------------------------------------------------------

    @property
    def cycle(self) -> Cycle | None:
        return self.snapshot.cycle if self.snapshot else None

    def load(self) -> None:
        """Read the store fresh and redraw, keeping filters and the selected KR."""
        store = self.app.store
        try:
            snapshot = take_snapshot(store, self.app.options.today, cycle=self.cycle_id)
            cycles = store.cycles()
            teams = store.teams()
        except StoreError as error:
            self._show_empty(f"Cannot read the store: {error}")
            return
        self.snapshot = snapshot
        if snapshot.cycle is None:
            self._show_empty(empty_message(store.root))
            return
        if not snapshot.objectives:
            others = ", ".join(c.id for c in cycles if c.id != snapshot.cycle.id)
            self._show_empty(
                f"Cycle {snapshot.cycle.id} has no objectives yet.\n\n"
                + (f"Press y for another cycle ({others}).\n" if others else "")
                + "Press n to add an objective, or bring OKRs in with: okrtui import FILE"
            )
            self.cycle_id = snapshot.cycle.id
            return
        self.remove_class("-empty")
        self.cycle_id = snapshot.cycle.id
        self._set_options("cycle", [(c.id, c.id) for c in cycles], snapshot.cycle.id)
        team_ids = {o.team.id for o in snapshot.objectives}
        team_options = [("All teams", EVERYONE), *((t.name, t.id) for t in teams if t.id in team_ids)]
        self.team_filter = self._set_options("team", team_options, self.team_filter)
        owner_options = [("All owners", EVERYONE), *((name, name) for name in owners(snapshot))]
        self.owner_filter = self._set_options("owner", owner_options, self.owner_filter)
        self._update_info()
        self._show_tree()

    def _show_empty(self, message: str) -> None:
        self.add_class("-empty")
        self.query_one("#empty", Static).update(message)

    def _set_options(self, name: str, options: list[tuple[str, str]], value: str) -> str:
        """Refill a filter without firing its Changed event; keep `value` when it is still offered."""
        select: Select[str] = self.query_one(f"#{name}", Select)
        values = [v for _, v in options]
        chosen = value if value in values else values[0]
        with select.prevent(Select.Changed):
            if getattr(select, "_okr_options", None) != options:
                select.set_options(options)
                select._okr_options = options  # type: ignore[attr-defined]
            select.value = chosen
        return chosen

    def _update_info(self) -> None:
        snapshot = self.snapshot
        if snapshot is None or snapshot.cycle is None:
            return
        gone = snapshot.cycle.elapsed(snapshot.today)
        info = f"week {snapshot.week[-3:]} · {gone:.0%} of {snapshot.cycle.id} gone"
        self.query_one("#cycle-info", Static).update(info)
        self.sub_title = f"{snapshot.cycle.id} · week {snapshot.week}"

    def _show_tree(self) -> None:
        if self.snapshot is None:
            return
        tree = self.query_one(OkrTree)
        selected = tree.selected_kr
        shown = narrow(
            self.snapshot, team=self.team_filter or None, owner=self.owner_filter or None
        ).objectives
        tree.show(shown, select=selected.kr.id if selected else None)
        # The cursor may stay on the same line (no highlight event), yet the KR's data is new.
        self.call_after_refresh(self._update_detail)
        if not shown:
            self.query_one(KRDetail).show(None, None)
            self.notify("No key results match these filters.", severity="warning")

    # -- events ----------------------------------------------------------------------------------

    @on(Tree.NodeHighlighted, "#tree")
    def _highlighted(self, _event: Tree.NodeHighlighted) -> None:
        self._update_detail()

    def _update_detail(self) -> None:
        self.query_one(KRDetail).show(self.query_one(OkrTree).selected_kr, self.cycle)

    @on(Select.Changed, "#cycle")
    def _cycle_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.cycle_id:
            self.cycle_id = event.value
            self.load()

    @on(Select.Changed, "#team")
    def _team_changed(self, event: Select.Changed) -> None:
        self.team_filter = event.value if isinstance(event.value, str) else EVERYONE
        self._show_tree()

    @on(Select.Changed, "#owner")
    def _owner_changed(self, event: Select.Changed) -> None:
        self.owner_filter = event.value if isinstance(event.value, str) else EVERYONE
        self._show_tree()

    # -- actions ---------------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.load()

    def action_focus_tree(self) -> None:
        self.query_one(OkrTree).focus()

    def action_focus_filter(self, name: str) -> None:
        select = self.query_one(f"#{name}", Select)
        select.focus()
        select.expanded = True

    def action_next_cycle(self) -> None:
        cycles = [c.id for c in self.app.store.cycles()]
        if len(cycles) < 2:
            self.notify("This store has only one cycle.")
            return
        position = cycles.index(self.cycle_id) if self.cycle_id in cycles else -1
        self.cycle_id = cycles[(position + 1) % len(cycles)]
        self.load()
        self.notify(f"Cycle {self.cycle_id}")

    def _chosen_team(self) -> str | None:
        objective = self.query_one(OkrTree).selected_objective
        return objective.team.id if objective else (self.team_filter or None)

    def action_meeting(self) -> None:
        team = self._chosen_team()
        if team is None:
            self.notify("Select a key result of the team that meets.", severity="warning")
            return
        from okrtui.tui.screens.meeting import MeetingScreen

        self.app.options.team = team
        self.app.options.cycle = self.cycle_id
        self.app.push_screen(MeetingScreen())

    def action_checkin(self) -> None:
        status = self.query_one(OkrTree).selected_kr
        if status is None:
            self.notify("Select a key result first.", severity="warning")
            return
        from okrtui.tui.screens.checkin import CheckinScreen

        self.app.push_screen(CheckinScreen(author=status.kr.owner, first=status.kr.id, cycle=self.cycle_id))
