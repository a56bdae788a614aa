"""Twenty clones of one store, random check-ins, edits and syncs in a random order; then everyone
syncs: all twenty hold the same files and every check-in the store acknowledged is there.

Most schedules run in-process: each clone syncs with a central remote as `okrtui sync` does
(per file: one side changed, take it; both changed, the merge driver's own `merge_files` on the
last shared version, ours and theirs), which is fast enough for many schedules. A few schedules
run through real git, a bare remote and `okrtui sync` itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.services.merging import merge_files
from okrtui.services.sync import init, sync
from okrtui.store import Store
from okrtui.store.files import atomic_write
from tests.services.clones import Schedule, assert_nothing_lost, seed_store, store_files
from tests.services.gitstores import bare_remote, be, git, needs_git, with_markers

CLONES = 20
MODEL_SCHEDULES = 100
GIT_SCHEDULES = 3


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return store_files(seed_store(tmp_path_factory.mktemp("seed") / "store").root)


class Central:
    """A remote holding one version of every file, and what each clone last shared with it."""

    def __init__(self, clones: list[Store], files: dict[str, bytes], scratch: Path) -> None:
        self.clones = clones
        self.head = dict(files)
        self.shared = [dict(files) for _ in clones]
        self.scratch = scratch

    def sync(self, who: int) -> None:
        root = self.clones[who].root
        base, ours = self.shared[who], store_files(root)
        merged = {}
        for path in sorted(base.keys() | ours.keys() | self.head.keys()):
            b, o, t = base.get(path), ours.get(path), self.head.get(path)
            merged[path] = o if o == t or t == b else t if o == b else self._merge(path, b, o, t)
        for path, data in merged.items():
            if data is not None and data != ours.get(path):
                atomic_write(root / path, data)
        self.head = self.shared[who] = {p: d for p, d in merged.items() if d is not None}

    def _merge(self, path: str, base: bytes | None, ours: bytes | None, theirs: bytes | None) -> bytes:
        files = []
        for name, data in (("base", base), ("ours", ours), ("theirs", theirs)):
            file = self.scratch / name
            file.write_bytes(data or b"")
            files.append(file)
        merge_files(*files, path)
        return files[1].read_bytes()


def clone_all(tmp_path: Path, files: dict[str, bytes]) -> list[Store]:
    clones = []
    for n in range(CLONES):
        root = tmp_path / f"clone{n}"
        for path, data in files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)
        clones.append(Store(root))
    return clones


@pytest.mark.parametrize("seed_number", range(MODEL_SCHEDULES))
def test_twenty_clones_converge_and_keep_every_checkin(
    seed: dict[str, bytes], tmp_path: Path, seed_number: int
) -> None:
    clones = clone_all(tmp_path, seed)
    central = Central(clones, seed, tmp_path)
    schedule = Schedule(clones, central.sync, seed_number)

    schedule.run(steps=60)
    schedule.finish()

    first = store_files(clones[0].root)
    assert all(store_files(c.root) == first for c in clones[1:])
    assert first == central.head
    assert_nothing_lost(clones[0], schedule.done)


@needs_git
@pytest.mark.parametrize("seed_number", range(GIT_SCHEDULES))
def test_twenty_clones_through_real_git_converge_and_keep_every_checkin(
    seed: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_number: int
) -> None:
    remote = bare_remote(tmp_path / "remote.git")
    first = Store(tmp_path / "clone0")
    for path, data in seed.items():
        (first.root / path).parent.mkdir(parents=True, exist_ok=True)
        (first.root / path).write_bytes(data)
    be(monkeypatch, "Person 0")
    init(first.root, str(remote))
    clones = [first]
    for n in range(1, CLONES):
        be(monkeypatch, f"Person {n}")
        init(tmp_path / f"clone{n}", str(remote))
        clones.append(Store(tmp_path / f"clone{n}"))

    def sync_as(who: int) -> None:
        be(monkeypatch, f"Person {who}")
        sync(clones[who].root)

    schedule = Schedule(clones, sync_as, 1000 + seed_number)
    schedule.run(steps=30)
    schedule.finish()

    files = store_files(first.root)
    head = git(first.root, "rev-parse", "HEAD")
    for clone in clones:
        assert store_files(clone.root) == files
        assert git(clone.root, "rev-parse", "HEAD") == head
        assert git(clone.root, "status", "--porcelain") == ""
        assert with_markers(clone.root) == []
    assert_nothing_lost(first, schedule.done)
