"""`okrtui where` and `okrtui themes`: where things are kept, and the colour themes."""

from __future__ import annotations

from pathlib import Path

import click

from okrtui.cli.group import (
    chosen_theme,
    main,
    open_store,
    store_option,
)


@main.command()
@store_option
@click.option("--themes", is_flag=True, help="Print the folder for your own themes instead.")
def where(store_path: Path | None, themes: bool) -> None:
    """Print the store folder in use."""
    from okrtui.paths import themes_dir

    click.echo(themes_dir() if themes else open_store(store_path).root)


@main.command()
def themes() -> None:
    """List the colour themes, built-in and yours, with a preview of the status colours."""
    from okrtui.paths import themes_dir
    from okrtui.report.status_table import make_console
    from okrtui.themes.files import load_themes, requested_theme
    from okrtui.themes.listing import render_themes

    render_themes(
        load_themes(themes_dir()), requested_theme(chosen_theme()).name, themes_dir(), make_console()
    )
