"""`okrtui digest`: a week's result in one message people read, for email or a chat webhook."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from okrtui.cli.defaults import chosen_team, team_option
from okrtui.cli.group import UserError, existing_store, friendly_errors, main, store_option

if TYPE_CHECKING:
    from okrtui.core.models import Cycle
    from okrtui.store.repository import StoreView

DIGEST_FORMATS = ("markdown", "text", "slack", "teams", "json")


@main.command()
@store_option
@team_option("Only this team (id or name)")
@click.option("--week", help="ISO week such as 2026-W47 (default: this week).")
@click.option("--format", "fmt", type=click.Choice(DIGEST_FORMATS), default="markdown", show_default=True)
@friendly_errors
def digest(store_path: Path | None, team: str | None, week: str | None, fmt: str) -> None:
    """The week in one message: scores and their change, confidence drops, blockers, actions, and
    who did not check in (the away are named as away).

    `slack` and `teams` print the JSON their incoming webhooks take; okrtui sends nothing itself:
    `okrtui digest --format slack | curl -sS -H 'Content-Type: application/json' -d @- "$SLACK_WEBHOOK"`.
    """
    from okrtui.core.digest import team_digest
    from okrtui.core.weeks import parse_week, today, week_of
    from okrtui.services.actions import away_periods

    day = today()
    try:
        week = parse_week(week) if week else week_of(day)
    except ValueError as error:
        raise UserError(str(error)) from None
    if week > week_of(day):
        raise UserError(f"{week} is in the future; a digest tells what happened")
    store = existing_store(store_path)
    view = store.view()
    cycle = _cycle_of(view, week)
    picked = chosen_team(view, team)
    boards = [b for b in view.boards(cycle, picked) if b.live_objectives()]
    if picked and not boards:
        from okrtui.report.elsewhere import objectives_elsewhere

        raise UserError(
            objectives_elsewhere(view, picked, cycle) or f"{picked.name} has no OKRs in {cycle.id}"
        )
    away = away_periods(view)
    digests = [team_digest(board, week, day, away) for board in boards]
    if fmt == "json":
        import json

        from okrtui.report.digest_report import digest_json

        click.echo(json.dumps(digest_json(digests, week, cycle), indent=2, ensure_ascii=False))
        return
    from okrtui.report.digest_report import digest_message
    from okrtui.report.message import render

    click.echo(render(digest_message(digests, week, cycle), fmt), nl=False)


def _cycle_of(view: StoreView, week: str) -> Cycle:
    """The cycle holding `week`: an open one before a closed one, the newest first."""
    from okrtui.core.models import CycleState
    from okrtui.core.weeks import weeks_between

    holding = [c for c in reversed(view.cycles()) if week in weeks_between(c.start, c.end)]
    if not holding:
        known = ", ".join(c.id for c in view.cycles()) or "none yet"
        raise UserError(f"no cycle holds {week} (cycles: {known})")
    return next((c for c in holding if c.state is not CycleState.CLOSED), holding[0])
