"""Theme files: read and validate `*.toml` themes without Textual.

`okrtui status` and `okrtui themes` colour their output from here, so this module must never import
Textual; `okrtui.tui.theming` turns the validated files into Textual themes.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from okrtui.core.scoring import Band

DEFAULT_THEME = "okr-dark"
THEME_ENV = "OKRTUI_THEME"

APP_VARIABLES = {
    "okr-on-track": "success",
    "okr-at-risk": "warning",
    "okr-off-track": "error",
    "okr-chart-value": "primary",
    "okr-chart-confidence": "accent",
    "okr-chart-target": "success",
    "okr-chart-pace": "secondary",
}
"""The app's own theme variables, and the theme colour each falls back to when a theme omits it."""

FALLBACK_PALETTE = {Band.ON_TRACK: "green", Band.AT_RISK: "yellow", Band.OFF_TRACK: "red"}
"""Terminal colours for a status whose theme names no colour at all."""

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_HEX_ALPHA = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_TEXT_STYLES = {"none", "bold", "dim", "italic", "underline", "reverse", "strike"}


def _normalise(text: str) -> str:
    """Short or upper-case hex becomes lower-case `#rrggbb`: one spelling for Textual and rich alike."""
    digits = text[1:].lower()
    return "#" + ("".join(d * 2 for d in digits) if len(digits) == 3 else digits)


def _colour(value: str) -> str:
    if not _HEX.fullmatch(value.strip()):
        raise ValueError(f"{value!r} is not a colour (write #rrggbb: six hex digits)")
    return _normalise(value.strip())


def _colour_alpha(value: str) -> str:
    if not _HEX_ALPHA.fullmatch(value.strip()):
        raise ValueError(f"{value!r} is not a colour (write #rrggbb, or #rrggbbaa with an alpha)")
    return _normalise(value.strip())


def _textual_value(value: str) -> str:
    """A Textual variable: a colour, a colour at a percentage (`#rrggbb 35%`), or text styles."""
    words = value.split()
    if words and all(word in _TEXT_STYLES for word in words):
        return " ".join(words)
    if len(words) == 2 and re.fullmatch(r"[0-9]{1,3}%", words[1]) and int(words[1][:-1]) <= 100:
        return f"{_colour_alpha(words[0])} {words[1]}"
    if len(words) == 1:
        return _colour_alpha(words[0])
    raise ValueError(f"{value!r} is not a colour (#rrggbb, optionally followed by a percentage) or a style")


