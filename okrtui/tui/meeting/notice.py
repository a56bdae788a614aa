"""The meeting's notice line, under the header: what will not fit in the time left and the offer to
park it (F4), the park prompt itself, and what the opening has to say (last week's parked KRs walked
first, a second meeting this week). Inline rather than a toast: it stays while it is true.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from okrtui.core.agenda import StepKind
from okrtui.core.models import MeetingState, ParkTo
from okrtui.core.safe_text import visible
from okrtui.services.meeting_session import MeetingSession

PROMPT = "Enter/e: to the end · a: to async (owners check in alone) · Esc: keep them"
"""Fits one line at 80 columns, like every notice here that is not about a name from the store."""


class MeetingNotice(Static, can_focus=True):
    """Shows the session's notices; while asking where to park, takes the keys e / a / Escape."""

    DEFAULT_CSS = """
    MeetingNotice { height: auto; padding: 0 1; display: none; }
    MeetingNotice.-shown { display: block; }
    MeetingNotice.-over { color: $okr-at-risk; text-style: bold; }
    MeetingNotice:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("e,enter", "choose('end')", "To the end"),
        Binding("a", "choose('async')", "To async"),
        Binding("escape", "choose('')", "Keep them"),
    ]

    class Chosen(Message):
        """Where the facilitator parks `keys` (None: keep them in the walk)."""

        def __init__(self, keys: list[str], to: ParkTo | None) -> None:
            super().__init__()
            self.keys = keys
            self.to = to

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.asking: list[str] = []

    def show(self, session: MeetingSession) -> None:
        """Redraw from the session (called by the screen's clock tick)."""
        if self.asking:
            lines = [
                Content(f"⏸ Park {', '.join(self.asking)} (the lowest risk)?"),
                Content(PROMPT),
            ]
            over = True
        else:
            lines, over = notices(session)
        self.set_class(bool(lines), "-shown")
        self.set_class(over, "-over")
        self.update(Content("\n").join(lines))

    def ask(self, keys: list[str], session: MeetingSession) -> None:
        self.asking = keys
        self.show(session)
        self.screen.set_focus(self, scroll_visible=False)  # at once: the next key is the answer

    def cancel(self) -> None:
        """The step changed under the prompt: it no longer asks (the offer returns if still true)."""
        self.asking = []

    def action_choose(self, to: str) -> None:
        if self.asking:
            keys, self.asking = self.asking, []
            self.post_message(self.Chosen(keys, ParkTo(to) if to else None))


def notices(session: MeetingSession) -> tuple[list[Content], bool]:
    """The lines to show now, and whether one of them is an overrun (drawn as a warning)."""
    found = session.overrun()
    if found is not None:
        n = len(session.to_park())
        whom = "the lowest-risk one" if n == 1 else f"the {n} lowest-risk"
        return [Content(f"▲ {found.describe()} · F4 parks {whom}")], True
    if session.step.kind is not StepKind.OPENING:
        return [], False
    lines = []
    if session.owed:
        lines.append(Content(f"↑ Parked last week, walked first today: {', '.join(session.owed)}"))
    if session.earlier:
        last = session.earlier[-1]
        state = "finished" if last.state is MeetingState.FINISHED else "not finished"
        who = f"{last.facilitator}, " if last.facilitator else ""
        again = f"{session.board.team.name} already met this week"
        lines.append(Content(visible(f"ⓘ {again}: {last.id} ({who}{last.started_at:%a %H:%M} UTC, {state})")))
    return lines, False
