"""The `okrtui` console script. `okrtui status` with plain arguments runs without importing click,
which costs a fifth of the command; every other command, and any argument this quick reading is not
sure of (help, a shell's completion, an unknown or repeated option, a value that looks like an
option), goes to the click group, which parses, explains and refuses as it always does."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

from okrtui.cli.status_output import FORMATS

COMMAND = "status"
GROUP_OPTIONS = {"--store": "store_path", "--theme": "theme"}
"""The group's options that may come before `status` (`okrtui --store DIR status`), by parameter."""
OPTIONS = {**GROUP_OPTIONS, "--team": "team", "--cycle": "cycle", "--owner": "owner", "--format": "fmt"}
"""The command's options that take a value, by parameter name, as `cli.status` declares them."""
FLAGS = {"--check": "check"}


class QuickStatus(NamedTuple):
    """A `status` command line as click would have read it: the group's parameters, the command's."""

    group: dict[str, Any]
    command: dict[str, Any]


def run(argv: Sequence[str] | None = None) -> None:
    """Run okrtui with `argv` (default: the command line)."""
    args = list(sys.argv[1:] if argv is None else argv)
    quick = quick_status(args) if _may_be_quick() else None
    if quick is None:
        from okrtui.cli.group import main

        main(args=None if argv is None else args)
        return
    _run_status(quick)


def _may_be_quick() -> bool:
    """Not on Windows (click expands its wildcards) and not when a shell asks for completions."""
    return os.name == "posix" and not any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)


def quick_status(args: Sequence[str]) -> QuickStatus | None:
    """`[GROUP OPTIONS] status [OPTIONS]` read as click would read it; None for any other command
    line, or one click might read differently."""
    if COMMAND not in args:
        return None
    at = args.index(COMMAND)
    group = _given(args[:at], GROUP_OPTIONS, {})
    command = _given(args[at + 1 :], OPTIONS, FLAGS)
    if group is None or command is None:
        return None
    return QuickStatus(group, command)


def _given(args: Sequence[str], values: Mapping[str, str], flags: Mapping[str, str]) -> dict[str, Any] | None:
    """The parameters of `args` made only of `--name value`, `--name=value` and flags, each given
    once, with values click takes as they are; None for anything else."""
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
        if param in found or not _taken_as_is(param, given):
            return None
        found[param] = given
        at += 1
    return found


def _taken_as_is(param: str, value: object) -> bool:
    """Whether click takes the value without a word: it refuses a blank --store and an unknown format."""
    if param == "store_path":
        return isinstance(value, str) and bool(value.strip())
    if param == "fmt":
        return value in FORMATS
    return True


def _run_status(quick: QuickStatus) -> None:
    """As click runs `status`: the group's theme checked, the group's set-up, the command's theme
    checked, then the command, its failures said as `group.friendly_errors` says them."""
    from okrtui.cli.plain import (
        echo,
        pinned_today_problem,
        prepare_streams,
        read_root,
        said_in_one_line,
        theme_problem,
    )
    from okrtui.cli.status_output import show_status

    group, command = quick
    try:
        with said_in_one_line(_refuse):
            problem = theme_problem(group["theme"]) if "theme" in group else None
            if not problem:
                prepare_streams()
                problem = pinned_today_problem()
            if not problem and "theme" in command:
                problem = theme_problem(command["theme"])
            if problem:
                _refuse(problem)
            store = command.pop("store_path", None) or group.get("store_path")
            theme = command.pop("theme", None) or group.get("theme")
            show_status(read_root(Path(store) if store else None, COMMAND), theme=theme, **command)
    except KeyboardInterrupt:
        echo("\nAborted!", err=True)  # click's words for it
        sys.exit(1)


def _refuse(message: str) -> NoReturn:
    """`group.UserError` without click: the sentence on stderr, exit 2."""
    from okrtui.cli.plain import say

    say(message)
    sys.exit(2)
