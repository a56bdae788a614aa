"""`okrtui sync [init]`, `okrtui log`, `okrtui show` and git's `okrtui merge-driver`: a store shared
through git, and its history."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from okrtui.cli.group import UserError, friendly_errors, main, open_store, store_option

if TYPE_CHECKING:
    from okrtui.services.sync import SyncReport


@main.group(invoke_without_command=True)
@store_option
@click.pass_context
@friendly_errors
def sync(ctx: click.Context, store_path: Path | None) -> None:
    """Share the store through git: commit here, fetch, merge, push.

    Offline is fine: the changes wait, committed, for the next sync.
    `okrtui sync init [REMOTE]` sets a store up (or joins the one a remote holds).
    """
    if ctx.invoked_subcommand is not None:
        return
    from okrtui.services.sync import sync as run_sync

    _say(run_sync(open_store(store_path).root))


@sync.command()
@store_option
@click.argument("remote", required=False)
@click.pass_context
@friendly_errors
def init(ctx: click.Context, store_path: Path | None, remote: str | None) -> None:
    """Make the store a git repository that merges record by record; with REMOTE (a git URL or
    path), share it there, or join the store the remote already holds."""
    from okrtui.services.sync import init as run_init

    parent = ctx.parent.params.get("store_path") if ctx.parent else None
    root = open_store(store_path or parent).root
    report = run_init(root, remote)
    click.echo(f"{root} is a git repository; its store files merge record by record")
    _say(report)


def _say(report: SyncReport) -> None:
    from okrtui.core.history import counted
    from okrtui.services.sync import offline_line

    if report.committed:
        click.echo(f"Committed: {report.committed}")
    if report.upstream is None:
        click.echo("No remote to share with; `okrtui sync init REMOTE` adds one")
        return
    if report.brought:
        click.echo(f"Brought in {counted(report.brought, 'change')} from {report.upstream}")
    for line in report.news:
        click.echo(line)
    if report.offline:
        click.echo(f"{offline_line(report.pending)} ({report.offline})", err=True)
    elif report.pushed:
        click.echo(f"Shared with {report.upstream}")
    else:
        click.echo(f"Up to date with {report.upstream}")


@main.command("merge-driver", hidden=True)
@click.argument("base", type=click.Path(path_type=Path))
@click.argument("ours", type=click.Path(path_type=Path))
@click.argument("theirs", type=click.Path(path_type=Path))
@click.argument("path")
def merge_driver(base: Path, ours: Path, theirs: Path, path: str) -> None:
    """git's merge driver for store files (`okrtui sync init` registers it): merges the three
    versions record by record into OURS, or exits 1 so git reports a conflict."""
    from okrtui.services.merging import merge_files
    from okrtui.store import StoreError

    try:
        merge_files(base, ours, theirs, path)
    except (StoreError, OSError) as error:
        click.echo(f"okrtui merge-driver: not merged: {error}", err=True)
        sys.exit(1)


@main.command()
@store_option
@click.argument("kr_id", metavar="[KR]", required=False)
@click.option("--team", help="Only this team's files (id or name).")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=50, show_default=True)
@friendly_errors
def log(store_path: Path | None, kr_id: str | None, team: str | None, limit: int) -> None:
    """Who changed what and when, from the store's git history (newest first): the whole store,
    one KR (with what changed for it) or one team."""
    from okrtui.services.history import kr_log, store_log

    if kr_id and team:
        raise UserError("give a KR or --team, not both")
    root = open_store(store_path).root
    entries = kr_log(root, kr_id, limit=limit) if kr_id else store_log(root, team=team, limit=limit)
    for entry in entries:
        click.echo(f"{entry.date}  {entry.author}  {entry.message}")
        for change in entry.changes:
            click.echo(f"    {change}")
    if not entries:
        click.echo("No changes recorded yet.")


@main.command()
@store_option
@click.argument("kr_id", metavar="KR")
@click.option("--at", "week", metavar="WEEK", help="ISO week such as 2026-W45 (default: this week).")
@friendly_errors
def show(store_path: Path | None, kr_id: str, week: str | None) -> None:
    """A key result as it stood at the end of a week: its fields, latest check-in, open blockers."""
    from okrtui.core.weeks import parse_week, today, week_of
    from okrtui.report.kr_then import describe_then
    from okrtui.services.history import kr_at

    try:
        week = parse_week(week) if week else week_of(today())
    except ValueError as error:
        raise UserError(str(error)) from None
    then = kr_at(open_store(store_path).root, kr_id, week)
    commit = then.commit
    as_of = f"commit {commit.commit[:7]} of {commit.date} by {commit.author}" if commit else None
    for line in describe_then(then.state, week, as_of):
        click.echo(line)