def _theme_name(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", value):
        raise ValueError(
            f"{value!r} is not a theme name (lower-case letters, digits and dashes, e.g. my-theme)"
        )
    return value


def shown(value: Any) -> str:
    """A TOML value as a message names it: text in quotes, `true`, a date in ISO form, `a table`."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


Check = Callable[[Any], Any]
"""Turns one setting's TOML value into the theme's, or raises `ValueError` with the sentence to show."""


def _text(check: Callable[[str], str]) -> Check:
    def checked(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"{shown(value)} is not text (write it in quotes)")
        return check(value)

    return checked


_FLAGS = {
    "true": True,
    "yes": True,
    "on": True,
    "1": True,
    "false": False,
    "no": False,
    "off": False,
    "0": False,
}
"""Spellings of true and false theme files written for earlier versions used (and still load)."""


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    spelled = _FLAGS.get(str(value).strip().lower()) if isinstance(value, str | int) else None
    if spelled is None:
        raise ValueError(f"{shown(value)} is not true or false")
    return spelled


def _share(value: Any) -> float:
    try:  # a number, or one in quotes as earlier versions took it
        share = float(value) if isinstance(value, int | float | str) and not isinstance(value, bool) else None
    except ValueError:
        share = None
    if share is None or not 0 <= share <= 1:
        raise ValueError(f"{shown(value)} is not a number from 0 to 1")
    return share


class ThemeVariables(NamedTuple):
    """The `[variables]` table: the app's own colours, plus any of Textual's variables, by their
    names in TCSS (without the `$`), as the file spells them, colours normalised. (This module's
    records are NamedTuples: `status` in a terminal loads it, and dataclasses cost it 2 ms to define.)"""

    values: Mapping[str, str] = MappingProxyType({})

    @classmethod
    def parse(cls, data: Any, problems: list[str]) -> ThemeVariables:
        if not isinstance(data, dict):
            problems.append(f"variables: {shown(data)} is not a table (write [variables] on its own line)")
            return cls()
        unknown = [key for key in data if key.startswith("okr-") and key not in APP_VARIABLES]
        if unknown:  # a typo such as `okr-on-trak` would silently do nothing; say so instead
            problems.append(
                f"variables: unknown variable {unknown[0]!r}; the app's own are {', '.join(APP_VARIABLES)}"
            )
            return cls()
        values = {}
        for key, value in data.items():
            try:
                values[key] = _text(_colour if key in APP_VARIABLES else _textual_value)(value)
            except ValueError as error:
                problems.append(f"variables.{key}: {error}")
        return cls(values)

    def as_dict(self) -> dict[str, str]:
        return dict(self.values)


class ThemeFile(NamedTuple):
    """One theme file. Colours are `#rrggbb`; `primary` is the only one Textual needs.

    Plain data checked by hand rather than a pydantic model: `okrtui status` in a terminal reads
    the theme for its colours, and building a model would import pydantic for that alone (about
    100 ms of a command meant to be instant)."""

    name: str
    primary: str
    dark: bool = True
    secondary: str | None = None
    accent: str | None = None
    foreground: str | None = None
    background: str | None = None
    surface: str | None = None
    panel: str | None = None
    success: str | None = None
    warning: str | None = None
    error: str | None = None
    boost: str | None = None
    luminosity_spread: float = 0.15
    text_alpha: float = 0.95
    variables: ThemeVariables = ThemeVariables()

    def colour(self, variable: str) -> str | None:
        """An app variable's colour, else the theme colour it falls back to (as the app does)."""
        return self.variables.values.get(variable) or getattr(self, APP_VARIABLES[variable])

    def status_palette(self) -> dict[Band, str]:
        """rich styles for the three statuses, as `okrtui status` prints them."""
        return {band: self.colour(band.variable) or FALLBACK_PALETTE[band] for band in Band}

    def textual_fields(self) -> dict[str, Any]:
        """Every setting but the variables, as keyword arguments of Textual's `Theme`."""
        return {name: getattr(self, name) for name in SETTINGS}


SETTINGS: dict[str, Check] = {
    "name": _text(_theme_name),
    "dark": _flag,
    "primary": _text(_colour),
    **{name: _text(_colour) for name in ("secondary", "accent", "foreground", "background", "surface")},
    **{name: _text(_colour) for name in ("panel", "success", "warning", "error")},
    "boost": _text(_colour_alpha),
    "luminosity_spread": _share,
    "text_alpha": _share,
}
"""A theme file's settings besides `[variables]`, in the order their problems are named."""
REQUIRED = ("name", "primary")


def _theme_file(data: dict[str, Any]) -> tuple[ThemeFile | None, list[str]]:
    """The theme, or every problem of the file (field by field, then what it should not hold)."""
    problems: list[str] = []
    settings: dict[str, Any] = {}
    for name, check in SETTINGS.items():
        if name not in data:
            if name in REQUIRED:
                problems.append(f"{name}: missing")
            continue
        try:
            settings[name] = check(data[name])
        except ValueError as error:
            problems.append(f"{name}: {error}")
    if "variables" in data:
        settings["variables"] = ThemeVariables.parse(data["variables"], problems)
    problems += [
        f"{key}: unknown setting (a typo?)" for key in data if key not in SETTINGS and key != "variables"
    ]
    return (None, problems) if problems else (ThemeFile(**settings), [])


class LoadedTheme(NamedTuple):
    theme: ThemeFile
    origin: str
    """`built-in`, or the user file it came from."""

    @property
    def builtin(self) -> bool:
        return self.origin == "built-in"


class Catalogue:
    """Every theme that loaded, by name, and one sentence per file that did not."""

    def __init__(self) -> None:
        self.themes: dict[str, LoadedTheme] = {}
        self.problems: list[str] = []

    def get(self, name: str) -> ThemeFile | None:
        loaded = self.themes.get(name)
        return loaded.theme if loaded else None

    def names(self) -> list[str]:
        return sorted(self.themes)


def builtin_folder() -> Path:
    """The shipped themes: package data beside this module, in a wheel and a checkout alike. A path,
    not `importlib.resources` (importing that took `status` in a terminal longer than the files):
    okrtui runs from files, never from a zip (Textual reads its stylesheets by path too)."""
    return Path(__file__).with_name("builtin")


def parse_theme(text: str, source: str) -> ThemeFile:
    """Validate one theme file's text; `ValueError` carries one sentence naming the file and fields."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{source}: not valid TOML ({error})") from None
    theme, problems = _theme_file(data)
    if theme is None:
        raise ValueError(f"{source}: " + "; ".join(problems))
    return theme


def _read(files: list[Path], origin_of: Callable[[Path], str], catalogue: Catalogue) -> None:
    seen: dict[str, str] = {}
    for entry in files:
        try:
            theme = parse_theme(entry.read_text(encoding="utf-8"), entry.name)
        except (OSError, UnicodeDecodeError) as error:
            catalogue.problems.append(f"{entry.name}: cannot be read ({error})")
            continue
        except ValueError as error:
            catalogue.problems.append(str(error))
            continue
        if theme.name in seen:
            catalogue.problems.append(
                f"{entry.name}: name: {theme.name!r} is already used by {seen[theme.name]}"
            )
            continue
        seen[theme.name] = entry.name
        catalogue.themes[theme.name] = LoadedTheme(theme, origin_of(entry))


def theme_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        (f for f in folder.iterdir() if f.name.endswith(".toml") and f.is_file()), key=lambda f: f.name
    )


def load_themes(user_folder: Path | None = None, *, names: Collection[str] | None = None) -> Catalogue:
    """Built-ins first, then the user's themes (a user theme may replace a built-in of the same name).
    With `names`, only the built-ins of those names are read (a built-in's file is named for it):
    `status` needs one theme, and the user's files are read all the same, their names being inside."""
    catalogue = Catalogue()
    builtins = theme_files(builtin_folder())
    if names is not None:
        builtins = [entry for entry in builtins if entry.stem in names]
    _read(builtins, lambda _: "built-in", catalogue)
    if user_folder is not None:
        _read(theme_files(user_folder), lambda entry: str(entry), catalogue)
    return catalogue


class Request(NamedTuple):
    """The theme asked for, who asked (for messages), and any trouble reading the config file."""

    name: str
    source: str
    problem: str | None = None


def requested_theme(option: str | None = None) -> Request:
    """`--theme`, else `$OKRTUI_THEME`, else the choice remembered in the config file, else the default."""
    if option:
        return Request(option, "--theme")
    if env := os.environ.get(THEME_ENV):
        return Request(env, THEME_ENV)
    from okrtui.config import load_config

    config = load_config()
    remembered = config.values.get("theme")
    if isinstance(remembered, str) and remembered:
        return Request(remembered, "config.toml", config.problem)
    return Request(DEFAULT_THEME, "default", config.problem)
