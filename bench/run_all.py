"""Every figure issue #17 asks for (and #13's room), in one run, each as a ratio to a floor of that run.

    python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install .    # as users install it
    python3 bench/run_all.py --python /tmp/bench-venv/bin/python [--quick] [--markdown]

(`--python` defaults to $OKRTUI_BENCH_PYTHON, else the interpreter running this script.) About
8-10 minutes on 2 cores, `--quick` about 3 (the first run also builds the stores, ~30 s, cached in
$TMPDIR/okrtui-bench-cache by size and store-code version). It runs, in this order:

- status_bench.py: `okrtui status` table and json, demo and 5/50 teams x 1 quarter/10 years,
  against `python -c "import pydantic, rich.console, tinydb"` and `python -c pass`;
- checkin_bench.py: one `okrtui checkin KR --value V` process at the same sizes, and a mistyped id;
- tui_bench.py: dashboard and meeting first frames in a real pty against a minimal Textual app,
  the meeting's key-to-repaint (PageDown, Enter after answering, opening → first KR) against the
  minimal app's, and the team-file writes per answer counted with strace;
- store_bench.py (in the target interpreter): the save itself in-process, and plain TinyDB;
- room_bench.py: issue #13's room, a facilitator and eight participants on ptys: a step change
  on every participant's screen, the owner's keystroke on the facilitator's, and the vote reveal;
- peak memory of every command at 50 teams x 10 years, collected by each of them.

Then one table whose rows map to the issue's goals (figure, floor, ratio, goal, met or not), as
text, or with `--markdown` as Markdown for the README's performance section.
"""

from __future__ import annotations

import json
import subprocess
import time

import checkin_bench
import room_bench
import status_bench
import tui_bench
from _common import BENCH, Context, Report, Row, parser, preamble, render

GOALS = {
    "status": "1. `status` (table and json): ≤ 0.8x the import floor on the demo store, ≤ 1.0x with 50 teams "
    "x 10 years; flat in history; at most 1.3x slower at 50 teams than at 5.",
    "check-in": "2. One scripted check-in: ≤ 0.8x the import floor, flat from 1 quarter to 10 years and from "
    "5 to 50 teams; a mistyped KR id answers without reading every file of every cycle.",
    "first frame": "3. Dashboard and meeting first frame in a real terminal: ≤ 1.3x a minimal Textual app's "
    "first frame, imports included; at 50 teams ≤ 1.6x.",
    "meeting": "4. Meeting: PageDown KR → KR and Enter after answering, complete frame in ≤ 33 ms median; "
    "opening → first KR under 100 ms.",
    "memory": "5. Peak memory under 100 MB with 50 teams x 10 years, in every command.",
    "write path": "(What to build, 2.) One answer costs one write of its team file.",
    room_bench.GOAL: "Issue #13: a participant's keystroke reaches the facilitator's screen, and a step "
    "change every participant's, in under 500 ms with 8 participants.",
}


def store_report(ctx: Context) -> Report:
    """store_bench.py imports okrtui: it runs in the target interpreter and hands back JSON."""
    argv = [ctx.target.python, str(BENCH / "store_bench.py"), "--json"] + ["--quick"] * ctx.quick
    env = ctx.env()
    done = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=env["HOME"], env=env)
    found = json.loads(done.stdout)
    return Report(
        "One check-in save in-process, and plain TinyDB", [Row(**r) for r in found["rows"]], found["details"]
    )


def ordered(rows: list[Row]) -> list[Row]:
    """Rows grouped by goal, in the issue's order."""
    return sorted(rows, key=lambda r: list(GOALS).index(r.goal))


def main() -> None:
    args = parser(__doc__.splitlines()[0]).parse_args()
    started = time.monotonic()
    with Context.from_args(args) as ctx:
        print(preamble(ctx), flush=True)
        reports = []
        measures = (
            status_bench.measure,
            checkin_bench.measure,
            tui_bench.measure,
            store_report,
            room_bench.measure,
        )
        for measure in measures:
            report = measure(ctx)
            report.print()
            reports.append(report)
        rows = ordered([row for report in reports for row in report.rows])
        print("\n## Goals of issue #17\n")
        print("\n".join(f"- {text}" for text in GOALS.values()) + "\n")
        print(render(rows, markdown=args.markdown))
        met = [r.met for r in rows if r.met is not None]
        took = time.monotonic() - started
        print(f"\n{sum(met)} of {len(met)} goal figures met · the run took {took:.0f} s")


if __name__ == "__main__":
    main()
