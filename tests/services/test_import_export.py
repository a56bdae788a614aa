"""`okrtui import`, `export` and `lint` as a team meets them: a pasted doc, a round trip, bad files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from okrtui.cli import main
from okrtui.core.models import CycleState
from okrtui.store import Store
from tests.conftest import snapshot_of
from tests.support import assert_user_error, run_okrtui

PASTED = """\
# Q4 2026 OKRs

Team: Checkout

## Objective 1: Make paying effortless [committed] @Dara
Key Results:
- KR1: Cut checkout errors from 3.5% to 1% @Ana
- KR2: Bring median build time down from 14 minutes to 6 minutes (owner: Ben)
- KR3: Keep uptime at 99.95% or better @Chen
- KR4: Hold p95 latency below 300 ms @Chen

**Objective:** Grow the partner channel [aspirational]
1. Sign 12 new reseller partners @Eli
2. Raise ARR to $2.5M @Farah
3. Lift trial conversion by 20% @Gus
4. Migrate billing to the new provider @Hana
5. Grow weekly active teams from 1,200 to 2,000
"""


def cli(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "okrs.md"
    path.write_text(PASTED, encoding="utf-8")
    return path


def kr_lines(output: str) -> dict[str, str]:
    """Each KR title in `import` output mapped to the numbers line under it."""
    lines = output.splitlines()
    found = {}
    for n, line in enumerate(lines):
        if line.startswith("    kr-"):
            title = line.split("  ")[3] if line.count("  ") >= 3 else line
            found[title.strip()] = lines[n + 1].strip()
    return found


# -- a pasted doc --------------------------------------------------------------------------------


def test_dry_run_shows_numbers_drafts_and_findings_and_writes_nothing(store: Store, doc: Path) -> None:
    result = cli("import", str(doc), "--dry-run")
    assert result.exit_code == 0, result.output
    numbers = kr_lines(result.stdout)
    # the numbers as okrtui understood them, in the words of the preview
    assert numbers["Cut checkout errors from 3.5% to 1%"] == "↓ 3.5% → 1%"
    assert numbers["Bring median build time down from 14 minutes to 6 minutes"] == "↓ 14 minutes → 6 minutes"
    assert numbers["Keep uptime at 99.95% or better"] == "keep ≥ 99.95%"
    assert numbers["Hold p95 latency below 300 ms"] == "keep ≤ 300 ms"
    assert numbers["Sign 12 new reseller partners"] == "↑ 0 → 12 partners"
    assert numbers["Grow weekly active teams from 1,200 to 2,000"] == "↑ 1,200 → 2,000"
    assert numbers["Migrate billing to the new provider"] == "done / not done"
    out = result.stdout
    assert "Raise ARR to $2.5M  @Farah  DRAFT, needs baseline" in out
    assert "↑ ? → $2.5M" in out
    assert "Lift trial conversion by 20%  @Gus  DRAFT, needs baseline" in out
    assert "↑ ? → baseline × 1.2 (+20%)" in out
    assert "Grow weekly active teams from 1,200 to 2,000  no owner  DRAFT, needs owner" in out
    assert "Ready to check in: 6 of 9 KRs. Drafts need: baseline (2), owner (1)." in out
    assert "OKR007 warning" in out and "reads as a task ('migrate')" in out
    assert "OKR001 error" in out and "OKR002 error" in out
    assert "Cycle 2026-Q4 (2026-10-01 → 2026-12-31) — new" in out
    assert "Nothing was written (dry run)" in out
    assert not store.root.exists()


def test_import_then_status_shows_the_krs(store: Store, doc: Path) -> None:
    result = cli("import", str(doc))
    assert result.exit_code == 0, result.output
    assert "Created 1 new team(s), 2 objective(s), 6 KR(s), 3 draft(s) needing input." in result.stdout
    shown = json.loads(cli("status", "--format", "json").stdout)
    titles = {k["title"] for o in shown["objectives"] for k in o["key_results"]}
    assert "Cut checkout errors from 3.5% to 1%" in titles
    assert "Migrate billing to the new provider" in titles
    assert "Raise ARR to $2.5M" not in titles  # a draft is not scored until its baseline is known
    table = cli("status").stdout
    assert "Keep uptime at 99.95% or better" in table
    team = store.team("checkout")
    assert team.members[:3] == ["Dara", "Ana", "Ben"]
    board = store.board(store.cycle("2026-Q4"), team)
    assert {d.title for d in board.drafts} == {
        "Raise ARR to $2.5M",
        "Lift trial conversion by 20%",
        "Grow weekly active teams from 1,200 to 2,000",
    }


def test_importing_the_same_doc_twice_is_refused(store: Store, doc: Path) -> None:
    cli("import", str(doc))
    before = snapshot_of(store.root)
    again = cli("import", str(doc))
    assert again.exit_code == 2 and "already an objective of checkout" in again.stderr
    assert snapshot_of(store.root) == before


def test_two_overlapping_imports_of_one_doc_create_its_objectives_once(demo_store: Store, doc: Path) -> None:
    """Both read the store before either wrote (as two people pressing Enter at once): the second
    is refused under the lock, however late it saw the first one's write."""
    from datetime import date

    from okrtui.services.importer import ImportFileError, apply, prepare

    text = doc.read_text()
    first = prepare(demo_store, text, str(doc), date(2026, 11, 18))
    second = prepare(demo_store, text, str(doc), date(2026, 11, 18))
    apply(demo_store, first)
    before = snapshot_of(demo_store.root)
    with pytest.raises(ImportFileError, match="already an objective of checkout"):
        apply(demo_store, second)
    assert snapshot_of(demo_store.root) == before
    board = demo_store.board(demo_store.cycle("2026-Q4"), demo_store.team("checkout"))
    titles = [o.title for o in board.objectives]
    assert len(titles) == len(set(titles)) == len(first.boards[0].objectives)


