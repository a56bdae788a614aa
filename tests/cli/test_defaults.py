"""Defaults typed once: the config file and the environment give the store, team and name; the demo
keeps to its own folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from okrtui.cli import main
from okrtui.config import config_path, load_config
from okrtui.store import Store
from tests.conftest import snapshot_of
from tests.support import assert_user_error


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def no_store_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OKRTUI_STORE")


def test_where_names_the_config_file_and_the_demo_folder(tmp_path: Path) -> None:
    assert cli("where", "--config").stdout.strip() == str(tmp_path / "config" / "config.toml")
    demo = Path(cli("where", "--demo").stdout.strip())
    assert demo.is_relative_to(tmp_path / "home") and demo.name == "okrtui-demo"
    assert cli("--store", "/srv/d", "where", "--demo").stdout.strip() == "/srv/d"


def test_config_set_get_list_unset(demo_store: Store) -> None:
    assert cli("config", "set", "team", "Growth").stdout.strip().startswith("team = growth in ")
    assert cli("config", "set", "name", "hana").exit_code == 0
    assert load_config().values == {"team": "growth", "name": "Hana"}, "spelled as the store spells them"
    assert cli("config", "get", "team").stdout == "growth\n"
    listed = cli("config", "list").stdout
    assert f"team  = growth  (`team` in {config_path()})" in listed
    assert "theme = okr-dark  (default)" in listed
    assert cli("config", "unset", "team").exit_code == 0
    assert "team" not in load_config().values


def test_sync_auto_is_a_setting_like_the_others(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from okrtui.config import sync_is_auto

    assert cli("config", "get", "sync").stdout.strip() == "manual" and not sync_is_auto()
    assert cli("config", "set", "sync", "auto").exit_code == 0
    assert load_config().values["sync"] == "auto" and sync_is_auto()
    monkeypatch.setenv("OKRTUI_SYNC", "manual")  # the environment beats the file, as for every setting
    assert not sync_is_auto()


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["set", "colour", "red"], "no setting 'colour' (settings: store, team, name, theme, sync)"),
        (["set", "sync", "always"], "sync is auto or manual, not 'always'"),
        (["set", "team", "nope"], "no team 'nope'"),
        (["set", "name", "Nobody"], "'Nobody' is not a member of any team"),
        (["set", "theme", "nope"], "no theme named 'nope'"),
        (["set", "team", " "], "give a value"),
        (["get", "colour"], "no setting"),
    ],
)
def test_config_refusals_leave_the_file_alone(demo_store: Store, args: list[str], mentions: str) -> None:
    cli("config", "set", "theme", "projector")
    before = config_path().read_bytes()
    result = cli("config", *args)
    assert_user_error(result.stderr, result.exit_code, mentions=mentions)
    assert config_path().read_bytes() == before


def test_a_flag_beats_the_environment_which_beats_the_file(
    tmp_path: Path, no_store_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("config", "set", "store", str(tmp_path / "from-file")).exit_code == 0
    assert cli("where").stdout.strip() == str(tmp_path / "from-file")
    monkeypatch.setenv("OKRTUI_STORE", str(tmp_path / "from-env"))
    assert cli("where").stdout.strip() == str(tmp_path / "from-env")
    assert cli("config", "get", "store").stdout.strip() == str(tmp_path / "from-env")
    assert cli("where", "--store", str(tmp_path / "from-flag")).stdout.strip() == str(tmp_path / "from-flag")


def test_the_default_team_and_name_save_typing(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("config", "set", "team", "platform")
    cli("config", "set", "name", "Ben")
    shown = json.loads(cli("remind", "--format", "json").stdout)
    assert {p["name"] for p in shown["people"]} == {"Ben", "Chen", "Dara"}
    assert cli("checkin", "kr-bld6", "--value", "9", "--confidence", "6").exit_code == 0
    board = demo_store.board(demo_store.cycle("2026-Q4"), demo_store.team("platform"))
    assert board.checkin("kr-bld6", "2026-W47").author == "Ben"
    monkeypatch.setenv("OKRTUI_TEAM", "growth")
    assert {p["name"] for p in json.loads(cli("remind", "--format", "json").stdout)["people"]} == {
        "Eli",
        "Farah",
        "Gus",
        "Hana",
    }
    everyone = json.loads(cli("remind", "--team", "platform", "--format", "json").stdout)
    assert "Hana" not in {p["name"] for p in everyone["people"]}, "--team beats both"


def test_a_damaged_config_file_means_defaults_and_one_warning(demo_store: Store) -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("team = [unclosed\n")
    result = CliRunner().invoke(main, ["config", "get", "team"])
    assert result.exit_code == 0 and result.stdout == "\n"
    assert "is not valid TOML" in result.stderr


def test_demo_writes_into_its_own_folder_not_the_team_store(store: Store, tmp_path: Path) -> None:
    first = cli("demo", "--no-open")
    assert first.exit_code == 0, first.stderr
    demo = Path(cli("where", "--demo").stdout.strip())
    assert (
        f"Wrote the demo store to {demo}" in first.stderr and f"okrtui --store {demo} status" in first.stderr
    )
    assert (demo / "workspace.json").exists()
    assert not store.root.exists(), "the team's store ($OKRTUI_STORE) got no sample teams"
    before = snapshot_of(demo)
    again = cli("demo", "--no-open")
    assert again.exit_code == 0 and "already has data" in again.stderr
    assert snapshot_of(demo) == before
    chosen = cli("demo", "--no-open", "--store", str(tmp_path / "elsewhere"))
    assert chosen.exit_code == 0 and (tmp_path / "elsewhere" / "workspace.json").exists()
