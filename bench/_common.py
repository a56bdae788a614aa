"""What every okrtui benchmark shares: the okrtui to measure, sandboxed processes, paired rounds, tables.

The harness itself imports only the standard library; okrtui runs in the target interpreter
(`--python`, else `$OKRTUI_BENCH_PYTHON`, else the running one), so the lead can point the same
scripts at a non-editable venv of any branch:

    python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install /path/to/okrtui
    python3 bench/run_all.py --python /tmp/bench-venv/bin/python

Every process gets its own HOME, XDG folders, OKRTUI_CONFIG and OKRTUI_STORE under a temp folder,
and OKRTUI_TODAY pinned to TODAY, so no real user's files are touched and figures repeat.

Absolute times move with the machine's load (other people's test suites), so figures are ratios:
each case runs next to its floor, in an order that changes every round, and the ratio is taken pair
by pair; a figure is the median of those ratios, printed with its spread (min-max).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
TODAY = "2026-11-18"
"""Pinned `OKRTUI_TODAY`: a Wednesday in week 47 of 2026-Q4, eight weeks into the quarter."""
COLUMNS, LINES = 100, 30
IMPORT_FLOOR = "import pydantic, rich.console, tinydb"
MINIMAL_APP = BENCH / "_minimal_app.py"
MINIMAL_FIRST = "okrtui-bench minimal app"
"""What the minimal Textual app's first frame shows."""
CACHE = Path(tempfile.gettempdir()) / "okrtui-bench-cache"
"""Built stores, one folder per size and store-code version: reruns skip the building."""


# -- the okrtui being measured ---------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """The interpreter (and its installed okrtui) that every measured process runs on."""

    python: str
    package: Path
    """The installed `okrtui` package folder: its store code keys the store cache."""

    @property
    def okrtui(self) -> list[str]:
        """The `okrtui` console script next to the interpreter, as users start it."""
        script = Path(self.python).parent / "okrtui"
        return [str(script)] if script.exists() else [self.python, "-m", "okrtui"]

    @property
    def editable(self) -> bool:
        """Run from a source tree (an editable install adds an import hook to every start)."""
        return "site-packages" not in self.package.parts

    def describe(self) -> str:
        kind = (
            "EDITABLE install (adds import-hook time; measure a plain install)"
            if self.editable
            else "installed"
        )
        return f"{self.python} · okrtui {kind} at {self.package}"


def resolve_target(python: str | None) -> Target:
    python = python or os.environ.get("OKRTUI_BENCH_PYTHON") or sys.executable
    probe = "import importlib.util as u; print(u.find_spec('okrtui').submodule_search_locations[0])"
    neutral = tempfile.gettempdir()  # not the source tree: `-c` puts the working folder on sys.path
    done = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=False, cwd=neutral)
    if done.returncode != 0:
        raise SystemExit(f"{python} has no okrtui installed; pass --python PATH (see bench/run_all.py)")
    return Target(python=python, package=Path(done.stdout.strip()))


def parser(description: str) -> argparse.ArgumentParser:
    """The options every bench script takes."""
    options = argparse.ArgumentParser(description=description)
    options.add_argument(
        "--python", help="interpreter whose okrtui to measure (default: $OKRTUI_BENCH_PYTHON)"
    )
    options.add_argument("--quick", action="store_true", help="fewer rounds and sizes")
    options.add_argument("--rebuild", action="store_true", help="rebuild cached stores")
    options.add_argument("--markdown", action="store_true", help="print the goals table as Markdown")
    return options


# -- sandboxed processes ----------------------------------------------------------------------

Case = Callable[[], float]
"""Runs one sample and returns its seconds."""


