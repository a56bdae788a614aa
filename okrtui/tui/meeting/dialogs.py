"""Small modal screens the meeting opens: team picker, resume prompt, keyboard help.

Each has its own footer, so the keys shown are the dialog's, not the meeting's underneath.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from okrtui.core.models import Meeting, Team

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 70; max-width: 100%; height: auto; max-height: 100%;
    border: thick $primary; background: $surface; padding: 1 2; }}
{name} OptionList {{ height: auto; max-height: 12; }}
"""

HELP = """\
[b]Meeting keys[/b]

  Enter          save this KR and go to the next step (in the value, confidence or a one-line field)
  Tab / shift+Tab  move between fields
  1-9, 0         set confidence (0 = 10) when the confidence field has focus; Up/Down change it
  PageDown / PageUp  next / previous step, from anywhere (what you typed is saved)
  ctrl+s         finish: go to the summary and write the notes
  Escape, ctrl+q  leave; everything entered is kept (`okrtui meeting --resume` continues)
  c              on the summary: copy the notes to the clipboard
  ? or F1        this help

Press Escape to close."""


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="HelpScreen")
    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss", "Close", key_display="esc")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(HELP)
        yield Footer()


class TeamPicker(ModalScreen[str | None]):
    """Which team meets: shown when the store has several and no --team was given. None: leave."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TeamPicker")
    BINDINGS = [
        Binding("enter", "pick", "Pick team", priority=True),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, teams: list[Team]) -> None:
        super().__init__()
        self.teams = teams

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Which team is meeting?[/b]  Up/Down, Enter")
            yield OptionList(*(Option(f"{escape(t.name)} ({t.id})", id=t.id) for t in self.teams))
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_pick(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def action_leave(self) -> None:
        self.dismiss(None)


class ResumePrompt(ModalScreen[bool | None]):
    """An unfinished meeting exists for this team and week: continue it (True), start afresh
    (False), or leave (None)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ResumePrompt")
    BINDINGS = [
        Binding("r", "choose(True)", "Resume"),
        Binding("n", "choose(False)", "New meeting"),
        Binding("escape", "choose(None)", "Leave"),
    ]

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        started = self.meeting.started_at.strftime("%a %H:%M")
        with Vertical():
            yield Static(
                f"[b]An unfinished meeting ({self.meeting.id}, started {started} UTC) exists for "
                f"{self.meeting.week}.[/b]\nResume it at the first unanswered KR?"
            )
            yield OptionList(
                Option("Resume it (r)", id="resume"), Option("Start a new meeting (n)", id="new")
            )
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id == "resume")

    def action_choose(self, resume: bool | None) -> None:
        self.dismiss(resume)
