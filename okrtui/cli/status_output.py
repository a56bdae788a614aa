"""What `okrtui status` prints, without click: the click command (`cli.status`) and the console
script's quick path (`cli.entry`) both run `show_status`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from okrtui.cli.plain import echo, missing_store, say

if TYPE_CHECKING:
    from okrtui.core.glance import Glance
    from okrtui.core.scoring import Band

FORMATS = ("table", "json", "markdown")


def show_status(
    root: Path,
    *,
    team: str | None = None,
    cycle: str | None = None,
    owner: str | None = None,
    fmt: str = "table",
    check: bool = False,
    theme: str | None = None,
) -> None:
    """Where every KR stands, printed; with `check`, exit 1 when something needs attention."""
    from okrtui.core.weeks import today
    from okrtui.store.errors import NotFoundError
    from okrtui.store.quick_read import read_glance, store_exists

    if problem := missing_store(root):
        raise NotFoundError(problem)
    if check and not store_exists(root):
        raise NotFoundError(f"no okrtui store at {root} (see `okrtui where`)")
    skipped: list[str] = []
    snapshot = read_glance(root, today(), team=team, cycle=cycle, owner=owner, skipped=skipped)
    for warning in skipped:
        say(f"warning: {warning}")  # as the typed store's warnings are said
    if fmt == "json":
        from okrtui.report.status_json import to_json

        echo(to_json(snapshot))
    elif fmt == "markdown":
        from okrtui.report.status_markdown import to_markdown

        echo(to_markdown(snapshot), nl=False)
    else:
        _print_table(snapshot, theme)
    if check:
        from okrtui.report.check import needs_attention

        problems = needs_attention(snapshot)
        for line in problems:
            echo(line, err=True)
        sys.exit(1 if problems else 0)


def _print_table(snapshot: Glance, theme: str | None) -> None:
    """The lines laid out (and in a terminal coloured) here, as rich's table would print them:
    rich itself costs more to import than the rest of the command. Rich's table where they cannot be."""
    from okrtui.report.status_lines import render_lines
    from okrtui.report.terminal import is_terminal, output_width

    palette = None
    if not is_terminal(sys.stdout):
        lines = render_lines(snapshot, output_width())
    else:
        palette = _status_palette(theme)
        lines = _painted(snapshot, palette) if os.name == "posix" else None  # (Windows: rich's console)
    if lines is not None:
        echo(lines, nl=False)
        return
    from okrtui.report.status_table import make_console, render_table

    render_table(snapshot, make_console(), palette=palette)


def _painted(snapshot: Glance, palette: dict[Band, str] | None) -> str | None:
    """The lines with the escape codes rich would write to this terminal (None: left to rich)."""
    from okrtui.report.ansi import Painter, color_system
    from okrtui.report.status_lines import render_lines
    from okrtui.report.terminal import output_width

    system = color_system()  # None: a dumb terminal
    painter = Painter(system, no_color=os.environ.get("NO_COLOR", "") != "")
    return render_lines(snapshot, output_width(dumb=system is None), painter, palette)


def _status_palette(chosen: str | None) -> dict[Band, str] | None:
    """The status colours of the chosen theme (read from its file: `status` never imports Textual)."""
    from okrtui.paths import themes_dir
    from okrtui.themes.files import DEFAULT_THEME, load_themes, requested_theme

    name = requested_theme(chosen).name
    catalogue = load_themes(themes_dir(), names={name, DEFAULT_THEME})
    theme = catalogue.get(name) or catalogue.get(DEFAULT_THEME)
    return theme.status_palette() if theme else None
