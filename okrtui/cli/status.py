"""`okrtui status`: where every KR stands, as a table, JSON or Markdown (see `status_output`)."""

from __future__ import annotations

from pathlib import Path

import click

from okrtui.cli.group import chosen_theme, friendly_errors, main, store_option, store_root, theme_option
from okrtui.cli.status_output import FORMATS, show_status


@main.command()
@store_option
@theme_option
@click.option("--team", help="Only this team (id or name).")
@click.option("--cycle", help="A cycle id such as 2026-Q4 (default: the current one).")
@click.option("--owner", help="Only key results owned by this person.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--check", is_flag=True, help="Exit 1 if any KR is off track, behind pace or not checked in this week."
)
@friendly_errors
def status(
    store_path: Path | None,
    team: str | None = None,
    cycle: str | None = None,
    owner: str | None = None,
    fmt: str = "table",
    check: bool = False,
) -> None:
    """Where every objective and key result stands (fast, pipe-friendly)."""
    root = store_root(store_path)
    show_status(root, team=team, cycle=cycle, owner=owner, fmt=fmt, check=check, theme=chosen_theme())
