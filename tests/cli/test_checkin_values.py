"""A scripted check-in is read against its KR and filed by a member of its team, or refused unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from okrtui.cli import main
from okrtui.store import Store
from tests.support import assert_refused, assert_user_error


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def checkin(kr_id: str, value: str, *more: str) -> Result:
    return cli("checkin", kr_id, "--value", value, "--confidence", "5", *more)


def latest(store: Store, team: str, kr_id: str):
    board = store.board(store.cycle("2026-Q4"), store.team(team))
    return board.checkin(kr_id, "2026-W47")


@pytest.mark.parametrize(("value", "saved"), [("12 min", 12), ("12min", 12), ("12m", 12)])
def test_the_krs_own_unit_is_taken(demo_store: Store, value: str, saved: float) -> None:
    result = checkin("kr-bld6", value, "--as", "Ben")
    assert result.exit_code == 0, result.stderr
    assert f"Saved kr-bld6 for 2026-W47: {saved} min" in result.stdout


def test_thousands_and_percent_on_their_krs(demo_store: Store) -> None:
    assert checkin("kr-wat8", "1.75k", "--as", "Eli", "--force").exit_code == 0
    assert latest(demo_store, "growth", "kr-wat8").value == 1750
    assert checkin("kr-cnv2", "4.5%", "--as", "Farah").exit_code == 0
    assert latest(demo_store, "growth", "kr-cnv2").value == 4.5


REFUSED = {
    "money on a count": (
        ["kr-wat8", "$1.2M", "--as", "Eli"],
        "'$1.2M' is in $ (money); kr-wat8 is measured in teams",
    ),
    "hours on minutes": (["kr-bld6", "2 h", "--as", "Ben"], "is in hours"),
    "percent on minutes": (["kr-bld6", "45%", "--as", "Ben"], "is in percent"),
    "negative minutes": (["kr-bld6", "-5", "--as", "Ben"], "cannot be negative"),
    "negative percent": (["kr-cnv2", "-1%", "--as", "Farah"], "cannot be negative"),
    "ten times too far": (["kr-bld6", "140", "--as", "Ben"], "far outside kr-bld6's range"),
    "not a member": (["kr-bld6", "9", "--as", "🙂"], "'🙂' is not a member of Platform"),
    "member of another team": (["kr-bld6", "9", "--as", "Eli"], "'Eli' is not a member of Platform"),
}


@pytest.mark.parametrize(("args", "mentions"), REFUSED.values(), ids=REFUSED.keys())
def test_refusals_are_one_line_and_change_nothing(demo_store: Store, args: list[str], mentions: str) -> None:
    assert_refused(demo_store.root, lambda: checkin(*args), mentions=mentions)


def test_a_far_value_is_saved_with_yes(demo_store: Store) -> None:
    refused = checkin("kr-bld6", "140", "--as", "Ben")
    assert "--yes" in refused.stderr
    assert checkin("kr-bld6", "140", "--as", "Ben", "--yes").exit_code == 0
    assert latest(demo_store, "platform", "kr-bld6").value == 140


def test_as_is_spelled_as_the_team_spells_it_and_force_files_a_non_member(demo_store: Store) -> None:
    assert checkin("kr-bld6", "9", "--as", "ben").exit_code == 0
    assert latest(demo_store, "platform", "kr-bld6").author == "Ben"
    assert checkin("kr-upt9", "99.97", "--as", "Visitor", "--force").exit_code == 0
    assert latest(demo_store, "platform", "kr-upt9").author == "Visitor"


def test_the_name_from_the_environment_checks_in_without_as(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKRTUI_NAME", "dara")
    saved = checkin("kr-nps4", "30")
    assert saved.exit_code == 0, saved.stderr
    assert latest(demo_store, "platform", "kr-nps4").author == "Dara"
    monkeypatch.setenv("OKRTUI_NAME", "nobody")
    refused = checkin("kr-nps4", "31")
    assert_user_error(refused.stderr, refused.exit_code, mentions="okrtui config set name NAME")


def test_a_missing_store_is_named(tmp_path: Path) -> None:
    result = cli("--store", str(tmp_path / "typo"), "checkin", "kr-bld6", "--value", "9", "--confidence", "5")
    assert_user_error(result.stderr, result.exit_code, mentions=f"no okrtui store at {tmp_path / 'typo'}")
