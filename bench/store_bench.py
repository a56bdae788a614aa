"""One check-in save inside the process (`Store.check_in`), against the same save into plain TinyDB.

    /tmp/bench-venv/bin/python bench/store_bench.py [--quick] [--markdown | --json]

Runs in the interpreter being measured (it imports okrtui; run_all.py starts it with --python's
interpreter). For stores of 5 or 50 teams x 1 quarter or 10 years (scratch copies of the cached
ones): the median of `Store.check_in` on the last team's first KR of the current cycle (locate the
KR, lock, fresh read, atomic write, fsync), and the naive baseline: the same check-in inserted
into one plain TinyDB file (default JSONStorage, stdlib json) holding every check-in of the store,
which TinyDB parses and rewrites whole on every insert. What the split into small team files buys.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB

from _common import (
    TODAY,
    BuiltStore,
    Context,
    Report,
    info,
    parser,
    preamble,
    render,
    resolve_target,
    rows_to_json,
)
from okrtui.store import Store

STORES = ("5x1q", "5x10y", "50x1q", "50x10y")


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def week_of(day: str) -> str:
    from datetime import date

    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def naive_file(store: BuiltStore, path: Path) -> int:
    """Every check-in of the store in one file, as TinyDB's default JSONStorage writes it."""
    rows: dict[str, Any] = {}
    for board in sorted((store.path / "cycles").glob("*/*.json")):
        for row in orjson.loads(board.read_bytes()).get("checkins", {}).values():
            rows[str(len(rows) + 1)] = row
    path.write_text(json.dumps({"checkins": rows}))
    return len(rows)


def save(db: Store, kr: str, week: str, values: Iterator[int]) -> None:
    """One check-in as `okrtui checkin` files it: find the KR, read what it replaces, save."""
    from okrtui.core.checkin import CheckInRequest

    view = db.view()
    where = view.locate_kr(kr)
    current = view.board(view.cycle(where.cycle), view.team(where.team)).checkin(where.kr.id, week)
    fields = {"week": week, "value": next(values), "confidence": 6, "author": where.kr.owner}
    db.check_in(
        CheckInRequest.model_validate(
            {"where": where.ref, "based_on": current.rev if current else None, **fields}
        )
    )


def naive_insert(path: Path, doc: dict[str, Any]) -> None:
    db = TinyDB(path)
    db.table("checkins").insert(doc)
    db.close()


def measure(ctx: Context) -> Report:
    report = Report("One check-in save in-process, and plain TinyDB")
    report.details += [
        "| store | check-ins | `Store.check_in` ms (range) | plain TinyDB: file MB | insert ms | ÷ ours |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    repeat = 5 if ctx.quick else 11
    week = week_of(TODAY)
    for name in STORES:
        store = ctx.copy(name)
        kr = store.meta["checkin_kr"]
        db, values = Store(store.path), iter(range(1, 1_000_000))
        ours = timed(partial(save, db, kr, week, values), repeat)
        plain = ctx.sandbox.root / f"naive-{name}.json"
        count = naive_file(store, plain)
        doc = {"id": "ci-naive", "kr": kr, "week": week, "value": 1.0, "confidence": 6}
        theirs = timed(partial(naive_insert, plain, doc), 1 if ctx.quick else 3)
        ours_ms, theirs_ms = statistics.median(ours) * 1e3, statistics.median(theirs) * 1e3
        report.details.append(
            f"| {store.label} | {count:,} | {ours_ms:.1f} ({min(ours) * 1e3:.1f}-{max(ours) * 1e3:.1f}) | "
            f"{plain.stat().st_size / 1e6:.1f} | {theirs_ms:.0f} | {theirs_ms / ours_ms:.0f}x |"
        )
        if name in ("5x1q", "50x10y"):
            report.rows.append(
                info(
                    "check-in",
                    f"the save itself, in-process (`Store.check_in`), {store.label}",
                    f"{ours_ms:.1f} ms",
                    f"plain TinyDB, one file: {theirs_ms:.0f} ms",
                )
            )
    return report


def main() -> None:
    options = parser(__doc__.splitlines()[0])
    options.add_argument("--json", action="store_true", help="print the goal rows as JSON (for run_all.py)")
    args = options.parse_args()
    with Context(resolve_target(args.python or sys.executable), args.quick, args.rebuild) as ctx:
        report = measure(ctx)
        if args.json:
            print(json.dumps({"rows": json.loads(rows_to_json(report.rows)), "details": report.details}))
            return
        print(preamble(ctx))
        report.print()
        print("\n" + render(report.rows, markdown=args.markdown))


if __name__ == "__main__":
    main()
