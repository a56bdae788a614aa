"""Themes in the app: broken user themes are reported once, valid ones are offered, choices are kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.theme import BUILTIN_THEMES

from okrtui.config import load_config
from okrtui.paths import themes_dir
from okrtui.store import Store
from okrtui.themes.files import APP_VARIABLES, DEFAULT_THEME
from okrtui.tui.app import OkrApp, Options, make_app
from okrtui.tui.dashboard.screen import DashboardScreen

OCEAN = 'name = "ocean"\nprimary = "#3399ff"\nbackground = "#001020"\nsuccess = "#11cc77"\n'


def notifications(app: OkrApp) -> list[str]:
    """The messages of the toasts on screen."""
    return [note.message for note in app._notifications]


def user_theme(name: str, text: str) -> Path:
    themes_dir().mkdir(parents=True, exist_ok=True)
    path = themes_dir() / name
    path.write_text(text, encoding="utf-8")
    return path


async def test_starts_on_the_default_theme_and_offers_only_okrtui_themes(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        assert {"okr-dark", "okr-light", "projector", "colour-blind"} <= set(app.available_themes)
        assert not set(BUILTIN_THEMES) & set(app.available_themes)
        assert notifications(app) == []


async def test_a_broken_user_theme_is_one_notification_and_the_app_runs(demo_store: Store) -> None:
    user_theme("sunset.toml", 'name = "sunset"\nprimary = "#ff8800"\n[variables]\nokr-at-risk = "orang"\n')
    user_theme("ocean.toml", OCEAN)
    app = make_app(demo_store, Options(theme="sunset"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        (note,) = notifications(app)
        assert "sunset.toml: variables.okr-at-risk: 'orang' is not a colour" in note
        assert "No theme named 'sunset'" in note
        assert app.theme == DEFAULT_THEME
        assert "ocean" in app.available_themes and "sunset" not in app.available_themes
        assert isinstance(app.screen, DashboardScreen)


async def test_a_valid_user_theme_is_picked_from_the_palette_and_remembered(demo_store: Store) -> None:
    user_theme("ocean.toml", OCEAN)
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_change_theme()
        await pilot.pause()
        await pilot.press(*"ocean")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "ocean"
        assert app.theme_variables["okr-on-track"].lower() == "#11cc77"  # falls back to the theme's success
        assert set(APP_VARIABLES) <= set(app.theme_variables)
    assert load_config().values["theme"] == "ocean"
    again = make_app(demo_store)
    assert again.theme == "ocean"


async def test_theme_option_applies_without_being_remembered(demo_store: Store) -> None:
    app = make_app(demo_store, Options(theme="projector"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "projector"
        assert app.theme_variables["okr-off-track"] == "#b00000"
    assert "theme" not in load_config().values


@pytest.mark.parametrize("source", ["env", "config"])
async def test_env_and_config_choose_the_theme_and_a_stale_name_is_explained(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    if source == "env":
        monkeypatch.setenv("OKRTUI_THEME", "gone")
    else:
        from okrtui.config import save_setting

        save_setting("theme", "gone")
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        (note,) = notifications(app)
        expected = "OKRTUI_THEME" if source == "env" else "config.toml"
        assert f"No theme named 'gone' (from {expected})" in note
