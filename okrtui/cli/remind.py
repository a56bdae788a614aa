"""`okrtui remind`: who owes what this week, for cron, a login banner or a chat message."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from okrtui.cli.defaults import chosen_team, team_option
from okrtui.cli.group import existing_store, friendly_errors, main, store_option

if TYPE_CHECKING:
    from okrtui.core.remind import Reminders

REMIND_FORMATS = ("text", "markdown", "json", "slack", "teams")


@main.command()
@store_option
@team_option("Only this team (id or name)")
@click.option(
    "--stale",
    "stale_weeks",
    type=click.IntRange(1, 52),
    metavar="N",
    help="Also name the KRs without a check-in for N weeks, with their objective's owner.",
)
@click.option("--format", "fmt", type=click.Choice(REMIND_FORMATS), default="text", show_default=True)
@click.option("--check", is_flag=True, help="Exit 1 when anyone owes something (for cron and scripts).")
@friendly_errors
def remind(store_path: Path | None, team: str | None, stale_weeks: int | None, fmt: str, check: bool) -> None:
    """Who owes what this week: KRs not checked in and actions due, grouped by person.

    People marked away today (`okrtui away`) are listed as away and not reminded. `slack` and
    `teams` print the JSON their incoming webhooks take:
    `okrtui remind --format slack | curl -sS -H 'Content-Type: application/json' -d @- "$SLACK_WEBHOOK"`.
    """
    from okrtui.core.remind import reminders
    from okrtui.core.weeks import today
    from okrtui.services.actions import away_periods

    store = existing_store(store_path)
    view = store.view()
    day = today()
    cycle = view.current_cycle(day)
    picked = chosen_team(view, team)
    boards = view.boards(cycle, picked) if cycle else []
    found = reminders(boards, day, away_periods(view), stale_weeks=stale_weeks)
    if cycle is None:
        found.quiet["Everyone"] = "no OKRs yet (`okrtui import FILE` brings yours in)"
    elif picked and not boards[0].live_objectives():
        from okrtui.report.elsewhere import objectives_elsewhere

        found.quiet[picked.name] = objectives_elsewhere(view, picked, cycle) or f"no OKRs in {cycle.id}"
    _echo(found, stale_weeks, fmt, picked.name if picked else "")
    if check and found.owed:
        sys.exit(1)


def _echo(found: Reminders, stale_weeks: int | None, fmt: str, team: str) -> None:
    if fmt == "json":
        import json

        from okrtui.report.remind_report import remind_json

        click.echo(json.dumps(remind_json(found, stale_weeks), indent=2, ensure_ascii=False))
        return
    from okrtui.report.message import render
    from okrtui.report.remind_report import remind_message

    click.echo(render(remind_message(found, stale_weeks, team), fmt), nl=False)
