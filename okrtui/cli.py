"""The `okrtui` command. Imports stay inside commands so `--help` and `status` start fast."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any

import click

from okrtui import __version__

FORMATS = ("table", "json", "markdown")


class UserError(click.ClickException):
    """A mistake the user can fix: one line on stderr, exit 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"okrtui: {self.format_message()}", err=True)


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn store and validation failures into one sentence and exit code 2, never a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from pydantic import ValidationError

        from okrtui.core.errors import explain
        from okrtui.store import StoreError

        try:
            return command(*args, **kwargs)
        except StoreError as error:
            raise UserError(str(error)) from None
        except ValidationError as error:
            raise UserError(explain(error)) from None
        except BrokenPipeError:
            # The reader went away (`okrtui status | head`): stop quietly, as ls and git do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)

    return run


def store_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--store",
        "store_path",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Store folder (default: $OKRTUI_STORE, else your data folder; see `okrtui where`).",
    )(command)


def open_store(store_path: Path | None):
    """The store named by this command's --store, else the group's (`okrtui --store X status`)."""
    from okrtui.paths import store_dir
    from okrtui.store import Store

    if store_path is None and (ctx := click.get_current_context(silent=True)):
        store_path = ctx.find_root().params.get("store_path")
    return Store(store_dir(store_path))


THEME_KEY = "okrtui.theme"


