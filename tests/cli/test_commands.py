"""The `okrtui` command as a user or a script meets it: output, exit codes, and mistakes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from okrtui.cli import main
from okrtui.store import Store
from tests.conftest import snapshot_of
from tests.support import TIMEOUT, assert_skipped, assert_user_error, okrtui_env, run_okrtui

ANSI = re.compile(r"\x1b\[")


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def kr_json(store: Path, kr_id: str) -> dict:
    document = json.loads(cli("--store", str(store), "status", "--format", "json").stdout)
    return next(k for o in document["objectives"] for k in o["key_results"] if k["id"] == kr_id)


# -- through a real process, as users and scripts run it -----------------------------------------


def test_demo_then_status_json_prints_the_documented_schema(tmp_path: Path) -> None:
    store = tmp_path / "x"
    written = run_okrtui("demo", "--store", str(store), "--no-open")
    assert written.returncode == 0, written.stderr
    assert (store / "workspace.json").exists()
    shown = run_okrtui("status", "--store", str(store), "--format", "json")
    assert shown.returncode == 0, shown.stderr
    document = json.loads(shown.stdout)
    assert {"schema", "date", "week", "cycle", "objectives"} <= document.keys()
    assert document["week"] == "2026-W47" and document["cycle"]["id"] == "2026-Q4"
    objective = document["objectives"][0]
    assert {"id", "team", "title", "owner", "score", "key_results"} <= objective.keys()
    fields = {"id", "title", "owner", "baseline", "target", "value", "progress", "score", "confidence"}
    fields |= {"confidence_trend", "last_checkin_week", "open_blockers", "history"}
    for kr in (k for o in document["objectives"] for k in o["key_results"]):
        assert fields <= kr.keys()
        assert len(kr["history"]) >= 8
        assert set(kr["history"][0]) == {"week", "value", "confidence"}
        weeks = [h["week"] for h in kr["history"]]
        assert weeks == sorted(weeks)
        assert all(set(b) == {"id", "text"} for b in kr["open_blockers"])


def test_checkin_shows_in_status_and_resolve_closes_the_blocker(tmp_path: Path) -> None:
    store = tmp_path / "x"
    assert run_okrtui("demo", "--no-open", store=store).returncode == 0
    saved = run_okrtui(
        "checkin", "kr-bld6", "--value", "9", "--confidence", "6", "--blocker", "Runner pool is too small",
        "--as", "Ben", store=store,
    )  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    assert "Saved kr-bld6 for 2026-W47: 9 min, confidence 6" in saved.stdout
    blocker_id = re.search(r"Raised blocker (bl-\w+)", saved.stdout)[1]
    kr = kr_json(store, "kr-bld6")
    assert (kr["value"], kr["confidence"], kr["last_checkin_week"]) == (9, 6, "2026-W47")
    assert {"id": blocker_id, "text": "Runner pool is too small"} in kr["open_blockers"]
    table = run_okrtui("status", "--team", "platform", store=store)
    assert "kr-bld6" in table.stdout and "9" in table.stdout

    resolved = run_okrtui(
        "checkin", "kr-bld6", "--value", "8.5", "--resolve", blocker_id, "--as", "Ben", store=store
    )  # fmt: skip
    assert resolved.returncode == 0, resolved.stderr
    assert f"Resolved blocker {blocker_id}" in resolved.stdout and "replaced" in resolved.stdout
    kr = kr_json(store, "kr-bld6")
    assert (kr["value"], kr["confidence"]) == (8.5, 6), "confidence defaults to the last one given"
    assert blocker_id not in {b["id"] for b in kr["open_blockers"]}


def test_status_never_imports_textual(demo_store: Store) -> None:
    probe = (
        "import sys; from okrtui.cli import main\n"
        "try:\n    main(['status'], standalone_mode=False)\nfinally:\n"
        "    print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr)"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=okrtui_env(),
        timeout=TIMEOUT,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr.strip().endswith("CLEAN")
    assert "kr-cfr5" in ran.stdout


def test_a_user_mistake_in_a_real_process_is_one_line(demo_store: Store) -> None:
    ran = run_okrtui("checkin", "kr-bld6", "--value", "abc", "--confidence", "5")
    assert_user_error(ran.stderr, ran.returncode, mentions="abc")


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["status", "--format", "json"],
        ["lint"],
        ["demo", "--no-open"],
        ["checkin", "kr-bld6", "--value", "1"],
    ],
    ids=" ".join,
)
def test_a_store_path_that_names_a_file_is_one_line(tmp_path: Path, args: list[str]) -> None:
    """`--store` pointed at a file (a typo: the workspace file, not its folder) is a mistake to name,
    not a traceback, and nothing is written."""
    typo = tmp_path / "workspace.json"
    typo.write_text("{}")
    ran = run_okrtui(*args, store=typo)
    assert_user_error(ran.stderr, ran.returncode, mentions=str(typo))
    assert typo.read_text() == "{}"


@pytest.mark.parametrize(
    ("args", "help_of"),
    [
        pytest.param(args, help_of, id=" ".join(args))
        for args, help_of in [
            (["status", "--format", "xml"], "okrtui status"),
            (["meeting", "--minutes", "3"], "okrtui meeting"),
            (["status", "--nope"], "okrtui status"),
            (["nosuchcommand"], "okrtui"),
            (["config", "set"], "okrtui config set"),
            (["--store"], "okrtui"),
        ]
    ],
)
def test_a_usage_mistake_is_one_line_naming_the_help_to_read(
    demo_store: Store, args: list[str], help_of: str
) -> None:
    """Click's usage, hint and error lines read as three problems: one line, as every mistake."""
    ran = run_okrtui(*args)
    assert_user_error(ran.stderr, ran.returncode, mentions=f"{help_of} --help`)")


