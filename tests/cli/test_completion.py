"""Shell completion from the store, driven the way a shell drives it: click's environment variables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import main
from okrtui.store import Store
from tests.conftest import snapshot_of
from tests.support import TIMEOUT, okrtui_env


def complete(line: str, *, shell: str = "bash") -> list[str]:
    """What `okrtui` offers after `line` (the word being typed is its last one, maybe empty)."""
    words = line.split(" ")
    env = {
        "_OKRTUI_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1) if shell != "fish" else words[-1],
    }
    result = CliRunner().invoke(main, [], prog_name="okrtui", env=env)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return [row.split(",", 1)[1] for row in result.stdout.splitlines() if row]


def test_checkin_kr_completes_the_stores_kr_ids(demo_store: Store) -> None:
    krs = [
        kr.id for board in demo_store.boards(demo_store.cycle("2026-Q4")) for kr in board.live_key_results()
    ]
    assert sorted(complete("okrtui checkin kr-")) == sorted(krs)
    assert complete("okrtui checkin kr-b") == ["kr-bld6"]
    assert complete("okrtui checkin KR-CF") == ["kr-cfr5"]


def test_teams_people_cycles_actions_themes_and_settings(demo_store: Store) -> None:
    assert complete("okrtui remind --team ") == ["platform", "growth"]
    assert complete("okrtui checkin kr-bld6 --as B") == ["Ben"]
    assert complete("okrtui actions --owner ") == [
        "Ana",
        "Ben",
        "Chen",
        "Dara",
        "Eli",
        "Farah",
        "Gus",
        "Hana",
    ]
    assert complete("okrtui retro --cycle ") == ["2026-Q4"]
    assert complete("okrtui actions --done ac-") == ["ac-sec1", "ac-dsk2", "ac-bdg4"], "open ones only"
    assert complete("okrtui --theme p") == ["projector"]
    assert complete("okrtui config set ") == ["store", "team", "name", "theme", "sync"]
    assert "status" in complete("okrtui st")


def test_the_store_named_on_the_line_is_the_one_completed(demo_store: Store, tmp_path: Path) -> None:
    assert complete(f"okrtui --store {tmp_path / 'empty'} checkin kr-") == []
    assert complete(f"okrtui checkin --store {demo_store.root} kr-c") == ["kr-cfr5", "kr-cnv2", "kr-chr4"]


def test_zsh_and_fish_get_the_help_too(demo_store: Store) -> None:
    zsh = CliRunner().invoke(
        main,
        [],
        prog_name="okrtui",
        env={"_OKRTUI_COMPLETE": "zsh_complete", "COMP_WORDS": "okrtui checkin kr-bl", "COMP_CWORD": "2"},
    )
    assert zsh.stdout.splitlines() == [
        "plain",
        "kr-bld6",
        "Bring median build time down from 14 minutes to 6 minutes (Ben)",
    ]
    assert complete("okrtui remind --team g", shell="fish") == ["growth\tGrowth"]


def test_a_damaged_store_completes_nothing_and_changes_nothing(demo_store: Store) -> None:
    (demo_store.root / "workspace.json").write_bytes(b"\x00 garbage")
    before = snapshot_of(demo_store.root)
    assert complete("okrtui checkin kr-") == []
    assert complete("okrtui remind --team ") == []
    assert snapshot_of(demo_store.root) == before


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_a_script_for_each_shell(shell: str) -> None:
    result = CliRunner().invoke(main, ["completion", shell])
    assert result.exit_code == 0
    assert "_OKRTUI_COMPLETE" in result.stdout and f"{shell}_complete" in result.stdout


def test_completion_in_a_real_process_through_the_installed_command(demo_store: Store) -> None:
    command = Path(sys.executable).with_name("okrtui")
    if not command.exists():
        pytest.skip("the okrtui command is not installed beside this Python")
    env = okrtui_env(_OKRTUI_COMPLETE="bash_complete", COMP_WORDS="okrtui checkin kr-m", COMP_CWORD="2")
    ran = subprocess.run([command], capture_output=True, text=True, env=env, timeout=TIMEOUT, check=False)
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "plain,kr-mig3\n", "")
