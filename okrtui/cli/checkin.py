"""`okrtui checkin`: the due KRs in a form, or one KR from a script."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from okrtui.cli.group import (
    UserError,
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
@click.option(
    "--force", is_flag=True, help="Replace a check-in someone else made this week (theirs stays in history)."
)
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
        from okrtui.tui.options import FirstScreen, Options

        run_app(store, Options(FirstScreen.CHECKIN, author=author or login_name()))
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
    from okrtui.core.checkin import CheckInConflictError, CheckInRequest

    store = open_store(store_path)
    view = store.view()
    where = view.locate_kr(kr_id)
    for problem in view.problems.values():  # another team's damaged file: named, never in the way
        store.warnings.append(problem)
    board = view.board(view.cycle(where.cycle), view.team(where.team))
    me = author or login_name()
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
        resolve=resolve,
        replace_own=True,
        force=force,
    )
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


def _whose(checkin: CheckIn, person: str) -> str:
    own = checkin.meeting is None and checkin.author.casefold() == person.casefold()
    return "your" if own else f"{checkin.author or 'someone'}'s"


def _last_confidence(board: Board, kr_id: str, week: str) -> int:
    history = [c for c in board.checkins_of(kr_id) if c.week <= week]
    if not history:
        raise UserError(f"{kr_id} has no check-in up to {week}: give --confidence 1-10")
    return history[-1].confidence
