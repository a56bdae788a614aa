"""The dashboard's open actions, by owner (overdue ones say so), and ticking one done from there."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from okrtui.core.actions import ActionChange, ActionMove, by_owner, is_overdue, open_actions
from okrtui.core.board import Board
from okrtui.core.models import Action
from okrtui.core.weeks import week_of
from okrtui.services.actions import change_one
from okrtui.store import StoreError
from okrtui.tui.base import OkrDialog


def action_prompt(action: Action, today: date) -> Content:
    late = is_overdue(action, today)
    due = f", due {action.due}" if action.due else ""
    return Content.assemble(
        ("☐ ", ""),
        (action.id, "$text-muted"),
        f" {action.text}{due}",
        (" ⚠ overdue", "bold $okr-off-track") if late else "",
    )


class ActionsDialog(OkrDialog[bool]):
    """Open actions of the shown boards, grouped by owner; `d` ticks the highlighted one done."""

    BINDINGS = [Binding("d", "done", "Done"), Binding("escape", "close", "Close")]

    def __init__(self, boards: list[Board], today: date) -> None:
        super().__init__()
        self.boards = boards
        self.today = today
        self.changed = False

    def actions(self) -> dict[str, Board]:
        return {a.id: board for board in self.boards for a in open_actions(board)}

    def body(self) -> ComposeResult:
        yield Static("Open actions, by owner · d: done · Escape: close", classes="heading")
        yield OptionList(*self._options(), id="actions")

    def _options(self) -> list[Option]:
        everything = [a for board in self.boards for a in open_actions(board)]
        if not everything:
            return [
                Option("No open actions: everything agreed is done or dropped.", id="none", disabled=True)
            ]
        options: list[Option] = []
        for owner, actions in by_owner(everything).items():
            options.append(Option(Content.styled(owner, "bold"), disabled=True))
            options += [Option(action_prompt(a, self.today), id=a.id) for a in actions]
        return options

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        listing.focus()
        listing.action_first()

    def action_done(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return
        action_id = listing.get_option_at_index(listing.highlighted).id or ""
        board = self.actions().get(action_id)
        action = next((a for a in open_actions(board) if a.id == action_id), None) if board else None
        if board is None or action is None:
            return
        change = ActionChange(
            action=action_id, move=ActionMove.DONE, week=week_of(self.today), based_on=action.rev
        )
        store = self.okr.store
        self.in_background(
            "action-done",
            lambda: change_one(store, board.cycle.id, board.team.id, change),
            lambda result: self._done(board, result.after),
            lambda error: self.notify(f"Not saved: {error}", severity="error"),
            (StoreError, ValueError),
        )

    def _done(self, board: Board, after: Action) -> None:
        board.actions = [after if a.id == after.id else a for a in board.actions]
        self.changed = True
        self.notify(f"{after.id} done")
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options(self._options())
        listing.highlighted = min(highlighted or 0, listing.option_count - 1)

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_done()

    def action_close(self) -> None:
        self.dismiss(self.changed)
