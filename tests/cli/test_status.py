"""`okrtui status`: formats, terminal widths, pipes and NO_COLOR, `--check` exit codes, no Textual."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from okrtui.cli import main
from okrtui.core.models import CheckIn
from okrtui.store import Store
from tests.support import one_kr_board


def status(*args: str, columns: int = 100) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["status", *args], env={"COLUMNS": str(columns)})
    return result.exit_code, result.stdout, result.stderr


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A real process with stdout on a pipe, as in `okrtui status | cat`."""
    return subprocess.run(
        [sys.executable, "-m", "okrtui", *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def healthy_store(store: Store) -> Store:
    """One KR, on track, ahead of pace and checked in this week."""
    now = datetime.now(UTC)
    checked_in = CheckIn(id="ci-1", kr="kr-1", week="2026-W47", value=90, confidence=8, created_at=now)
    return one_kr_board(store, team="Core", objective="Be great", owner="Ana", extra=[checked_in])


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_table_fits_the_width(demo_store: Store, columns: int) -> None:
    code, out, _ = status(columns=columns)
    assert code == 0
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= columns
    assert "kr-mig3" in out and "✖ off track" in out  # status as a word, not only a colour
    assert ("Owner" in out) is (columns >= 100)
    assert ("Wk" in out) is (columns >= 66), "the legend names the week column only where it is shown"


def test_piped_output_with_no_color_has_no_escape_codes(demo_store: Store) -> None:
    done = run_cli("status", env={"NO_COLOR": "1", "COLUMNS": "60"})
    assert done.returncode == 0
    assert "\x1b" not in done.stdout
    assert "kr-cfr5" in done.stdout
    assert max(cell_len(line) for line in done.stdout.splitlines()) <= 60
    assert "\x1b" not in run_cli("status").stdout  # a pipe alone is enough


def test_json_is_complete_and_parseable(demo_store: Store) -> None:
    code, out, _ = status("--format", "json")
    document = json.loads(out)
    assert code == 0 and document["week"] == "2026-W47" and document["cycle"]["id"] == "2026-Q4"
    krs = {kr["id"]: kr for o in document["objectives"] for kr in o["key_results"]}
    assert len(krs) == 12
    assert krs["kr-mig3"]["status"] == "off_track" and krs["kr-cfr5"]["checked_in_this_week"]


def test_json_carries_each_objectives_parent(aligned_store: Store) -> None:
    code, out, _ = status("--format", "json")
    parents = {o["id"]: o["parent"] for o in json.loads(out)["objectives"]}
    assert code == 0 and parents == {
        "ob-co1": None,
        "ob-pl1": "ob-co1",
        "ob-pl2": "kr-pl1",
        "ob-gr1": "ob-co1",
        "ob-gr2": "ob-gone",
    }


def test_markdown_table(demo_store: Store) -> None:
    code, out, _ = status("--format", "markdown", "--team", "growth")
    assert code == 0
    assert out.startswith("# OKR status 2026-Q4, week 2026-W47")
    assert "| kr-wat8 |" in out and "kr-cfr5" not in out


def test_team_owner_and_cycle_filters(demo_store: Store) -> None:
    _, out, _ = status("--team", "Platform", "--format", "json")
    teams = {o["team"] for o in json.loads(out)["objectives"]}
    assert teams == {"platform"}
    _, out, _ = status("--owner", "farah", "--format", "json")
    owners = {kr["owner"] for o in json.loads(out)["objectives"] for kr in o["key_results"]}
    assert owners == {"Farah"}
    code, _, err = status("--cycle", "2026-q4")
    assert code == 0 and not err


def test_an_owner_filter_shows_fewer_rows_never_another_objective_score(demo_store: Store) -> None:
    """Ben owns one KR of "Make every release boring and safe": the objective still reads 0.67 at
    risk, its score from all its KRs, not 0.38 from his alone."""
    from okrtui.report.snapshot import take_snapshot
    from okrtui.report.status_json import to_json
    from okrtui.store.quick_read import read_glance
    from tests.conftest import TODAY

    def scores(*args: str) -> dict[str, float]:
        return {o["id"]: o["score"] for o in json.loads(status(*args, "--format", "json")[1])["objectives"]}

    whole, bens = scores(), scores("--owner", "ben")
    assert bens and all(bens[objective] == whole[objective] for objective in bens)
    light = json.loads(to_json(read_glance(demo_store.root, TODAY, owner="ben")))
    typed = json.loads(to_json(take_snapshot(demo_store, TODAY, owner="ben")))
    assert light == typed
    _, table, _ = status("--owner", "ben")
    assert "Make every release boring and safe  0.67 ▲ at risk" in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--team", "nope"], "no team 'nope' (teams: platform, growth)"),
        (["--cycle", "2031-Q1"], "no cycle '2031-Q1' (cycles: 2026-Q4)"),
        (["--owner", "zed"], "no key results owned by 'zed' in 2026-Q4 (owners: Ana, Ben"),
    ],
)
def test_bad_filters_are_one_line_and_exit_2(demo_store: Store, args: list[str], message: str) -> None:
    code, out, err = status(*args)
    assert code == 2 and not out
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_check_fails_on_the_demo(demo_store: Store) -> None:
    code, _, err = status("--check", "--format", "json")
    assert code == 1
    assert "kr-mig3 (Ben): off track, behind pace, no check-in in 2026-W47" in err
    assert "kr-cfr5" not in err  # on track and checked in this week


def test_check_passes_when_all_on_track_and_checked_in(healthy_store: Store) -> None:
    code, out, err = status("--check")
    assert code == 0 and not err
    assert "kr-1" in out


def test_check_asks_nothing_of_a_closed_cycle(demo_store: Store) -> None:
    """A closed cycle takes no check-ins: `--check` in a cron job must not demand them (issue 18)."""
    demo_store.close_cycle("2026-Q4", force=True)
    code, out, err = status("--check", "--cycle", "2026-Q4")
    assert (code, err) == (0, ""), err
    assert "kr-mig3" in out


def test_empty_store_says_how_to_start(store: Store) -> None:
    store.root.mkdir()
    code, out, _ = status()
    assert code == 0 and "okrtui demo" in out


def test_status_never_imports_textual(demo_store: Store) -> None:
    script = (
        "import sys\n"
        "from okrtui.cli import main\n"
        "for fmt in ('table', 'json', 'markdown'):\n"
        "    try:\n"
        "        main(['status', '--check', '--format', fmt])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.stderr.strip().splitlines()[-1] == "CLEAN", done.stderr
