"""One team's week as the digest message `okrtui digest` prints, read fresh from the store, for the
meeting's summary to copy beside its notes (the room's votes and today's actions included)."""

from __future__ import annotations

from datetime import date

from okrtui.core.digest import team_digest
from okrtui.core.models import Cycle, Team
from okrtui.report.digest_report import digest_message
from okrtui.report.message import render
from okrtui.services.actions import away_periods
from okrtui.store import Store


def team_week_digest(store: Store, cycle: Cycle, team: Team, week: str, today: date) -> str:
    """`okrtui digest --team TEAM --week WEEK` as Markdown."""
    view = store.view()
    away = away_periods(view)
    digests = [team_digest(board, week, today, away) for board in view.boards(cycle, team)]
    return render(digest_message(digests, week, cycle), "markdown")
