"""A writer killed mid-save (SIGKILL: no clean-up runs) never costs a team its store or a saved check-in."""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from okrtui.core.models import CheckIn, KeyResult, Objective
from okrtui.core.weeks import shift_week
from okrtui.store import Store
from okrtui.store.files import TEMP_MARK
from tests.support import TIMEOUT, check_in, okrtui_env

WRITERS = Path(__file__).with_name("writers.py")
KILLS = 30
PADDING = 200
"""Old check-ins, each replaced 25 times in its week: a ~1.5 MB board file, so a save lasts long
enough to be caught half way, while reading it stays quick (the replaced versions are plain dicts)."""
ACK = "Raised blocker "


class ForkServer:
    """The `forks` writer process, with its output read on a thread so every wait has a timeout."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WRITERS), "forks"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=okrtui_env(),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.acked: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.expect("ready")

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def send(self, command: str) -> None:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def next_line(self) -> str:
        """The next line that is not a writer's acknowledgement (those are collected as they pass)."""
        while True:
            try:
                line = self.lines.get(timeout=TIMEOUT)
            except queue.Empty:
                pytest.fail(f"writer went silent (exit code {self.process.poll()})")
            if line.startswith(ACK):
                self.acked.append(line.split(": ", 1)[1])
            elif not line.startswith("Saved "):
                return line

    def expect(self, prefix: str) -> str:
        line = self.next_line()
        assert line.startswith(prefix), line
        return line

    def wait_for_acks(self, count: int) -> None:
        wanted = len(self.acked) + count
        while len(self.acked) < wanted:
            line = self.lines.get(timeout=TIMEOUT)
            if line.startswith(ACK):
                self.acked.append(line.split(": ", 1)[1])
            else:
                assert line.startswith("Saved "), line

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=TIMEOUT)


@pytest.fixture
def server() -> Iterator[ForkServer]:
    server = ForkServer()
    yield server
    server.close()


def pad(store: Store) -> None:
    """Years of old check-ins on the platform board, through the public store API."""
    objective = Objective(id="ob-old", cycle="2026-Q4", team="platform", title="Old work", archived=True)
    kr = KeyResult(id="kr-old", objective="ob-old", title="Old KR", owner="Ana", baseline=0, target=100)
    created = datetime(2026, 1, 1, tzinfo=UTC)
    earlier = {"value": 1.0, "confidence": 5, "moved": "An earlier answer of the same week, kept " * 6}
    checkins = [
        CheckIn(
            id=f"ci-old{i}",
            kr="kr-old",
            week=shift_week("2026-W40", -i),
            value=i,
            confidence=5,
            created_at=created,
            history=[earlier] * 25,
        )
        for i in range(PADDING)
    ]
    store.save("2026-Q4", "platform", objective, kr, *checkins)


def temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if TEMP_MARK in p.name]


def signature(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def kill_when_a_write_starts(pid: int, target: Path, limit: float = 10.0) -> None:
    """Poll the board's folder and SIGKILL the writer the moment a save is visibly under way."""
    folder, before = target.parent, signature(target)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if temps(folder) or signature(target) != before:
            break
    os.kill(pid, signal.SIGKILL)


def kill_at_a_random_moment(pid: int, target: Path, rng: random.Random) -> None:
    """Keep polling the folder for a random slice of a save's duration, then SIGKILL."""
    deadline = time.monotonic() + rng.uniform(0.0, 0.3)
    while time.monotonic() < deadline:
        temps(target.parent)
    os.kill(pid, signal.SIGKILL)


def test_killed_writers_never_lose_a_saved_check_in_or_the_store(
    demo_store: Store, server: ForkServer
) -> None:
    pad(demo_store)
    target = demo_store.board_path("2026-Q4", "platform")
    rng = random.Random(os.environ.get("PYTEST_XDIST_WORKER", "") + "crash")
    left_behind = 0
    for round_ in range(KILLS):
        leftovers = temps(target.parent)
        server.send(f"fork {demo_store.root} kr-bld6 r{round_}")
        pid = int(server.expect("pid ").split()[1])
        if round_ % 2:
            server.wait_for_acks(rng.randint(0, 2))
            kill_at_a_random_moment(pid, target, rng)
        else:
            server.wait_for_acks(1)
            assert not any(p.exists() for p in leftovers), "a stale temp file survived the next write"
            kill_when_a_write_starts(pid, target)
        server.send(f"reap {pid}")
        server.expect(f"reaped {pid}")

        store = Store(demo_store.root)
        board = store.board(store.cycle("2026-Q4"), store.team("platform"))
        raised = {b.text for b in board.blockers}
        missing = [text for text in server.acked if text not in raised]
        assert not missing, f"round {round_}: check-ins that had returned were lost: {missing}"
        left_behind += bool(temps(target.parent))

    assert left_behind, "no kill landed during a save; the test did not exercise anything"
    check_in(Store(demo_store.root), "kr-bld6", week="2026-W47", value=1, confidence=5)
    assert temps(target.parent) == []
