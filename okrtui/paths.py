"""Where okrtui keeps things. Folders are worked out on demand and created only when written to."""

from __future__ import annotations

import os
from pathlib import Path

APP = "okrtui"


def default_store_dir() -> Path:
    """The platform's user data folder: the store when nothing else names one (see `config.store_dir`)."""
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False)


def demo_dir() -> Path:
    """Where `okrtui demo` writes without `--store`: a folder of its own, so sample teams never land in
    the store a team imports its real OKRs into (`OKRTUI_STORE` and the config file do not move it)."""
    from platformdirs import user_data_path

    return user_data_path(f"{APP}-demo", appauthor=False)


def login_name() -> str:
    """Who is at the keyboard, for `--as` defaults; empty when the system cannot say."""
    import getpass

    try:
        return getpass.getuser()[:60]
    except (KeyError, OSError, ImportError):
        return ""


def config_dir() -> Path:
    """The user's config folder (settings, user themes); `OKRTUI_CONFIG` overrides it."""
    if env := os.environ.get("OKRTUI_CONFIG"):
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False)


def themes_dir() -> Path:
    return config_dir() / "themes"


def notes_dir(store: Path) -> Path:
    """Meeting notes are written beside the store they come from."""
    return store / "notes"
