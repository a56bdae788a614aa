"""How `okrtui sync` scales with a store's history: 1 quarter x 5 teams up to 10 years x 50 teams.

Run: `python bench/sync_bench.py` (full, several minutes on 2 cores) or `--quick`. Not a test.

Each scenario builds a store through the public `Store` API (the same documents as
`bench/store_bench.py`: 3 objectives x 3 KRs per team and quarter, a check-in per KR per week),
shares it on a bare git remote in the same folder, and times real `okrtui` processes:
- `sync init REMOTE`, once by the first person (commits everything, pushes) and once by a second
  person joining into an empty folder (fetches, checks every file, writes it);
- `sync` with nothing to do: the floor every command pays in auto mode;
- `sync` sharing one new check-in; bringing in one check-in made by someone else (another team's
  file, no merge needed); and merging when both changed the same team file (the merge driver runs);
- the auto-mode commit of one write (`after_write` without sharing), in-process.
The remote is a local folder, so network time is not in the figures: add your remote's round
trip twice (fetch, push) per sync.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from okrtui.config import save_setting
from okrtui.core.models import CycleState, Team
from okrtui.core.weeks import week_of
from okrtui.services.sync import after_write
from okrtui.store import Store
from store_bench import OKRTUI, TODAY, board_docs, folder_size, kr_id, quarters_back, run_process


@dataclass(frozen=True)
class Scenario:
    label: str
    quarters: int
    teams: int


FULL = [Scenario("1 quarter", 1, 5), Scenario("1 year", 4, 5), Scenario("10 years", 40, 50)]
QUICK = [Scenario("1 quarter", 1, 5), Scenario("1 year", 4, 5)]


@dataclass(frozen=True)
class Written:
    root: Path
    paths: list[Path]
    message: str


def build(root: Path, scenario: Scenario) -> int:
    store = Store(root)
    teams = [Team(id=f"team{t:02d}", name=f"Team {t}") for t in range(scenario.teams)]
    for team in teams:
        store.save_team(team)
    files = 0
    for cycle in quarters_back(scenario.quarters):
        store.save_cycle(cycle.model_copy(update={"state": CycleState.ACTIVE}))  # closed ones refuse writes
        for team in teams:
            store.save(cycle.id, team.id, *board_docs(cycle, team.id))
            files += 1
        store.save_cycle(cycle)
    return files


def okrtui(store: Path, *args: str) -> float:
    return run_process([*OKRTUI, "--store", str(store), *args], dict(os.environ))


def check_in(store: Store, team: int, value: float) -> Path:
    cycle = quarters_back(1)[0]
    store.check_in(kr_id(f"team{team:02d}", cycle, 0, 0), week=week_of(TODAY), value=value, confidence=6)
    return store.board_path(cycle.id, f"team{team:02d}")


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1e3


def measure(scenario: Scenario, folder: Path, repeat: int) -> dict[str, object]:
    remote, ana, ben = folder / "remote.git", Store(folder / "ana"), Store(folder / "ben")
    started = time.perf_counter()
    files = build(ana.root, scenario)
    built = time.perf_counter() - started
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    init_s = okrtui(ana.root, "sync", "init", str(remote))
    join_s = okrtui(ben.root, "sync", "init", str(remote))
    noop = [okrtui(ana.root, "sync") for _ in range(repeat)]
    values = iter(range(1, 100_000))
    share, pull, merge, commit = [], [], [], []
    for _ in range(repeat):
        check_in(ana, 0, next(values))
        share.append(okrtui(ana.root, "sync"))
        okrtui(ben.root, "sync")
        check_in(ben, 1, next(values))
        okrtui(ben.root, "sync")
        pull.append(okrtui(ana.root, "sync"))
        check_in(ben, 0, next(values))
        okrtui(ben.root, "sync")
        check_in(ana, 0, next(values))
        merge.append(okrtui(ana.root, "sync"))
        okrtui(ben.root, "sync")
        path = check_in(ana, 2, next(values))
        save_setting("sync", "auto")
        started = time.perf_counter()
        after_write(Written(ana.root, [path], "Bench checked in"), share=False)
        commit.append(time.perf_counter() - started)
        save_setting("sync", "manual")
        okrtui(ana.root, "sync")
    return {
        "history": scenario.label,
        "teams": scenario.teams,
        "files": files,
        "store_mb": (folder_size(ana.root) - folder_size(ana.root / ".git")) / 1e6,
        "git_mb": folder_size(ana.root / ".git") / 1e6,
        "init_s": init_s,
        "join_s": join_s,
        "noop_ms": median_ms(noop),
        "share_ms": median_ms(share),
        "pull_ms": median_ms(pull),
        "merge_ms": median_ms(merge),
        "commit_ms": median_ms(commit),
        "build_s": built,
    }


def isolate(folder: Path) -> None:
    """Commit as a bench identity, with no one's git or okrtui settings."""
    os.environ.update(
        HOME=str(folder / "home"),
        OKRTUI_CONFIG=str(folder / "config"),
        OKRTUI_TODAY=TODAY.isoformat(),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Bench",
        GIT_AUTHOR_EMAIL="bench@example.org",
        GIT_COMMITTER_NAME="Bench",
        GIT_COMMITTER_EMAIL="bench@example.org",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two small scenarios, fewer repeats")
    options = parser.parse_args()
    scenarios, repeat = (QUICK, 3) if options.quick else (FULL, 5)
    git = subprocess.run(["git", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    print(f"python {sys.version.split()[0]} · {git} · {os.cpu_count()} cpus · median of {repeat} runs\n")
    header = (
        "| history | teams | files | store MB | .git MB | init s | join s | sync, nothing new ms |"
        " share 1 ms | pull 1 ms | merge 1 ms | auto commit ms |"
    )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for scenario in scenarios:
        with tempfile.TemporaryDirectory(prefix="okrtui-sync-bench-") as folder:
            isolate(Path(folder))
            row = measure(scenario, Path(folder), repeat)
        print(
            f"| {row['history']} | {row['teams']} | {row['files']:,} | {row['store_mb']:.1f} |"
            f" {row['git_mb']:.1f} | {row['init_s']:.1f} | {row['join_s']:.1f} | {row['noop_ms']:.0f} |"
            f" {row['share_ms']:.0f} | {row['pull_ms']:.0f} | {row['merge_ms']:.0f} |"
            f" {row['commit_ms']:.0f} |",
            flush=True,
        )
    print(
        "\nEach figure is a whole `okrtui` process against a bare remote on the same disk. share 1 = one"
        " new check-in committed and pushed; pull 1 = one check-in by someone else on another team's"
        " file brought in; merge 1 = both changed the same team file (the merge driver runs); auto"
        " commit = committing one store write in auto mode, in-process, before sharing."
    )


if __name__ == "__main__":
    main()
