"""Auto mode: each store write becomes a commit a person can read, and each command pulls first;
offline, both say so in one line and the command carries on."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from okrtui.config import save_setting
from okrtui.services import sync as sync_module
from okrtui.services.sync import after_write, before_command
from okrtui.store import Store
from tests.services.gitstores import W47, be, board_of, git, needs_git
from tests.support import check_in

pytestmark = needs_git


@dataclass
class Written:
    """A stand-in for the event the store will pass to its hook after a write."""

    root: Path
    paths: list[Path]
    message: str


@dataclass
class Heard:
    lines: list[str] = field(default_factory=list)

    def __call__(self, line: str) -> None:
        self.lines.append(line)


def ben_checks_in(ben: Store, value: float) -> Written:
    result = check_in(ben, "kr-bld6", week=W47, value=value, confidence=8, author="Ben")
    message = f"Ben checked in kr-bld6 {W47}: {value:g} min, confidence 8"
    path = ben.board_path(result.location.cycle, result.location.team)
    return Written(ben.root, [path], message)


@pytest.fixture
def auto() -> None:
    save_setting("sync", "auto")


def test_each_write_is_a_commit_with_its_message_shared_at_once(
    shared: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch, auto: None
) -> None:
    ana, ben = shared
    be(monkeypatch, "Ben")
    heard = Heard()

    after_write(ben_checks_in(ben, 7), say=heard)

    assert (
        git(ben.root, "log", "-1", "--format=%an|%s")
        == "Ben|Ben checked in kr-bld6 2026-W47: 7 min, confidence 8\n"
    )
    assert git(ben.root, "status", "--porcelain") == ""
    assert git(ben.root, "rev-parse", "HEAD") == git(ben.root, "rev-parse", "@{u}")  # shared
    assert heard.lines == []
    be(monkeypatch, "Ana")
    before_command(ana.root, say=heard)
    assert board_of(ana, "kr-bld6").checkin("kr-bld6", W47).value == 7
    assert heard.lines == []


def test_a_store_named_by_a_relative_path_commits_its_writes_too(
    shared: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch, auto: None
) -> None:
    _, ben = shared
    monkeypatch.chdir(ben.root.parent)
    be(monkeypatch, "Ben")
    relative = Store(Path(ben.root.name))

    after_write(ben_checks_in(relative, 7), share=False)

    assert git(ben.root, "log", "-1", "--format=%s").startswith("Ben checked in kr-bld6")


def test_without_auto_mode_the_hooks_do_nothing(shared: tuple[Store, Store], monkeypatch) -> None:
    _, ben = shared
    be(monkeypatch, "Ben")
    head = git(ben.root, "rev-parse", "HEAD")

    after_write(ben_checks_in(ben, 7))
    before_command(ben.root)

    assert git(ben.root, "rev-parse", "HEAD") == head
    assert git(ben.root, "status", "--porcelain") != ""


def test_offline_each_write_is_still_committed_and_the_count_of_waiting_changes_is_said(
    shared: tuple[Store, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, auto: None
) -> None:
    ana, ben = shared
    (tmp_path / "remote.git").rename(tmp_path / "away.git")
    be(monkeypatch, "Ben")
    heard = Heard()

    after_write(ben_checks_in(ben, 7), say=heard)
    after_write(ben_checks_in(ben, 6), say=heard)
    before_command(ben.root, say=heard)

    assert heard.lines == [
        "offline, 1 change not yet shared",
        "offline, 2 changes not yet shared",
        "offline, 2 changes not yet shared",
    ]
    assert git(ben.root, "log", "-2", "--format=%s").splitlines() == [
        "Ben checked in kr-bld6 2026-W47: 6 min, confidence 8",
        "Ben checked in kr-bld6 2026-W47: 7 min, confidence 8",
    ]
    (tmp_path / "away.git").rename(tmp_path / "remote.git")
    before_command(ben.root, say=heard)
    assert len(heard.lines) == 3
    be(monkeypatch, "Ana")
    before_command(ana.root, say=heard)
    assert board_of(ana, "kr-bld6").checkin("kr-bld6", W47).value == 6


def test_a_remote_that_never_answers_costs_a_short_timeout_not_the_command(
    shared: tuple[Store, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, auto: None
) -> None:
    _, ben = shared
    hang, pid_file = tmp_path / "hang", tmp_path / "ssh.pid"
    hang.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 600\n")  # an ssh that never answers
    hang.chmod(0o755)
    git(ben.root, "remote", "set-url", "origin", "ssh://git.example.invalid/okrs.git")
    monkeypatch.setenv("GIT_SSH_COMMAND", str(hang))
    monkeypatch.setattr(sync_module, "AUTO_TIMEOUT", 1.0)
    be(monkeypatch, "Ben")
    heard = Heard()

    started = time.monotonic()
    before_command(ben.root, say=heard)

    assert time.monotonic() - started < 10
    assert heard.lines == ["offline, 0 changes not yet shared"]
    assert not alive(int(pid_file.read_text()))  # killed with git, not left behind


def alive(pid: int, within: float = 5.0) -> bool:
    """Whether a process is still running after `within` seconds (a killed one is gone or a zombie)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return False
        if state in ("Z", "X"):
            return False
        os.sched_yield()
    return True


def test_a_process_git_starts_during_a_sync_does_not_sync_again(
    shared: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch, auto: None
) -> None:
    _, ben = shared
    be(monkeypatch, "Ben")
    head = git(ben.root, "rev-parse", "HEAD")
    monkeypatch.setenv("OKRTUI_IN_SYNC", "1")  # as for the merge driver

    after_write(ben_checks_in(ben, 7))
    before_command(ben.root)

    assert git(ben.root, "rev-parse", "HEAD") == head


def test_a_hook_never_fails_the_write_it_follows(
    shared: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch, auto: None
) -> None:
    _, ben = shared
    be(monkeypatch, "Ben")
    written = ben_checks_in(ben, 7)
    Path(written.paths[0]).write_bytes(b"not json")
    heard = Heard()

    after_write(written, say=heard)
    after_write(Written(ben.root.parent / "not-a-store", [], "nothing"), say=heard)

    (line,) = heard.lines
    assert line.startswith("okrtui: not synced: cannot read") and "platform.json" in line


def test_the_cli_in_auto_mode_commits_each_check_in_and_the_other_clone_pulls_it(
    shared: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch, auto: None
) -> None:
    """Wired end to end: Ben's `okrtui checkin` is committed and shared; Ana's next command pulls it."""
    from click.testing import CliRunner

    from okrtui.cli import main

    ana, ben = shared
    be(monkeypatch, "Ben")
    args = ["--store", str(ben.root), "checkin", "kr-bld6", "--value", "7", "--confidence", "8"]
    args += ["--as", "Ben"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.stderr
    assert "Ben checked in kr-bld6 2026-W47: 7, confidence 8" in git(ben.root, "log", "-1", "--format=%s")
    be(monkeypatch, "Ana")
    shown = CliRunner().invoke(main, ["--store", str(ana.root), "status", "--format", "json"])
    assert shown.exit_code == 0, shown.stderr
    assert board_of(ana, "kr-bld6").checkin("kr-bld6", W47).value == 7