class Sandbox:
    """A temp folder per run: fake home and config folders, scratch copies of stores."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="okrtui-bench-"))
        (self.root / "home").mkdir()
        self._copies = 0

    def env(self, store: Path | None = None, **extra: str) -> dict[str, str]:
        """A clean environment: PATH and locale from here, every okrtui and XDG folder in the sandbox."""
        home = self.root / "home"
        env = {name: os.environ[name] for name in ("PATH", "TZ") if name in os.environ}
        env |= {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_STATE_HOME": str(home / ".local/state"),
            "XDG_RUNTIME_DIR": str(home / "run"),
            "OKRTUI_CONFIG": str(home / "okrtui-config"),
            "OKRTUI_STORE": str(store or self.root / "no-store"),
            "OKRTUI_TODAY": TODAY,
            "LOGNAME": "bench",
            "USER": "bench",
            "LANG": "C.UTF-8",
            "COLUMNS": str(COLUMNS),
            "LINES": str(LINES),
        }
        return env | extra

    def copy(self, store: Path) -> Path:
        """A scratch copy of a cached store, for commands that write (the cache stays as built)."""
        self._copies += 1
        target = self.root / f"copy{self._copies}"
        shutil.copytree(store, target)
        return target

    @contextmanager
    def scratch(self, store: Path) -> Iterator[Path]:
        """A copy of `store` for one process, removed after it."""
        copy = self.copy(store)
        try:
            yield copy
        finally:
            shutil.rmtree(copy, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def run_timed(argv: Sequence[str], env: Mapping[str, str], ok: Iterable[int] = (0,)) -> float:
    """Wall seconds of one process, from spawn to exit, its output read through a pipe.

    It runs in its HOME: a working folder inside a source tree would put that tree's okrtui on
    sys.path for `python -c` and `-m`."""
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env, check=False, cwd=env.get("HOME"))
    elapsed = time.perf_counter() - started
    if done.returncode not in tuple(ok):
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()[-2000:]}")
    return elapsed


def process_case(argv: Sequence[str], env: Mapping[str, str], ok: Iterable[int] = (0,)) -> Case:
    codes = tuple(ok)
    return lambda: run_timed(argv, env, codes)


def process_floors(target: Target, env: Mapping[str, str]) -> dict[str, Case]:
    """The floors every process figure is paired with."""
    return {
        IMPORT_FLOOR_NAME: process_case([target.python, "-c", IMPORT_FLOOR], env),
        START_FLOOR_NAME: process_case([target.python, "-c", "pass"], env),
    }


IMPORT_FLOOR_NAME = f'`python -c "{IMPORT_FLOOR}"`'
START_FLOOR_NAME = "`python -c pass`"


def traced(argv: Sequence[str], env: Mapping[str, str], calls: str, ok: Iterable[int] = (0,)) -> list[str]:
    """The lines strace logs for `calls` (e.g. "openat") in the process and its threads: the count
    does not depend on Python, and `-ttt` stamps each line in seconds since the epoch."""
    if shutil.which("strace") is None:
        raise SystemExit("counting file opens and writes needs strace (Debian: apt-get install strace)")
    with tempfile.NamedTemporaryFile(prefix="okrtui-strace-", mode="r") as log:
        run_timed(strace_wrapper(log.name, calls) + list(argv), env, ok)
        return log.read().splitlines()


def strace_wrapper(log: str, calls: str) -> list[str]:
    """`-y` names each descriptor's file: okrtui opens and renames relative to folder descriptors."""
    return ["strace", "-f", "-qq", "-ttt", "-y", "--seccomp-bpf", "-e", f"trace={calls}", "-o", log]


OPENED = re.compile(r"open(?:at)?\(.*\) = \d+<([^>]+)>$")
"""The file an open returned (as `-y` names it)."""
_DIR = r"(?:(?:AT_FDCWD|\d+)(?:<([^>]*)>)?, )?"
RENAMED = re.compile(rf'^\d+ +([\d.]+) rename(?:at2?)?\({_DIR}"[^"]+", {_DIR}"([^"]+)"')


def whole_calls(lines: Iterable[str]) -> list[str]:
    """strace's lines with each call on one line: with -f, a call another thread's call interrupts
    is logged `... <unfinished ...>`, then later `PID TIME <... NAME resumed>...) = RESULT`."""
    pending: dict[str, str] = {}
    whole = []
    for line in lines:
        pid = line.split(" ", 1)[0]
        if line.endswith("<unfinished ...>"):
            pending[pid] = line.removesuffix("<unfinished ...>")
        elif "resumed>" in line and pid in pending:
            whole.append(pending.pop(pid) + line.split("resumed>", 1)[1])
        else:
            whole.append(line)
    return whole


def board_files_opened(lines: Iterable[str], store: Path) -> list[str]:
    """Successful opens (for reading or writing) of the store's board files, in order."""
    boards = str(store / "cycles") + os.sep
    opened = [m[1] for line in whole_calls(lines) if (m := OPENED.search(line)) and m[1].startswith(boards)]
    return [path for path in opened if path.endswith(".json") and not os.path.basename(path).startswith(".")]


