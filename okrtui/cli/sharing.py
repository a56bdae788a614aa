"""`okrtui init` and `okrtui doctor`: a store a team shares through a Unix group, set up and kept right."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from okrtui.cli.group import friendly_errors, main, open_store, store_option


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--shared", "group", metavar="GROUP", help="Share the store with this Unix group.")
@friendly_errors
def init(folder: Path, group: str | None) -> None:
    """Create a store in FOLDER (or adopt the one there); with --shared GROUP, for a team's group.

    Everything okrtui writes in a shared store then belongs to GROUP and is readable and writable
    by its members only (mode 0660 files, 2770 folders), whatever each person's umask or primary group.
    """
    from okrtui.services.shared_store import init_shared
    from okrtui.store import Store

    if group:
        for line in init_shared(folder.absolute(), group):
            click.echo(line)
    else:
        store = Store(folder.absolute())
        with store.transaction("store created") as tx:
            tx.ensure_workspace()
        click.echo(f"{store.root} is a store")
    click.echo(f"Use it with --store {folder} or OKRTUI_STORE={folder}")


@main.command()
@store_option
@click.option(
    "--fix", is_flag=True, help="Repair the groups and modes you may change (links are only named)."
)
@friendly_errors
def doctor(store_path: Path | None, fix: bool) -> None:
    """Check a store's files: each with the wrong group or mode, each link, each stranger's file.

    Exit 1 when something is wrong (for cron), 0 when the store is as it should be.
    """
    from okrtui.services.shared_store import check

    store = open_store(store_path)
    if not store.root.is_dir():
        click.echo(f"okrtui: no okrtui store at {store.root} (see `okrtui where`)", err=True)
        sys.exit(2)
    problems = check(store.root, fix=fix)
    left = check(store.root) if fix else problems
    for problem in problems:
        mark = "fixed" if fix and problem not in left else "✖"
        click.echo(f"{mark} {problem}")
    if not left:
        click.echo(f"✔ {store.root}: every file and folder is as a shared store needs it")
    sys.exit(1 if left else 0)
