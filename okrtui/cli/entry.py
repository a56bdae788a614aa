"""The `okrtui` console script. `okrtui status` with plain arguments runs without importing click,
which costs a fifth of the command; every other command, and any argument this quick reading is not
sure of (help, a shell's completion, an unknown or repeated option, a value that looks like an
option), goes to the click group, which parses, explains and refuses as it always does."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from okrtui.cli.status_run import FLAGS, FORMATS, GROUP_OPTIONS, OPTIONS

COMMAND = "status"


def run(argv: Sequence[str] | None = None) -> None:
    """Run okrtui with `argv` (default: the command line)."""
    args = list(sys.argv[1:] if argv is None else argv)
    quick = quick_status(args) if _may_be_quick() else None
    if quick is None:
        from okrtui.cli.group import main

        main(args=None if argv is None else args)
        return
    group, command = quick
    _run_status(group, command)


def _may_be_quick() -> bool:
    """Not on Windows (click expands its wildcards) and not when a shell asks for completions."""
    return os.name == "posix" and not any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)


def quick_status(args: Sequence[str]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The group's and the command's parameters of `[GROUP OPTIONS] status [OPTIONS]`, as click
    would give them; None for anything else, or anything click might read differently."""
    if COMMAND not in args:
        return None
    at = args.index(COMMAND)
    group = _options(args[:at], GROUP_OPTIONS, {})
    command = _options(args[at + 1 :], OPTIONS, FLAGS)
    if group is None or command is None:
        return None
    return group, command


def _options(args: Sequence[str], values: dict[str, str], flags: dict[str, str]) -> dict[str, Any] | None:
    found: dict[str, Any] = {}
    given: str | bool
    at = 0
    while at < len(args):
        token = args[at]
        name, equals, value = token.partition("=") if token.startswith("--") else (token, "", "")
        if name in flags and not equals:
            param, given = flags[name], True
        elif name in values:
            if not equals:
                if at + 1 == len(args):
                    return None
                at += 1
                value = args[at]
                if value.startswith("-"):
                    return None  # click takes it as the value; a person most likely forgot one
            param, given = values[name], value
        else:
            return None
        if param in found or not _plain(param, given):
            return None
        found[param] = given
        at += 1
    return found


def _plain(param: str, value: object) -> bool:
    """Values click takes as they are (a blank --store and an unknown format are refused there)."""
    if param == "store_path":
        return isinstance(value, str) and bool(value.strip())
    if param == "fmt":
        return value in FORMATS
    return True


def _run_status(group: dict[str, Any], command: dict[str, Any]) -> None:
    """As click runs `status`: the group's theme checked, the group's set-up, the command's theme
    checked, then the command; a failure is one line on stderr and exit 2, as `friendly_errors` says."""
    from okrtui.cli.plain import (
        echo,
        leave_quietly,
        pinned_today_problem,
        prepare_streams,
        read_root,
        say,
        theme_problem,
        user_message,
    )
    from okrtui.cli.status_run import show_status

    try:
        problem = theme_problem(group["theme"]) if "theme" in group else None
        if not problem:
            prepare_streams()
            problem = pinned_today_problem()
        if not problem and "theme" in command:
            problem = theme_problem(command["theme"])
        if problem:
            say(problem)
            sys.exit(2)
        store = command.pop("store_path", None) or group.get("store_path")
        theme = command.pop("theme", None) or group.get("theme")
        show_status(read_root(Path(store) if store else None, COMMAND), theme=theme, **command)
    except BrokenPipeError:
        leave_quietly()
    except KeyboardInterrupt:
        echo("\nAborted!", err=True)  # click's words for it
        sys.exit(1)
    except Exception as error:
        message = user_message(error)
        if message is None:
            raise
        say(message)
        sys.exit(2)
