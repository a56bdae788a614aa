"""The meeting's blockers-and-actions step: pick a blocker, give it an owner, resolve it, or turn
it into an action item. Everything by keyboard: Up/Down pick, Tab to the fields, Enter applies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.markup import escape
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from okrtui.core.errors import explain
from okrtui.core.models import Action, ActionItem, Blocker
from okrtui.core.safe_text import visible
from okrtui.core.text import one_line
from okrtui.services.meeting_session import BlockerChange
from okrtui.tui.widgets.kr_form import Tick


def parse_due(text: str, today: date) -> date | None:
    """`2026-11-27`, `+7` (days from today) or empty; ValueError says what is accepted."""
    text = text.strip()
    if not text:
        return None
    if text.startswith("+") and text[1:].isdigit():
        return today + timedelta(days=int(text[1:]))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"due date {text[:20]!r}: use YYYY-MM-DD or +N days") from None


class BlockersStep(Vertical):
    DEFAULT_CSS = """
    BlockersStep { height: auto; }
    BlockersStep OptionList { height: auto; max-height: 8; border: none; padding: 0; }
    BlockersStep .row { height: 1; }
    BlockersStep .row Label { width: 14; color: $text-muted; }
    BlockersStep .row Input { width: 1fr; }
    BlockersStep Input:focus { background: $primary 30%; }
    BlockersStep Tick { height: 1; border: none; padding: 0; margin-left: 14; }
    BlockersStep #blocker-error { color: $error; padding-left: 14; }
    BlockersStep #blocker-editing { color: $accent; text-style: bold; height: auto; }
    BlockersStep .heading { text-style: bold; margin-top: 1; }
    """

    class Applied(Message):
        def __init__(self, change: BlockerChange) -> None:
            super().__init__()
            self.change = change

    def __init__(self, blockers: list[Blocker], actions: Sequence[Action | ActionItem], today: date) -> None:
        super().__init__(id="blockers-step")
        self.blockers = blockers
        self.actions = actions
        self.today = today

    def compose(self) -> ComposeResult:
        yield Static("[b]Blockers and actions[/b] · Up/Down pick · Tab to the fields · Enter applies")
        yield OptionList(*self._options(), id="blocker-list")
        yield Static("", id="blocker-editing")
        with Horizontal(classes="row"):
            yield Label("Owner")
            yield Input(placeholder="who unblocks it", compact=True, id="blocker-owner")
        yield Tick("resolve this blocker", compact=True, id="blocker-resolve")
        with Horizontal(classes="row"):
            yield Label("Action item")
            yield Input(placeholder="turn it into an action (text)", compact=True, id="action-text")
        with Horizontal(classes="row"):
            yield Label("Action owner")
            yield Input(placeholder="who does it", compact=True, id="action-owner")
        with Horizontal(classes="row"):
            yield Label("Due")
            yield Input(placeholder="YYYY-MM-DD or +7", compact=True, id="action-due")
        yield Static("", id="blocker-error")
        yield Static("Action items", classes="heading")
        yield Static(self._actions(), id="action-items")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.blockers:
            options.highlighted = 0
        self._name_selected()

    @on(OptionList.OptionHighlighted, "#blocker-list")
    def _picked(self) -> None:
        self._name_selected()

    def _name_selected(self) -> None:
        """The fields say which blocker they edit (or that they only make a free action item)."""
        blocker = self.selected
        text = (
            f"Editing {blocker.id} ({blocker.kr}): {blocker.text}"
            if blocker is not None
            else "No blocker picked: the fields make a free action item"
        )
        self.query_one("#blocker-editing", Static).update(Content(visible(text)))

    def _options(self) -> list[Option]:
        if not self.blockers:
            return [Option("no blockers raised or open: add free action items below", id="none")]
        return [
            Option(
                f"{'✔ resolved' if not b.is_open else '✖ open'}  {b.id} ({b.kr}, owner "
                f"{escape(b.owner or '—')}): {escape(b.text)}",
                id=b.id,
            )
            for b in self.blockers
        ]

    def _actions(self) -> str:
        items = [
            f"☐ {escape(a.text)} — {escape(a.owner or 'no owner')}" + (f", due {a.due}" if a.due else "")
            for a in self.actions
        ]
        return "\n".join(items) or "none yet"

    def show(self, blockers: list[Blocker], actions: Sequence[Action | ActionItem]) -> None:
        """Redraw after a change was saved, keeping the highlighted blocker."""
        self.blockers, self.actions = blockers, actions
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = highlighted
        self.query_one("#action-items", Static).update(self._actions())

    @property
    def selected(self) -> Blocker | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.blockers:
            return None
        return self.blockers[options.highlighted]

    @on(Input.Submitted)
    def _apply(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.query_one("#blocker-error", Static)
        blocker = self.selected
        owner = str(one_line(self.query_one("#blocker-owner", Input).value))
        resolve = self.query_one("#blocker-resolve", Tick).value
        text = self.query_one("#action-text", Input).value
        try:
            due = parse_due(self.query_one("#action-due", Input).value, self.today)
            action = None
            if str(text).strip():
                action = ActionItem(
                    text=text,
                    owner=self.query_one("#action-owner", Input).value,
                    due=due,
                    blocker=blocker.id if blocker else None,
                )
        except (ValueError, ValidationError) as problem:
            message = explain(problem) if isinstance(problem, ValidationError) else str(problem)
            error.update(f"✖ {escape(message)}")
            event.input.focus()
            return
        if blocker is None and action is None:
            error.update("✖ pick a blocker, or type an action item")
            return
        if len(str(owner)) > 60:
            error.update("✖ owner is too long (at most 60 characters)")
            return
        error.update("")
        for field in self.query(Input):
            field.value = ""
        self.query_one("#blocker-resolve", Tick).value = False
        self.post_message(
            self.Applied(BlockerChange(blocker.id if blocker else None, owner or None, resolve, action))
        )
