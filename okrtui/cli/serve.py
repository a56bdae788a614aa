"""`okrtui serve`: the app in a browser, for a meeting room's projector and people without a terminal."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from okrtui.cli.defaults import chosen_name, chosen_team, team_option
from okrtui.cli.group import (
    SERVED_VARIABLE,
    UserError,
    chosen_theme,
    existing_store,
    friendly_errors,
    main,
    store_option,
    theme_option,
)

INSTALL_HINT = "okrtui serve needs textual-serve: pip install 'okrtui[serve]'"


@main.command()
@store_option
@theme_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free one)."
)
@click.option(
    "--allow-remote", is_flag=True, help="Allow a --host that other machines can reach (refused without it)."
)
@click.option("--meeting", "screen", flag_value="meeting", help="Open the weekly meeting, not the dashboard.")
@click.option(
    "--join", "screen", flag_value="join", help="Open `okrtui join` (follow the meeting), not the dashboard."
)
@team_option("With --meeting or --join: the team (id or name)")
@click.option("--as", "name", metavar="NAME", help="With --join: who the browser is in the room.")
@friendly_errors
def serve(
    store_path: Path | None,
    host: str,
    port: int,
    allow_remote: bool,
    screen: str | None,
    team: str | None,
    name: str | None,
) -> None:
    """Show okrtui in a browser: each tab opens its own app on this store, as you.

    Listens on this machine only unless --allow-remote. The URL it prints holds a random token; any
    request without it is refused. Ctrl+C stops the server and every tab's app.
    """
    from okrtui.web.access import is_local

    if not is_local(host) and not allow_remote:
        raise UserError(
            f"--host {host} can be reached from other machines; add --allow-remote to serve there"
            " (anyone with the URL can then use okrtui as you)"
        )
    if (team or name) and screen is None:
        raise UserError("--team and --as go with --meeting or --join")
    if name and screen != "join":
        raise UserError("--as goes with --join")
    try:
        from okrtui.web.access import new_token
        from okrtui.web.server import ServeError
        from okrtui.web.server import serve as run_server
    except ImportError:
        raise UserError(INSTALL_HINT) from None
    store = existing_store(store_path)
    picked = chosen_team(store.view(), team) if screen else None
    if screen == "join" and picked is not None:  # else the tab would only say so, once opened
        from okrtui.core.members import member_name

        name = member_name(picked, chosen_name(name))
    argv = ["--store", str(store.root)]
    if theme := chosen_theme():
        argv += ["--theme", theme]
    if screen:
        argv += [screen, *(["--team", picked.id] if picked else []), *(["--as", name] if name else [])]
    token = new_token()
    try:
        run_server(
            app_command(argv),
            host=host,
            port=port,
            token=token,
            title=f"okrtui · {store.root.name}",
            announce=lambda url: click.echo(f"okrtui: open {url} (Ctrl+C stops)", err=True),
        )
    except ServeError as error:
        raise UserError(str(error)) from None


def app_command(argv: list[str]) -> str:
    """The shell line textual-serve runs for each tab: this okrtui, told it draws in a browser.

    Ctrl+C in the server's terminal reaches its apps too (one process group): an app still starting
    ignores it (the server tells it to quit), one running quits cleanly (Textual's handler).
    """
    return f"trap '' INT; {SERVED_VARIABLE}=1 exec {shlex.join([sys.executable, '-m', 'okrtui', *argv])}"