def renames(lines: Iterable[str]) -> list[tuple[float, str]]:
    """(epoch seconds, destination) of every rename: an atomic write's final `os.replace`."""
    return [
        (float(m[1]), os.path.join(m[3] or "", m[4]))
        for line in whole_calls(lines)
        if (m := RENAMED.search(line)) and " = 0" in line
    ]


def peak_mb(argv: Sequence[str], env: Mapping[str, str], ok: Iterable[int] = (0,)) -> float:
    """Peak resident memory (max RSS, MB) of one process, read by GNU time.

    Not our own wait4(): Linux carries the parent's high-water mark into a forked child, so the
    child of a large harness would report the harness's memory; `time` is a small parent.
    """
    with tempfile.NamedTemporaryFile(prefix="okrtui-rss-", mode="r") as out:
        run_timed(memory_wrapper(out.name) + list(argv), env, ok)
        return int(out.read().split()[-1]) * 1024 / 1e6


def memory_wrapper(report: str) -> list[str]:
    gnu_time = shutil.which("time", path="/usr/bin:/bin") or shutil.which("time")
    if gnu_time is None:
        raise SystemExit("peak memory needs GNU time (Debian: apt-get install time)")
    return [gnu_time, "-f", "%M", "-o", report]


# -- paired rounds ----------------------------------------------------------------------------


@dataclass
class Figure:
    """Samples of one case, each with the floors measured right next to it."""

    name: str
    seconds: list[float] = field(default_factory=list)
    floors: dict[str, list[float]] = field(default_factory=dict)

    @property
    def ms(self) -> float:
        return statistics.median(self.seconds) * 1e3

    def ratios(self, floor: str) -> list[float]:
        return [s / f for s, f in zip(self.seconds, self.floors[floor], strict=True)]

    def ratio(self, floor: str) -> float:
        return statistics.median(self.ratios(floor))

    def spread(self, floor: str) -> str:
        values = self.ratios(floor)
        return f"{min(values):.2f}-{max(values):.2f}"

    def versus(self, other: Figure) -> list[float]:
        """Round by round, this case's time over the other's (both ran in the same round)."""
        return [a / b for a, b in zip(self.seconds, other.seconds, strict=True)]


def paired_rounds(
    cases: Mapping[str, Case], floors: Mapping[str, Case], rounds: int, seed: int = 17, warm: bool = True
) -> dict[str, Figure]:
    """Run every case `rounds` times, each sample next to one run of every floor.

    The order of the cases changes every round and the floors alternate before and after their
    case, so a busy moment of the machine lands on a pair, not on one case.
    """
    rng = random.Random(seed)
    figures = {name: Figure(name, floors={f: [] for f in floors}) for name in cases}
    if warm:  # page cache, pyc files, first-run costs: measured once, thrown away
        for case in [*floors.values(), *cases.values()]:
            case()
    for n in range(rounds):
        order = list(cases)
        rng.shuffle(order)
        for i, name in enumerate(order):
            floor_names = list(floors)
            rng.shuffle(floor_names)
            before = (n + i) % 2 == 0
            if before:
                taken = {f: floors[f]() for f in floor_names}
            figures[name].seconds.append(cases[name]())
            if not before:
                taken = {f: floors[f]() for f in floor_names}
            for f, seconds in taken.items():
                figures[name].floors[f].append(seconds)
        print(f"  round {n + 1}/{rounds} done", file=sys.stderr, flush=True)
    return figures


def worst_pair(
    figures: Mapping[str, Figure], pairs: Iterable[tuple[str, str, str]]
) -> tuple[str, list[float]]:
    """Of (label, slower case, faster case), the pair whose round-by-round time ratio has the
    highest median: 'flat' holds only if it holds for the worst pair."""
    ratios = {label: figures[a].versus(figures[b]) for label, a, b in pairs}
    label = max(ratios, key=lambda k: statistics.median(ratios[k]))
    return label, ratios[label]


def median_range(values: Sequence[float], scale: float = 1.0, fmt: str = ".2f") -> str:
    return (
        f"{statistics.median(values) * scale:{fmt}} ({min(values) * scale:{fmt}}-{max(values) * scale:{fmt}})"
    )


