"""Finishing an imported draft KR from the command line."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from okrtui.cli import main
from tests.conftest import snapshot_of
from tests.support import assert_user_error

DOC = """Team: Sales
## Objective: Grow the business
- Raise ARR to $2.5M @Zed
- Lift trial conversion by 20%
- Sign 12 new reseller partners @Zed
"""


def _import(tmp_path: Path) -> Path:
    source = tmp_path / "okrs.md"
    source.write_text(DOC)
    result = CliRunner().invoke(main, ["import", str(source)])
    assert result.exit_code == 0, result.output
    return tmp_path / "store"


def _draft_ids(runner: CliRunner) -> list[str]:
    """The drafts' ids as `lint` names them: ARR first, then conversion."""
    lint = runner.invoke(main, ["lint"]).output
    found = dict(re.findall(r"(kr-\w+): draft '([^']+)'", lint))
    by_title = {title: kr_id for kr_id, title in found.items()}
    return [by_title["Raise ARR to $2.5M"], by_title["Lift trial conversion by 20%"]]


def test_status_says_drafts_wait_and_complete_turns_them_into_scored_krs(tmp_path: Path) -> None:
    _import(tmp_path)
    runner = CliRunner()
    assert "2 imported KR(s) need an owner or numbers" in runner.invoke(main, ["status"]).output
    arr, conversion = _draft_ids(runner)

    done = runner.invoke(main, ["complete", arr, "--baseline", "$1.8M"])
    assert done.exit_code == 0, done.output
    assert "$1.8M → $2.5M" in done.output
    done = runner.invoke(main, ["complete", conversion, "--baseline", "4", "--owner", "zed"])
    assert done.exit_code == 0, done.output
    assert "(Zed, " in done.output, "the owner is spelled as the team spells them"
    assert "4 → 4.8" in done.output  # "by 20%" applied to the baseline

    status = runner.invoke(main, ["status", "--format", "json"]).output
    assert arr in status and conversion in status
    assert "need an owner" not in runner.invoke(main, ["status"]).output


def test_completing_without_the_missing_owner_fails_and_changes_nothing(tmp_path: Path) -> None:
    store = _import(tmp_path)
    runner = CliRunner()
    conversion = _draft_ids(runner)[1]
    before = snapshot_of(store)
    result = runner.invoke(main, ["complete", conversion, "--baseline", "4"])
    assert result.exit_code == 2
    assert "owner" in result.output
    assert "Traceback" not in result.output
    assert snapshot_of(store) == before


def test_unknown_draft_and_bad_number_are_one_line_errors(tmp_path: Path) -> None:
    _import(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["complete", "kr-nope"]).exit_code == 2
    result = runner.invoke(main, ["complete", _draft_ids(runner)[0], "--baseline", "abc"])
    assert result.exit_code == 2
    assert "not a number" in result.output


def test_an_owner_who_is_not_a_member_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    store = _import(tmp_path)
    runner = CliRunner()
    conversion = _draft_ids(runner)[1]
    before = snapshot_of(store)
    result = runner.invoke(main, ["complete", conversion, "--baseline", "4", "--owner", "Nobody"])
    assert_user_error(
        result.stderr, result.exit_code, mentions="'Nobody' is not a member of Sales (members: Zed)"
    )
    assert snapshot_of(store) == before
