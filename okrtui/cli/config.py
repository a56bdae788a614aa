"""`okrtui config`: the defaults every command would otherwise need typed (store, team, name, theme)."""

from __future__ import annotations

from pathlib import Path

import click

from okrtui.cli.completers import complete_setting
from okrtui.cli.group import UserError, friendly_errors, main, open_store
from okrtui.cli.plain import say


@main.group(name="config")
def config_group() -> None:
    """Defaults for every command: store, team, name, theme and sync (`okrtui where --config`).

    A flag beats an environment variable (OKRTUI_STORE, OKRTUI_TEAM, OKRTUI_NAME, OKRTUI_THEME, OKRTUI_SYNC),
    which beats the config file, which beats the built-in default.
    """


def _known(key: str) -> str:
    from okrtui.config import SETTINGS

    if key not in SETTINGS:
        raise UserError(f"no setting {key!r} (settings: {', '.join(SETTINGS)})")
    return key


def _problem() -> None:
    from okrtui.config import load_config

    problem = load_config().problem
    if problem:
        say(problem)


@config_group.command(name="list")
@friendly_errors
def list_settings() -> None:
    """Every setting in force, with where it comes from."""
    from okrtui.config import SETTINGS, config_path
    from okrtui.core.safe_text import visible

    _problem()
    click.echo(f"# {config_path()}")
    width = max(len(key) for key in SETTINGS)
    for key in SETTINGS:
        value, source = _in_force(key)
        click.echo(f"{key:<{width}} = {visible(value)}  ({source})")


@config_group.command(name="get")
@click.argument("key", shell_complete=complete_setting)
@friendly_errors
def get_setting(key: str) -> None:
    """Print one setting in force (its default when it is not set)."""
    from okrtui.core.safe_text import visible

    _problem()
    click.echo(visible(_in_force(_known(key))[0]))


@config_group.command(name="set")
@click.argument("key", shell_complete=complete_setting)
@click.argument("value")
@friendly_errors
def set_setting(key: str, value: str) -> None:
    """Set KEY to VALUE in the config file; a team, a name or a theme is checked first."""
    from okrtui.config import ENVIRONMENT, config_path, save_setting, setting
    from okrtui.core.safe_text import visible

    checked = _checked(_known(key), value)
    save_setting(key, checked)
    click.echo(f"{key} = {visible(checked)} in {config_path()}")
    if setting(key).source == ENVIRONMENT[key]:
        say(f"{ENVIRONMENT[key]} is set and wins over the config file while it is")


@config_group.command(name="unset")
@click.argument("key", shell_complete=complete_setting)
@friendly_errors
def unset_setting(key: str) -> None:
    """Remove KEY from the config file (its default applies again)."""
    from okrtui.config import config_path, remove_setting

    removed = remove_setting(_known(key))
    click.echo(f"{'removed' if removed else 'there was no'} {key} in {config_path()}")


def _in_force(key: str) -> tuple[str, str]:
    """A setting's value in force and where it comes from, defaults included."""
    from okrtui.config import default_name, setting

    found = setting(key)
    if found.value is not None:
        return found.value, found.source
    if key == "store":
        return str(open_store(None).root), "default: your data folder"
    if key == "name":
        return default_name(), "default: your login name"
    if key == "theme":
        from okrtui.themes.files import DEFAULT_THEME

        return DEFAULT_THEME, "default"
    if key == "sync":
        return "manual", "default: `okrtui sync` shares"
    return "", "not set: commands use every team, or ask"


def _checked(key: str, value: str) -> str:
    """The value to save: a store folder made absolute, a team or name as the store spells it, a
    theme that exists. A team or name is only checked against a store that exists already."""
    value = value.strip()
    if not value:
        raise UserError(f"give a value for {key} (`okrtui config unset {key}` removes it)")
    if key == "store":
        return str(Path(value).expanduser().absolute())
    if key == "sync":
        from okrtui.config import SYNC_MODES

        if value not in SYNC_MODES:
            raise UserError(f"sync is {' or '.join(SYNC_MODES)}, not {value!r}")
        return value
    if key == "theme":
        from okrtui.paths import themes_dir
        from okrtui.themes.files import load_themes

        names = load_themes(themes_dir()).names()
        if value not in names:
            raise UserError(f"no theme named {value!r} (have: {', '.join(names)}); see `okrtui themes`")
        return value
    store = open_store(None)
    if not store.exists():
        return value
    if key == "team":
        return store.team(value).id
    from okrtui.core.members import person_name
    from okrtui.core.text import one_line

    name = str(one_line(value))
    if len(name) > 60:
        raise UserError(f"a name is at most 60 characters, not {len(name)}")
    return person_name(store.teams(), name)
