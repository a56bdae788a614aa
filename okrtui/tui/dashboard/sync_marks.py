"""What a git merge left for people to see, on the dashboard: ⚠ on each KR or objective a sync
conflict or notice is about, and a toast the first time the dashboard shows it.

A row of a team's board marks its KR or objective (a check-in's or a blocker's marks its KR); a row
of the workspace marks the team's objectives (a team renamed on two machines) or the cycle shown
(its dates). Boards are read for this only when `Snapshot.sync` says one holds something open, so a
store that never synced costs nothing more. A conflict is settled in the editor (`editor.conflicts`):
`e` on the KR or objective, `p` for a team, `C` for the cycle's dates. A notice is told once (seen
from then on), yet stays marked on this dashboard until it closes, so its detail can still be read.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from okrtui.core.board import Board
from okrtui.core.safe_text import visible, visible_lines
from okrtui.core.sync_records import SyncConflict, SyncNotice, WorkspaceSync
from okrtui.store import StoreError

if TYPE_CHECKING:
    from okrtui.report.snapshot import Snapshot
    from okrtui.store import Store

MARK = "⚠"
WORKSPACE = "teams and cycles"
"""How a toast names the workspace file's rows."""
CHOOSERS = {"teams": "p", "cycles": "C"}
"""The key that settles a workspace conflict, by table; a board's are settled with `e`."""

Row = SyncConflict | SyncNotice


@dataclass(frozen=True)
class Found:
    """One open sync row, where it was read, and the records it marks."""

    row: Row
    where: str
    """The team's name, or `WORKSPACE`."""
    subjects: tuple[str, ...]
    """KR or objective ids, or the cycle's id (the dashboard marks its cycle line)."""
    board: Board | None
    """The board it was read from (None: the workspace)."""

    @property
    def line(self) -> str:
        """What the ⚠ says about it: a notice's message; a conflict's, with the key that settles it."""
        if isinstance(self.row, SyncNotice):
            return self.row.message
        key = CHOOSERS.get(self.row.table, "e") if self.board is None else "e"
        return f"conflict: {self.row.message}; {key} chooses"


def found_on_board(board: Board) -> list[Found]:
    rows: list[Row] = [*board.open_conflicts(), *board.unseen_notices()]
    return [
        Found(row, board.team.name, (subject,) if (subject := board.sync_subject(row)) else (), board)
        for row in rows
    ]


def found_in_workspace(workspace: WorkspaceSync, snapshot: Snapshot) -> list[Found]:
    """A team's row marks that team's objectives shown; a cycle's marks the cycle line."""
    rows: list[Row] = [*workspace.open_conflicts(), *workspace.unseen_notices()]
    found = []
    for row in rows:
        if row.table == "teams":
            subjects = tuple(o.objective.id for o in snapshot.objectives if o.team.id == row.record)
        else:
            subjects = (row.record,) if row.table == "cycles" else ()
        found.append(Found(row, WORKSPACE, subjects, None))
    return found


def flags_of(found: list[Found]) -> dict[str, str]:
    """Record id (a KR, an objective, a cycle) → what is open about it, one line each."""
    flags: dict[str, list[str]] = {}
    for item in found:
        for subject in item.subjects:
            flags.setdefault(subject, []).append(item.line)
    return {record: "\n".join(lines) for record, lines in flags.items()}


def flagged(label: Text, colour: str, over_symbol: bool = True) -> Text:
    """A tree row with ⚠ where a KR's status symbol was (the row keeps its width), or before an
    objective's heading."""
    rest = label.divide([2])[1] if over_symbol else label
    flagged = Text(no_wrap=True, overflow="ellipsis")
    flagged.append(f"{MARK} ", style=f"{colour} bold".strip())
    return flagged.append_text(rest)


class SyncNote(Vertical):
    """`⚠ From syncing` and the flag's lines, in a KR's or an objective's detail; hidden when none."""

    DEFAULT_CSS = """
    SyncNote { height: auto; display: none; }
    SyncNote .sync-lines { color: $warning; }
    """

    def compose(self) -> ComposeResult:
        yield Static(f"{MARK} From syncing", classes="heading")
        yield Static(classes="sync-lines")

    def show(self, lines: str) -> None:
        self.display = bool(lines)
        self.query_one(".sync-lines", Static).update(Content(visible_lines(lines)))


class SyncMarks:
    """Remembers what was toasted, so each conflict or notice pops up once per dashboard."""

    def __init__(self) -> None:
        self.toasted: set[str] = set()
        self.told: dict[str, Found] = {}
        """Notices toasted here: seen in the store from now on, still marked on this dashboard."""
        self.shown: list[Found] = []
        """Notices toasted by the last `read`: seen now, so `mark_seen` records it."""

    def read(self, store: Store, snapshot: Snapshot) -> tuple[dict[str, str], list[str]]:
        """The flags to show, and the toast lines not yet shown (conflicts first)."""
        if snapshot.cycle is None:
            return {}, []
        if not (snapshot.sync or snapshot.workspace_sync):
            return self._flags([]), []
        found: list[Found] = []
        try:
            if snapshot.workspace_sync:
                found += found_in_workspace(store.workspace_sync(), snapshot)
            # only the boards the snapshot found something on (the others need no second read)
            for team in store.teams():
                if team.id in snapshot.sync:
                    found += found_on_board(store.board(snapshot.cycle, team))
        except StoreError:
            return self._flags([]), []  # the dashboard names an unreadable file itself
        lines: list[str] = []
        self.shown = []
        for item in sorted(found, key=lambda f: isinstance(f.row, SyncNotice)):
            if item.row.id in self.toasted:
                continue
            self.toasted.add(item.row.id)
            if isinstance(item.row, SyncNotice):
                self.shown.append(item)
                self.told[item.row.id] = item
            word = "Sync conflict" if isinstance(item.row, SyncConflict) else "Sync notice"
            lines.append(visible(f"{word} ({item.where}): {item.row.message}"))
        return self._flags(found), lines

    def _flags(self, found: list[Found]) -> dict[str, str]:
        """The open rows' flags, and the told notices' (each once)."""
        open_ids = {item.row.id for item in found}
        return flags_of([*found, *(item for id, item in self.told.items() if id not in open_ids)])

    def mark_seen(self, store: Store) -> None:
        """Record that the notices just toasted were seen: a notice tells, once (status stops
        naming it); a conflict stays until it is settled in the editor. One locked write per file,
        based on the rows as read, so a notice changed meanwhile is left for the next person."""
        by_file: dict[tuple[str, str] | None, list[SyncNotice]] = {}
        for item in self.shown:
            if isinstance(item.row, SyncNotice):
                where = (item.board.cycle.id, item.board.team.id) if item.board else None
                by_file.setdefault(where, []).append(item.row)
        self.shown = []
        for where, notices in by_file.items():
            seen = [n.model_copy(update={"seen": True}) for n in notices]
            message = f"{store.actor} saw {len(seen)} sync notice(s)"
            # a closed board, or a notice changed meanwhile: it is told again next time
            with suppress(StoreError):
                if where is None:
                    store.save_workspace(*seen, message=message)
                else:
                    store.save(*where, *seen, message=message)
