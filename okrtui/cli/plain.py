"""What the commands share that needs no click, so `okrtui status` can run without importing it
(see `cli.entry`): the output streams, one-line messages, the pinned day, the theme check and the
folder a read-only command reads. The click group uses these same functions."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import NoReturn

NO_PULL = {"sync", "merge-driver"}
"""Commands that must not pull first: they are the sync, or run inside one."""


def prepare_streams() -> None:
    """A terminal that is not UTF-8 gets `?` for what it cannot show, not a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """What `click.echo` does with the text okrtui prints (made visible before: no escape code to
    strip): nothing without a stream (`>&-`); UTF-8 where the stream says ASCII (click takes that
    for a misconfigured locale, as cron's often is: a name in a JSON report must not become `?`)."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    text = f"{text}\n" if nl else text
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and _says_ascii(stream):
        stream.flush()
        buffer.write(text.encode("utf-8", "replace"))
        buffer.flush()
        return
    stream.write(text)
    stream.flush()


def _says_ascii(stream: object) -> bool:
    """click's `is_ascii_encoding`: the stream's encoding is ASCII under one of its names."""
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "ascii"
    except LookupError:
        return False


def say(message: str) -> None:
    """One line on stderr, `okrtui: ...`; text from the store in it is made visible, never run."""
    from okrtui.core.safe_text import visible

    echo(f"okrtui: {visible(message)}", err=True)


def pinned_today_problem() -> str | None:
    """What is wrong with `OKRTUI_TODAY` (the day tests and demos pin), if anything."""
    pinned = os.environ.get("OKRTUI_TODAY")
    if not pinned:
        return None
    try:
        date.fromisoformat(pinned)
    except ValueError:
        return f"OKRTUI_TODAY must be a date like 2026-11-18, not {pinned!r}"
    return None


def theme_problem(name: str) -> str | None:
    """Why `--theme name` cannot be used, if it cannot: no such theme among the loaded ones."""
    from okrtui.paths import themes_dir
    from okrtui.themes.files import load_themes

    catalogue = load_themes(themes_dir())
    if name in catalogue.themes:
        return None
    broken = f"; {len(catalogue.problems)} theme file(s) did not load" if catalogue.problems else ""
    return f"no theme named {name!r} (have: {', '.join(catalogue.names())}{broken}); see `okrtui themes`"


def read_root(store_path: Path | None, command: str | None) -> Path:
    """The folder of the store a read-only command reads, pulled first under `sync = "auto"`,
    without building a `Store` (and importing what it writes with)."""
    from okrtui.config import store_dir, sync_is_auto

    root = store_dir(store_path).expanduser()
    if sync_is_auto() and command not in NO_PULL:
        from okrtui.services.sync import before_command

        before_command(root)
    return root


def missing_store(root: Path) -> str | None:
    """Why a read-only command refuses `root`: a folder named by `--store`, `OKRTUI_STORE` or the
    config file that does not exist. A typo must not read as an empty store to a script or a cron
    job; the default folder, before anything is written to it, is only empty."""
    from okrtui.paths import default_store_dir

    try:
        if root.exists() or root == default_store_dir():
            return None
    except OSError:
        return None  # (unreadable: the command's own read says why)
    return f"no okrtui store at {root}; see `okrtui where`"


def user_message(error: Exception) -> str | None:
    """The sentence for a failure the user can act on, or None for a bug (which keeps its traceback)."""
    from okrtui.core.errors import RuleError
    from okrtui.store.errors import StoreError

    if isinstance(error, StoreError | RuleError):
        return str(error)
    pydantic = sys.modules.get("pydantic")  # never imported just to check: `status` runs without it
    if pydantic is not None and isinstance(error, pydantic.ValidationError):
        from okrtui.core.errors import explain

        return explain(error)
    return None


@contextmanager
def said_in_one_line(fail: Callable[[str], NoReturn]) -> Iterator[None]:
    """A store, rule or validation failure becomes one sentence handed to `fail` (which says it and
    exits 2); a reader gone away (`okrtui status | head`) stops quietly, as ls and git do; anything
    else is a bug and keeps its traceback."""
    try:
        yield
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)
    except Exception as error:
        message = user_message(error)
        if message is None:
            raise
        fail(message)
