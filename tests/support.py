"""Helpers for tests that run okrtui as users do: a real process, the environment conftest isolated."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

OKRTUI = (sys.executable, "-m", "okrtui")
TIMEOUT = 60.0
"""Generous per call: the machine is shared, and a hung command should fail, not block CI."""


def okrtui_env(**extra: str) -> dict[str, str]:
    """The test's environment (HOME, XDG_*, OKRTUI_STORE, OKRTUI_TODAY pinned by conftest), plus `extra`."""
    env = dict(os.environ)
    env.update(NO_COLOR="1", COLUMNS="80", **extra)
    return env


def run_okrtui(
    *args: str, store: Path | None = None, prefix: Sequence[str] = (), timeout: float = TIMEOUT
) -> subprocess.CompletedProcess[str]:
    """Run `python -m okrtui [--store S] ARGS` in a subprocess and capture its output."""
    store_args = ("--store", str(store)) if store is not None else ()
    return subprocess.run(
        [*prefix, *OKRTUI, *store_args, *args],
        capture_output=True,
        text=True,
        env=okrtui_env(),
        timeout=timeout,
        check=False,
    )


def assert_user_error(stderr: str, code: int, *, mentions: str = "") -> None:
    """A mistake the user can fix: exit 2 and exactly one line on stderr, never a traceback."""
    assert code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("okrtui: "), stderr
    assert "Traceback" not in stderr
    assert mentions.lower() in lines[0].lower(), stderr
