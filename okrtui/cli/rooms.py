"""The full-screen commands: the demo, the weekly meeting and the retrospective."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from okrtui.cli.defaults import chosen_team, cycle_option, team_option
from okrtui.cli.group import (
    UserError,
    existing_store,
    friendly_errors,
    given_store,
    main,
    open_store,
    require_terminal,
    run_app,
    store_option,
    theme_option,
)
from okrtui.tui.options import FirstScreen, Options


@main.command()
@store_option
@theme_option
@click.option("--no-open", is_flag=True, help="Only write the demo store; do not open the app.")
@friendly_errors
def demo(store_path: Path | None, no_open: bool) -> None:
    """Write sample OKRs and history into a demo store of their own, then open it.

    The demo store is its own folder (`okrtui where --demo`), never your team's store, so the sample
    teams cannot mix with the OKRs you import; `--store DIR` writes it elsewhere (an empty store only).
    """
    from okrtui.core.weeks import today
    from okrtui.paths import demo_dir
    from okrtui.services.demo import write_demo

    if not no_open:
        require_terminal()
    store = open_store(given_store(store_path) or demo_dir())
    look = f"`okrtui --store {shlex.quote(str(store.root))} status`"
    if write_demo(store, today()):
        click.echo(f"Wrote the demo store to {store.root}; see it with {look}", err=True)
    else:
        done = "left as it is" if no_open else "opening it as it is"
        click.echo(f"{store.root} already has data; {done} (see it with {look}).", err=True)
    if not no_open:
        run_app(store, Options())


@main.command()
@store_option
@theme_option
@team_option("The team meeting (id or name); asked for when there are several")
@click.option("--minutes", type=click.IntRange(5, 120), default=15, show_default=True, help="Timebox.")
@click.option("--resume", is_flag=True, help="Continue this week's unfinished meeting.")
@click.option(
    "--order",
    type=click.Choice(["objective", "risk"]),
    default="objective",
    show_default=True,
    help="KR order: by objective, or riskiest first (low or falling confidence, stale check-ins).",
)
@friendly_errors
def meeting(store_path: Path | None, team: str | None, minutes: int, resume: bool, order: str) -> None:
    """Run the guided weekly check-in meeting on a shared screen."""
    from okrtui.core.models import CycleState
    from okrtui.core.weeks import today

    store = existing_store(store_path)
    view = store.view()
    picked = chosen_team(view, team)
    team = picked.id if picked else None
    current = view.current_cycle(today())
    if current is None:
        raise UserError("no OKRs yet: try `okrtui demo`, or `okrtui import FILE` for your own")
    if current.state is CycleState.CLOSED:
        raise UserError(f"cycle {current.id} is closed; start the next one from the dashboard (Y)")
    run_app(store, Options(FirstScreen.MEETING, team=team, minutes=minutes, resume=resume, order=order))


@main.command()
@store_option
@theme_option
@team_option("The team whose meeting to join (id or name); asked for when there are several")
@click.option("--as", "name", metavar="NAME", help="Who you are in the room (default: your okrtui name).")
@friendly_errors
def join(store_path: Path | None, team: str | None, name: str | None) -> None:
    """Join the team's meeting from your own terminal: follow the shared screen, answer your KRs, vote.

    The view follows the facilitator's step within about a second. On your own KR the form is yours:
    what you type shows live on the shared screen, and the facilitator's Enter saves it. Confidence
    votes are private until the facilitator reveals them. With no meeting in progress it waits.
    """
    store = existing_store(store_path)
    view = store.view()
    picked = chosen_team(view, team)
    run_app(store, Options(FirstScreen.JOIN, team=picked.id if picked else None, author=name))


@main.command()
@store_option
@team_option("The team looking back (id or name); asked when there are several")
@cycle_option()
@friendly_errors
def retro(store_path: Path | None, team: str | None, cycle: str | None) -> None:
    """Score the cycle's KRs, note what worked and what did not, and close the cycle."""
    store = existing_store(store_path)
    picked = chosen_team(store.view(), team)
    if cycle:
        cycle = store.cycle(cycle).id
    run_app(store, Options(FirstScreen.RETRO, team=picked.id if picked else None, cycle=cycle))
