"""Small modal screens the meeting opens: team picker, resume prompt, keyboard help.

Each has its own footer, so the keys shown are the dialog's, not the meeting's underneath.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.markup import escape
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from okrtui.core.models import Meeting, Team
from okrtui.core.safe_text import visible
from okrtui.tui.base import OkrDialog
from okrtui.tui.help import KeyLine, Section

MEETING_KEYS: list[Section] = [
    (
        "Answer",
        [
            KeyLine("Enter", "save this KR and go to the next step (from any field of its form)"),
            KeyLine("Tab", "next field (shift+Tab: previous)"),
            KeyLine("1-9, 0", "set the confidence (0 = 10) in its field; Up/Down change it by one"),
        ],
    ),
    (
        "Move",
        [
            KeyLine("PgDn PgUp", "next / previous step from anywhere; what was typed is saved"),
            KeyLine("ctrl+s", "finish: go to the summary and write the notes"),
            KeyLine(
                "F4",
                "when KRs will not fit in the time left: park the lowest-risk ones to the end of the"
                " meeting or to async (next week's meeting walks them first)",
            ),
            KeyLine("Escape", "leave; everything entered is kept (`okrtui meeting --resume` continues)"),
        ],
    ),
    (
        "The room (others run `okrtui join` on the same store)",
        [
            KeyLine("F2", "open a private confidence vote on this KR; F2 again reveals every vote at once"),
            KeyLine("F3", "hand this step's keyboard to someone in the room, or take it back"),
        ],
    ),
    (
        "Summary",
        [
            KeyLine("c", "copy the notes to the clipboard"),
            KeyLine("d", "copy the week's digest (as `okrtui digest` prints it) to the clipboard"),
        ],
    ),
    ("Help", [KeyLine("? F1", "this help; Escape closes it")]),
]


class TeamPicker(OkrDialog[str | None]):
    """Which team meets: shown when the store has several and no --team was given. None: leave."""

    BINDINGS = [
        Binding("enter", "pick", "Pick team", priority=True),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, teams: list[Team], question: str = "Which team is meeting?") -> None:
        super().__init__()
        self.teams = teams
        self.question = question

    def body(self) -> ComposeResult:
        yield Static(f"[b]{escape(self.question)}[/b]  Up/Down, Enter")
        yield OptionList(*(Option(Content(visible(f"{t.name} ({t.id})")), id=t.id) for t in self.teams))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_pick(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def action_leave(self) -> None:
        self.dismiss(None)


class ResumePrompt(OkrDialog[bool | None]):
    """An unfinished meeting exists for this team and week: continue it (True), start afresh
    (False), or leave (None)."""

    BINDINGS = [
        Binding("r", "choose(True)", "Resume"),
        Binding("n", "choose(False)", "New meeting"),
        Binding("escape", "choose(None)", "Leave"),
    ]

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting

    def body(self) -> ComposeResult:
        started = self.meeting.started_at.strftime("%a %H:%M")
        yield Static(
            f"[b]An unfinished meeting ({escape(self.meeting.id)}, started {started} UTC) exists for "
            f"{self.meeting.week}.[/b]\nResume it at the first unanswered KR?"
        )
        yield OptionList(Option("Resume it (r)", id="resume"), Option("Start a new meeting (n)", id="new"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id == "resume")

    def action_choose(self, resume: bool | None) -> None:
        self.dismiss(resume)
