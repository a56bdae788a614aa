"""`okrtui themes`: every theme with a preview of its status colours on its own background (rich only)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.text import Text

from okrtui.core.scoring import Band
from okrtui.themes.files import Catalogue, LoadedTheme, builtin_folder

STATUS_ORDER = (Band.ON_TRACK, Band.AT_RISK, Band.OFF_TRACK)


def preview(loaded: LoadedTheme) -> Text:
    """` ✔ on track  ▲ at risk  ✖ off track ` in the theme's colours, on the theme's background."""
    theme = loaded.theme
    background = f" on {theme.background}" if theme.background else ""
    palette = theme.status_palette()
    text = Text(" ", style=background.strip())
    for band in STATUS_ORDER:
        text.append(f"{band.badge}  ", style=f"bold {palette[band]}{background}")
    return text


def render_themes(catalogue: Catalogue, current: str, folder: Path, console: Console) -> None:
    width = max(len(name) for name in catalogue.themes)
    for name in catalogue.names():
        loaded = catalogue.themes[name]
        line = Text("● " if name == current else "  ", style="bold")
        line.append(name.ljust(width + 2), style="bold" if name == current else "")
        line.append(("dark " if loaded.theme.dark else "light") + "  ")
        line.append_text(preview(loaded))
        line.append("  " + ("built-in" if loaded.builtin else Path(loaded.origin).name), style="dim")
        console.print(line, overflow="ellipsis", no_wrap=True)
    console.print(Text(f"\nYour themes go in {folder}", style="dim"))
    console.print(Text(f"The format, with an example: {builtin_folder().joinpath('README.md')}", style="dim"))
    console.print(
        Text("Pick one with --theme NAME, $OKRTUI_THEME or the command palette (ctrl+p).", style="dim")
    )
    if catalogue.problems:
        console.print(Text("\nNot loaded:", style="bold"))
        for problem in catalogue.problems:
            console.print(Text(f"  ✖ {problem}"))