# -- through click's runner ----------------------------------------------------------------------


def test_version_and_help() -> None:
    assert re.match(r"okrtui, version \d", cli("--version").stdout)
    shown = cli("--help").stdout
    for command in ("demo", "status", "checkin", "where", "meeting"):
        assert command in shown
    assert "`okrtui` alone opens the dashboard" in " ".join(shown.split())


def test_one_blocker_resolved_twice_is_reported_once(demo_store: Store) -> None:
    args = ["checkin", "kr-bld6", "--value", "9", "--confidence", "6", "--as", "Ben"]
    done = cli(*args, "--resolve", "bl-bld60", "--resolve", "BL-BLD60 ")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.count("Resolved blocker bl-bld60") == 1
    wrong = cli(*args, "--resolve", "bl x")
    assert_user_error(wrong.stderr, wrong.exit_code, mentions="blocker to resolve 'bl x' is not an id")
    assert "pattern" not in wrong.stderr and "resolve 0" not in wrong.stderr


def test_where_prints_the_store_in_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("where").stdout.strip() == str(tmp_path / "store")
    assert cli("where", "--store", "/srv/okr").stdout.strip() == "/srv/okr"
    assert cli("--store", "/srv/okr", "where").stdout.strip() == "/srv/okr"
    monkeypatch.delenv("OKRTUI_STORE")
    default = Path(cli("where").stdout.strip())
    assert default.is_relative_to(tmp_path / "home") and default.name == "okrtui"
    assert not default.exists(), "where must not create folders"


def test_demo_writes_only_into_an_empty_store(store: Store) -> None:
    first = cli("demo", "--no-open", "--store", str(store.root))
    assert first.exit_code == 0 and "Wrote the demo" in first.stderr
    before = snapshot_of(store.root)
    again = cli("demo", "--no-open", "--store", str(store.root))
    assert again.exit_code == 0 and "already has data" in again.stderr
    assert snapshot_of(store.root) == before


def test_status_on_an_empty_store_says_how_to_start(store: Store) -> None:
    store.root.mkdir()
    shown = cli("status")
    assert shown.exit_code == 0 and "okrtui demo" in shown.stdout
    assert json.loads(cli("status", "--format", "json").stdout)["objectives"] == []


@pytest.mark.parametrize("args", [["status"], ["status", "--format", "json"], ["lint"]], ids=" ".join)
def test_a_named_store_folder_that_does_not_exist_is_refused(store: Store, args: list[str]) -> None:
    """OKRTUI_STORE or --store naming a folder that is not there (a typo, a share not mounted): a
    script or a cron job hears so, rather than an empty store's "nothing here" and exit 0."""
    shown = cli(*args)
    assert_user_error(shown.stderr, shown.exit_code, mentions=f"no okrtui store at {store.root}")
    assert not store.root.exists(), "reading must not create the store"


