"""The `okrtui` group and what every command shares: options, one-line errors, opening the app.

Imports stay inside functions so `--help` and `status` start fast."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from okrtui import __version__
from okrtui.cli.plain import (
    NO_PULL,
    pinned_today_problem,
    prepare_streams,
    read_root,
    said_in_one_line,
    say,
    theme_problem,
)

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from okrtui.store import Store
    from okrtui.tui.options import Options


class UserError(click.ClickException):
    """A mistake the user can fix: one line on stderr, exit 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        say(self.format_message())


def _say_warnings() -> None:
    """What the stores this command used had to say besides "done" (one line each)."""
    ctx = click.get_current_context(silent=True)
    for store in ctx.meta.get(STORES_KEY, []) if ctx is not None else []:
        for warning in dict.fromkeys(store.warnings):
            say(f"warning: {warning}")


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn store, rule and validation failures into one sentence and exit code 2, never a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        with said_in_one_line(_refuse):
            try:
                result = command(*args, **kwargs)
            except SystemExit:  # a command's own exit code (lint's 1) still carries what the store said
                _say_warnings()
                raise
            _say_warnings()
            return result

    return run


def _refuse(message: str) -> NoReturn:
    raise UserError(message) from None


def _named_folder(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Path | None:
    """`--store ""` (an unset variable in a script) would mean the current folder: refuse it."""
    if value is None:
        return None
    if not value.strip():
        raise UserError("--store needs a folder; an empty one would mean the current folder")
    return Path(value)


def store_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--store",
        "store_path",
        metavar="DIR",
        callback=_named_folder,
        default=None,
        help="Store folder (default: $OKRTUI_STORE, else your data folder; see `okrtui where`).",
    )(command)


def open_store(store_path: Path | None) -> Store:
    """The store named by this command's --store, else the group's (`okrtui --store X status`).

    It writes as the person at the keyboard: `OKRTUI_NAME`, the config file's `name`, or the login.
    """
    from okrtui.config import default_name, store_dir
    from okrtui.store import Store

    ctx = click.get_current_context(silent=True)
    store = Store(store_dir(given_store(store_path)), actor=default_name())
    _sync_automatically(store, ctx)
    if ctx is not None:
        ctx.meta.setdefault(STORES_KEY, []).append(store)
    return store


def store_root(store_path: Path | None) -> Path:
    """`plain.read_root` for this command: the store its --store or the group's names."""
    ctx = click.get_current_context(silent=True)
    return read_root(given_store(store_path), ctx.info_name if ctx is not None else None)


def given_store(store_path: Path | None) -> Path | None:
    """The folder `--store` names on this command, else on the group, else None."""
    if store_path is None and (ctx := click.get_current_context(silent=True)):
        store_path = ctx.find_root().params.get("store_path")
    return store_path


def existing_store(store_path: Path | None) -> Store:
    """`open_store`, refusing a folder that holds no store: a mistyped path must not read as "nothing
    due" to a script or a cron job."""
    store = open_store(store_path)
    if not store.exists():
        raise UserError(f"no okrtui store at {store.root}; see `okrtui where`")
    return store


STORES_KEY = "okrtui.stores"


def _sync_automatically(store: Store, ctx: click.Context | None) -> None:
    """With `sync = "auto"`: pull before the command reads, commit (and share) after each write."""
    from okrtui.config import sync_is_auto

    if not sync_is_auto():
        return
    from okrtui.services.sync import after_write, before_command

    command = ctx.info_name if ctx is not None else None
    if command not in NO_PULL:
        before_command(store.root)
    store.hooks.append(after_write)


THEME_KEY = "okrtui.theme"


