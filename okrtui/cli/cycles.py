"""`okrtui cycle close`: end a cycle for every team, once each has held its retro."""

from __future__ import annotations

from pathlib import Path

import click

from okrtui.cli.group import friendly_errors, main, open_store, store_option


@main.group()
def cycle() -> None:
    """Cycles (quarters): close one when every team has held its retro."""


@cycle.command(name="close")
@store_option
@click.argument("cycle_id", metavar="CYCLE")
@click.option("--force", is_flag=True, help="Close even though some teams have not held their retro.")
@friendly_errors
def close(store_path: Path | None, cycle_id: str, force: bool) -> None:
    """Close CYCLE (e.g. 2026-Q4): read-only for every team from now on."""
    closed = open_store(store_path).close_cycle(cycle_id, force=force)
    click.echo(f"Closed {closed.id}: it is read-only for every team; its record stays as it is.")