def theme_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--theme NAME`, checked at once, kept in the context for `run_app` and `status` (not an argument)."""

    def remember(ctx: click.Context, _param: click.Parameter, name: str | None) -> None:
        if name is None:
            return
        from okrtui.paths import themes_dir
        from okrtui.theme_files import load_themes

        catalogue = load_themes(themes_dir())
        if name not in catalogue.themes:
            broken = f"; {len(catalogue.problems)} theme file(s) did not load" if catalogue.problems else ""
            raise UserError(
                f"no theme named {name!r} (have: {', '.join(catalogue.names())}{broken}); see `okrtui themes`"
            )
        ctx.meta[THEME_KEY] = name

    return click.option(
        "--theme",
        metavar="NAME",
        expose_value=False,
        callback=remember,
        help="Colour theme (see `okrtui themes`; default: $OKRTUI_THEME, else your last choice).",
    )(command)


def chosen_theme() -> str | None:
    """The `--theme` given to this command or to the group (`okrtui --theme projector meeting`)."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(THEME_KEY) if ctx else None


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="okrtui")
@store_option
@theme_option
@click.pass_context
def main(ctx: click.Context, store_path: Path | None) -> None:
    """Run your team's weekly OKR check-in from the terminal.

    Start with `okrtui demo` to try it on sample data.
    """
    pinned = os.environ.get("OKRTUI_TODAY")
    if pinned:
        try:
            date.fromisoformat(pinned)
        except ValueError:
            raise UserError(f"OKRTUI_TODAY must be a date like 2026-11-18, not {pinned!r}") from None
    if ctx.invoked_subcommand is None:
        run_app(open_store(store_path), mode="dashboard")


def require_terminal() -> None:
    """Full-screen commands in cron or a pipe would spin with nobody to see them: refuse at once."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError(
            "this opens a full-screen app and needs a terminal; in scripts use `okrtui status`"
            " or `okrtui checkin KR --value V` (`okrtui demo --no-open` writes the demo only)"
        )


def run_app(store, **options: Any) -> None:
    """Open the Textual app on a store (imported only here: `status` never loads Textual)."""
    require_terminal()
    from okrtui.tui.app import make_app

    options.setdefault("theme", chosen_theme())
    app = make_app(store, **options)
    code = app.run()
    if app.return_code:
        sys.exit(app.return_code)
    if isinstance(code, int) and code:
        sys.exit(code)


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
    from okrtui.theme_files import load_themes, requested_theme
    from okrtui.theme_list import render_themes

    render_themes(
        load_themes(themes_dir()), requested_theme(chosen_theme()).name, themes_dir(), make_console()
    )


@main.command()
@store_option
@theme_option
@click.option("--no-open", is_flag=True, help="Only write the demo store; do not open the app.")
@friendly_errors
def demo(store_path: Path | None, no_open: bool) -> None:
    """Fill an empty store with sample OKRs and history, then open it."""
    from okrtui.core.weeks import today
    from okrtui.demo import write_demo

    if not no_open:
        require_terminal()
    store = open_store(store_path)
    if write_demo(store, today()):
        click.echo(f"Wrote the demo store to {store.root}", err=True)
    else:
        done = "left as it is" if no_open else "opening it as it is"
        click.echo(f"{store.root} already has data; {done}.", err=True)
    if not no_open:
        run_app(store, mode="dashboard")


@main.command()
@store_option
@theme_option
@click.option("--team", help="The team meeting (id or name); asked for when there are several.")
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

    store = open_store(store_path)
    if team:
        team = store.team(team).id
    current = store.current_cycle(today())
    if current is None:
        raise UserError("no OKRs yet: try `okrtui demo`, or `okrtui import FILE` for your own")
    if current.state is CycleState.CLOSED:
        raise UserError(f"cycle {current.id} is closed; start the next one from the dashboard (Y)")
    run_app(store, mode="meeting", team=team, minutes=minutes, resume=resume, order=order)


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
    from okrtui.core.weeks import today
    from okrtui.report.snapshot import take_snapshot

    store = open_store(store_path)
    if check and not store.exists():
        raise UserError(f"no okrtui store at {store.root} (see `okrtui where`)")
    snapshot = take_snapshot(store, today(), team=team, cycle=cycle, owner=owner)
    if fmt == "json":
        from okrtui.report.status_json import to_json

        click.echo(to_json(snapshot))
    elif fmt == "markdown":
        from okrtui.report.status_markdown import to_markdown

        click.echo(to_markdown(snapshot), nl=False)
    else:
        from okrtui.report.status_table import make_console, render_table

        render_table(snapshot, make_console(), palette=_status_palette())
    if check:
        from okrtui.report.check import needs_attention

        problems = needs_attention(snapshot)
        for line in problems:
            click.echo(line, err=True)
        sys.exit(1 if problems else 0)


@main.command()
@store_option
@theme_option
@click.argument("kr_id", metavar="[KR]", required=False)
@click.option("--value", "value_text", help="The KR's value now: 1200, 1,200, 55%, 800K, $1.2M.")
@click.option(
    "--confidence", type=int, help="1-10: how sure you are the KR will be hit (default: last week's)."
)
@click.option("--moved", default="", help="What moved since last week.")
@click.option("--stuck", default="", help="What is stuck.")
@click.option("--next", "next_", default="", help="What is next.")
@click.option("--blocker", "blockers", multiple=True, help="Raise a blocker (repeatable).")
@click.option("--resolve", "resolve", multiple=True, metavar="BLOCKER_ID", help="Resolve an open blocker.")
@click.option("--as", "author", help="Who is checking in (default: your login name).")
@click.option("--week", help="ISO week such as 2026-W47 (default: this week).")
@friendly_errors
def checkin(
    store_path: Path | None,
    kr_id: str | None,
    value_text: str | None,
    confidence: int | None,
    moved: str,
    stuck: str,
    next_: str,
    blockers: tuple[str, ...],
    resolve: tuple[str, ...],
    author: str | None,
    week: str | None,
) -> None:
    """Check in on your key results: the due ones in a form, or one KR from a script.

    Without KR it opens a form with only your KRs, the ones not checked in this week first.
    With KR and --value it saves one check-in and prints what it saved.
    """
    from okrtui.paths import login_name

    if kr_id is None:
        if value_text is not None:
            raise UserError("--value needs a KR id: okrtui checkin KR --value V")
        store = open_store(store_path)
        run_app(store, mode="checkin", author=author or login_name())
        return
    if value_text is None:
        raise UserError(f"give the new value: okrtui checkin {kr_id} --value V")

    from okrtui.core.values import format_value, parse_value
    from okrtui.core.weeks import parse_week, today, week_of

    try:
        value = parse_value(value_text)
        week = parse_week(week) if week else week_of(today())
    except ValueError as error:
        raise UserError(str(error)) from None
    if week > week_of(today()):
        raise UserError(f"{week} is in the future; check in for this week or an earlier one")
    if confidence is not None and not 1 <= confidence <= 10:
        raise UserError(f"confidence must be 1-10, not {confidence}")
    store = open_store(store_path)
    if confidence is None:
        confidence = _last_confidence(store, kr_id, week)
    result = store.check_in(
        kr_id,
        week=week,
        value=value,
        confidence=confidence,
        moved=moved,
        stuck=stuck,
        next=next_,
        author=author or login_name(),
        new_blockers=list(blockers),
        resolve=list(resolve),
    )
    kr = result.location.kr
    saved = result.checkin
    click.echo(
        f"Saved {kr.id} for {saved.week}: {format_value(saved.value, kr.unit)}, confidence {saved.confidence}"
        + (" (replaced an earlier check-in this week)" if saved.history else "")
    )
    for blocker in result.raised:
        click.echo(f"Raised blocker {blocker.id}: {blocker.text}")
    for blocker in result.resolved:
        click.echo(f"Resolved blocker {blocker.id}: {blocker.text}")


def _status_palette():
    """The status colours of the chosen theme (read from its file: `status` never imports Textual)."""
    from okrtui.paths import themes_dir
    from okrtui.theme_files import DEFAULT_THEME, load_themes, requested_theme

    catalogue = load_themes(themes_dir())
    theme = catalogue.get(requested_theme(chosen_theme()).name) or catalogue.get(DEFAULT_THEME)
    return theme.status_palette() if theme else None


def _last_confidence(store, kr_id: str, week: str) -> int:
    where = store.locate_kr(kr_id)
    board = store.board(store.cycle(where.cycle), store.team(where.team))
    history = [c for c in board.checkins_of(where.kr.id) if c.week <= week]
    if not history:
        raise UserError(f"{where.kr.id} has no check-in up to {week}: give --confidence 1-10")
    return history[-1].confidence


def _read_input(file: str) -> bytes:
    """The bytes of FILE, or of standard input for `-`; missing or unreadable files are user errors."""
    if file == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(file).read_bytes()
    except FileNotFoundError:
        raise UserError(f"no file {file}") from None
    except IsADirectoryError:
        raise UserError(f"{file} is a folder, not a file") from None
    except OSError as error:
        raise UserError(f"cannot read {file}: {error.strerror or error}") from None


@main.command(name="import")
@store_option
@click.argument("file", metavar="FILE")
@click.option("--dry-run", is_flag=True, help="Show what would be created, with lint findings; save nothing.")
@click.option("--team", help="Put every objective in this team (id or name; created when new).")
@click.option("--cycle", help="Import into this cycle, e.g. 2026-Q4 (created when new; default: current).")
@friendly_errors
def import_(store_path: Path | None, file: str, dry_run: bool, team: str | None, cycle: str | None) -> None:
    """Import OKRs from a Markdown or text doc, or from a JSON export (FILE, or - for stdin).

    Teams come from `Team: X` or `# X` lines, objectives from `Objective: ...` or `## ...`, KRs from
    the bullets, numbered items or `KR1: ...` lines under them. `@name` or `(owner: name)` sets an
    owner, `[committed]`, `[aspirational]` or `[learning]` an objective's kind. KRs without an owner
    or a known baseline are kept as drafts needing input (see `okrtui lint`).
    """
    from okrtui.core.weeks import today
    from okrtui.report.importer import ImportFileError, apply, decode, describe, prepare

    try:
        text = decode(_read_input(file), "standard input" if file == "-" else file)
        store = open_store(store_path)
        outcome = prepare(store, text, file, today(), team=team, cycle=cycle)
    except ImportFileError as error:
        raise UserError(str(error)) from None
    if not dry_run:
        apply(store, outcome)
    for line in describe(outcome, dry_run=dry_run):
        click.echo(line)


@main.command()
@store_option
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv", "markdown"]), default="json", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@click.option("--cycle", help="A cycle id such as 2026-Q4 (default: the current one).")
@friendly_errors
def export(store_path: Path | None, fmt: str, output: Path | None, cycle: str | None) -> None:
    """Export a cycle as JSON, CSV or Markdown.

    JSON is the full store of the cycle (`okrtui import` reads it back byte for byte), CSV has one
    row per check-in, Markdown is a readable report.
    """
    from okrtui.core.weeks import today
    from okrtui.report import export as exporter

    store = open_store(store_path)
    chosen = store.cycle(cycle) if cycle else store.current_cycle(today())
    if chosen is None:
        raise UserError("the store has no cycles yet: nothing to export (try `okrtui import` first)")
    if fmt == "json":
        text = exporter.export_json(store, chosen)
    elif fmt == "csv":
        text = exporter.export_csv(exporter.cycle_boards(store, chosen))
    else:
        text = exporter.export_markdown(exporter.cycle_boards(store, chosen), today())
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_bytes(text.encode("utf-8"))
    except OSError as error:
        raise UserError(f"cannot write {output}: {error.strerror or error}") from None
    click.echo(f"Wrote {chosen.id} as {fmt} to {output}", err=True)


@main.command()
@store_option
@click.option("--team", help="Only this team (id or name).")
@click.option("--cycle", help="A cycle id such as 2026-Q4 (default: the current one).")
@click.option("--rules", "show_rules", is_flag=True, help="List every rule with its explanation.")
@friendly_errors
def lint(store_path: Path | None, team: str | None, cycle: str | None, show_rules: bool) -> None:
    """Check the OKRs against the OKR rules (exit 1 on errors).

    Numbered rules with a short why each (`--rules` lists them): one owner per KR, 1-3 objectives,
    2-5 KRs each, outcomes rather than tasks, numbers in KRs not objectives, regular check-ins.
    """
    from okrtui.core.lint import RULES, has_errors, lint_boards
    from okrtui.core.weeks import today

    if show_rules:
        for rule in RULES.values():
            click.echo(f"{rule.code} {rule.severity.value:7} {rule.name}: {rule.why}")
        return
    store = open_store(store_path)
    chosen = store.cycle(cycle) if cycle else store.current_cycle(today())
    if chosen is None:
        click.echo("No OKRs yet: nothing to check.")
        return
    findings = lint_boards(store.boards(chosen, store.team(team) if team else None), today())
    for finding in findings:
        click.echo(str(finding))
    for code in dict.fromkeys(f.rule.code for f in findings):
        click.echo(f"  {code} {RULES[code].name}: {RULES[code].why}", err=True)
    errors = sum(f.severity.value == "error" for f in findings)
    click.echo(f"{chosen.id}: {errors} error(s), {len(findings) - errors} other finding(s)", err=True)
    sys.exit(1 if has_errors(findings) else 0)


@main.command()
@store_option
@click.option("--team", help="The team looking back (id or name); needed when there are several.")
@click.option("--cycle", help="A cycle id such as 2026-Q4 (default: the current one).")
@friendly_errors
def retro(store_path: Path | None, team: str | None, cycle: str | None) -> None:
    """Score the cycle's KRs, note what worked and what did not, and close the cycle."""
    store = open_store(store_path)
    teams = [store.team(team)] if team else store.teams()
    if len(teams) > 1:
        raise UserError(f"several teams: pick one with --team ({', '.join(t.id for t in teams)})")
    if cycle:
        cycle = store.cycle(cycle).id
    run_app(store, mode="retro", team=teams[0].id if teams else None, cycle=cycle)


@main.command()
@store_option
@click.argument("draft_id", metavar="DRAFT")
@click.option("--owner", help="The KR's one named owner.")
@click.option("--baseline", "baseline_text", help="Where the number stands at the start.")
@click.option("--target", "target_text", help="Where it should end (default: from the sentence).")
@friendly_errors
def complete(
    store_path: Path | None,
    draft_id: str,
    owner: str | None,
    baseline_text: str | None,
    target_text: str | None,
) -> None:
    """Finish a draft KR from an import (`okrtui lint` lists them) so it is scored and checked in."""
    from okrtui.core.values import format_value, parse_value

    try:
        baseline = parse_value(baseline_text) if baseline_text is not None else None
        target = parse_value(target_text) if target_text is not None else None
    except ValueError as error:
        raise UserError(str(error)) from None
    kr = open_store(store_path).promote_draft(draft_id, owner=owner, baseline=baseline, target=target)
    click.echo(
        f"{kr.id} is a key result now: {kr.title} ({kr.owner}, "
        f"{format_value(kr.baseline, kr.unit)} → {format_value(kr.target, kr.unit)})"
    )
