"""The user's settings file (`config.toml` in the config folder): read forgivingly, written atomically.

A missing file means defaults; a damaged one means defaults plus one sentence saying why, never a crash.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okrtui.paths import config_dir

CONFIG_FILE = "config.toml"


@dataclass(frozen=True)
class Config:
    values: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None
    """Why the file was ignored, if it was."""


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


def load_config() -> Config:
    path = config_path()
    try:
        return Config(tomllib.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as error:
        return Config(problem=f"{path} cannot be read ({error}); using the defaults")
    except tomllib.TOMLDecodeError as error:
        return Config(problem=f"{path} is not valid TOML ({error}); using the defaults")


def sync_is_auto(config: Config | None = None) -> bool:
    """`sync = "auto"`: every store write commits to git and every command pulls first."""
    return (config or load_config()).values.get("sync") == "auto"


def save_setting(key: str, value: Any) -> None:
    """Set one top-level setting, keeping the others (a damaged file is replaced by a good one)."""
    from okrtui.store.files import atomic_write

    values = {**load_config().values, key: value}
    atomic_write(config_path(), to_toml(values).encode("utf-8"))


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
