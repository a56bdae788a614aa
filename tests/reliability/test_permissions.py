"""A shared team store: owner and group only, and a store you may not write still shows its status."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from okrtui.store import Store
from tests.conftest import snapshot_of
from tests.support import assert_user_error, run_okrtui

CHECKIN = ("checkin", "kr-bld6", "--value", "3", "--confidence", "5", "--as", "Ben")
AS_ROOT = os.geteuid() == 0
WITHOUT_OVERRIDE = ("setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--")
"""Root without the capabilities that let it ignore file modes: it meets them like any owner."""


def modes(root: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    found.update({str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in root.rglob("*")})
    return found


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077], ids=oct)
def test_a_new_store_is_for_owner_and_group_only(tmp_path: Path, umask: int) -> None:
    store = tmp_path / "team"
    old = os.umask(umask)
    try:
        written = run_okrtui("demo", "--no-open", store=store)
    finally:
        os.umask(old)
    assert written.returncode == 0, written.stderr
    for name, mode in modes(store).items():
        expected = 0o770 if (store / name).is_dir() else 0o660
        assert mode == expected, f"{name}: {oct(mode)}"


@pytest.fixture
def read_only(demo_store: Store) -> Iterator[Store]:
    """The demo store with every write bit taken away (given back after, so it can be removed)."""
    for path in [demo_store.root, *demo_store.root.rglob("*")]:
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
    yield demo_store
    for path in [demo_store.root, *demo_store.root.rglob("*")]:
        path.chmod(stat.S_IMODE(path.stat().st_mode) | 0o200)


def check_read_only(store: Store, prefix: tuple[str, ...] = ()) -> None:
    before = snapshot_of(store.root)
    refused = run_okrtui(*CHECKIN, store=store.root, prefix=prefix)
    assert_user_error(refused.stderr, refused.returncode, mentions="permission denied")
    assert str(store.root) in refused.stderr
    shown = run_okrtui("status", store=store.root, prefix=prefix)
    assert shown.returncode == 0, shown.stderr
    assert "kr-bld6" in shown.stdout
    assert snapshot_of(store.root) == before


@pytest.mark.skipif(AS_ROOT, reason="root ignores file modes; the setpriv test below covers root")
def test_a_read_only_store_refuses_writes_and_still_shows_status(read_only: Store) -> None:
    check_read_only(read_only)


@pytest.mark.skipif(not AS_ROOT, reason="only root needs its capabilities dropped")
@pytest.mark.skipif(not shutil.which("setpriv"), reason="setpriv (util-linux) is not installed")
def test_a_read_only_store_as_root_without_override_capabilities(read_only: Store) -> None:
    check_read_only(read_only, prefix=WITHOUT_OVERRIDE)


def test_a_store_that_cannot_be_locked_refuses_writes_and_still_shows_status(demo_store: Store) -> None:
    """Works for every user, root included: a folder where the lock file should be cannot be opened."""
    lock = demo_store.root / ".okrtui.lock"
    lock.unlink()
    lock.mkdir()
    before = snapshot_of(demo_store.root)
    refused = run_okrtui(*CHECKIN)
    assert_user_error(refused.stderr, refused.returncode, mentions="cannot write")
    shown = run_okrtui("status")
    assert shown.returncode == 0 and "kr-bld6" in shown.stdout
    assert snapshot_of(demo_store.root) == before
