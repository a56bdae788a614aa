"""`okrtui status` (table and json) against the import floor, from 2 to 50 teams and 1 quarter to 10 years.

    python bench/status_bench.py [--python PATH] [--quick] [--markdown]

Each sample is a whole `okrtui status` process (the console script, output read through a pipe,
COLUMNS=100; and on the demo store, written to a 100x30 terminal, a pty, as a person at a prompt
gets it: in colour, through rich), next to one run of
`python -c "import pydantic, rich.console, tinydb"` (what the stack costs to import: the goal's
floor) and one of `python -c pass` (a bare process start), in an order that changes every round;
ratios are taken pair by pair. Stores: the demo (2 teams, one quarter) and 5 or 50 teams x 1
quarter or 10 years of weekly history (see _build_store.py). Also counted with strace: how often
`status` opens board files at 50 teams x 10 years; and peak memory.
"""

from __future__ import annotations

from _common import (
    IMPORT_FLOOR_NAME,
    LABELS,
    START_FLOOR_NAME,
    Case,
    Context,
    Report,
    Row,
    board_files_opened,
    detail_table,
    floor_row,
    info,
    memory_row,
    pair_row,
    paired_rounds,
    peak_mb,
    process_case,
    process_floors,
    standalone,
    traced,
    worst_pair,
)
from _pty import PtyApp

STORES = ("demo", "5x1q", "5x10y", "50x1q", "50x10y")
FORMATS = ("table", "json")
FLAT = 1.1
"""'Flat in history' as a number: at most 10% slower with ten years than with one quarter."""
FLOOR = IMPORT_FLOOR_NAME


def argv(ctx: Context, fmt: str) -> list[str]:
    return [*ctx.target.okrtui, "status", "--format", fmt]


def case(store: str, fmt: str) -> str:
    return f"`status --format {fmt}`, {LABELS[store]}"


TERMINAL = f"`status --format table` in a terminal, {LABELS['demo']}"


def terminal_case(argv: list[str], env: dict[str, str]) -> Case:
    """Seconds from spawn to exit of a command whose output is a terminal."""

    def run() -> float:
        with PtyApp(argv, env) as app:  # closed (and killed, if it hung) whatever happens
            return app.start().run_to_end()

    return run


def measure(ctx: Context) -> Report:
    stores = {s: ctx.copy(s) for s in STORES}
    cases = {case(s, f): process_case(argv(ctx, f), ctx.env(stores[s])) for s in STORES for f in FORMATS}
    cases[TERMINAL] = terminal_case(argv(ctx, "table"), ctx.env(stores["demo"]))
    figures = paired_rounds(cases, process_floors(ctx.target, ctx.env()), ctx.rounds)
    report = Report("`okrtui status`")
    report.details += detail_table(figures.values(), FLOOR, "import floor")
    report.details += ["", *detail_table(figures.values(), START_FLOOR_NAME, "process start")]

    def row(store: str, fmt: str, limit: float) -> Row:
        return floor_row("status", figures[case(store, fmt)], FLOOR, "import floor", limit)

    report.rows += [row("demo", fmt, 0.8) for fmt in FORMATS]
    report.rows.append(floor_row("status", figures[TERMINAL], FLOOR, "import floor", 0.8))
    report.rows += [row("50x10y", fmt, 1.0) for fmt in FORMATS]
    history = [(f"{f}, {t} teams", case(f"{t}x10y", f), case(f"{t}x1q", f)) for t in (5, 50) for f in FORMATS]
    label, ratios = worst_pair(figures, history)
    report.rows.append(pair_row("status", f"10 years ÷ 1 quarter (worst: {label})", ratios, FLAT))
    teams = [(f"{f}, {h}", case(f"50x{h}", f), case(f"5x{h}", f)) for h in ("1q", "10y") for f in FORMATS]
    label, ratios = worst_pair(figures, teams)
    report.rows.append(pair_row("status", f"50 teams ÷ 5 teams (worst: {label})", ratios, 1.3))
    big = stores["50x10y"]
    opened = board_files_opened(traced(argv(ctx, "table"), ctx.env(big), "open,openat"), big.path)
    value = f"{len(opened)} opens of {len(set(opened))} files"
    figure = f"board file opens by `status --format table`, {big.label}"
    report.rows.append(info("status", figure, value, f"{big.meta['teams']} files in the cycle"))
    for fmt in FORMATS:
        report.rows.append(memory_row(f"`status --format {fmt}`", big, peak_mb(argv(ctx, fmt), ctx.env(big))))
    return report


if __name__ == "__main__":
    standalone(measure, __doc__)
