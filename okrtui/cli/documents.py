"""OKRs in and out: `import`, `export`, `lint` and `complete`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from okrtui.cli.completers import complete_person
from okrtui.cli.defaults import chosen_team, cycle_option, team_option
from okrtui.cli.group import (
    UserError,
    existing_store,
    friendly_errors,
    main,
    open_store,
    store_option,
)
from okrtui.cli.plain import missing_store

if TYPE_CHECKING:
    from okrtui.store import Store


def _read_input(file: str) -> bytes:
    """The bytes of FILE, or of standard input for `-`, read no further than an OKR doc can be long
    (`/dev/zero` or a stray log is refused at once); missing or unreadable files are user errors."""
    from okrtui.services.importer import MAX_BYTES

    if file == "-":
        return sys.stdin.buffer.read(MAX_BYTES + 1)
    try:
        with open(file, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
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
@click.option(
    "--owner", help="Owner of the KRs the doc names no owner for (neither on the KR nor on its objective)."
)
@click.option("--cycle", help="Import into this cycle, e.g. 2026-Q4 (created when new; default: current).")
@friendly_errors
def import_(
    store_path: Path | None, file: str, dry_run: bool, team: str | None, owner: str | None, cycle: str | None
) -> None:
    """Import OKRs from a Markdown or text doc, or from a JSON export (FILE, or - for stdin).

    The doc is read as it is written: headings naming a team (`## Marketing`) or a quarter
    (`# FY23-Q1 OKRs`), `Team:` / `Objective:` / `KR1:` lines, bullets under `Key Results:`,
    roadmap tables (columns KR, Current, Target, Owner), owners as `@name`, `[name]`,
    `(owner: name)` or an `Owner:` line. Initiatives, notes, links, scores and quoted templates are
    left out and listed with their line numbers. KRs without an owner or a known baseline are kept
    as drafts needing input (see `okrtui lint`); `--owner` names the owner of KRs the doc gives none.
    """
    from okrtui.core.weeks import today
    from okrtui.services.importer import ImportFileError, apply, decode, describe, prepare

    try:
        text = decode(_read_input(file), "standard input" if file == "-" else file)
        store = open_store(store_path)
        outcome = prepare(store, text, file, today(), team=team, cycle=cycle, owner=owner)
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
@cycle_option()
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
    from okrtui.store.files import atomic_write

    try:
        atomic_write(output.absolute(), text.encode("utf-8"), create=False)  # never in place, nor via a link
    except OSError as error:
        raise UserError(f"cannot write {output}: {error.strerror or error}") from None
    click.echo(f"Wrote {chosen.id} as {fmt} to {output}", err=True)


@main.command()
@store_option
@team_option("Only this team (id or name)")
@cycle_option()
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
    if problem := missing_store(store.root):
        raise UserError(problem)
    chosen = store.cycle(cycle) if cycle else store.current_cycle(today())
    if chosen is None:
        click.echo("No OKRs yet: nothing to check.")
        return
    view = store.view()
    findings = lint_boards(view.boards(chosen, chosen_team(view, team)), today())
    for finding in findings:
        click.echo(str(finding))
    for code in dict.fromkeys(f.rule.code for f in findings):
        click.echo(f"  {code} {RULES[code].name}: {RULES[code].why}", err=True)
    errors = sum(f.severity.value == "error" for f in findings)
    click.echo(f"{chosen.id}: {errors} error(s), {len(findings) - errors} other finding(s)", err=True)
    sys.exit(1 if has_errors(findings) else 0)


@main.command()
@store_option
@click.argument("draft_id", metavar="[DRAFT]", required=False)
@click.option(
    "--owner", help="The KR's one named owner: a member of its team.", shell_complete=complete_person
)
@click.option("--baseline", "baseline_text", help="Where the number stands at the start.")
@click.option("--target", "target_text", help="Where it should end (default: from the sentence).")
@team_option("Without DRAFT: review only this team's drafts (id or name)")
@cycle_option()
@friendly_errors
def complete(
    store_path: Path | None,
    draft_id: str | None,
    owner: str | None,
    baseline_text: str | None,
    target_text: str | None,
    team: str | None,
    cycle: str | None,
) -> None:
    """Finish the draft KRs an import left (`okrtui lint` lists them) so they are scored and checked in.

    Without DRAFT it opens the drafts review: every draft of the cycle (or of --team) in one pass,
    owner picked from the team's members, baseline, target and direction, Enter saves and moves on.
    With DRAFT it finishes that one from the options given.
    """
    from okrtui.core.values import format_value, parse_value

    if draft_id is None:
        given = [
            name
            for name, v in (("--owner", owner), ("--baseline", baseline_text), ("--target", target_text))
            if v is not None
        ]
        if given:
            raise UserError(
                f"{', '.join(given)} need{'s' * (len(given) == 1)} a draft id: "
                f"okrtui complete DRAFT {given[0]} ..."
            )
        _review_drafts(store_path, team, cycle)
        return

    try:
        baseline = parse_value(baseline_text) if baseline_text is not None else None
        target = parse_value(target_text) if target_text is not None else None
    except ValueError as error:
        raise UserError(str(error)) from None
    store = existing_store(store_path)
    if owner is not None:
        owner = _member_owner(store, draft_id, owner)
    kr = store.promote_draft(draft_id, owner=owner, baseline=baseline, target=target)
    click.echo(
        f"{kr.id} is a key result now: {kr.title} ({kr.owner}, "
        f"{format_value(kr.baseline, kr.unit)} → {format_value(kr.target, kr.unit)})"
    )


def _review_drafts(store_path: Path | None, team: str | None, cycle: str | None) -> None:
    """Open the drafts review screen on the cycle and team asked for (checked here, one line if wrong)."""
    from okrtui.cli.group import run_app
    from okrtui.tui.options import FirstScreen, Options

    store = existing_store(store_path)
    view = store.view()
    picked = chosen_team(view, team)
    if cycle:
        cycle = view.cycle(cycle).id
    run_app(store, Options(FirstScreen.DRAFTS, team=picked.id if picked else None, cycle=cycle))


def _member_owner(store: Store, draft_id: str, owner: str) -> str:
    """The owner as the draft's team spells them; a KR is owned by a member of its team."""
    from okrtui.core.errors import RuleError
    from okrtui.core.members import member_name

    view = store.view()
    found = view.locate("drafts", draft_id)
    if found is None:
        return owner  # promote_draft says the draft is missing, in its own words
    _cycle, team, _draft = found
    try:
        return member_name(team, owner)
    except RuleError as error:
        raise UserError(f"{error}; add them to the team first (dashboard: p, Teams and members)") from None
