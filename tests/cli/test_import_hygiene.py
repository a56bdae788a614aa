"""`okrtui --help` stays fast and the between-meetings commands never load the TUI: checked in a
fresh process, as a user's shell (or cron) starts them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from okrtui.store import Store
from tests.support import TIMEOUT, okrtui_env

HEAVY = ("pydantic", "tinydb", "rich", "textual", "orjson", "platformdirs")


def loaded_after(args: list[str]) -> set[str]:
    probe = (
        "import sys\nfrom okrtui.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=okrtui_env(),
        timeout=TIMEOUT,
        check=False,
    )
    return set(ran.stderr.strip().splitlines()[-1].split(","))


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
