"""The big step countdown: readable from the back of a room, warning by colour AND words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Digits, Static

from okrtui.core.agenda import ClockState, clock_state, mmss

WORDS = {
    ClockState.RUNNING: "left on this step",
    ClockState.ENDING: "ENDING: wrap it up",
    ClockState.OVER: "OVER TIME: move on",
}
"""Each fits the side panel with its symbol (LABEL_CELLS): a warning cut in half is no warning."""
LABEL_CELLS = 23
"""The widest clock line the side panel shows whole (26 cells less its border and padding)."""


class StepClock(Widget):
    """Digits for the step's time left, one line for the step and one for the whole meeting."""

    DEFAULT_CSS = """
    StepClock { height: auto; width: 100%; padding: 0 1; }
    StepClock Digits { width: auto; text-style: bold; }
    StepClock .line { height: 1; }
    StepClock.-ending Digits, StepClock.-ending #step-line { color: $okr-at-risk; text-style: bold; }
    StepClock.-over Digits, StepClock.-over #step-line { color: $okr-off-track; text-style: bold; }
    StepClock #meeting-line.-over { color: $okr-off-track; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Digits("0:00", id="digits")
        yield Static("", id="step-line", classes="line")
        yield Static("", id="meeting-line", classes="line")

    _shown: tuple[ClockState, str, str] | None = None

    def show(self, step_left: float, meeting_left: float) -> None:
        """Update both countdowns (seconds; negative when over). Callers tick several times a
        second; only a change of the shown second costs a repaint (the lines keep their size)."""
        over = meeting_left < 0
        meeting = f"✖ meeting {mmss(-meeting_left)} OVER" if over else f"meeting: {mmss(meeting_left)} left"
        state = clock_state(step_left)
        shown = (state, mmss(step_left), meeting)
        if shown == self._shown:
            return
        self._shown = shown
        self.set_class(state is ClockState.ENDING, "-ending")
        self.set_class(state is ClockState.OVER, "-over")
        self.query_one(Digits).update(mmss(step_left))
        self.query_one("#step-line", Static).update(f"{state.symbol} {WORDS[state]}", layout=False)
        line = self.query_one("#meeting-line", Static)
        line.set_class(over, "-over")
        line.update(meeting, layout=False)
