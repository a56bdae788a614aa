"""Two answers for one KR and week: someone else checked in after this screen's answer was begun.

Both are shown side by side (theirs with who and when); the person keeps theirs, takes ours, or
goes back to edit. Enter keeps theirs: the default never throws away another person's answer.
Used by the meeting and the check-in screen alike.
"""

from __future__ import annotations

from enum import StrEnum

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from okrtui.core.checkin import CheckInRequest
from okrtui.core.models import CheckIn
from okrtui.core.safe_text import visible
from okrtui.core.values import format_value
from okrtui.core.weeks import now
from okrtui.core.when import ago
from okrtui.tui.base import OkrDialog


class ConflictChoice(StrEnum):
    THEIRS = "theirs"
    OURS = "ours"
    EDIT = "edit"


def answer_lines(
    title: str, value: float, confidence: int, texts: tuple[str, str, str], unit: str
) -> Content:
    moved, stuck, next_ = texts
    lines = [title, f"value {format_value(value, unit)}", f"confidence {confidence}/10"]
    lines += [
        f"{label}: {text}" for label, text in (("moved", moved), ("stuck", stuck), ("next", next_)) if text
    ]
    return Content(visible("\n".join(lines)))


class ConflictDialog(OkrDialog[ConflictChoice]):
    DEFAULT_CSS = """
    ConflictDialog #answers { height: auto; margin: 1 0; }
    ConflictDialog .answer { width: 1fr; height: auto; border: round $panel-lighten-2; padding: 0 1; }
    ConflictDialog #theirs { border: round $accent; }
    """
    BINDINGS = [
        Binding("k", "choose('theirs')", "Keep theirs"),
        Binding("o", "choose('ours')", "Take ours"),
        Binding("e", "choose('edit')", "Edit"),
        Binding("escape", "choose('theirs')", "Keep theirs", show=False),
    ]

    def __init__(self, ours: CheckInRequest, theirs: CheckIn, unit: str) -> None:
        super().__init__()
        self.ours = ours
        self.theirs = theirs
        self.unit = unit

    def body(self) -> ComposeResult:
        theirs, ours = self.theirs, self.ours
        who = theirs.author or "Someone"
        yield Static(
            Content(
                visible(f"{who} checked in {ours.where.kr} for {ours.week} after you began your answer.")
            ),
            classes="heading",
        )
        with Horizontal(id="answers"):
            with Vertical(id="theirs", classes="answer"):
                title = f"{who}'s, {ago(theirs.created_at, now())}"
                texts = (theirs.moved, theirs.stuck, theirs.next)
                yield Static(answer_lines(title, theirs.value, theirs.confidence, texts, self.unit))
            with Vertical(id="ours", classes="answer"):
                texts = (ours.moved, ours.stuck, ours.next)
                yield Static(answer_lines("yours (not saved)", ours.value, ours.confidence, texts, self.unit))
        yield OptionList(
            Option(f"Keep {who}'s answer (k, Enter)", id=ConflictChoice.THEIRS),
            Option(f"Take yours; {who}'s stays in the history (o)", id=ConflictChoice.OURS),
            Option("Edit yours, with theirs in view (e)", id=ConflictChoice.EDIT),
            id="choices",
        )

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(ConflictChoice(event.option.id or ConflictChoice.THEIRS))

    def action_choose(self, choice: str) -> None:
        self.dismiss(ConflictChoice(choice))
