"""`okrtui actions` and `okrtui away`: what was agreed and who is out, between meetings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from okrtui.cli.completers import complete_away, complete_open_action, complete_person
from okrtui.cli.defaults import as_option, chosen_name, chosen_team, cycle_option, team_option
from okrtui.cli.group import UserError, existing_store, friendly_errors, main, store_option

if TYPE_CHECKING:
    from datetime import date

    from okrtui.core.board import Board
    from okrtui.core.models import Action
    from okrtui.report.message import Message
    from okrtui.store import Store

LIST_FORMATS = ("text", "markdown", "json")


@main.command()
@store_option
@click.option("--owner", help="Only this person's actions.", shell_complete=complete_person)
@team_option("Only this team's actions (id or name)")
@cycle_option()
@click.option(
    "--done",
    "done_ids",
    multiple=True,
    metavar="ID",
    help="Tick an action done (repeatable).",
    shell_complete=complete_open_action,
)
@click.option(
    "--drop",
    "drop_ids",
    multiple=True,
    metavar="ID",
    help="Drop an action that will not be done; needs --reason (repeatable).",
    shell_complete=complete_open_action,
)
@click.option("--reason", help="Why the --drop actions are dropped.")
@click.option("--all", "show_all", is_flag=True, help="List done and dropped actions too.")
@click.option("--format", "fmt", type=click.Choice(LIST_FORMATS), default="text", show_default=True)
@friendly_errors
def actions(
    store_path: Path | None,
    owner: str | None,
    team: str | None,
    cycle: str | None,
    done_ids: tuple[str, ...],
    drop_ids: tuple[str, ...],
    reason: str | None,
    show_all: bool,
    fmt: str,
) -> None:
    """List the open actions by owner (overdue ones marked), or tick them done or drop them.

    Actions are raised in the weekly meeting and walked at the next one; from the shell,
    `okrtui actions --done ac-xxxx` ticks one, `--drop ac-xxxx --reason TEXT` drops one.
    """
    from okrtui.core.weeks import today

    if drop_ids and not (reason or "").strip():
        raise UserError("say why with --reason TEXT when dropping an action")
    if reason is not None and not drop_ids:
        raise UserError("--reason goes with --drop ID")
    store = existing_store(store_path)
    if done_ids or drop_ids:
        _change(store, done_ids, drop_ids, reason or "")
        return
    _list(store, today(), owner=owner, team=team, cycle=cycle, show_all=show_all, fmt=fmt)


def _change(store: Store, done_ids: tuple[str, ...], drop_ids: tuple[str, ...], reason: str) -> None:
    from okrtui.core.actions import ActionChange, ActionMove
    from okrtui.core.safe_text import visible
    from okrtui.core.weeks import today, week_of
    from okrtui.services.actions import change_actions

    week = week_of(today())
    changes = [ActionChange(action=i, move=ActionMove.DONE, week=week) for i in done_ids]
    changes += [ActionChange(action=i, move=ActionMove.DROP, week=week, reason=reason) for i in drop_ids]
    for _where, result in change_actions(store, changes):
        action = result.after
        said = visible(f"{action.id} {action.text} ({action.owner or 'no owner'})")
        if not result.changed:
            click.echo(f"{said} was already {action.state.value} in {action.closed_week}")
        elif action.state.value == "done":
            click.echo(f"Done: {said}")
        else:
            click.echo(f"Dropped: {said}: {visible(action.reason)}")


def _list(
    store: Store,
    today: date,
    *,
    owner: str | None,
    team: str | None,
    cycle: str | None,
    show_all: bool,
    fmt: str,
) -> None:
    from okrtui.core.actions import board_actions
    from okrtui.core.members import person_name
    from okrtui.core.weeks import week_of

    view = store.view()
    chosen = view.cycle(cycle) if cycle else view.current_cycle(today)
    if chosen is None:
        click.echo("No OKRs yet, so no actions: `okrtui import FILE` brings yours in.")
        return
    picked = chosen_team(view, team)
    boards = view.boards(chosen, picked)
    wanted = person_name(view.teams(), owner).casefold() if owner else None
    found = [
        (board, a)
        for board in boards
        for a in board_actions(board)
        if (show_all or a.is_open) and (wanted is None or a.owner.casefold() == wanted)
    ]
    if fmt == "json":
        _echo_json(chosen.id, today, found)
        return
    from okrtui.report.message import render

    where = " ".join(
        part for part in (f"for {owner}" if owner else "", f"on {picked.name}" if picked else "") if part
    )
    click.echo(
        render(_message(chosen.id, week_of(today), today, found, boards, where, show_all), fmt), nl=False
    )


def _message(
    cycle_id: str,
    week: str,
    today: date,
    found: list[tuple[Board, Action]],
    boards: list[Board],
    where: str,
    show_all: bool,
) -> Message:
    from okrtui.core.actions import by_owner, overdue
    from okrtui.report.action_lines import action_line, origin_text
    from okrtui.report.message import Message, Section, line

    team_of = {a.id: b.team.name for b, a in found}
    listed = [a for _, a in found]
    what = "Actions" if show_all else "Open actions"
    title = f"{what} {where + ', ' if where else ''}{cycle_id}, week {week}"
    late = overdue(listed, today)
    summary = f"{len([a for a in listed if a.is_open])} open action(s), {len(late)} overdue"
    sections = []
    for owner, owned in by_owner(listed).items():
        late_here = len(overdue(owned, today))
        still_open = sum(a.is_open for a in owned)
        closed_here = len(owned) - still_open
        heading = f"{owner}: {still_open} open" + (f", {late_here} overdue" if late_here else "")
        heading += f", {closed_here} done or dropped" if closed_here else ""
        lines = []
        for action in owned:
            lines.append(action_line(action, today, owner=False))
            lines.append(line(f"{team_of[action.id]}, {origin_text(action)}", depth=1))
        sections.append(Section(heading, lines))
    closed = [f"{why}: its actions can no longer change" for b in boards if (why := b.closed_because())]
    if closed and listed:
        sections.append(Section("Closed", [line(text) for text in closed]))
    if not sections:
        sections.append(Section("Nothing to do", empty=f"no {what.lower()}{' ' + where if where else ''}"))
    return Message(title, summary, sections)


def _echo_json(cycle_id: str, today: date, found: list[tuple[Board, Action]]) -> None:
    import json

    from okrtui.core.weeks import week_of
    from okrtui.report.action_lines import action_json

    document = {
        "schema": 1,
        "date": today.isoformat(),
        "week": week_of(today),
        "cycle": cycle_id,
        "actions": [{**action_json(a, today), "team": b.team.id} for b, a in found],
    }
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


@main.command()
@store_option
@click.option("--from", "start_text", metavar="DATE", help="First day away: 2026-11-23, today, tomorrow, +3.")
@click.option("--to", "end_text", metavar="DATE", help="Last day away (default: the --from day).")
@as_option("Who is away: a member of a team")
@click.option("--note", default="", help="A word on it (shown to others), e.g. 'conference'.")
@click.option("--cancel", metavar="ID", help="Cancel an away period.", shell_complete=complete_away)
@friendly_errors
def away(
    store_path: Path | None,
    start_text: str | None,
    end_text: str | None,
    author: str | None,
    note: str,
    cancel: str | None,
) -> None:
    """Mark yourself away: `remind` does not nag you, the digest does not count you as missing.

    Without options it lists who is away from today on.
    """
    from okrtui.core.dates import parse_day
    from okrtui.core.safe_text import visible
    from okrtui.core.weeks import today

    store = existing_store(store_path)
    if cancel:
        from okrtui.services.actions import cancel_away

        gone = cancel_away(store, cancel)
        click.echo(visible(f"Cancelled {gone.id}: {gone.person} away {gone.start} to {gone.end}"))
        return
    if start_text is None:
        if end_text is not None:
            raise UserError("--to goes with --from DATE")
        _list_away(store, today())
        return
    try:
        start = parse_day(start_text, today())
        end = parse_day(end_text, today()) if end_text else start
    except ValueError as error:
        raise UserError(str(error)) from None
    if end < start:
        raise UserError(f"--to {end} is before --from {start}")
    if end < today():
        raise UserError(f"{start} to {end} is over already")
    _mark_away(store, chosen_name(author), start, end, note)


def _mark_away(store: Store, person: str, start: date, end: date, note: str) -> None:
    from okrtui.core.errors import RuleError
    from okrtui.core.members import person_name
    from okrtui.core.safe_text import visible
    from okrtui.services.actions import mark_away

    try:
        person_name(store.teams(), person)
    except RuleError as error:
        raise UserError(f"{error}; give --as NAME (or `okrtui config set name NAME`)") from None
    period, new = mark_away(store, person, start, end, note)
    when = visible(f"{period.person} is away {period.start} to {period.end} ({period.id})")
    if not new:
        click.echo(f"{when} already; nothing changed")
        return
    click.echo(f"{when}: not reminded, not counted as missing. Undo: `okrtui away --cancel {period.id}`")


def _list_away(store: Store, today: date) -> None:
    from okrtui.core.away import current_and_coming
    from okrtui.core.safe_text import visible
    from okrtui.services.actions import away_periods

    periods = current_and_coming(away_periods(store.view()), today)
    if not periods:
        click.echo("Nobody is away from today on.")
        return
    for period in periods:
        now = " (now)" if period.covers(today) else ""
        note = f"  {period.note}" if period.note else ""
        click.echo(visible(f"{period.id}  {period.person}  {period.start} to {period.end}{now}{note}"))
