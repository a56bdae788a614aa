"""How okrtui's store scales with history: `status` and one check-in save, 1 quarter to 10 years.

Run: `python bench/store_bench.py` (full, a few minutes on 2 cores) or `--quick`. Not a test.

Each scenario builds a store through the public `Store` API (teams x quarters of weekly check-ins),
then measures, in this same run so the figures compare on this machine:
- `okrtui status` wall time (a real process) against the floor of `python -c "import pydantic, rich,
  tinydb"`: what any Python CLI with these libraries pays before doing anything;
- one check-in save (`Store.check_in`, in-process: lock, fresh read, atomic write, fsync);
- peak memory (max RSS) of the `okrtui status` and of the `okrtui checkin` process;
- the naive baseline: the same check-in saved into plain TinyDB with its default JSONStorage,
  everything in one file (TinyDB parses and rewrites the whole file on every insert).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tinydb import TinyDB

from okrtui.core.models import Blocker, CheckIn, Cycle, CycleState, KeyResult, Objective, Team
from okrtui.core.weeks import quarter_of, week_of, weeks_between
from okrtui.store import Store

TODAY = date(2026, 11, 18)
OBJECTIVES = 3
KRS_PER_OBJECTIVE = 3
FLOOR = (sys.executable, "-c", "import pydantic, rich, tinydb")
OKRTUI = (sys.executable, "-m", "okrtui")


@dataclass(frozen=True)
class Scenario:
    label: str
    quarters: int
    teams: int


FULL = [
    Scenario("1 quarter", 1, 5),
    Scenario("1 year", 4, 5),
    Scenario("10 years", 40, 5),
    Scenario("1 quarter", 1, 50),
    Scenario("10 years", 40, 50),
]
QUICK = [Scenario("1 quarter", 1, 5), Scenario("10 years", 40, 5)]


def quarters_back(count: int) -> list[Cycle]:
    """The current quarter and the count-1 before it, oldest first; only the current one is open."""
    cycles = []
    day = TODAY
    for n in range(count):
        cycle_id, start, end = quarter_of(day)
        state = CycleState.ACTIVE if n == 0 else CycleState.CLOSED
        cycles.append(Cycle(id=cycle_id, start=start, end=end, state=state))
        day = start - timedelta(days=1)
    return cycles[::-1]


def kr_id(team: str, cycle: Cycle, objective: int, kr: int) -> str:
    return "kr-" + f"{team}{cycle.id}{objective}{kr}".replace("-", "").lower()


def board_docs(cycle: Cycle, team: str) -> list:
    """A team's quarter: 3 objectives x 3 KRs, a check-in per KR per week, a couple of blockers."""
    docs: list = []
    weeks = [w for w in weeks_between(cycle.start, min(cycle.end, TODAY)) if w <= week_of(TODAY)]
    created = datetime.combine(cycle.start, datetime.min.time(), UTC)
    prefix = f"{team}{cycle.id}".replace("-", "").lower()
    for o in range(OBJECTIVES):
        objective = f"ob-{prefix}{o}"
        docs.append(Objective(id=objective, cycle=cycle.id, team=team, title=f"Objective {o} of {team}"))
        for k in range(KRS_PER_OBJECTIVE):
            kr = kr_id(team, cycle, o, k)
            docs.append(
                KeyResult(
                    id=kr, objective=objective, title=f"Grow metric {k}", owner="Ana", baseline=0, target=100
                )
            )
            docs.extend(
                CheckIn(
                    id=f"ci-{prefix}{o}{k}w{i}",
                    kr=kr,
                    week=week,
                    value=i * 7,
                    confidence=5 + i % 4,
                    moved="Shipped the next slice",
                    next="Measure again next week",
                    author="Ana",
                    created_at=created,
                )
                for i, week in enumerate(weeks)
            )
            docs.append(
                Blocker(id=f"bl-{prefix}{o}{k}", kr=kr, text="Waiting on review", raised_week=weeks[0])
            )
    return docs


def build(root: Path, naive: Path, scenario: Scenario) -> tuple[str, int]:
    """Write the scenario's store through the public API, and the same documents into one TinyDB file."""
    store = Store(root)
    teams = [Team(id=f"team{t:02d}", name=f"Team {t}") for t in range(scenario.teams)]
    for team in teams:
        store.save_team(team)
    everything: list[dict] = []
    for cycle in quarters_back(scenario.quarters):
        store.save_cycle(cycle)
        for team in teams:
            docs = board_docs(cycle, team.id)
            store.save(cycle.id, team.id, *docs)
            everything.extend(d.model_dump(mode="json") for d in docs if isinstance(d, CheckIn))
    db = TinyDB(naive)  # default JSONStorage, stdlib json, one file
    db.table("checkins").insert_multiple(everything)
    db.close()
    return kr_id(teams[0].id, quarters_back(1)[0], 0, 0), len(everything)


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median wall seconds of `repeat` runs."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


