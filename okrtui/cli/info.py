"""`okrtui where` and `okrtui themes`: where things are kept, and the colour themes."""

from __future__ import annotations

from pathlib import Path

import click

from okrtui.cli.group import (
    chosen_theme,
    given_store,
    main,
    open_store,
    store_option,
)


@main.command()
@store_option
@click.option("--themes", is_flag=True, help="Print the folder for your own themes instead.")
@click.option("--config", "config", is_flag=True, help="Print the config file's path instead.")
@click.option("--demo", is_flag=True, help="Print the folder `okrtui demo` writes to instead.")
def where(store_path: Path | None, themes: bool, config: bool, demo: bool) -> None:
    """Print the store folder in use (or the themes folder, the config file, the demo store)."""
    from okrtui.config import config_path, store_dir
    from okrtui.paths import demo_dir, themes_dir

    if themes:
        click.echo(themes_dir())
    elif config:
        click.echo(config_path())
    elif demo:
        click.echo(store_dir(given_store(store_path) or demo_dir()))
    else:
        click.echo(open_store(store_path).root)


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
