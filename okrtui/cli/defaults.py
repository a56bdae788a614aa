"""What a command uses when a flag is left out: the team and the person set in the environment or the
config file (`okrtui config`), and, when such a default is wrong, a message saying where it came from."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from okrtui.cli.completers import complete_cycle, complete_person, complete_team
from okrtui.cli.group import UserError

if TYPE_CHECKING:
    from okrtui.core.models import Team
    from okrtui.store.repository import StoreView


def team_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--team T`, completed from the store, defaulting to `$OKRTUI_TEAM`, else the config file's."""
    return click.option(
        "--team",
        help=f"{help_text} (default: $OKRTUI_TEAM, else `team` in the config file).",
        shell_complete=complete_team,
    )


def cycle_option() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--cycle C`, completed from the store's cycles."""
    return click.option(
        "--cycle",
        help="A cycle id such as 2026-Q4 (default: the current one).",
        shell_complete=complete_cycle,
    )


def as_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--as NAME`, completed from the store's people."""
    return click.option(
        "--as",
        "author",
        help=f"{help_text} (default: $OKRTUI_NAME, else `name` in the config file, else your login).",
        shell_complete=complete_person,
    )


def chosen_team(view: StoreView, team: str | None) -> Team | None:
    """The team `--team` names, else the default team, else None (every team)."""
    from okrtui.config import setting
    from okrtui.store.errors import NotFoundError

    if team:
        return view.team(team)
    default = setting("team")
    if default.value is None:
        return None
    try:
        return view.team(default.value)
    except NotFoundError as error:
        raise UserError(f"{error}; it is the default team from {default.source}") from None


def chosen_name(author: str | None) -> str:
    """`--as NAME`, else who is at the keyboard (see `okrtui.config.default_name`)."""
    from okrtui.config import default_name

    return (author or default_name()).strip()
