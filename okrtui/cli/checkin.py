"""`okrtui checkin`: the due KRs in a form, or one KR from a script."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from okrtui.cli.completers import complete_kr
from okrtui.cli.defaults import as_option, chosen_name
from okrtui.cli.group import (
    UserError,
    existing_store,
    friendly_errors,
    main,
    open_store,
    run_app,
    store_option,
    theme_option,
)

if TYPE_CHECKING:
    from okrtui.core.board import Board
    from okrtui.core.models import CheckIn


@main.command()
@store_option
@theme_option
@click.argument("kr_id", metavar="[KR]", required=False, shell_complete=complete_kr)
@click.option(
    "--value",
    "value_text",
    help="The KR's value now, in its unit: 1200, 1,200, 1.5k, 55%, $1.2M, 12 min (12min, 12m).",
)
@click.option(
    "--confidence", type=int, help="1-10: how sure you are the KR will be hit (default: last week's)."
)
@click.option("--moved", default="", help="What moved since last week.")
@click.option("--stuck", default="", help="What is stuck.")
@click.option("--next", "next_", default="", help="What is next.")
@click.option("--blocker", "blockers", multiple=True, help="Raise a blocker (repeatable).")
@click.option("--resolve", "resolve", multiple=True, metavar="BLOCKER_ID", help="Resolve an open blocker.")
@as_option("Who is checking in: a member of the KR's team")
@click.option("--week", help="ISO week such as 2026-W47 (default: this week).")
@click.option(
    "--force",
    is_flag=True,
    help="Replace a check-in someone else made this week (theirs stays in history), or check in"
    " as someone who is not a member of the team.",
)
@click.option("--yes", is_flag=True, help="Save a value far outside the KR's range (10x) all the same.")
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
    force: bool,
    yes: bool,
) -> None:
    """Check in on your key results: the due ones in a form, or one KR from a script.

    Without KR it opens a form with only your KRs, the ones not checked in this week first.
    With KR and --value it saves one check-in and prints what it saved. The value is read in the
    KR's own unit: another unit or currency, or a negative count, duration or percentage, is
    refused; a value far outside the KR's range needs --yes.
    """
    if kr_id is None:
        if value_text is not None:
            raise UserError("--value needs a KR id: okrtui checkin KR --value V")
        store = open_store(store_path)
        from okrtui.tui.options import FirstScreen, Options

        run_app(store, Options(FirstScreen.CHECKIN, author=chosen_name(author)))
        return
    if value_text is None:
        raise UserError(f"give the new value: okrtui checkin {kr_id} --value V")

    from okrtui.core.kr_values import far_outside, parse_kr_value
    from okrtui.core.values import format_value
    from okrtui.core.weeks import parse_week, today, week_of

    try:
        week = parse_week(week) if week else week_of(today())
    except ValueError as error:
        raise UserError(str(error)) from None
    if week > week_of(today()):
        raise UserError(f"{week} is in the future; check in for this week or an earlier one")
    if confidence is not None and not 1 <= confidence <= 10:
        raise UserError(f"confidence must be 1-10, not {confidence}")
    from okrtui.core.checkin import CheckInConflictError, CheckInRequest

    store = existing_store(store_path)
    view = store.view()
    where = view.locate_kr(kr_id)
    board = view.board(view.cycle(where.cycle), view.team(where.team))
    try:
        value = parse_kr_value(value_text, where.kr)
    except ValueError as error:
        raise UserError(str(error)) from None
    far = far_outside(where.kr, value)
    if far and not yes:
        raise UserError(f"{far}; check the number, or save it with --yes")
    me = chosen_name(author)
    if confidence is None:
        confidence = _last_confidence(board, where.kr.id, week)
    request = CheckInRequest(
        where=where.ref,
        week=week,
        value=value,
        confidence=confidence,
        moved=moved,
        stuck=stuck,
        next=next_,
        author=me,
        new_blockers=blockers,
        resolve=tuple(r.strip() for r in resolve),
        replace_own=True,
        force=force,
    )
    if not force:
        request = request.model_copy(update={"author": _member(board, request.author)})
    try:
        result = store.check_in(request)
    except CheckInConflictError as conflict:
        raise UserError(f"{conflict}; --force replaces it (theirs is kept in its history)") from None
    kr = where.kr
    saved = result.checkin
    replaced = result.filed.replaced
    click.echo(
        f"Saved {kr.id} for {saved.week}: {format_value(saved.value, kr.unit)}, confidence {saved.confidence}"
        + (f" (replaced {_whose(replaced, me)} earlier check-in this week)" if replaced else "")
    )
    for blocker in result.raised:
        click.echo(f"Raised blocker {blocker.id}: {blocker.text}")
    for blocker in result.resolved:
        click.echo(f"Resolved blocker {blocker.id}: {blocker.text}")


def _member(board: Board, name: str) -> str:
    """The author as the team spells them; a non-member is refused (`--force` files it anyway)."""
    from okrtui.core.errors import RuleError
    from okrtui.core.members import member_name

    try:
        return member_name(board.team, name)
    except RuleError as error:
        raise UserError(f"{error}; give --as NAME (or `okrtui config set name NAME`), or --force") from None


def _whose(checkin: CheckIn, person: str) -> str:
    own = checkin.meeting is None and checkin.author.casefold() == person.casefold()
    return "your" if own else f"{checkin.author or 'someone'}'s"


def _last_confidence(board: Board, kr_id: str, week: str) -> int:
    history = [c for c in board.checkins_of(kr_id) if c.week <= week]
    if not history:
        raise UserError(f"{kr_id} has no check-in up to {week}: give --confidence 1-10")
    return history[-1].confidence
