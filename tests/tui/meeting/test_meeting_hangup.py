"""A dropped SSH session mid-meeting (SIGHUP to `okrtui meeting`) keeps every answer given so far,
and `okrtui meeting --resume` opens on the first unanswered KR. Runs the real command in tmux."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from okrtui.store import Store
from tests.conftest import TODAY

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
WAIT = 30.0


class Tmux:
    """One private tmux server (its own socket), so the test never touches anyone's sessions."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=WAIT, check=False
        )
        return done.stdout

    def start(self, command: list[str]) -> int:
        """Start `command` in a 100x30 pane and return its pid (the pane runs it directly)."""
        self.run("kill-session", "-t", "meet")
        self.run("new-session", "-d", "-s", "meet", "-x", "100", "-y", "30", *command)
        return int(self.run("list-panes", "-t", "meet", "-F", "#{pane_pid}").strip())

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "meet")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", "meet", *(["-l"] if literal else []), *keys)
        time.sleep(0.3)  # a person's pace; the app must keep up, but tmux has no "idle" signal

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; screen was:\n{self.screen()}")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    server = Tmux(f"okrtui-test-{os.getpid()}-{tmp_path.name}")
    yield server
    server.run("kill-server")


def meeting_command(store: Store, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "okrtui",
        "--store",
        str(store.root),
        "meeting",
        "--team",
        "platform",
        *extra,
    ]


def answer(tmux: Tmux, value: str, confidence: str) -> None:
    tmux.keys(value, literal=True)
    tmux.keys("Tab")
    tmux.keys(confidence)
    tmux.keys("Enter")


def test_sighup_mid_meeting_keeps_answers_and_resume_opens_on_the_third(
    demo_store: Store, tmux: Tmux
) -> None:
    pid = tmux.start(meeting_command(demo_store))
    tmux.wait_for("step 1 of 8: opening")
    tmux.keys("PageDown")
    tmux.wait_for("KR 1 of 5 · kr-cfr5")
    answer(tmux, "8.5", "6")
    tmux.wait_for("KR 2 of 5 · kr-bld6")
    answer(tmux, "12", "3")
    tmux.wait_for("KR 3 of 5 · kr-upt9")
    board = demo_store.board(demo_store.current_cycle(TODAY), demo_store.team("platform"))
    deadline = time.monotonic() + WAIT  # the second save runs in a worker: give it a moment
    while board.checkin("kr-bld6", "2026-W47") is None and time.monotonic() < deadline:
        time.sleep(0.2)
        board = demo_store.board(board.cycle, board.team)

    os.kill(pid, signal.SIGHUP)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)

    board = demo_store.board(board.cycle, board.team)
    cfr5, bld6 = board.checkin("kr-cfr5", "2026-W47"), board.checkin("kr-bld6", "2026-W47")
    assert (cfr5.value, cfr5.confidence) == (8.5, 6)
    assert (bld6.value, bld6.confidence) == (12, 3)
    meeting = board.meeting_in("2026-W47")
    assert cfr5.meeting == bld6.meeting == meeting.id
    assert board.checkin("kr-upt9", "2026-W47") is None

    tmux.start(meeting_command(demo_store, "--resume"))
    screen = tmux.wait_for("KR 3 of 5 · kr-upt9")
    assert "step 4 of 8" in screen