def test_team_and_cycle_options(store: Store, doc: Path) -> None:
    result = cli("import", str(doc), "--team", "Payments", "--cycle", "2027-q1")
    assert result.exit_code == 0, result.output
    cycle = store.cycle("2027-Q1")
    assert (cycle.start.isoformat(), cycle.end.isoformat()) == ("2027-01-01", "2027-03-31")
    assert [t.id for t in store.teams()] == ["payments"]


def test_default_cycle_is_the_current_quarter(store: Store, tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text("Team: Ops\nObjective: Calm nights\n- Cut pages from 30 to 10 @Ana\n")
    assert cli("import", str(tmp_path / "plain.txt")).exit_code == 0
    assert [c.id for c in store.cycles()] == ["2026-Q4"]


def test_stdin_import(store: Store) -> None:
    result = cli(
        "import", "-", "--team", "ops", input="Objective: Calm nights\n- Cut pages from 30 to 10 @Ana\n"
    )
    assert result.exit_code == 0, result.output
    assert store.team("ops").members == ["Ana"]


def test_closed_cycles_take_no_import(demo_store: Store, doc: Path) -> None:
    cycle = demo_store.cycles()[-1]
    demo_store.save_cycle(cycle.model_copy(update={"state": CycleState.CLOSED}))
    result = cli("import", str(doc), "--cycle", cycle.id)
    assert result.exit_code == 2 and "is closed" in result.stderr


# -- JSON round trip -----------------------------------------------------------------------------


def test_export_import_export_gives_the_same_bytes(demo_store: Store, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    assert cli("export", "-o", str(first)).exit_code == 0
    empty = tmp_path / "empty"
    imported = cli("--store", str(empty), "import", str(first))
    assert imported.exit_code == 0, imported.output
    again = cli("--store", str(empty), "export").stdout_bytes
    assert again == first.read_bytes()
    data = json.loads(again)
    assert data["okrtui_export"] == 1 and data["cycle"]["id"] == "2026-Q4"
    assert sum(len(b["checkins"]) for b in data["boards"]) > 50


def test_round_trip_keeps_drafts_and_closed_state(store: Store, doc: Path, tmp_path: Path) -> None:
    cli("import", str(doc))
    cycle = store.cycle("2026-Q4")
    store.save_cycle(cycle.model_copy(update={"state": CycleState.CLOSED}))
    first = cli("export", "--cycle", "2026-Q4").stdout_bytes
    (tmp_path / "e.json").write_bytes(first)
    other = tmp_path / "other"
    assert cli("--store", str(other), "import", str(tmp_path / "e.json")).exit_code == 0
    assert cli("--store", str(other), "export", "--cycle", "2026-Q4").stdout_bytes == first
    assert Store(other).cycle("2026-Q4").state is CycleState.CLOSED


def test_json_dry_run_writes_nothing_and_clashes_are_refused(demo_store: Store, tmp_path: Path) -> None:
    exported = tmp_path / "e.json"
    exported.write_bytes(cli("export").stdout_bytes)
    other = tmp_path / "other"
    dry = cli("--store", str(other), "import", str(exported), "--dry-run")
    assert dry.exit_code == 0 and "Would create 2 new team(s), 5 objective(s), 12 KR(s)" in dry.stdout
    assert not other.exists()
    before = snapshot_of(demo_store.root)
    clash = cli("import", str(exported))
    assert clash.exit_code == 2 and "imported before?" in clash.stderr
    assert snapshot_of(demo_store.root) == before
    assert "are for text imports" in cli("import", str(exported), "--team", "x").stderr


def test_damaged_and_newer_exports(demo_store: Store, tmp_path: Path) -> None:
    data = json.loads(cli("export").stdout)
    bad = tmp_path / "bad.json"
    data["boards"][0]["key_results"][0]["owner"] = ""
    bad.write_text(json.dumps(data))
    result = cli("--store", str(tmp_path / "o"), "import", str(bad))
    assert result.exit_code == 2 and "damaged" in result.stderr and "owner" in result.stderr
    data["okrtui_export"] = 99
    bad.write_text(json.dumps(data))
    assert "newer okrtui" in cli("--store", str(tmp_path / "o"), "import", str(bad)).stderr


# -- CSV and Markdown ---------------------------------------------------------------------------


def test_csv_has_one_row_per_check_in(demo_store: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").stdout)))
    boards = demo_store.boards(demo_store.cycle("2026-Q4"))
    live = {kr.id for b in boards for kr in b.live_key_results()}
    assert len(rows) == sum(1 for b in boards for c in b.checkins if c.kr in live)
    first = rows[0]
    assert (first["team"], first["kr_id"], first["week"]) == ("platform", "kr-cfr5", "2026-W39")
    assert float(first["score"]) >= 0 and first["confidence"].isdigit()


def test_csv_text_cannot_run_as_a_formula(demo_store: Store) -> None:
    cli(
        "checkin",
        "kr-bld6",
        "--value",
        "10",
        "--confidence",
        "5",
        "--as",
        "Ben",
        "--moved",
        '=HYPERLINK("x")',
    )
    rows = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").stdout)))
    assert any(r["moved"] == '\'=HYPERLINK("x")' for r in rows)


def test_markdown_report(store: Store, doc: Path) -> None:
    cli("import", str(doc))
    report = cli("export", "--format", "markdown").stdout
    assert report.startswith("# OKRs 2026-Q4")
    assert "## Checkout" in report and "### Make paying effortless" in report
    assert "*draft*" in report and "needs baseline" in report


def test_demo_markdown_has_history_blockers_and_meetings(demo_store: Store) -> None:
    report = cli("export", "--format", "markdown").stdout
    assert "history: W39" in report and "open blocker" in report and "### Meetings" in report
    assert "  - action: Ask security for a review date (Ben)\n" in report
    assert "  - action: Send the pipeline migration guide to service owners (Ben), done 2026-W47" in report


# -- lint ----------------------------------------------------------------------------------------


def test_lint_exit_codes(demo_store: Store, doc: Path) -> None:
    clean = cli("lint")
    assert clean.exit_code == 0 and "OKR007" in clean.stdout  # a warning, not an error
    cli("import", str(doc))
    found = cli("lint", "--team", "checkout")
    assert found.exit_code == 1
    assert "OKR002 error: checkout" in found.stdout and "platform" not in found.stdout
    assert "KR needs a number:" in found.stderr  # each rule met is explained once
    assert "OKR011" in cli("lint", "--rules").stdout


def test_lint_and_export_on_an_empty_store(store: Store) -> None:
    store.root.mkdir()
    assert cli("lint").exit_code == 0
    assert_user_error(cli("export").stderr, cli("export").exit_code, mentions="no cycles")


# -- bad files, as a real process ---------------------------------------------------------------

BAD_FILES = [
    (b"", "is empty"),
    (b"  \n\n", "is empty"),
    (b"\x7fELF\x02\x01\x00\x00binary", "binary"),
    (b"caf\xe9 au lait\n", "not UTF-8"),
    (b"just prose\nno objectives at all\n", "found no objectives"),
    (b'{"broken": ', "not valid"),
    (b'{"a": 1}', "not an okrtui export"),
    ("Objective: 🚀\n- Grow 😀 from 1 to 2 @ana\n".encode(), "no team"),
]


@pytest.mark.parametrize(("content", "mentions"), BAD_FILES)
def test_bad_files_are_one_line_errors(tmp_path: Path, content: bytes, mentions: str) -> None:
    path = tmp_path / "in.md"
    path.write_bytes(content)
    result = run_okrtui("import", str(path), "--dry-run", store=tmp_path / "s")
    assert_user_error(result.stderr, result.returncode, mentions=mentions)
    assert not (tmp_path / "s").exists()


def test_missing_file_folder_and_unwritable_output(tmp_path: Path) -> None:
    for target, mentions in ((tmp_path / "nope.md", "no file"), (tmp_path, "is a folder")):
        result = run_okrtui("import", str(target), store=tmp_path / "s")
        assert_user_error(result.stderr, result.returncode, mentions=mentions)
    run_okrtui("demo", "--no-open", store=tmp_path / "d")
    result = run_okrtui("export", "-o", str(tmp_path / "missing" / "x.json"), store=tmp_path / "d")
    assert_user_error(result.stderr, result.returncode, mentions="cannot write")


def test_emoji_and_a_5000_character_line(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "odd.md"
    path.write_text(
        "Team: 🚀 Rockets\n## 😀 Make users smile\n- 🎯 Grow 😀 users from 10 to 20 @😀\n"
        "- Grow users from 1 to " + "9" * 5000 + " @ana\n- " + "word " * 1000 + "@ben\n",
        encoding="utf-8",
    )
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    assert "too large to be a value" in result.stdout and "shortened the title" in result.stdout
    board = store.board(store.cycle("2026-Q4"), store.team("rockets"))
    assert board.key_results[0].owner == "😀"
    assert all(len(d.title) <= 200 for d in board.drafts)