def test_status_table_fits_80_columns_without_colour_in_a_pipe(demo_store: Store) -> None:
    shown = cli("status")
    assert shown.exit_code == 0
    assert not ANSI.search(shown.stdout)
    assert max(len(line) for line in shown.stdout.splitlines()) <= 80
    for kr_id in ("kr-cfr5", "kr-wat8", "kr-prt3"):
        assert kr_id in shown.stdout
    for word in ("on track", "at risk", "off track"):
        assert word in shown.stdout


def test_status_filters_by_team_and_formats_markdown(demo_store: Store) -> None:
    shown = cli("status", "--team", "Growth", "--format", "markdown")
    assert shown.exit_code == 0
    assert "kr-wat8" in shown.stdout and "kr-cfr5" not in shown.stdout


def test_a_second_check_in_in_a_week_says_it_replaced_the_first(demo_store: Store) -> None:
    again = cli("checkin", "kr-cfr5", "--value", "9%", "--confidence", "7", "--as", "Ana")
    assert again.exit_code == 0 and "replaced your earlier check-in" in again.stdout
    checkin = demo_store.board(demo_store.cycle("2026-Q4"), demo_store.team("platform")).checkin(
        "kr-cfr5", "2026-W47"
    )
    assert checkin.value == 9 and len(checkin.history) == 1


def test_someone_elses_check_in_of_the_week_is_replaced_only_with_force(demo_store: Store) -> None:
    """Ana checked in kr-cfr5 this week; Ben's scripted check-in must not silently replace hers."""
    before = snapshot_of(demo_store.root)
    refused = cli("checkin", "kr-cfr5", "--value", "8%", "--confidence", "3", "--as", "Ben")
    assert_user_error(refused.stderr, refused.exit_code, mentions="Ana checked in kr-cfr5 for 2026-W47")
    assert "--force" in refused.stderr
    assert snapshot_of(demo_store.root) == before
    forced = cli("checkin", "kr-cfr5", "--value", "8%", "--confidence", "3", "--as", "Ben", "--force")
    assert forced.exit_code == 0 and "replaced Ana's earlier check-in" in forced.stdout
    board = demo_store.board(demo_store.cycle("2026-Q4"), demo_store.team("platform"))
    checkin = board.checkin("kr-cfr5", "2026-W47")
    assert (checkin.author, checkin.value) == ("Ben", 8)
    assert [(h["author"], h["value"]) for h in checkin.history] == [("Ana", 9.94)]


def test_checkin_takes_an_earlier_week_and_typed_values(demo_store: Store) -> None:
    saved = cli(
        "checkin", "kr-wat8", "--value", "1,650", "--confidence", "8", "--week", "2026-w46", "--as", "Eli"
    )
    assert saved.exit_code == 0, saved.stderr
    assert "2026-W46: 1,650 teams" in saved.stdout