def detail_table(figures: Iterable[Figure], floor: str, floor_label: str) -> list[str]:
    """Markdown lines: every case's median time and its ratio to `floor`, with the spread."""
    lines = [
        f"| case | median ms | {floor_label} ms (same rounds) | ratio | ratio range | n |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for fig in figures:
        floor_ms = statistics.median(fig.floors[floor]) * 1e3
        lines.append(
            f"| {fig.name} | {fig.ms:.0f} | {floor_ms:.0f} | {fig.ratio(floor):.2f}x | {fig.spread(floor)} "
            f"| {len(fig.seconds)} |"
        )
    return lines


# -- the goals table --------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One figure the issue's goals ask for."""

    goal: str
    """The goal it belongs to, as the issue words it (short)."""
    figure: str
    value: str
    floor: str
    ratio: str
    target: str
    met: bool | None
    """None: informative, no goal."""

    @property
    def verdict(self) -> str:
        return {True: "met", False: "NOT met", None: "-"}[self.met]


def info(goal: str, figure: str, value: str, floor: str = "", ratio: str = "") -> Row:
    """A figure with no goal of its own (context for the lead)."""
    return Row(goal, figure, value, floor, ratio, "", None)


def floor_row(
    goal: str, fig: Figure, floor: str, floor_label: str, limit: float | None, name: str = ""
) -> Row:
    """A case against its floor: its median, the floor's median in the same rounds, the ratio
    (with no `limit`, for information)."""
    floor_ms = statistics.median(fig.floors[floor]) * 1e3
    ratios = fig.ratios(floor)
    return Row(
        goal,
        name or fig.name,
        f"{fig.ms:.0f} ms",
        f"{floor_label} {floor_ms:.0f} ms",
        ratio_text(ratios),
        f"≤ {limit}x" if limit is not None else "",
        statistics.median(ratios) <= limit if limit is not None else None,
    )


def pair_row(goal: str, figure: str, ratios: Sequence[float], limit: float) -> Row:
    """One case over another, round by round."""
    return Row(
        goal, figure, "", "same rounds", ratio_text(ratios), f"≤ {limit}x", statistics.median(ratios) <= limit
    )


def memory_row(command: str, store: BuiltStore, mb: float) -> Row:
    return Row("memory", f"peak RSS {command}, {store.label}", f"{mb:.0f} MB", "", "", "< 100 MB", mb < 100)


HEADER = ("goal", "figure", "value", "floor (same run)", "ratio", "goal", "met")


def render(rows: Sequence[Row], markdown: bool) -> str:
    cells = [HEADER, *((r.goal, r.figure, r.value, r.floor, r.ratio, r.target, r.verdict) for r in rows)]
    if markdown:
        lines = ["| " + " | ".join(c) + " |" for c in cells]
        lines.insert(1, "|" + "---|" * len(HEADER))
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADER))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells)


def rows_to_json(rows: Sequence[Row]) -> str:
    return json.dumps([r.__dict__ for r in rows])


def rows_from_json(text: str) -> list[Row]:
    return [Row(**r) for r in json.loads(text)]


# -- stores -----------------------------------------------------------------------------------


Meta = dict[str, Any]
"""What _build_store.py says about a store (meta.json)."""


@dataclass(frozen=True)
class BuiltStore:
    """A cached store and what the builder says about it (ids and titles the benchmarks look for)."""

    path: Path
    meta: Meta

    @property
    def label(self) -> str:
        return str(self.meta["label"])


def store_code_hash(target: Target) -> str:
    """What the cached store depends on: the builder, and the target's store code and models."""
    digest = hashlib.sha256((BENCH / "_build_store.py").read_bytes())
    sources = [*sorted((target.package / "store").rglob("*.py")), target.package / "core" / "models.py"]
    for source in sources:
        if source.exists():
            digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def built_store(target: Target, teams: int, quarters: int, rebuild: bool = False) -> BuiltStore:
    """A store of `teams` x `quarters` of weekly history, built once by the target's own okrtui."""
    if teams == 0:
        key, argv = f"demo-{TODAY}-{store_code_hash(target)}", ["--demo"]
    else:
        key = f"{teams}t-{quarters}q-{TODAY}-{store_code_hash(target)}"
        argv = ["--teams", str(teams), "--quarters", str(quarters)]
    folder = CACHE / key
    meta_file = folder / "meta.json"
    if rebuild or not meta_file.exists():
        shutil.rmtree(folder, ignore_errors=True)
        partial = CACHE / f"{key}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        print(f"  building store {key} (cached for reruns in {CACHE})", file=sys.stderr, flush=True)
        started = time.perf_counter()
        with Sandbox() as sandbox:
            env = sandbox.env(partial / "store")
            builder = [target.python, str(BENCH / "_build_store.py"), "--out", str(partial), *argv]
            subprocess.run(builder, env=env, check=True, cwd=env["HOME"])
        print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        partial.rename(folder)
    return BuiltStore(folder / "store", json.loads(meta_file.read_text()))


