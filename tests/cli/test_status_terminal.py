"""`okrtui status` prints, to every kind of terminal and to a pipe, the bytes rich's table would
have printed there: the command lays out and colours the lines itself, rich is what it must match."""

from __future__ import annotations

import io
import subprocess

import pytest

from okrtui.report.snapshot import take_snapshot
from okrtui.report.status_table import make_console, render_table
from okrtui.store import Store
from okrtui.themes.files import DEFAULT_THEME, load_themes
from tests.conftest import TODAY
from tests.support import OKRTUI, TIMEOUT, forget_rich_styles, okrtui_env

CASES = [
    {"TERM": "dumb", "COLUMNS": "30"},  # a pipe too narrow for the lines: rich's table
    {"TERM": "xterm-256color", "COLUMNS": "100"},  # a pipe
    {"TTY_COMPATIBLE": "1", "TERM": "xterm-256color", "COLUMNS": "100"},
    {"TTY_COMPATIBLE": "1", "TERM": "xterm", "COLORTERM": "truecolor", "COLUMNS": "66"},
    {"TTY_COMPATIBLE": "1", "TERM": "linux", "COLUMNS": "80"},  # 16 colours
    {"FORCE_COLOR": "1", "TERM": "screen-16color", "COLUMNS": "80", "NO_COLOR": "1"},
    {"TTY_COMPATIBLE": "1", "TERM": "xterm-256color", "COLUMNS": "120", "OKRTUI_THEME": "projector"},
    {"TTY_COMPATIBLE": "1", "TERM": "dumb", "COLUMNS": "120"},  # rich's dumb terminal: 80 columns
    {"TTY_COMPATIBLE": "1", "TERM": "dumb", "COLUMNS": "120", "LINES": "40"},  # ... unless both are set
    {"TTY_COMPATIBLE": "1", "TERM": "xterm-256color", "COLUMNS": "60"},
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: " ".join(f"{k}={v}" for k, v in case.items()))
def test_status_prints_what_rich_would_have_printed(demo_store: Store, case: dict[str, str]) -> None:
    env = okrtui_env() | {"NO_COLOR": ""} | case
    ran = subprocess.run(
        [*OKRTUI, "--store", str(demo_store.root), "status"],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    theme = load_themes().get(case.get("OKRTUI_THEME", DEFAULT_THEME))
    assert theme is not None
    forget_rich_styles()
    out = io.StringIO()
    render_table(take_snapshot(demo_store, TODAY), make_console(out, _environ=env), theme.status_palette())
    assert ran.stdout == out.getvalue()