BAD_INPUT = {
    "unknown kr": (["checkin", "kr-nope", "--value", "3", "--confidence", "5"], "kr-nope"),
    "unknown team": (["status", "--team", "nope"], "nope"),
    "unknown cycle": (["status", "--cycle", "1999-Q1"], "1999-Q1"),
    "confidence 11": (["checkin", "kr-bld6", "--value", "3", "--confidence", "11"], "confidence"),
    "confidence 0": (["checkin", "kr-bld6", "--value", "3", "--confidence", "0"], "confidence"),
    "value abc": (["checkin", "kr-bld6", "--value", "abc", "--confidence", "5"], "abc"),
    "value nan": (["checkin", "kr-bld6", "--value", "nan", "--confidence", "5"], "nan"),
    "empty value": (["checkin", "kr-bld6", "--value", "", "--confidence", "5"], "number"),
    "long blocker": (
        ["checkin", "kr-bld6", "--value", "3", "--confidence", "5", "--blocker", "b" * 5000],
        "long",
    ),
    "empty blocker": (["checkin", "kr-bld6", "--value", "3", "--confidence", "5", "--blocker", " "], "empty"),
    "long name": (["checkin", "kr-bld6", "--value", "3", "--confidence", "5", "--as", "n" * 100], "long"),
    "bad week": (["checkin", "kr-bld6", "--value", "3", "--confidence", "5", "--week", "2026-W99"], "week"),
    "unknown blocker": (
        ["checkin", "kr-bld6", "--value", "3", "--confidence", "5", "--as", "Ben", "--resolve", "bl-x"],
        "bl-x",
    ),
    "another KR's blocker": (
        ["checkin", "kr-bld6", "--value", "3", "--confidence", "5", "--as", "Ben", "--resolve", "bl-mig30"],
        "bl-mig30",
    ),
    "future week": (
        ["checkin", "kr-bld6", "--value", "3", "--confidence", "5", "--week", "2026-W49"],
        "future",
    ),
    "week outside the cycle": (
        ["checkin", "kr-bld6", "--value", "3", "--confidence", "5", "--as", "Ben", "--week", "2019-W01"],
        "outside",
    ),
    "pinned date garbage": (["status"], "OKRTUI_TODAY"),
    "no value": (["checkin", "kr-bld6", "--confidence", "5"], "--value"),
    "value without kr": (["checkin", "--value", "5"], "KR"),
}


@pytest.mark.parametrize(("args", "mentions"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    demo_store: Store, args: list[str], mentions: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot_of(demo_store.root)
    if mentions == "OKRTUI_TODAY":
        monkeypatch.setenv("OKRTUI_TODAY", "garbage")
    result = cli(*args)
    assert_user_error(result.stderr, result.exit_code, mentions=mentions)
    assert result.stdout == ""
    assert snapshot_of(demo_store.root) == before


@pytest.mark.parametrize(
    "args",
    [["status"], ["status", "--format", "json"], ["checkin", "kr-bld6", "--value", "3", "--confidence", "5"]],
    ids=["status", "json", "checkin"],
)
@pytest.mark.parametrize("damaged", ["workspace.json", "cycles/2026-Q4/platform.json"])
def test_an_unreadable_store_is_named_and_left_alone(
    demo_store: Store, args: list[str], damaged: str
) -> None:
    path = demo_store.root / damaged
    path.write_bytes(path.read_bytes()[:-40])
    before = snapshot_of(demo_store.root)
    result = cli(*args)
    if damaged == "workspace.json" or args[0] == "checkin":
        assert_user_error(result.stderr, result.exit_code, mentions=str(path))
    else:  # another team's board: the others are shown, the file named once (issue 18)
        assert_skipped(result.stderr, result.exit_code, mentions=str(path))
        assert "kr-wat8" in result.stdout
    assert snapshot_of(demo_store.root) == before


def test_an_unreadable_store_in_a_real_process(demo_store: Store) -> None:
    (demo_store.root / "workspace.json").write_bytes(b"\x00\xff garbage")
    before = snapshot_of(demo_store.root)
    for args in (["status"], ["checkin", "kr-bld6", "--value", "3", "--confidence", "5"]):
        ran = run_okrtui(*args)
        assert_user_error(ran.stderr, ran.returncode, mentions="workspace.json")
    assert snapshot_of(demo_store.root) == before


@pytest.mark.parametrize(
    "args", [[], ["checkin"], ["meeting"], ["demo"]], ids=["dashboard", "checkin", "meeting", "demo"]
)
def test_full_screen_commands_refuse_to_run_without_a_terminal(demo_store: Store, args: list[str]) -> None:
    result = cli(*args)
    assert_user_error(result.stderr, result.exit_code, mentions="needs a terminal")


def test_status_check_on_a_missing_store_is_an_error_not_all_clear(tmp_path: Path) -> None:
    result = cli("status", "--check", "--store", str(tmp_path / "typo"))
    assert_user_error(result.stderr, result.exit_code, mentions="typo")


def test_status_piped_into_head_ends_quietly(demo_store: Store) -> None:
    pipeline = subprocess.run(
        f"{sys.executable} -m okrtui status | head -1",
        shell=True,
        env=okrtui_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert pipeline.stdout.startswith("2026-Q4")
    assert pipeline.stderr == ""
