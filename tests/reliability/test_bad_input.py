"""Strange text and damaged store files: a clear sentence and exit 2, never a traceback, no byte changed."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrtui.cli import main
from okrtui.core.kr_values import far_outside, parse_kr_value
from okrtui.store import Store
from okrtui.store.schema import SCHEMA_VERSION
from tests.conftest import snapshot_of
from tests.support import assert_skipped, assert_user_error

FILES = ["workspace.json", "cycles/2026-Q4/platform.json"]
BOARD = FILES[1]
"""A team's board: the whole-store views skip it with a warning (issue 18); its own KRs are refused."""
CHECKIN = ["checkin", "kr-bld6", "--value=3", "--confidence=5", "--as=Ben"]
fixture_ok = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def okrtui(store: Path, *args: str) -> Result:
    """Run a command in-process; any exception escaping click fails the test (it would be a traceback)."""
    return CliRunner().invoke(main, ["--store", str(store), *args], catch_exceptions=False)


@contextmanager
def copy_of(store: Store) -> Iterator[Path]:
    """A private copy of the demo store for one hypothesis example."""
    folder = Path(tempfile.mkdtemp(dir=store.root.parent))
    try:
        yield Path(shutil.copytree(store.root, folder / "store"))
    finally:
        shutil.rmtree(folder)


def assert_clean_outcome(result: Result, before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """Either the command worked, or it said why in one line and left every byte alone."""
    if result.exit_code != 0:
        assert_user_error(result.stderr, result.exit_code)
        assert after == before


@fixture_ok
@given(text=st.text(max_size=60))
def test_any_typed_value_is_saved_or_refused_in_one_line(demo_store: Store, text: str) -> None:
    kr = demo_store.locate_kr("kr-bld6").kr
    with copy_of(demo_store) as store:
        before = snapshot_of(store)
        result = okrtui(store, *CHECKIN[:2], f"--value={text}", *CHECKIN[3:])
        assert_clean_outcome(result, before, snapshot_of(store))
        try:
            value = parse_kr_value(text, kr)
        except ValueError:
            assert result.exit_code == 2
        else:
            expected = 2 if far_outside(kr, value) else 0
            assert result.exit_code == expected, result.stderr


def looks_like_a_store_file(data: bytes) -> bool:
    try:
        parsed = orjson.loads(data)
    except orjson.JSONDecodeError:
        return False
    return isinstance(parsed, dict) and all(isinstance(table, dict) for table in parsed.values())


@fixture_ok
@given(
    data=st.binary(max_size=300) | st.sampled_from([b"{}", b'{"teams": {}}', b"[]", b"null"]),
    which=st.sampled_from(FILES),
)
def test_random_bytes_as_a_store_file(demo_store: Store, data: bytes, which: str) -> None:
    with copy_of(demo_store) as store:
        path = store / which
        path.write_bytes(data)
        for args in (["status"], ["status", "--format", "json"], CHECKIN):
            before = snapshot_of(store)
            result = okrtui(store, *args)
            if which == BOARD and args != CHECKIN:
                assert result.exit_code == 0, result.stderr
                if not looks_like_a_store_file(data):
                    assert_skipped(result.stderr, result.exit_code, mentions=str(path))
            elif not looks_like_a_store_file(data):
                assert_user_error(result.stderr, result.exit_code, mentions=str(path))
            assert_clean_outcome(result, before, snapshot_of(store))


@fixture_ok
@given(cut=st.floats(0, 1, exclude_max=True), which=st.sampled_from(FILES))
def test_truncated_json_as_a_store_file(demo_store: Store, cut: float, which: str) -> None:
    with copy_of(demo_store) as store:
        path = store / which
        whole = path.read_bytes()
        path.write_bytes(whole[: int(len(whole) * cut)])
        before = snapshot_of(store)
        for args in (["status"], CHECKIN):
            result = okrtui(store, *args)
            said = assert_skipped if which == BOARD and args != CHECKIN else assert_user_error
            said(result.stderr, result.exit_code, mentions=str(path))
        assert snapshot_of(store) == before


@fixture_ok
@given(position=st.floats(0, 1, exclude_max=True), byte=st.integers(0, 255), which=st.sampled_from(FILES))
def test_one_flipped_byte_in_a_store_file(demo_store: Store, position: float, byte: int, which: str) -> None:
    with copy_of(demo_store) as store:
        path = store / which
        data = bytearray(path.read_bytes())
        data[int(len(data) * position)] = byte
        path.write_bytes(bytes(data))
        for args in (["status", "--format", "json"], CHECKIN):
            before = snapshot_of(store)
            assert_clean_outcome(okrtui(store, *args), before, snapshot_of(store))


@pytest.mark.parametrize("which", FILES)
def test_a_store_from_a_newer_okrtui_is_refused_untouched(demo_store: Store, which: str) -> None:
    path = demo_store.root / which
    data = orjson.loads(path.read_bytes())
    data["_meta"] = {"1": {"schema": SCHEMA_VERSION + 1}}
    path.write_bytes(orjson.dumps(data))
    before = snapshot_of(demo_store.root)
    for args in (["status"], CHECKIN):
        result = okrtui(demo_store.root, *args)
        said = assert_skipped if which == BOARD and args != CHECKIN else assert_user_error
        said(result.stderr, result.exit_code, mentions="newer okrtui")
        assert str(path) in result.stderr
    assert okrtui(demo_store.root, "demo", "--no-open").exit_code == 0
    assert snapshot_of(demo_store.root) == before
