"""The user's settings file (`config.toml` in the config folder): read forgivingly, written atomically.

A missing file means defaults; a damaged one means defaults plus one sentence saying why, never a crash.
It holds the defaults that would otherwise be typed every time: the store, the team, who you are and
the theme. A flag beats an environment variable, which beats the file, which beats the built-in default.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, NamedTuple

from okrtui.paths import config_dir, default_store_dir, login_name

CONFIG_FILE = "config.toml"
SETTINGS = {
    "store": "the store folder used without --store",
    "team": "the team used without --team (id or name)",
    "name": "who you are: checkin and away use it without --as",
    "theme": "the colour theme (see `okrtui themes`)",
    "sync": "`auto`: every write commits to git and every command pulls first (after `okrtui sync init`)",
}
"""The settings `okrtui config` reads and writes, with what each one is for."""
ENVIRONMENT = {
    "store": "OKRTUI_STORE",
    "team": "OKRTUI_TEAM",
    "name": "OKRTUI_NAME",
    "theme": "OKRTUI_THEME",
    "sync": "OKRTUI_SYNC",
}
SYNC_MODES = ("auto", "manual")


class Config(NamedTuple):
    """The file's settings. NamedTuples here: cheaper to define than dataclasses, and every command does."""

    values: dict[str, Any]
    problem: str | None = None
    """Why the file was ignored, if it was."""


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


def load_config() -> Config:
    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config({})
    except (OSError, UnicodeDecodeError) as error:
        return Config({}, f"{path} cannot be read ({error}); using the defaults")
    import tomllib  # only for a file that exists: `status` without one starts faster

    try:
        return Config(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        return Config({}, f"{path} is not valid TOML ({error}); using the defaults")


def sync_is_auto(config: Config | None = None) -> bool:
    """`sync = "auto"`: every store write commits to git and every command pulls first."""
    return setting("sync", config).value == "auto"


def save_setting(key: str, value: Any) -> None:
    """Set one top-level setting, keeping the others (a damaged file is replaced by a good one)."""
    _write({**load_config().values, key: value})


def remove_setting(key: str) -> bool:
    """Remove one top-level setting; False when it was not set."""
    values = load_config().values
    if key not in values:
        return False
    _write({k: v for k, v in values.items() if k != key})
    return True


def _write(values: dict[str, Any]) -> None:
    from okrtui.store.files import atomic_write

    atomic_write(config_path(), to_toml(values).encode("utf-8"))


class Setting(NamedTuple):
    """A setting's value in force and where it came from (for messages: "from OKRTUI_TEAM")."""

    key: str
    value: str | None
    source: str


def setting(key: str, config: Config | None = None) -> Setting:
    """The value of `key` without a flag: its environment variable, else the config file, else none."""
    variable = ENVIRONMENT[key]
    if env := os.environ.get(variable, "").strip():
        return Setting(key, env, variable)
    found = (config or load_config()).values.get(key)
    if isinstance(found, str) and found.strip():
        return Setting(key, found.strip(), f"`{key}` in {config_path()}")
    return Setting(key, None, "default")


def default_name() -> str:
    """Who is at the keyboard: `OKRTUI_NAME`, else `name` in the config file, else the login name."""
    return setting("name").value or login_name()


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to {CONFIG_FILE}")


def to_toml(values: dict[str, Any], prefix: str = "") -> str:
    """Enough TOML for settings: scalars, lists and tables (the standard library only reads TOML)."""
    lines = [f"{_key(k)} = {_scalar(v)}" for k, v in values.items() if not isinstance(v, dict)]
    text = "\n".join(lines) + ("\n" if lines else "")
    for key, table in values.items():
        if isinstance(table, dict):
            name = f"{prefix}{_key(key)}"
            text += f"\n[{name}]\n" + to_toml(table, f"{name}.")
    return text


def store_dir(option: str | Path | None = None) -> Path:
    """`--store DIR`, else `OKRTUI_STORE`, else `store` in the config file, else the platform's user
    data folder."""
    if option:
        return Path(option).expanduser()
    if chosen := setting("store").value:
        return Path(chosen).expanduser()
    return default_store_dir()
