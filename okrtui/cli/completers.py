"""Shell completion of what is in the store: KR ids, teams, people, cycles, actions, themes.

Click calls these (`shell_complete=` on an argument or option) while the shell waits, so each one
reads only what it needs, never writes or creates anything, and answers nothing rather than an
error: a damaged board or a missing store must not print a traceback into someone's prompt. The
store is the one the command line names so far (`okrtui --store X checkin kr-<TAB>`), else the
default. Help texts are store text, so they are made visible like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from typing import TYPE_CHECKING, Any

import click
from click.shell_completion import CompletionItem

if TYPE_CHECKING:
    from okrtui.core.board import Board
    from okrtui.store.repository import StoreView

Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]


def _quietly(find: Callable[[click.Context], Iterable[tuple[str, str]]]) -> Completer:
    """A completer from a function listing (value, help) pairs: filtered by what is typed so far,
    case-insensitively, and empty on any failure."""

    @wraps(find)
    def complete(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from okrtui.core.safe_text import visible

        try:
            pairs = list(find(ctx))
        except Exception:  # completion must never break the shell's prompt
            return []
        wanted = incomplete.casefold()
        seen: set[str] = set()
        items = []
        for value, help_text in pairs:
            if value.casefold().startswith(wanted) and value not in seen:
                seen.add(value)
                items.append(CompletionItem(visible(value), help=visible(help_text)[:80] or None))
        return items

    return complete


def _view(ctx: click.Context) -> StoreView | None:
    """The store named so far on the command line (this command's --store, else the group's)."""
    from okrtui.config import store_dir
    from okrtui.store import Store

    path: Any = None
    node: click.Context | None = ctx
    while node is not None and not path:
        path = node.params.get("store_path")
        node = node.parent
    store = Store(store_dir(path), actor="completion")
    return store.view() if store.exists() else None


def _boards(view: StoreView) -> Iterator[Board]:
    """The boards of the cycles a command looks in (open ones, the newest closed), readable ones only."""
    from okrtui.store import StoreError

    for cycle in view.searched_cycles():
        for team in view.teams():
            try:
                yield view.board(cycle, team)
            except StoreError:
                continue


@_quietly
def complete_kr(ctx: click.Context) -> Iterator[tuple[str, str]]:
    view = _view(ctx)
    for board in _boards(view) if view else ():
        for kr in board.live_key_results():
            yield kr.id, f"{kr.title} ({kr.owner})"


@_quietly
def complete_team(ctx: click.Context) -> Iterator[tuple[str, str]]:
    view = _view(ctx)
    for team in view.teams() if view else ():
        yield team.id, team.name


@_quietly
def complete_person(ctx: click.Context) -> Iterator[tuple[str, str]]:
    view = _view(ctx)
    if view is None:
        return
    for team in view.teams():
        for member in team.members:
            yield member, team.name
    for board in _boards(view):
        for kr in board.live_key_results():
            yield kr.owner, f"owns {kr.id}"


@_quietly
def complete_cycle(ctx: click.Context) -> Iterator[tuple[str, str]]:
    view = _view(ctx)
    for cycle in reversed(view.cycles()) if view else ():
        yield cycle.id, f"{cycle.start} to {cycle.end}, {cycle.state.value}"


@_quietly
def complete_open_action(ctx: click.Context) -> Iterator[tuple[str, str]]:
    from okrtui.core.actions import open_actions

    view = _view(ctx)
    for board in _boards(view) if view else ():
        for action in open_actions(board):
            yield action.id, f"{action.text} ({action.owner or 'no owner'})"


@_quietly
def complete_away(ctx: click.Context) -> Iterator[tuple[str, str]]:
    from okrtui.services.actions import away_periods

    view = _view(ctx)
    for period in away_periods(view) if view else ():
        yield period.id, f"{period.person} {period.start} to {period.end}"


@_quietly
def complete_theme(_ctx: click.Context) -> Iterator[tuple[str, str]]:
    from okrtui.paths import themes_dir
    from okrtui.themes.files import load_themes

    for name in load_themes(themes_dir()).names():
        yield name, ""


@_quietly
def complete_setting(_ctx: click.Context) -> Iterator[tuple[str, str]]:
    from okrtui.config import SETTINGS

    yield from SETTINGS.items()