PEAK = (
    "import atexit, runpy, sys\n"
    "def peak():\n"
    "    status = open('/proc/self/status').read()\n"
    "    print('peak_kib', status.split('VmHWM:')[1].split()[0], file=sys.stderr)\n"
    "atexit.register(peak)\n"
    "sys.argv = ['okrtui', *sys.argv[1:]]\n"
    "runpy.run_module('okrtui', run_name='__main__', alter_sys=True)\n"
)
"""Runs okrtui and reports its own VmHWM: the child's ru_maxrss would count the parent's memory,
which Linux carries across fork + exec."""


def run_process(args: tuple[str, ...] | list[str], env: dict[str, str]) -> float:
    """Wall seconds of one process, which must succeed."""
    started = time.perf_counter()
    done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.decode()}")
    return elapsed


def median_process(args, env: dict[str, str], repeat: int) -> float:
    return statistics.median(run_process(args, env) for _ in range(repeat))


def peak_mib(okrtui_args: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of one `okrtui ...` process."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *okrtui_args], capture_output=True, text=True, env=env, check=True
    )
    return int(done.stderr.rsplit("peak_kib", 1)[1].split()[0]) / 1024


def naive_save(path: Path, doc: dict) -> None:
    db = TinyDB(path)
    db.table("checkins").insert(doc)
    db.close()


def folder_size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def measure(scenario: Scenario, workdir: Path, env: dict[str, str], repeat: int) -> dict[str, object]:
    root, naive = workdir / "store", workdir / "naive.json"
    started = time.perf_counter()
    kr, checkins = build(root, naive, scenario)
    built = time.perf_counter() - started
    store = Store(root)
    env = {**env, "OKRTUI_STORE": str(root)}
    status_s = median_process([*OKRTUI, "status"], env, repeat)
    week = week_of(TODAY)
    values = iter(range(10_000))
    save_s = timed(lambda: store.check_in(kr, week=week, value=next(values), confidence=6), repeat)
    checkin_args = ["checkin", kr, "--value", "42", "--confidence", "6", "--as", "bench"]
    checkin_s = median_process([*OKRTUI, *checkin_args], env, max(1, repeat // 2))
    doc = {"id": "ci-naive", "kr": kr, "week": week, "value": 1.0, "confidence": 6}
    naive_s = timed(lambda: naive_save(naive, doc), max(1, min(repeat, 3)))
    board = store.board_path(quarters_back(1)[0].id, "team00")
    return {
        "history": scenario.label,
        "teams": scenario.teams,
        "checkins": checkins,
        "store_mb": folder_size(root) / 1e6,
        "board_kb": board.stat().st_size / 1e3,
        "naive_mb": naive.stat().st_size / 1e6,
        "status_ms": status_s * 1e3,
        "save_ms": save_s * 1e3,
        "checkin_ms": checkin_s * 1e3,
        "naive_ms": naive_s * 1e3,
        "status_mib": peak_mib(["status"], env),
        "checkin_mib": peak_mib(checkin_args, env),
        "build_s": built,
    }


def rows(scenarios: list[Scenario], repeat: int) -> Iterator[dict[str, object]]:
    env = {**os.environ, "OKRTUI_TODAY": TODAY.isoformat(), "NO_COLOR": "1", "COLUMNS": "80"}
    for scenario in scenarios:
        with tempfile.TemporaryDirectory(prefix="okrtui-bench-") as folder:
            yield measure(scenario, Path(folder), env, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two small scenarios, fewer repeats")
    options = parser.parse_args()
    scenarios, repeat = (QUICK, 3) if options.quick else (FULL, 5)
    env = {**os.environ, "NO_COLOR": "1"}
    floor_ms = median_process(FLOOR, env, repeat) * 1e3
    print(f"python {sys.version.split()[0]} · {os.cpu_count()} cpus · median of {repeat} runs")
    print(f'floor: `python -c "import pydantic, rich, tinydb"` = {floor_ms:.0f} ms\n')
    header = (
        "| history | teams | check-ins | store MB | board KB | `status` ms | ×floor | save ms |"
        " `checkin` ms | peak MiB status/checkin | naive TinyDB MB | naive save ms | naive ÷ save |"
    )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for row in rows(scenarios, repeat):
        print(
            f"| {row['history']} | {row['teams']} | {row['checkins']:,} | {row['store_mb']:.1f} |"
            f" {row['board_kb']:.0f} | {row['status_ms']:.0f} | {row['status_ms'] / floor_ms:.1f} |"
            f" {row['save_ms']:.1f} | {row['checkin_ms']:.0f} |"
            f" {row['status_mib']:.0f}/{row['checkin_mib']:.0f} |"
            f" {row['naive_mb']:.1f} | {row['naive_ms']:.0f} | {row['naive_ms'] / row['save_ms']:.0f}× |",
            flush=True,
        )
    print(
        "\nsave = one `Store.check_in` in-process (lock, fresh read, atomic write, fsync);"
        " `checkin` = the whole `okrtui checkin` process; naive = the same check-in inserted into one"
        " plain TinyDB file (default JSONStorage) holding all the history."
    )


if __name__ == "__main__":
    main()
