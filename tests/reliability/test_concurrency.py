"""Four people check in at the same moment on one shared store: nobody's check-in or blocker is lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from okrtui.store import Store
from tests.support import TIMEOUT, okrtui_env

WRITERS = Path(__file__).with_name("writers.py")
WORKERS = {"w0": "kr-cfr5", "w1": "kr-bld6", "w2": "kr-upt9", "w3": "kr-nps4"}
"""Four KRs on the same board file, so every write contends for the same file."""
CALLS = 25


def test_four_processes_checking_in_at_once_keep_all_100_blockers(demo_store: Store) -> None:
    workers = [
        subprocess.Popen(
            [sys.executable, str(WRITERS), "batch", str(demo_store.root), kr, tag, str(CALLS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=okrtui_env(),
        )
        for tag, kr in WORKERS.items()
    ]
    try:
        for worker in workers:  # a start barrier: all imported and waiting before any writes
            assert worker.stdout.readline().strip() == "ready"
        for worker in workers:
            worker.stdin.write("go\n")
            worker.stdin.flush()
        outcomes = [worker.communicate(timeout=TIMEOUT) for worker in workers]
    finally:
        for worker in workers:
            worker.kill()
    for worker, (_, stderr) in zip(workers, outcomes, strict=True):
        assert worker.returncode == 0, stderr

    fresh = Store(demo_store.root)
    board = fresh.board(fresh.cycle("2026-Q4"), fresh.team("platform"))
    raised = {b.text for b in board.blockers}
    expected = {f"{tag}-{i}" for tag in WORKERS for i in range(CALLS)}
    assert expected - raised == set(), f"lost {len(expected - raised)} of {len(expected)} blockers"
    for kr in WORKERS.values():
        checkin = board.checkin(kr, "2026-W47")
        values = {h["value"] for h in checkin.history} | {checkin.value}
        assert set(range(CALLS)) <= values, f"{kr} lost check-ins"
        assert checkin.value == CALLS - 1
