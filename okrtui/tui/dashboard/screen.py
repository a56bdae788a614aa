"""The dashboard: every objective and KR of a cycle at a glance, one KR in detail, live from the store."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property, partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Header, Select, Static, Tree

from okrtui.core.alignment import Alignment, align
from okrtui.core.models import Cycle
from okrtui.core.safe_text import visible, visible_lines
from okrtui.report.snapshot import Snapshot, narrow, owners, take_snapshot
from okrtui.store import StoreError
from okrtui.tui.base import OkrScreen
from okrtui.tui.dashboard.detail import KRDetail
from okrtui.tui.dashboard.keys import (
    ALL_KEYS,
    EDIT_KEYS,
    NEEDS_DRAFTS,
    NEEDS_OKRS,
    NEEDS_STORE,
    OTHER_KEYS,
    PALETTE,
    RUN_KEYS,
    VIEW_KEYS,
)
from okrtui.tui.dashboard.objective_detail import ObjectiveDetail
from okrtui.tui.dashboard.sync_marks import MARK, SyncMarks
from okrtui.tui.dashboard.tree import OkrTree
from okrtui.tui.help import KeyLine, KeysHelp, Section
from okrtui.tui.watch import StoreWatcher
from okrtui.tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from okrtui.tui.editor.actions import Editor

EVERYONE = ""
"""The filter value meaning "no filter" (Select needs a real value)."""


def chosen(event: Select.Changed) -> str:
    """The filter's value now: a Select's first Changed (its compose-time value) can arrive after
    `load()` has set the real one, e.g. a dashboard opened on `options.team`."""
    value = event.select.value
    return value if isinstance(value, str) else EVERYONE


def empty_message(store_root: object) -> str:
    return (
        f"No OKRs in this store yet ({store_root}).\n\n"
        "Try it on sample data:      okrtui demo\n"
        "Bring in your own OKRs:     okrtui import FILE\n"
        "Or write them here:         p adds a team, Y starts a cycle, n adds an objective\n\n"
        "Press q to quit."
    )


class DashboardScreen(OkrScreen[None]):
    """Objectives -> KRs on the left, the selected KR on the right; filters by cycle, team and owner."""

    CSS_PATH = "dashboard.tcss"
    AUTO_FOCUS = "#tree"
    """Focused as the screen opens (not the first filter, then the tree: each focus redraws the keys)."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-wide")]
    BINDINGS = list[BindingType](ALL_KEYS)

    def __init__(self) -> None:
        super().__init__()
        self.cycle_id: str | None = None
        self.team_filter = EVERYONE
        self.owner_filter = EVERYONE
        self.snapshot: Snapshot | None = None
        self.watcher: StoreWatcher | None = None
        self.store_error: str | None = None
        """Set while the store cannot be read: every key that needs it is hidden."""
        self.team_names: dict[str, str] = {}
        self.said: set[str] = set()
        """The store's warnings already shown (another team's damaged file is named once)."""
        self.aligned_view = False
        """The tree shows alignment (company down, roll-ups) instead of objectives by team."""
        self.alignment: Alignment | None = None
        self.sync_marks = SyncMarks()
        self._detail_of: tuple[object, ...] = (None, None, None, None)
        """What the detail panel shows: the snapshot, the KR and objective under the cursor, the view."""

    @cached_property
    def editor(self) -> Editor:
        """The editor's keys, imported on the first one pressed: its dialogs are not in the first frame."""
        from okrtui.tui.editor.actions import Editor

        return Editor(self)

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
            yield Static(id="no-match")
            yield OkrTree(id="tree")
            yield KRDetail(id="detail")
            yield ObjectiveDetail(id="objective-detail")
        yield Static(id="empty")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        options = self.okr.options
        self.cycle_id = options.cycle
        self.team_filter = options.team or EVERYONE
        self.load()
        self.watcher = StoreWatcher(self.okr.store.root, self.load).start(self)

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
        store = self.okr.store
        try:
            snapshot = take_snapshot(store, self.okr.options.today, cycle=self.cycle_id)
            cycles = store.cycles()
            teams = store.teams()
        except StoreError as error:
            text = str(error).rstrip(".")
            self.store_error = f"{text[:1].upper()}{text[1:]}."  # one sentence that names the file
            self._show_empty(f"{self.store_error}\n\nFix or restore the file, then press r to read it again.")
            return
        self.store_error = None
        self.snapshot = snapshot
        self.alignment = align(snapshot.objectives)
        self._say_warnings()
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
        self.refresh_bindings()
        self.cycle_id = snapshot.cycle.id
        self.team_names = {t.id: t.name for t in teams}
        self._set_options("cycle", [(c.id, c.id) for c in cycles], snapshot.cycle.id)
        team_ids = {o.team.id for o in snapshot.objectives}
        team_options = [("All teams", EVERYONE), *((t.name, t.id) for t in teams if t.id in team_ids)]
        self.team_filter = self._set_options("team", team_options, self.team_filter)
        self._fill_owners()
        self._show_sync_marks(snapshot)
        self._update_info()
        self._show_tree()

    def _show_sync_marks(self, snapshot: Snapshot) -> None:
        """⚠ on what a git merge left a conflict or notice about; a toast for each new one."""
        flags, news = self.sync_marks.read(self.okr.store, snapshot)
        self.query_one(OkrTree).flags = flags
        if news:
            self.notify("\n".join(news), title="From syncing", severity="warning", markup=False, timeout=10)
        if self.sync_marks.shown:
            store = self.okr.store
            self.run_worker(partial(self.sync_marks.mark_seen, store), thread=True, group="sync-seen")

    def _say_warnings(self) -> None:
        for warning in self.okr.store.warnings:
            if warning not in self.said:
                self.said.add(warning)
                self.notify(visible(warning), severity="warning", timeout=10, markup=False)

    def _show_empty(self, message: str) -> None:
        self.add_class("-empty")
        self.query_one("#empty", Static).update(message)
        self.refresh_bindings()

    def _fill_owners(self) -> str | None:
        """Offer only owners with KRs in the chosen team; returns an owner dropped because of it."""
        if self.snapshot is None:
            return None
        in_team = owners(narrow(self.snapshot, team=self.team_filter or None))
        kept = self._set_options(
            "owner", [("All owners", EVERYONE), *((name, name) for name in in_team)], self.owner_filter
        )
        dropped = self.owner_filter if kept != self.owner_filter else None
        self.owner_filter = kept
        return dropped

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
        info = self.query_one("#cycle-info", Static)
        synced = self.query_one(OkrTree).flags.get(snapshot.cycle.id)  # its dates, from a merge
        info.update(f"{MARK + ' ' if synced else ''}{snapshot.week[-3:]} · {gone:.0%} gone")
        info.tooltip = f"Week {snapshot.week}; {gone:.0%} of cycle {snapshot.cycle.id} has passed"
        if synced:
            info.tooltip += "\n" + visible_lines(synced)
        self.sub_title = f"{snapshot.cycle.id} · week {snapshot.week}"

    def _show_tree(self) -> None:
        if self.snapshot is None:
            return
        tree = self.query_one(OkrTree)
        selected, objective = tree.selected_kr, tree.selected_objective
        shown = narrow(
            self.snapshot, team=self.team_filter or None, owner=self.owner_filter or None
        ).objectives
        if self.aligned_view and self.alignment is not None:
            tree.show_aligned(self.alignment, select=objective.objective.id if objective else None)
        else:
            kept = selected.kr.id if selected else objective.objective.id if objective else None
            tree.show(shown, select=kept)
        self.set_class(self.aligned_view, "-aligned")
        # The cursor may stay on the same line (no highlight event), yet the KR's data is new; and
        # the first frame shows the detail of the KR the tree opens on.
        self._update_detail()
        self.set_class(not shown, "-no-match")
        if not shown:
            self.query_one("#no-match", Static).update(self._no_match_message())

    def _no_match_message(self) -> str:
        """`No key results for Ana in Growth.` and which keys change the filters."""
        team = self.team_names.get(self.team_filter, self.team_filter)
        parts = [f"for {self.owner_filter}"] if self.owner_filter else []
        parts += [f"in {team}"] if team else []
        where = " ".join(parts)
        return f"No key results {where or 'in this cycle'}.\n\nPress t to pick another team, o another owner."

    # -- events ----------------------------------------------------------------------------------

    @on(Tree.NodeHighlighted, "#tree")
    def _highlighted(self, _event: Tree.NodeHighlighted[object]) -> None:
        self._update_detail()

    def _update_detail(self) -> None:
        """The KR under the cursor in detail, or the objective (score, KRs, alignment) when on one."""
        tree = self.query_one(OkrTree)
        kr, objective = tree.selected_kr, tree.selected_objective
        shown = (self.snapshot, kr, objective, self.aligned_view)
        if all(a is b for a, b in zip(shown, self._detail_of, strict=True)):
            return  # the same rows of the same read: the tree opening highlights its first row twice
        self._detail_of = shown
        aligned = self.alignment.of(objective.objective.id) if objective and self.alignment else None
        kr_detail, objective_detail = self.query_one(KRDetail), self.query_one(ObjectiveDetail)
        if kr is None and aligned is not None and self.alignment is not None:
            objective_detail.show(aligned, self.alignment, tree.flags.get(aligned.status.objective.id, ""))
            kr_detail.display, objective_detail.display = False, True
        else:
            kr_detail.show(kr, self.cycle, tree.flags.get(kr.kr.id, "") if kr else "")
            kr_detail.display, objective_detail.display = True, False

    @on(Select.Changed, "#cycle")
    def _cycle_changed(self, event: Select.Changed) -> None:
        value = chosen(event)
        if value and value != self.cycle_id:
            self.cycle_id = value
            self.load()
            self._picked(event)

    @on(Select.Changed, "#team")
    def _team_changed(self, event: Select.Changed) -> None:
        if chosen(event) == self.team_filter:
            return  # the Select's compose-time Changed, or the same team again: the tree is right
        self.team_filter = chosen(event)
        dropped = self._fill_owners()
        if dropped:
            team = self.team_names.get(self.team_filter, self.team_filter)
            self.notify(f"{dropped} has no key results in {team}: showing all owners.")
        self._show_tree()
        self._picked(event)

    @on(Select.Changed, "#owner")
    def _owner_changed(self, event: Select.Changed) -> None:
        if chosen(event) == self.owner_filter:
            return
        self.owner_filter = chosen(event)
        self._show_tree()
        self._picked(event)

    def _picked(self, event: Select.Changed) -> None:
        """A filter picked by hand hands the keys back to the tree: the next Down moves in the tree
        rather than opening the list again."""
        if event.select.has_focus_within:  # (its list has the focus until the pick closes it)
            self.call_after_refresh(self.action_focus_tree)

    # -- which keys work now ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that cannot work: all store keys on an unreadable store, KR keys with no KR shown."""
        if self.store_error is not None:
            return action not in NEEDS_STORE
        if action in NEEDS_DRAFTS:
            return bool(self.snapshot and self.snapshot.drafts)
        return not (action in NEEDS_OKRS and self.has_class("-empty"))

    def palette_commands(self) -> Iterator[SystemCommand]:
        """The dashboard's actions for the command palette (ctrl+p), only those that can work now."""
        keys = {b.action: b for b in ALL_KEYS if b.tooltip}
        for title, action in PALETTE:
            name, _, _ = action.partition("(")
            if not self.check_action(name, ()):
                continue
            binding = keys[action]
            text = self._palette_help(action) or binding.tooltip
            yield SystemCommand(
                title, f"{self.app.get_key_display(binding)} · {text}", partial(self.run_action, action)
            )

    def _palette_help(self, action: str) -> str | None:
        """Say whose meeting or check-in the command starts."""
        if action == "meeting" and (team := self.chosen_team()):
            return f"Start the weekly meeting for {self.team_names.get(team, team)}"
        status = self.query_one(OkrTree).selected_kr
        if action == "checkin" and status is not None:
            return f"Check in on {status.kr.owner}'s due key results"
        return None

    def help_sections(self) -> list[Section]:
        """The help screen's groups, from the key bindings themselves (so it never drifts)."""

        def keys(action: str) -> str:
            return " ".join(self.app.get_key_display(b) for b in ALL_KEYS if b.action == action)

        def lines(bindings: list[Binding]) -> list[KeyLine]:
            return [
                KeyLine(
                    keys(b.action),
                    b.tooltip or b.description,
                    bool(self.check_action(b.action.partition("(")[0], ())),
                )
                for b in bindings
            ]

        return [("Run", lines(RUN_KEYS)), ("Edit", lines(EDIT_KEYS)), ("View", lines(VIEW_KEYS) + OTHER_KEYS)]

    # -- actions ---------------------------------------------------------------------------------

    def action_help(self) -> None:
        self.app.push_screen(KeysHelp("Dashboard keys", self.help_sections()))

    def action_reload(self) -> None:
        self.load()

    def action_alignment(self) -> None:
        """Switch the tree between objectives by team and the alignment tree (company down)."""
        self.aligned_view = not self.aligned_view
        self._show_tree()
        self.notify(
            "Alignment: every team's objectives under the ones they serve, Σ = roll-up. l goes back."
            if self.aligned_view
            else "Objectives by team, with their key results."
        )

    def action_focus_tree(self) -> None:
        self.query_one(OkrTree).focus()

    def action_focus_filter(self, name: str) -> None:
        select = self.query_one(f"#{name}", Select)
        select.focus()
        select.expanded = True

    def action_next_cycle(self) -> None:
        cycles = [c.id for c in self.okr.store.cycles()]
        if len(cycles) < 2:
            self.notify("This store has only one cycle.")
            return
        position = cycles.index(self.cycle_id) if self.cycle_id in cycles else -1
        self.cycle_id = cycles[(position + 1) % len(cycles)]
        self.load()
        self.notify(f"Cycle {self.cycle_id}")

    def chosen_team(self) -> str | None:
        objective = self.query_one(OkrTree).selected_objective
        return objective.team.id if objective else (self.team_filter or None)

    def action_meeting(self) -> None:
        team = self.chosen_team()
        if team is None:
            self.notify("Select a key result of the team that meets.", severity="warning")
            return
        from okrtui.tui.meeting.screen import MeetingScreen

        self.okr.options.team = team
        self.okr.options.cycle = self.cycle_id
        self.app.push_screen(MeetingScreen())

    # The editor's keys (editor/actions.py), each opening one dialog.
    def action_edit(self) -> None:
        self.editor.edit()

    def action_add_kr(self) -> None:
        self.editor.add_kr()

    def action_add_objective(self) -> None:
        self.editor.add_objective()

    def action_archive(self) -> None:
        self.editor.archive()

    def action_undo_archive(self) -> None:
        self.editor.undo_archive()

    def action_teams(self) -> None:
        self.editor.teams()

    def action_new_cycle(self) -> None:
        self.editor.new_cycle()

    def action_edit_cycle(self) -> None:
        self.editor.edit_cycle()

    def action_actions(self) -> None:
        """The open actions of the shown cycle (of the team filtered to), by owner."""
        from okrtui.tui.dashboard.actions import ActionsDialog

        if self.cycle is None:
            return
        store = self.okr.store
        try:
            boards = store.boards(self.cycle, store.team(self.team_filter) if self.team_filter else None)
        except StoreError as error:
            self.notify(f"Cannot read the store: {error}", severity="error")
            return

        def closed(changed: bool | None) -> None:
            if changed:
                self.load()

        self.app.push_screen(ActionsDialog(boards, self.okr.options.today), closed)

    def action_drafts(self) -> None:
        """The drafts review for the cycle shown (of the team filtered to); back here after."""
        from okrtui.tui.drafts.screen import DraftsScreen

        self.app.push_screen(DraftsScreen(team=self.team_filter or None, cycle=self.cycle_id))

    def action_checkin(self) -> None:
        status = self.query_one(OkrTree).selected_kr
        if status is None:
            self.notify("Select a key result first.", severity="warning")
            return
        from okrtui.tui.checkin.screen import CheckinScreen

        self.app.push_screen(CheckinScreen(author=status.kr.owner, first=status.kr.id, cycle=self.cycle_id))
