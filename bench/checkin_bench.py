"""One scripted check-in (`okrtui checkin KR --value V --confidence N`) as a process, and a mistyped KR id.

    python bench/checkin_bench.py [--python PATH] [--quick] [--markdown]

Each sample is a whole `okrtui checkin` process on a scratch copy of the store, next to one run of
the import floor and one of a bare process start, interleaved as in status_bench.py. The KR is the
first KR of the last team in the current cycle (a lookup that walks teams in order pays the most
for it), checked in for this week with a new value each time; stores of 5 or 50 teams x 1 quarter
or 10 years. A mistyped id (`kr-zzzzz`) must answer with exit code 2; strace counts the board
files it opens against all the store's board files. Peak memory at 50 teams x 10 years. And, for
what the goal asks of any check-in that builds pydantic models: a process that builds one, of one
field, against the same floor.
"""

from __future__ import annotations

import itertools

from _common import (
    IMPORT_FLOOR_NAME,
    LABELS,
    START_FLOOR_NAME,
    BuiltStore,
    Case,
    Context,
    Report,
    Row,
    board_files_opened,
    detail_table,
    floor_row,
    memory_row,
    pair_row,
    paired_rounds,
    peak_mb,
    process_case,
    process_floors,
    run_timed,
    standalone,
    traced,
    worst_pair,
)

STORES = ("5x1q", "5x10y", "50x1q", "50x10y")
MISTYPED = "kr-zzzzz"
FLAT = 1.1
"""'Flat' as a number: at most 10% slower with more history or more teams."""
FLOOR = IMPORT_FLOOR_NAME
ONE_MODEL = "a process that builds one pydantic model of one field"
ONE_MODEL_CODE = "from pydantic import BaseModel\nclass M(BaseModel):\n    x: int\nM(x=1)"


def checkin_argv(ctx: Context, store: BuiltStore, kr: str, value: str) -> list[str]:
    """As the KR's owner; `--yes`: the rising bench values may leave the KR's range (same save)."""
    owner = store.meta["checkin_as"]
    return [*ctx.target.okrtui, "checkin", kr, "--value", value, "--confidence", "6", "--as", owner, "--yes"]


def checkin_case(ctx: Context, store: BuiltStore) -> Case:
    """A check-in with a new value every run (so every run really writes)."""
    values = itertools.count(1)
    env = ctx.env(store)
    return lambda: run_timed(checkin_argv(ctx, store, store.meta["checkin_kr"], f"{next(values)}.25"), env)


def mistyped_case(ctx: Context, store: BuiltStore) -> Case:
    argv, env = checkin_argv(ctx, store, MISTYPED, "1"), ctx.env(store)
    return lambda: run_timed(argv, env, ok=(2,))


def case(store: str) -> str:
    return f"`checkin KR`, {LABELS[store]}"


def mistyped(store: str) -> str:
    return f"`checkin {MISTYPED}` (mistyped id), {LABELS[store]}"


def measure(ctx: Context) -> Report:
    stores = {s: ctx.copy(s) for s in STORES}
    cases = {case(s): checkin_case(ctx, stores[s]) for s in STORES}
    cases |= {mistyped(s): mistyped_case(ctx, stores[s]) for s in ("5x1q", "50x10y")}
    plugins_off = {**ctx.env(), "PYDANTIC_DISABLE_PLUGINS": "__all__"}  # as okrtui runs pydantic
    cases[ONE_MODEL] = process_case([ctx.target.python, "-c", ONE_MODEL_CODE], plugins_off)
    figures = paired_rounds(cases, process_floors(ctx.target, ctx.env()), ctx.rounds)
    report = Report("`okrtui checkin KR --value V`")
    report.details += detail_table(figures.values(), FLOOR, "import floor")
    report.details += ["", *detail_table(figures.values(), START_FLOOR_NAME, "process start")]

    report.rows += [
        floor_row("check-in", figures[case(s)], FLOOR, "import floor", 0.8) for s in ("5x1q", "50x10y")
    ]
    history = [(f"{t} teams", case(f"{t}x10y"), case(f"{t}x1q")) for t in (5, 50)]
    label, ratios = worst_pair(figures, history)
    report.rows.append(pair_row("check-in", f"10 years ÷ 1 quarter (worst: {label})", ratios, FLAT))
    teams = [(h, case(f"50x{h}"), case(f"5x{h}")) for h in ("1q", "10y")]
    label, ratios = worst_pair(figures, teams)
    report.rows.append(pair_row("check-in", f"50 teams ÷ 5 teams (worst: {label})", ratios, FLAT))
    small = figures[case("5x1q")]
    name = f"{small.name}, against a bare process start"
    report.rows.append(floor_row("check-in", small, START_FLOOR_NAME, "`python -c pass`", None, name))
    report.rows.append(floor_row("check-in", figures[mistyped("50x10y")], FLOOR, "import floor", None))
    report.rows.append(floor_row("check-in", figures[ONE_MODEL], FLOOR, "import floor", None))
    big = stores["50x10y"]
    wrong = checkin_argv(ctx, big, MISTYPED, "1")
    opened = set(board_files_opened(traced(wrong, ctx.env(big), "open,openat", (2,)), big.path))
    total = big.meta["board_files"]
    report.rows.append(
        Row(
            "check-in",
            f"board files a mistyped id reads, {big.label}",
            f"{len(opened)} of {total}",
            "",
            "",
            f"fewer than all {total}",
            len(opened) < total,
        )
    )
    kr = big.meta["checkin_kr"]
    right = checkin_argv(ctx, big, kr, "7.75")
    report.rows.append(memory_row("`checkin KR`", big, peak_mb(right, ctx.env(big))))
    report.rows.append(memory_row(f"`checkin {MISTYPED}`", big, peak_mb(wrong, ctx.env(big), (2,))))
    return report


if __name__ == "__main__":
    standalone(measure, __doc__)
