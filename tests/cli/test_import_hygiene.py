"""`okrtui --help` stays fast and the between-meetings commands never load the TUI: checked in a
fresh process, as a user's shell (or cron) starts them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from okrtui.store import Store
from tests.support import TIMEOUT, okrtui_env

HEAVY = ("pydantic", "tinydb", "rich", "textual", "orjson", "platformdirs")


def loaded_after(args: list[str], env: dict[str, str] | None = None) -> set[str]:
    """The top-level packages loaded by `okrtui ARGS`, run in a fresh process."""
    return {name.split(".")[0] for name in loaded_modules(args, env)}


def test_help_imports_nothing_heavy() -> None:
    assert loaded_after(["--help"]) & set(HEAVY) == set()


@pytest.mark.parametrize(
    "args",
    [
        ["remind"],
        ["digest", "--format", "slack"],
        ["actions"],
        ["away"],
        ["config", "list"],
        ["completion", "bash"],
    ],
    ids=lambda args: args[0],
)
def test_between_meeting_commands_never_load_textual(demo_store: Store, args: list[str]) -> None:
    assert "textual" not in loaded_after(args)


@pytest.mark.parametrize("args", [["status"], ["status", "--format", "json"], ["status", "--check"]], ids=str)
def test_status_reads_without_the_stack_it_replaces(demo_store: Store, args: list[str]) -> None:
    """`status` in a pipe builds no pydantic model and loads neither Textual, plotext, TinyDB nor
    rich's console: each file is read once into light rows (see `store.quick_read`)."""
    loaded = loaded_after(["--store", str(demo_store.root), *args])
    assert "okrtui" in loaded  # the probe ran
    assert loaded & {"textual", "plotext", "pydantic", "pydantic_core", "tinydb", "filelock"} == set()
    assert "rich.console" not in loaded_modules(["--store", str(demo_store.root), *args])


@pytest.mark.parametrize("theme", [[], ["--theme", "projector"]], ids=["default", "projector"])
@pytest.mark.parametrize("term", ["xterm-256color", "xterm", "dumb"])
def test_status_in_a_terminal_colours_itself_without_pydantic_or_rich(
    demo_store: Store, theme: list[str], term: str
) -> None:
    """Typed at a prompt (over SSH, say), `status` reads the theme for its colours: from the theme's
    file, without building a model (pydantic alone took longer than the whole piped `status`), and
    writes the colours itself (importing rich's console took as long as the rest of the command)."""
    env = {"TTY_COMPATIBLE": "1", "TERM": term}
    modules = loaded_modules(["--store", str(demo_store.root), "status", *theme], env)
    assert "okrtui.report.ansi" in modules  # the probe ran, and coloured the lines for a terminal
    loaded = {name.split(".")[0] for name in modules}
    assert loaded & {"textual", "plotext", "pydantic", "pydantic_core", "tinydb", "rich"} == set()


@pytest.mark.parametrize("args", [["status"], ["status", "--check"]], ids=str)
def test_status_leaves_other_commands_imports_alone(demo_store: Store, args: list[str]) -> None:
    """`status` is meant to start faster than importing the stack: the merge (and hashlib), statistics,
    TOML (with no config file) and click's shell completion belong to other commands."""
    loaded = loaded_modules(["--store", str(demo_store.root), *args])
    assert "okrtui.store.quick_read" in loaded  # the probe ran the light path
    unused = {"okrtui.core.merge", "hashlib", "statistics", "tomllib", "click.shell_completion"}
    assert loaded & unused == set()


def loaded_modules(args: list[str], env: dict[str, str] | None = None) -> set[str]:
    probe = (
        "import sys\nfrom okrtui.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print(','.join(sorted(sys.modules)), file=sys.stderr)"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=okrtui_env(**(env or {})),
        timeout=TIMEOUT,
        check=False,
    )
    return set(ran.stderr.strip().splitlines()[-1].split(","))


def test_a_scripted_check_in_loads_no_screen_no_renderer_and_no_sentence_parser(demo_store: Store) -> None:
    """`okrtui checkin KR --value V` from a script pays for the typed write path and nothing else."""
    args = ["--store", str(demo_store.root), "checkin", "kr-upt9", "--value", "7", "--confidence", "6"]
    modules = loaded_modules([*args, "--as", "Ana"])
    assert "okrtui.core.checkin" in modules  # it went through the one typed check-in path
    assert {name.split(".")[0] for name in modules} & {"textual", "plotext", "rich"} == set()
    assert "okrtui.core.sentence" not in modules