def _complete_theme(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """`completers.complete_theme`, imported when the shell asks: not on every start (it imports
    click's shell completion)."""
    from okrtui.cli.completers import complete_theme

    return complete_theme(ctx, param, incomplete)


def theme_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--theme NAME`, checked at once, kept in the context for `run_app` and `status` (not an argument)."""

    def remember(ctx: click.Context, _param: click.Parameter, name: str | None) -> None:
        if name is None:
            return
        problem = theme_problem(name)
        if problem:
            raise UserError(problem)
        ctx.meta[THEME_KEY] = name

    return click.option(
        "--theme",
        metavar="NAME",
        expose_value=False,
        callback=remember,
        shell_complete=_complete_theme,
        help="Colour theme (see `okrtui themes`; default: $OKRTUI_THEME, else your last choice).",
    )(command)


def chosen_theme() -> str | None:
    """The `--theme` given to this command or to the group (`okrtui --theme projector meeting`)."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(THEME_KEY) if ctx else None


COMMANDS = {
    "actions": "actions",
    "away": "actions",
    "checkin": "checkin",
    "complete": "documents",
    "completion": "completion",
    "config": "config",
    "cycle": "cycles",
    "demo": "rooms",
    "digest": "digest",
    "doctor": "sharing",
    "export": "documents",
    "import": "documents",
    "init": "sharing",
    "join": "rooms",
    "lint": "documents",
    "log": "sync",
    "meeting": "rooms",
    "merge-driver": "sync",
    "remind": "remind",
    "retro": "rooms",
    "serve": "serve",
    "show": "sync",
    "status": "status",
    "sync": "sync",
    "themes": "info",
    "where": "info",
}
"""Each command and the module of `okrtui.cli` that defines it, imported only when it runs: `status`
loads one small module, not every command's imports."""


class LazyGroup(click.Group):
    """A group whose commands register themselves when their module is first imported, and whose
    usage mistakes (an unknown option, a value not among the choices) are one line like every
    other mistake: click's own three (usage, hint, error) read as three problems."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            import importlib

            importlib.import_module(f"okrtui.cli.{COMMANDS[cmd_name]}")
        return self.commands.get(cmd_name)

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        with _usage_in_one_line():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with _usage_in_one_line():  # a subcommand's (and a nested group's) are read in here
            return super().invoke(ctx)


@contextmanager
def _usage_in_one_line() -> Iterator[None]:
    """A usage error as a `UserError` naming the help to read; help shown for missing arguments
    (`NoArgsIsHelpError`) stays as click shows it."""
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:
        raise
    except click.UsageError as error:
        where = error.ctx.command_path if error.ctx is not None else "okrtui"
        raise UserError(f"{error.format_message().rstrip('.')} (see `{where} --help`)") from None


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="okrtui")
@store_option
@theme_option
@click.pass_context
def main(ctx: click.Context, store_path: Path | None) -> None:
    """Run your team's weekly OKR check-in from the terminal.

    `okrtui` alone opens the dashboard (every objective and KR, live). Start with `okrtui demo` to
    try it on sample data.
    """
    prepare_streams()
    problem = pinned_today_problem()
    if problem:
        raise UserError(problem)
    if ctx.invoked_subcommand is None:
        from okrtui.tui.options import Options

        run_app(open_store(store_path), Options())


def in_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


SERVED_VARIABLE = "OKRTUI_SERVED"
"""Set by `okrtui serve` for the app it runs per browser tab, which draws through Textual's web driver."""


def in_browser() -> bool:
    """Whether this okrtui draws in a browser tab for `okrtui serve` (its pipes are not a terminal)."""
    return os.environ.get(SERVED_VARIABLE) == "1" and "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")


def require_terminal() -> None:
    """Full-screen commands in cron or a pipe would spin with nobody to see them: refuse at once.
    So do terminals that cannot draw them (TERM=dumb, or one that is not UTF-8)."""
    if in_browser():
        return
    if not in_terminal():
        raise UserError(
            "this opens a full-screen app and needs a terminal; in scripts use `okrtui status`"
            " or `okrtui checkin KR --value V` (`okrtui demo --no-open` writes the demo only)"
        )
    if os.environ.get("TERM", "") in ("", "dumb"):
        raise UserError(
            "this terminal (TERM=dumb) cannot draw the full-screen app; `okrtui status` works here"
        )
    encoding = (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "").replace("_", "")
    if encoding != "utf8":
        raise UserError(
            f"this terminal writes {sys.stdout.encoding}, not UTF-8; set a UTF-8 locale, e.g. LANG=C.UTF-8"
        )


def run_app(store: Store, options: Options) -> None:
    """Open the Textual app on a store (imported only here: `status` never loads Textual)."""
    require_terminal()
    from okrtui.tui.app import make_app

    if options.theme is None:
        options.theme = chosen_theme()
    if store.hooks:  # auto sync: a full-screen app commits each write and shares with `okrtui sync`
        from okrtui.services.sync import after_write

        store.hooks = [partial(after_write, share=False, say=lambda _line: None)]
    app = make_app(store, options)
    code = app.run()
    if app.farewell:
        say(app.farewell)
    if app.return_code:
        sys.exit(app.return_code)
    if isinstance(code, int) and code:
        sys.exit(code)
