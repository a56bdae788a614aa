"""Sync never spreads or writes a file okrtui cannot read, leaves the store as it was when a merge
fails, retries when someone pushed first, and runs git only on the store, as told."""

from __future__ import annotations

import subprocess
from pathlib import Path

import orjson
import pytest

from okrtui.services import repo as repo_module
from okrtui.services.git import SyncError
from okrtui.services.sync import init, sync
from okrtui.store import Store, StoreError
from tests.services.gitstores import W47, be, board_of, git, needs_git, store_files
from tests.support import assert_user_error, check_in, run_okrtui

pytestmark = needs_git
PLATFORM = "cycles/2026-Q4/platform.json"


def newer_schema(path: Path) -> None:
    data = orjson.loads(path.read_bytes())
    path.write_bytes(orjson.dumps({**data, "_meta": {"1": {"schema": 99}}}))


def push_by_hand(store: Store, message: str) -> None:
    """Someone commits and pushes with plain git, without okrtui's checks."""
    git(store.root, "commit", "--quiet", "--all", "-m", message)
    git(store.root, "push", "--quiet", "origin", "HEAD")


@pytest.mark.parametrize("damage", ["garbage", "newer"])
def test_a_damaged_or_newer_local_file_is_never_committed_or_shared(
    shared: tuple[Store, Store], tmp_path: Path, damage: str
) -> None:
    ana, _ = shared
    path = ana.root / PLATFORM
    if damage == "garbage":
        path.write_bytes(b'{"checkins": {"1": ')
    else:
        newer_schema(path)
    before, head = store_files(ana.root), git(ana.root, "rev-parse", "HEAD")

    with pytest.raises(StoreError, match=r"platform\.json") as refused:
        sync(ana.root)

    assert ("newer okrtui" in str(refused.value)) == (damage == "newer")
    assert store_files(ana.root) == before
    assert git(ana.root, "rev-parse", "HEAD") == head
    assert git(tmp_path / "remote.git", "rev-parse", "HEAD") == head


@pytest.mark.parametrize("damage", ["garbage", "newer"])
@pytest.mark.parametrize("ana_changed_it_too", [False, True])
def test_an_unreadable_file_from_the_remote_is_not_merged_and_the_store_stays_as_it_was(
    shared: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch, damage: str, ana_changed_it_too: bool
) -> None:
    ana, ben = shared
    if damage == "garbage":
        (ben.root / PLATFORM).write_bytes(b"<<<<<<< ours\n{}\n=======\n{}\n>>>>>>> theirs\n")
    else:
        newer_schema(ben.root / PLATFORM)
    push_by_hand(ben, "Hand-edited")
    be(monkeypatch, "Ana")
    if ana_changed_it_too:  # then git asks okrtui's merge driver, which refuses
        check_in(ana, "kr-upt9", week=W47, value=99.9, confidence=9, author="Ana")
    before = store_files(ana.root)

    with pytest.raises(SyncError, match=r"platform\.json") as refused:
        sync(ana.root)

    assert "as it was" in str(refused.value)
    assert store_files(ana.root) == before
    assert git(ana.root, "status", "--porcelain") == ""
    assert not (ana.root / ".git" / "MERGE_HEAD").exists()
    assert Store(ana.root).board(ana.cycle("2026-Q4"), ana.team("platform"))  # still reads


def test_when_someone_pushes_between_fetch_and_push_the_sync_merges_again(
    shared: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, ben = shared
    real_fetch = repo_module.StoreRepo.fetch
    raced: list[bool] = []

    def fetch_while_ben_pushes(self: repo_module.StoreRepo, upstream: repo_module.Upstream) -> str | None:
        seen = real_fetch(self, upstream)
        if self.root == ana.root.absolute() and not raced:
            raced.append(True)
            monkeypatch.setattr(repo_module.StoreRepo, "fetch", real_fetch)
            be(monkeypatch, "Ben")
            check_in(ben, "kr-bld6", week=W47, value=8, confidence=5, author="Ben")
            sync(ben.root)
            be(monkeypatch, "Ana")
        return seen

    be(monkeypatch, "Ana")
    check_in(ana, "kr-upt9", week=W47, value=99.9, confidence=9, author="Ana")
    monkeypatch.setattr(repo_module.StoreRepo, "fetch", fetch_while_ben_pushes)

    report = sync(ana.root)

    assert raced and report.pushed and report.brought == 1
    assert board_of(ana, "kr-bld6").checkin("kr-bld6", W47).value == 8
    be(monkeypatch, "Ben")
    sync(ben.root)
    assert store_files(ana.root) == store_files(ben.root)


def test_git_variables_from_the_caller_do_not_redirect_sync(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    subprocess.run(["git", "init", "--quiet", str(other)], check=True)
    be(monkeypatch, "Ana")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'merge.okrtui.driver'='false'")

    init(demo_store.root)

    assert (demo_store.root / ".git").is_dir()
    assert git(demo_store.root, "status", "--porcelain") == ""
    assert "merge-driver" in git(demo_store.root, "config", "--get", "merge.okrtui.driver")
    monkeypatch.delenv("GIT_CONFIG_PARAMETERS")
    assert "okrtui" not in (other / ".git" / "config").read_text()
    assert subprocess.run(["git", "-C", str(other), "rev-parse", "HEAD"], capture_output=True).returncode != 0


def test_a_store_inside_another_repository_gets_its_own(demo_store: Store, monkeypatch) -> None:
    be(monkeypatch, "Ana")
    outer = demo_store.root.parent
    subprocess.run(["git", "init", "--quiet", str(outer)], check=True)

    init(demo_store.root)

    assert git(demo_store.root, "rev-parse", "--show-toplevel").strip() == str(demo_store.root.resolve())


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (("--store=-oops", "sync", "init"), "-oops"),
        (("sync", "init", "--", "--upload-pack=touch /tmp/okrtui-pwned"), "--upload-pack"),
        (("sync", "init", "--", "-oProxyCommand=x"), "-oProxyCommand"),
    ],
)
def test_a_path_or_remote_that_git_would_read_as_an_option_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], mentions: str
) -> None:
    be(monkeypatch, "Ana")
    monkeypatch.chdir(tmp_path)

    done = run_okrtui(*args)

    assert_user_error(done.stderr, done.returncode, mentions=mentions)
    assert not (tmp_path / "-oops").exists()
    assert not Path("/tmp/okrtui-pwned").exists()
    assert not (tmp_path / "store" / ".git").exists()
