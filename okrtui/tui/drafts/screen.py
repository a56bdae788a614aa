"""The drafts review: every draft an import left of a cycle (one team or all), finished in one pass.

An import keeps a KR it could not settle (no owner, no starting value, no direction) as a draft.
This screen walks them with the keyboard: pick the owner from the team's members, type the
baseline and target, pick the direction, Enter. Each answer is checked on the spot (nothing is
saved while a field is wrong), then written through the store, based on the draft as this screen
read it: a draft someone else changed meanwhile is never overwritten silently. F8 discards a draft
(archived: kept in the file). The screen ends with what was done to each draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Header, Input, Label, Select, Static

from okrtui.core.board import Board
from okrtui.core.draft_review import (
    WAY_LABELS,
    AnswerError,
    DraftAnswer,
    Way,
    complete,
    reading,
    way_of,
    what_was_read,
)
from okrtui.core.drafts import DraftKeyResult
from okrtui.core.errors import explain
from okrtui.core.models import KeyResult, KRKind
from okrtui.core.safe_text import visible, visible_lines
from okrtui.store import StoreError
from okrtui.store.errors import DraftGoneError, StaleWriteError
from okrtui.tui.base import OkrScreen
from okrtui.tui.drafts.discard import DiscardConfirm
from okrtui.tui.drafts.keys import DRAFT_KEYS
from okrtui.tui.editor.base import choice_options, number_text, selected
from okrtui.tui.help import KeysHelp
from okrtui.tui.watch import StoreWatcher
from okrtui.tui.widgets.footer import KeysFooter

SAVE_FAILURES = (StoreError, ValidationError)


class Outcome(StrEnum):
    COMPLETED = "completed"
    DISCARDED = "discarded"
    GONE = "done elsewhere"


@dataclass
class Item:
    """One draft to review, with the board it sits on (the team's members, the objective)."""

    board: Board
    draft: DraftKeyResult
    outcome: Outcome | None = None
    result: str = ""
    """What happened, as the summary says it: `Ben · ↓ 24 h → 6 h`, who did it elsewhere."""

    @property
    def objective_title(self) -> str:
        objective = self.board.objective(self.draft.objective)
        return objective.title if objective else self.draft.objective


def nothing_to_do(cycle: str | None, team: str | None, closed: list[Board], back: str) -> str:
    """Why there is nothing to review, and where to go instead."""
    if cycle is None:
        return f"No OKRs in this store yet.\n\nBring them in with: okrtui import FILE\n\n{back}"
    whose = f" of {team}" if team else ""
    lines = [
        f"No drafts to finish in {cycle}{whose}: every imported KR has an owner, numbers and a direction."
    ]
    for board in closed:
        lines.append(
            f"{board.closed_because()}: its {len(board.open_drafts())} draft(s) can no longer change."
        )
    lines += ["", back]
    return "\n".join(lines)


def field_row(label: str, *widgets: Widget, id: str) -> Horizontal:
    return Horizontal(Label(label, classes="label"), *widgets, classes="row", id=id)


class DraftsScreen(OkrScreen[None]):
    """Walks the drafts of one cycle (one team, or every team): `n of m drafts`, then a summary."""

    CSS_PATH = "drafts.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        # Enter confirms the draft from a list that holds a choice too; Space or Down opens it.
        Binding("enter", "confirm", "Save", priority=True, show=False),
        Binding("f8", "discard", "Discard", key_display="F8"),
        # Priority: inputs and lists have their own (silent) PageUp/PageDown; here they move between drafts.
        Binding("pagedown", "step(1)", "Skip", priority=True),
        Binding("pageup", "step(-1)", "Back", priority=True, show=False),
        Binding("f1", "help", "Help", key_display="F1"),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, team: str | None = None, cycle: str | None = None) -> None:
        """`team`: only its drafts (id or name; default: the app's --team, else every team)."""
        super().__init__()
        self.team_ref = team
        self.cycle_ref = cycle
        self.items: list[Item] = []
        self.at: int | None = None
        self.saving = False
        self.watcher: StoreWatcher | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="review"):
            yield Static(id="position")
            yield Static(id="draft-title")
            yield Static(id="draft-facts")
            yield Static(id="news")
            yield field_row(
                "Owner",
                Select([], prompt="pick the owner", id="owner", compact=True),
                Input(
                    placeholder="the owner's name (the team lists no members)", id="owner-name", compact=True
                ),
                id="owner-row",
            )
            yield field_row(
                "Baseline",
                Input(id="baseline", compact=True),
                Label("Target", classes="label inner"),
                Input(id="target", compact=True),
                Static(id="unit"),
                id="numbers-row",
            )
            yield field_row(
                "Direction",
                Select(
                    [(label, way.value) for way, label in WAY_LABELS.items()],
                    prompt="from the numbers",
                    id="direction",
                    compact=True,
                ),
                id="direction-row",
            )
            yield Static(id="error")
            yield Static(
                "Enter save · Tab next · Space open list · PgDn skip · F8 discard · Esc leave",
                id="hint",
            )
        with VerticalScroll(id="message"):
            yield Static(id="message-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        options = self.okr.options
        self.team_ref = self.team_ref or options.team
        self.cycle_ref = self.cycle_ref or options.cycle
        if self.load():
            self.show(self.first_pending(0))
            self.watcher = StoreWatcher(self.okr.store.root, self.store_changed).start(self)

    # -- data ------------------------------------------------------------------------------------

    def load(self) -> bool:
        """Read the drafts once; the walk keeps this list (and its `of m`) however they are done."""
        view = self.okr.store.view()
        try:
            cycle = (
                view.cycle(self.cycle_ref) if self.cycle_ref else view.current_cycle(self.okr.options.today)
            )
            teams = [view.team(self.team_ref)] if self.team_ref else view.teams()
        except StoreError as error:
            self.show_message(f"Cannot read the store: {error}\n\n{self.way_back}")
            return False
        team_name = teams[0].name if self.team_ref and teams else None
        self.title = "Drafts to finish"
        self.sub_title = visible(" · ".join(p for p in (cycle.id if cycle else None, team_name) if p))
        if cycle is None:
            self.show_message(nothing_to_do(None, team_name, [], self.way_back))
            return False
        boards: list[Board] = []
        for team in teams:
            try:
                boards.append(view.board(cycle, team))
            except StoreError as error:  # another team's damaged file blocks nobody's review
                self.notify(f"Skipped {team.name}'s drafts: {error}", severity="warning", timeout=10)
        closed = [b for b in boards if b.closed_because() and b.open_drafts()]
        self.items = [Item(b, d) for b in boards if not b.closed_because() for d in b.open_drafts()]
        if not self.items:
            self.show_message(nothing_to_do(cycle.id, team_name, closed, self.way_back))
            return False
        return True

    def first_pending(self, start: int, step: int = 1) -> int | None:
        """The next draft not yet done from `start` on (or back), without wrapping round."""
        index = start
        while 0 <= index < len(self.items):
            if self.items[index].outcome is None:
                return index
            index += step
        return None

    @property
    def current(self) -> Item | None:
        return self.items[self.at] if self.at is not None else None

    # -- views -----------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.at = None
        self.remove_class("-editing")
        self.add_class("-message")
        self.query_one("#message-text", Static).update(Content(visible_lines(text)))
        self.refresh_bindings()

    def show(self, index: int | None) -> None:
        """The form for draft `index`, prefilled from what the import read; None: the summary."""
        if index is None:
            self.show_summary()
            return
        self.at = index
        item = self.items[index]
        draft, team = item.draft, item.board.team
        self.remove_class("-message")
        self.add_class("-editing")
        self.query_one("#position", Static).update(
            Content.assemble(
                (f"Draft {index + 1} of {len(self.items)}", "bold"), "  ", (draft.id, "$text-muted")
            )
        )
        self.query_one("#draft-title", Static).update(Content(visible(draft.title)).stylize("bold"))
        facts = [f"Team {team.name} · objective: {item.objective_title}", what_was_read(draft), *draft.notes]
        self.query_one("#draft-facts", Static).update(Content(visible_lines("\n".join(facts))))
        members = bool(team.members)
        self.set_class(not members, "-no-members")
        owner = self.query_one("#owner", Select)
        with owner.prevent(Select.Changed):
            owner.set_options(choice_options(team.members, draft.owner))
            owner.value = draft.owner if draft.owner and members else Select.NULL
        self.fill("#owner-name", draft.owner)
        numbers = draft.kind is not KRKind.BINARY  # a done / not done reading has no numbers to show
        self.fill("#baseline", number_text(draft.baseline) if numbers else "")
        self.fill("#target", number_text(draft.target) if numbers else "")
        target = self.query_one("#target", Input)
        target.placeholder = (
            what_was_read(draft).split(" → ")[-1].split(" · ")[0] if draft.target is None else ""
        )
        self.query_one("#unit", Static).update(Content(visible(draft.unit)))
        direction = self.query_one("#direction", Select)
        way = way_of(draft)
        with direction.prevent(Select.Changed):
            direction.value = way.value if way else Select.NULL
        self.show_error("")
        self.say_news("")
        self.focus_field(self.first_needed(draft))
        self.refresh_bindings()

    def fill(self, selector: str, value: str) -> None:
        box = self.query_one(selector, Input)
        with box.prevent(Input.Changed):
            box.value = value

    @staticmethod
    def first_needed(draft: DraftKeyResult) -> str:
        missing = draft.missing()
        if missing:
            return missing[0]
        return "direction" if way_of(draft) is None else "owner"

    def focus_field(self, name: str) -> None:
        if name == "owner" and self.has_class("-no-members"):
            name = "owner-name"
        self.query_one(f"#{name}").focus()

    def show_error(self, message: str, field: str = "") -> None:
        self.query_one("#error", Static).update(
            Content.assemble(("✖ ", "$error"), visible(message)) if message else Content("")
        )
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        if field:
            name = "owner-name" if field == "owner" and self.has_class("-no-members") else field
            self.query_one(f"#{name}").add_class("-invalid")
            self.focus_field(field)

    def show_summary(self) -> None:
        done = [i for i in self.items if i.outcome is Outcome.COMPLETED]
        dropped = [i for i in self.items if i.outcome is Outcome.DISCARDED]
        elsewhere = [i for i in self.items if i.outcome is Outcome.GONE]
        waiting = [i for i in self.items if i.outcome is None]
        lines = [
            f"Reviewed {len(self.items)} draft(s): {len(done)} completed, {len(dropped)} discarded"
            + (f", {len(elsewhere)} done elsewhere" if elsewhere else "")
            + (f", {len(waiting)} still draft(s)" if waiting else "")
            + ".",
            "",
        ]
        marks = {Outcome.COMPLETED: "✔", Outcome.DISCARDED: "✖", Outcome.GONE: "↻", None: "●"}
        for item in self.items:
            missing = item.draft.missing()
            said = item.result or "still a draft" + (f", needs {', '.join(missing)}" if missing else "")
            lines.append(f"  {marks[item.outcome]} {item.draft.id}  {item.draft.title[:60]}")
            lines.append(f"      {said}")
        lines.append("")
        lines.append(("PgUp goes back to the drafts still waiting; " if waiting else "") + self.way_back)
        self.show_message("\n".join(lines))

    @property
    def opened_from_app(self) -> bool:
        return len(self.app.screen_stack) > 2

    @property
    def way_back(self) -> str:
        return "Escape goes back to the dashboard." if self.opened_from_app else "Escape quits."

    # -- saving ----------------------------------------------------------------------------------

    def answer(self) -> DraftAnswer:
        if self.has_class("-no-members"):
            owner = self.query_one("#owner-name", Input).value
        else:
            owner = selected(self.query_one("#owner", Select)) or ""
        way = selected(self.query_one("#direction", Select))
        return DraftAnswer(
            owner=owner,
            baseline=self.query_one("#baseline", Input).value,
            target=self.query_one("#target", Input).value,
            way=Way(way) if way else None,
        )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self, event: Input.Changed | Select.Changed) -> None:
        """Typing or picking again: an error about the old values no longer applies. Numbers typed
        for a draft read as done / not done make it a KR that moves: its direction follows them."""
        if self.saving:
            return
        self.show_error("")
        if isinstance(event, Input.Changed) and event.input.id in ("baseline", "target") and event.value:
            direction = self.query_one("#direction", Select)
            if direction.value == Way.BINARY.value:
                with direction.prevent(Select.Changed):
                    direction.value = Select.NULL

    def action_confirm(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        item = self.current
        if item is None or self.saving:
            return
        try:
            done = complete(item.draft, item.board.team, self.answer())
        except AnswerError as error:
            self.show_error(str(error), error.field)
            return
        draft = item.draft
        self.saving = True
        self.query_one("#error", Static).update("Saving…")

        def write() -> KeyResult:
            return self.okr.store.promote_draft(
                draft.id,
                owner=done.owner,
                baseline=done.baseline,
                target=done.target,
                direction=done.direction,
                kind=done.kind,
                based_on=draft.rev,
            )

        self.in_background(
            "draft-save",
            write,
            lambda kr: self.saved(item, kr),
            lambda e: self.failed(item, e),
            SAVE_FAILURES,
        )

    def saved(self, item: Item, kr: KeyResult) -> None:
        self.saving = False
        self.saved_here()
        item.outcome, item.result = Outcome.COMPLETED, f"key result now: {reading(kr)}"
        self.notify(f"Saved {kr.id}", timeout=2)
        self.after(item)

    def after(self, item: Item) -> None:
        """On to the next draft still waiting after this one, else the summary."""
        index = self.items.index(item)
        self.show(self.first_pending(index + 1))

    def failed(self, item: Item, error: Exception) -> None:
        self.saving = False
        if isinstance(error, DraftGoneError):
            item.outcome, item.result = Outcome.GONE, str(error)
            self.notify(str(error), severity="warning")
            self.after(item)
            return
        if isinstance(error, StaleWriteError):
            fresh = self.reread(item)
            now = f" It now reads: {what_was_read(fresh).removeprefix('Read: ')}" if fresh else ""
            self.show_error(f"Not saved: {error}.{now} Enter saves yours over it.")
            self.query_one("#draft-facts", Static).update(
                Content(visible_lines("\n".join([what_was_read(item.draft), *item.draft.notes])))
            )
            return
        message = explain(error) if isinstance(error, ValidationError) else str(error)
        self.show_error(f"Not saved: {message}")

    def reread(self, item: Item) -> DraftKeyResult | None:
        """The draft as stored now: the next save is based on it, the typed answer kept."""
        try:
            board = self.okr.store.board(item.board.cycle, item.board.team)
        except StoreError:
            return None
        fresh = board.draft(item.draft.id)
        if fresh is not None:
            item.board, item.draft = board, fresh
        return fresh

    # -- other writers ---------------------------------------------------------------------------

    def store_changed(self) -> None:
        """Someone else wrote: say so if it was the draft on screen (the save will not overwrite it)."""
        item = self.current
        if item is None or self.saving:
            return
        try:
            board = self.okr.store.board(item.board.cycle, item.board.team)
        except StoreError:
            return
        fresh = board.draft(item.draft.id)
        if fresh is not None and fresh.rev == item.draft.rev:
            return
        if fresh is None or fresh.archived:
            done = board.kr(item.draft.id)
            record = done if fresh is None else fresh
            what = "discarded" if fresh is not None else "completed"
            by = (record.changed_by if record else "") or "someone else"
            news = f"↻ {by} {what} {item.draft.id} meanwhile: PgDn for the next draft"
        else:
            by = fresh.changed_by or "someone else"
            news = (
                f"↻ {by} changed {item.draft.id} meanwhile ({what_was_read(fresh)}); saving says what changed"
            )
        self.say_news(news)

    def say_news(self, news: str) -> None:
        self.query_one("#news", Static).update(Content.assemble((visible(news), "$warning")))
        self.set_class(bool(news), "-news")

    def saved_here(self) -> None:
        if self.watcher is not None:
            self.watcher.mark_seen()

    # -- discarding ------------------------------------------------------------------------------

    def action_discard(self) -> None:
        item = self.current
        if item is None or self.saving:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.discard(item)

        self.app.push_screen(DiscardConfirm(item.draft), confirmed)

    def discard(self, item: Item) -> None:
        draft = item.draft
        self.saving = True

        def done(_saved: DraftKeyResult) -> None:
            self.saving = False
            self.saved_here()
            item.outcome, item.result = Outcome.DISCARDED, "discarded (archived, kept in the store file)"
            self.notify(f"Discarded {draft.id}", timeout=2)
            self.after(item)

        self.in_background(
            "draft-discard",
            lambda: self.okr.store.discard_draft(draft.id, based_on=draft.rev),
            done,
            lambda e: self.failed(item, e),
            SAVE_FAILURES,
        )

    # -- moving ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Save and discard only with a draft on screen; PgUp on the summary only with drafts left."""
        if action == "confirm":
            focused = self.focused
            return (
                self.at is not None
                and isinstance(focused, Select)
                and not focused.expanded
                and not focused.is_blank()
            )
        if action in ("save", "discard"):
            return self.at is not None
        if action == "step":
            if self.at is not None:
                return True
            return bool(self.items) and parameters == (-1,) and any(i.outcome is None for i in self.items)
        return True

    def action_step(self, delta: int) -> None:
        if self.saving or not self.items:
            return
        if self.at is None:  # from the summary, back to the last draft still waiting
            self.show(self.first_pending(len(self.items) - 1, -1))
            return
        following = self.first_pending(self.at + delta, delta)
        if following is None and delta < 0:
            return
        self.show(following)

    def action_help(self) -> None:
        self.app.push_screen(KeysHelp("Drafts review keys", DRAFT_KEYS))

    def action_leave(self) -> None:
        """Back to the dashboard when opened from it, else quit."""
        if self.saving:
            return
        if self.opened_from_app:
            self.dismiss()
        else:
            self.app.exit()
