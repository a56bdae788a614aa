"""Every input has a limit and a strict shape: what is outside it is refused in one line, and a file
okrtui cannot read exactly is never written over (issue 11)."""

from __future__ import annotations

import os

import orjson
import pytest

from okrtui.store import Store, StoreError
from okrtui.store.errors import UnreadableFileError
from tests.conftest import snapshot_of
from tests.support import assert_user_error, check_in, okrtui_env, run_okrtui


def test_an_endless_input_is_refused_at_once(store: Store) -> None:
    done = run_okrtui("import", "/dev/zero", store=store.root)
    assert_user_error(done.stderr, done.returncode, mentions="larger than 5,000,000 bytes")
    assert not store.root.exists()


def test_a_deeply_nested_json_is_refused_without_recursion(store: Store, tmp_path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"okrtui_export": 1, "cycle": ' + "[" * 100 + "1" + "]" * 100 + "}")
    done = run_okrtui("import", str(deep), store=store.root)
    assert_user_error(done.stderr, done.returncode, mentions="nests 101 levels deep")


@pytest.mark.parametrize("schema", [1.9, "1", True, None, [1]], ids=["1.9", "'1'", "true", "null", "[1]"])
def test_a_schema_that_is_not_the_integer_okrtui_knows_is_unreadable_and_kept(
    demo_store: Store, schema
) -> None:
    data = orjson.loads(demo_store.workspace_path.read_bytes())
    data["_meta"] = {"1": {"schema": schema}}
    demo_store.workspace_path.write_bytes(orjson.dumps(data))
    before = snapshot_of(demo_store.root)
    with pytest.raises(UnreadableFileError, match="schema"):
        demo_store.teams()
    with pytest.raises(StoreError):
        demo_store.save_team(demo_store.view().teams()[0])
    assert snapshot_of(demo_store.root) == before


@pytest.mark.parametrize("key", ["１", "01", "-1", "1.0", " 1", "x"])
def test_a_row_key_that_is_not_plain_ascii_decimal_is_unreadable_and_kept(
    demo_store: Store, key: str
) -> None:
    """A full-width `１` would be row 1 to int() and silently delete the real row 1 on the next write."""
    path = demo_store.board_path("2026-Q4", "platform")
    data = orjson.loads(path.read_bytes())
    row = dict(data["blockers"]["1"], id="bl-planted")
    data["blockers"][key] = row
    path.write_bytes(orjson.dumps(data))
    before = snapshot_of(demo_store.root)
    with pytest.raises(StoreError, match="row key"):
        check_in(demo_store, "kr-bld6", week="2026-W47", value=9, confidence=5)
    assert snapshot_of(demo_store.root) == before


def test_two_records_with_one_id_are_unreadable(demo_store: Store) -> None:
    path = demo_store.board_path("2026-Q4", "platform")
    data = orjson.loads(path.read_bytes())
    data["blockers"]["99"] = data["blockers"]["1"]
    path.write_bytes(orjson.dumps(data))
    with pytest.raises(StoreError, match="two records with the id"):
        demo_store.board(demo_store.cycle("2026-Q4"), demo_store.team("platform"))


def test_a_retried_check_in_raises_its_blocker_once(demo_store: Store) -> None:
    """A retry after an error that came after the write (e.g. the folder could not be synced)."""
    for _ in range(2):
        check_in(
            demo_store, "kr-bld6", week="2026-W47", value=9, confidence=5, new_blockers=["Runner pool full"]
        )
    board = demo_store.board(demo_store.cycle("2026-Q4"), demo_store.team("platform"))
    assert [b.text for b in board.blockers_of("kr-bld6")].count("Runner pool full") == 1


def test_a_folder_that_cannot_be_synced_after_the_rename_is_a_warning_not_a_failure(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        import stat

        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = check_in(demo_store, "kr-bld6", week="2026-W47", value=9, confidence=5)
    assert result.checkin.value == 9
    assert any("could not be synced" in w for w in demo_store.warnings)
    board = demo_store.board(demo_store.cycle("2026-Q4"), demo_store.team("platform"))
    assert board.checkin("kr-bld6", "2026-W47").value == 9


def test_a_terminal_that_is_not_utf8_gets_text_not_a_traceback(demo_store: Store) -> None:
    import subprocess
    import sys

    env = okrtui_env(PYTHONIOENCODING="latin-1")
    done = subprocess.run(
        [sys.executable, "-m", "okrtui", "--store", str(demo_store.root), "status"],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    assert b"kr-bld6" in done.stdout


def test_a_dumb_terminal_is_refused_for_the_full_screen_app(demo_store: Store, monkeypatch) -> None:
    from click.testing import CliRunner

    from okrtui.cli import main

    monkeypatch.setattr("okrtui.cli.group.in_terminal", lambda: True)
    done = CliRunner().invoke(main, ["--store", str(demo_store.root)], env={"TERM": "dumb"})
    assert done.exit_code == 2 and "TERM=dumb" in done.stderr