# -- one run ----------------------------------------------------------------------------------

SIZES = {"demo": (0, 1), "5x1q": (5, 1), "5x10y": (5, 40), "50x1q": (50, 1), "50x10y": (50, 40)}
"""Stores by name: (teams, quarters); 0 teams is `okrtui demo`."""
LABELS = {
    "demo": "demo store",
    "5x1q": "5 teams x 1 quarter",
    "5x10y": "5 teams x 10 years",
    "50x1q": "50 teams x 1 quarter",
    "50x10y": "50 teams x 10 years",
}


@dataclass
class Report:
    """What one benchmark found: rows for the goals table, and details (Markdown lines)."""

    title: str
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def print(self) -> None:
        print(f"\n## {self.title}\n")
        print("\n".join(self.details))


class Context:
    """The target, the sandbox, the stores and how many rounds: what every benchmark needs."""

    def __init__(self, target: Target, quick: bool = False, rebuild: bool = False) -> None:
        self.target, self.quick, self.rebuild = target, quick, rebuild
        self.sandbox = Sandbox()
        self.rounds = 4 if quick else 11
        """Rounds of process figures (a few hundred ms each)."""
        self.sessions = 3 if quick else 7
        """Rounds of terminal figures (a pty session each)."""
        self._built: dict[str, BuiltStore] = {}
        self._copies: dict[str, BuiltStore] = {}

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        return cls(resolve_target(args.python), quick=args.quick, rebuild=args.rebuild)

    def store(self, name: str) -> BuiltStore:
        """The cached store `name` (see SIZES), built on first use."""
        if name not in self._built:
            teams, quarters = SIZES[name]
            self._built[name] = built_store(self.target, teams, quarters, self.rebuild)
        return self._built[name]

    def copy(self, name: str) -> BuiltStore:
        """One scratch copy of store `name` for this run, shared by the commands that write to it."""
        if name not in self._copies:
            built = self.store(name)
            self._copies[name] = BuiltStore(self.sandbox.copy(built.path), built.meta)
        return self._copies[name]

    def env(self, store: BuiltStore | Path | None = None) -> dict[str, str]:
        path = store.path if isinstance(store, BuiltStore) else store
        return self.sandbox.env(path)

    def close(self) -> None:
        self.sandbox.close()

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def ratio_text(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.2f}x ({min(values):.2f}-{max(values):.2f})"


def ms_text(seconds: Sequence[float]) -> str:
    return f"{statistics.median(seconds) * 1e3:.0f} ms"


def preamble(ctx: Context) -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"okrtui benchmarks · {ctx.target.describe()}\n"
        f"{os.cpu_count()} cpus, load {load} · OKRTUI_TODAY={TODAY} · {COLUMNS}x{LINES} terminal\n"
        f"Process figures: medians of {ctx.rounds} rounds; terminal figures: {ctx.sessions} sessions; cases "
        "interleaved, each paired with its floor in the same round.\nAbsolute times move with the "
        "machine's load: the ratios to floors measured next to them are the figures."
        + (QUICK_NOTE if ctx.quick else "")
    )


QUICK_NOTE = "\n--quick: few rounds, so ratios between cases (the 'flat' rows) are rough; use a full run."


def standalone(measure: Callable[[Context], Report], doc: str) -> None:
    """`main()` of a bench script: measure, print the details and the goals table."""
    args = parser(doc.splitlines()[0]).parse_args()
    with Context.from_args(args) as ctx:
        print(preamble(ctx))
        report = measure(ctx)
        report.print()
        print("\n" + render(report.rows, markdown=args.markdown))
