"""Stores shared through real git in a temp folder: a bare remote, clones, people, and what a user
would check afterwards (identical files, a clean `git status`, no conflict markers)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from okrtui.core.board import Board
from okrtui.services.git import MIN_VERSION
from okrtui.services.sync import init
from okrtui.store import Store
from okrtui.store.kr_index import INDEX_NAME


def _git_version() -> tuple[int, ...]:
    if shutil.which("git") is None:
        return ()
    out = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False).stdout
    return tuple(int(n) for n in out.split()[2].split(".")[:2])


needs_git = pytest.mark.skipif(_git_version() < MIN_VERSION, reason="needs git 2.38 or newer")
MARKERS = ("<<<<<<<", ">>>>>>>", "|||||||")
W47 = "2026-W47"


def edit_kr(store: Store, kr_id: str, **changes: object) -> None:
    where = store.locate_kr(kr_id)
    store.update(where.cycle, where.team, lambda board: [board.kr(where.kr.id).model_copy(update=changes)])


def edit_blocker(store: Store, kr_id: str, blocker_id: str, **changes: object) -> None:
    where = store.locate_kr(kr_id)

    def change(board: Board) -> list:
        (found,) = [b for b in board.blockers if b.id == blocker_id]
        return [found.model_copy(update=changes)]

    store.update(where.cycle, where.team, change)


def board_of(store: Store, kr_id: str) -> Board:
    where = store.locate_kr(kr_id)
    return store.board(store.cycle(where.cycle), store.team(where.team))


def be(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make git commit as `name` (through the environment; no one's git config is touched)."""
    email = f"{name.lower()}@example.org"
    for var, value in {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_CONFIG_NOSYSTEM": "1",
    }.items():
        monkeypatch.setenv(var, value)


def git(root: Path, *args: str) -> str:
    """Plain git, as a user would run it to look at the result."""
    redirecting = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG_PARAMETERS")
    env = {k: v for k, v in os.environ.items() if k not in redirecting}
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def bare_remote(path: Path) -> Path:
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True)
    return path


def store_files(root: Path) -> dict[str, bytes]:
    """What okrtui keeps in a store: every file outside `.git` except the lock and the KR indexes
    (this machine's, never synced)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and ".git" not in p.relative_to(root).parts[:1]
        and p.name not in (".okrtui.lock", INDEX_NAME)
    }


def with_markers(root: Path) -> list[str]:
    return [path for path, data in store_files(root).items() if any(m.encode() in data for m in MARKERS)]


def ana_and_ben(tmp_path: Path, demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, Store]:
    """Ana's store (the demo) shared on a bare remote, and Ben's clone of it."""
    remote = bare_remote(tmp_path / "remote.git")
    be(monkeypatch, "Ana")
    init(demo_store.root, str(remote))
    ben = Store(tmp_path / "ben")
    be(monkeypatch, "Ben")
    init(ben.root, str(remote))
    return demo_store, ben
