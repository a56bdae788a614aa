"""Theme files as Textual themes: register the built-ins and the user's, pick the one asked for."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.app import App
from textual.theme import BUILTIN_THEMES, Theme

from okrtui.paths import themes_dir
from okrtui.themes.files import DEFAULT_THEME, ThemeFile, load_themes, requested_theme


def to_textual(theme: ThemeFile) -> Theme:
    return Theme(**theme.textual_fields(), variables=theme.variables.as_dict())


@dataclass
class ThemeSetup:
    """What `install_themes` did: the theme it started with and what to tell the user."""

    theme: str
    problems: list[str] = field(default_factory=list)

    @property
    def message(self) -> str | None:
        """One notification for everything that went wrong, or None."""
        return "\n".join(self.problems) or None


def install_themes(app: App[Any], option: str | None = None) -> ThemeSetup:
    """Register okrtui's themes in place of Textual's own and switch to the one asked for.

    Textual's themes are dropped so that the palette, `okrtui themes` and `okrtui status` offer the
    same list, and every theme offered has the status colours. A broken user theme is left out and
    reported; an unknown name falls back to the default.
    """
    catalogue = load_themes(themes_dir())
    request = requested_theme(option)
    problems = [f"Not loaded: {problem}" for problem in catalogue.problems]
    if request.problem:
        problems.append(request.problem)
    if DEFAULT_THEME not in catalogue.themes:  # a packaging fault: keep Textual's themes to run at all
        return ThemeSetup(app.theme, [*problems, f"The built-in theme {DEFAULT_THEME!r} is missing."])
    for loaded in catalogue.themes.values():
        app.register_theme(to_textual(loaded.theme))
    setup = ThemeSetup(DEFAULT_THEME, problems)
    if request.name in catalogue.themes:
        setup.theme = request.name
    else:
        problems.append(f"No theme named {request.name!r} (from {request.source}); using {DEFAULT_THEME}.")
    app.theme = setup.theme
    for name in BUILTIN_THEMES:
        if name not in catalogue.themes:
            app.unregister_theme(name)
    return setup
