"""What the command line asks of the app: which screen first, for which team, cycle and person.

Free of Textual, so commands build it before deciding to load the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from okrtui.core.weeks import today as real_today


class FirstScreen(StrEnum):
    DASHBOARD = "dashboard"
    MEETING = "meeting"
    CHECKIN = "checkin"
    RETRO = "retro"
    JOIN = "join"
    DRAFTS = "drafts"


@dataclass
class Options:
    """What the command line asked for; screens read what concerns them."""

    first: FirstScreen = FirstScreen.DASHBOARD
    team: str | None = None
    minutes: int = 15
    resume: bool = False
    order: str = "objective"
    author: str | None = None
    cycle: str | None = None
    today: date = field(default_factory=real_today)
    theme: str | None = None
    """`--theme`; None: `$OKRTUI_THEME`, else the last choice (config file), else the default."""
    now: Callable[[], float] | None = None
    """Monotonic seconds for the meeting's clocks; tests and snapshots pin it (default time.monotonic)."""
