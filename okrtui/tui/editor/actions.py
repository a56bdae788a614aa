"""The OKR editor, reached from the dashboard: its keys open one dialog each (editor/*.py).

A collaborator of the dashboard (its `EditorHost`), which supplies the tree, the shown cycle and
`load()`. A dialog writes through the store itself and closes with the id of what it saved; the
dashboard then reloads and puts the cursor on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from textual.notifications import SeverityLevel
from textual.screen import ModalScreen

from okrtui.core.alignment import Alignment
from okrtui.core.board import Board
from okrtui.core.models import Cycle, CycleState, Team
from okrtui.core.safe_text import visible
from okrtui.store import StoreError
from okrtui.tui.dashboard.tree import OkrTree
from okrtui.tui.editor.archive import ArchiveConfirm, Archived, unarchive
from okrtui.tui.editor.cycle import NewCycleEditor
from okrtui.tui.editor.cycle_dates import CycleDatesEditor
from okrtui.tui.editor.kr import KREditor
from okrtui.tui.editor.objective import ObjectiveEditor, parent_choices
from okrtui.tui.editor.teams import TeamsEditor
from okrtui.tui.watch import StoreWatcher

if TYPE_CHECKING:
    from okrtui.tui.app import OkrApp


class EditorHost(Protocol):
    """What the editor needs from the screen it works for."""

    cycle_id: str | None
    watcher: StoreWatcher | None
    alignment: Alignment | None

    @property
    def cycle(self) -> Cycle | None: ...

    @property
    def okr(self) -> OkrApp: ...

    def load(self) -> None: ...

    def chosen_team(self) -> str | None: ...

    def query_one(self, selector: type[OkrTree]) -> OkrTree: ...

    def notify(self, message: str, *, severity: SeverityLevel = "information") -> None: ...


class Editor:
    """`e` edit, `a` add KR, `n` new objective, `x` archive, `p` teams, `Y` new cycle, `C` the
    cycle's dates."""

    def __init__(self, host: EditorHost) -> None:
        self.host = host
        self.archived: Archived | None = None
        """The last KR or objective archived here: `u` brings it back."""

    # -- what is being edited ---------------------------------------------------------------------------

    def _plan_cycle(self) -> Cycle | None:
        """The shown cycle, when its OKRs may still change (not closed by a retrospective)."""
        cycle = self.host.cycle
        if cycle is None:
            self.host.notify("No cycle yet: press Y to start one.", severity="warning")
            return None
        if cycle.state is CycleState.CLOSED:
            self.host.notify(
                f"Cycle {cycle.id} is closed: its OKRs stay as they were. Press Y to start a new cycle.",
                severity="warning",
            )
            return None
        return cycle

    def _board(self, cycle: Cycle, team: Team) -> Board | None:
        """The board to edit, once it is known that an edit can be saved (else say why, open nothing)."""
        if not self._can_save(cycle.id, team.id):
            return None
        try:
            return self.host.okr.store.board(cycle, team)
        except StoreError as error:
            self.host.notify(visible(f"Cannot read the store: {error}"), severity="error")
            return None

    def _can_save(self, cycle_id: str | None = None, team_id: str | None = None) -> bool:
        """Refuse to open a dialog whose save would fail (a read-only store, a closed board)."""
        try:
            self.host.okr.store.probe(cycle_id, team_id)
        except StoreError as error:
            self.host.notify(visible(f"Cannot edit: {error}"), severity="error")
            return False
        return True

    def _open(
        self,
        dialog: ModalScreen[str | None],
        *,
        switch_cycle: bool = False,
        after: Callable[[str], None] | None = None,
    ) -> None:
        def done(result: str | None) -> None:
            if result is None:
                return
            if after is not None:
                after(result)
            if self.host.watcher is not None:
                self.host.watcher.mark_seen()  # our own write: no second reload from the poll
            if switch_cycle:
                self.host.cycle_id = result
            self.host.load()
            tree = self.host.query_one(OkrTree)
            tree.call_after_refresh(self.put_cursor_on, result)

        self.host.okr.push_screen(dialog, callback=done)

    def put_cursor_on(self, doc_id: str) -> None:
        tree = self.host.query_one(OkrTree)
        node = tree.find(doc_id)
        if node is not None:
            tree.move_cursor(node)

    # -- actions ----------------------------------------------------------------------------------------

    def edit(self) -> None:
        tree = self.host.query_one(OkrTree)
        chosen = tree.selected_objective
        if chosen is None:
            self.host.notify("Select an objective or a key result to edit.", severity="warning")
            return
        cycle = self._plan_cycle()
        board = self._board(cycle, chosen.team) if cycle else None
        if board is None or cycle is None:
            return
        objective = board.objective(chosen.objective.id)
        status = tree.selected_kr
        kr = board.kr(status.kr.id) if status else None
        if objective is None or (status is not None and kr is None):
            self.host.notify("It was just changed elsewhere; press r to refresh.", severity="warning")
            return
        if kr is not None:
            self._open(KREditor(board, objective, kr))
        else:
            parents = parent_choices(self.host.alignment, objective)
            self._open(
                ObjectiveEditor(self._board_reader(cycle), chosen.team, [chosen.team], objective, parents)
            )

    def add_kr(self) -> None:
        chosen = self.host.query_one(OkrTree).selected_objective
        if chosen is None:
            self.host.notify(
                "Select an objective (or one of its KRs) to add a key result to.", severity="warning"
            )
            return
        cycle = self._plan_cycle()
        board = self._board(cycle, chosen.team) if cycle else None
        objective = board.objective(chosen.objective.id) if board else None
        if board is not None and objective is not None:
            self._open(KREditor(board, objective))

    def add_objective(self) -> None:
        cycle = self._plan_cycle()
        if cycle is None:
            return
        teams = self.host.okr.store.teams()
        if not teams:
            self.host.notify("No team yet: press p to add one.", severity="warning")
            return
        wanted = self.host.chosen_team()
        team = next((t for t in teams if t.id == wanted), teams[0])
        if self._can_save(cycle.id, team.id):
            parents = parent_choices(self.host.alignment, None)
            self._open(ObjectiveEditor(self._board_reader(cycle), team, teams, parents=parents))

    def _board_reader(self, cycle: Cycle) -> Callable[[Team], Board]:
        """The objective form reads the board of whichever team it is switched to."""
        return lambda team: self.host.okr.store.board(cycle, team)

    def archive(self) -> None:
        tree = self.host.query_one(OkrTree)
        chosen = tree.selected_objective
        if chosen is None:
            self.host.notify("Select an objective or a key result to archive.", severity="warning")
            return
        cycle = self._plan_cycle()
        if cycle is None:
            return
        status = tree.selected_kr
        doc = status.kr if status else chosen.objective
        archived = Archived(cycle.id, chosen.team.id, doc.id, doc.title)

        def remember(_doc_id: str) -> None:
            self.archived = archived
            self.host.notify(visible(f"Archived {doc.id} '{doc.title}'. u brings it back."))

        if self._can_save(cycle.id, chosen.team.id):
            self._open(ArchiveConfirm(cycle.id, chosen.team.id, doc), after=remember)

    def undo_archive(self) -> None:
        """Bring back the last KR or objective archived from this dashboard, cursor on it."""
        archived = self.archived
        if archived is None:
            self.host.notify("Nothing archived here to bring back.", severity="warning")
            return
        if not self._can_save(archived.cycle, archived.team):
            return
        try:
            unarchive(self.host.okr.store, archived)
        except StoreError as error:
            self.host.notify(visible(f"Not restored: {error}"), severity="error")
            return
        self.archived = None
        if self.host.watcher is not None:
            self.host.watcher.mark_seen()
        self.host.cycle_id = archived.cycle
        self.host.load()
        self.host.notify(visible(f"Restored {archived.doc_id} '{archived.title}'."))
        self.host.query_one(OkrTree).call_after_refresh(self.put_cursor_on, archived.doc_id)

    def teams(self) -> None:
        store = self.host.okr.store
        try:
            teams = store.teams()
            conflicts = store.workspace_sync().open_conflicts()
        except StoreError as error:
            self.host.notify(visible(f"Cannot read the store: {error}"), severity="error")
            return
        if self._can_save():
            self._open(TeamsEditor(teams, chosen=self.host.chosen_team(), conflicts=conflicts))

    def edit_cycle(self) -> None:
        """The shown cycle's dates (and the dates two machines set differently, to settle)."""
        cycle = self.host.cycle
        if cycle is None:
            self.host.notify("No cycle yet: press Y to start one.", severity="warning")
            return
        try:
            conflicts = self.host.okr.store.workspace_sync().open_conflicts()
        except StoreError as error:
            self.host.notify(visible(f"Cannot read the store: {error}"), severity="error")
            return
        if self._can_save():
            self._open(CycleDatesEditor(cycle, conflicts))

    def new_cycle(self) -> None:
        store = self.host.okr.store
        try:
            cycles = store.cycles()
            source = store.boards(self.host.cycle) if self.host.cycle else []
        except StoreError as error:
            self.host.notify(visible(f"Cannot read the store: {error}"), severity="error")
            return
        if self._can_save():
            self._open(NewCycleEditor(cycles, source, self.host.okr.options.today), switch_cycle=True)
