"""`okrtui checkin`: the due KRs in a form, or one KR from a script."""

from __future__ import annotations

from pathlib import Path

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


def _last_confidence(store, kr_id: str, week: str) -> int:
    where = store.locate_kr(kr_id)
    board = store.board(store.cycle(where.cycle), store.team(where.team))
    history = [c for c in board.checkins_of(where.kr.id) if c.week <= week]
    if not history:
        raise UserError(f"{where.kr.id} has no check-in up to {week}: give --confidence 1-10")
    return history[-1].confidence
