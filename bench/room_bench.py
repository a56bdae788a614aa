"""The room's latency: a facilitator and eight participants, each okrtui on its own pseudo-terminal.

    python bench/room_bench.py [--python PATH] [--quick] [--markdown]

Issue #13's goal: a participant's keystroke shows on the facilitator's screen, and a step change
reaches every participant's screen, each within 500 ms with 8 participants. The transport is the
store (live files polled every 0.2 s), so the figures are dominated by the poll and by how fast
each process repaints; the floor is a minimal Textual app's key-to-repaint measured in this run.

Per round (a fresh copy of the 5-team store whose meeting team gets eight more members):
- step → participants: the facilitator presses PageDown (from the opening to the first KR, which
  each participant builds afresh, and later from a KR to the next, drawn in place); for each of
  the eight participant screens, the time from the key to the first frame showing the new KR's
  title, its form and its charts;
- keystroke → facilitator: the KR's owner (one participant) types a new value; the time until the
  facilitator's frame shows that value in the form marked as the owner's typing;
- vote reveal: the facilitator opens a vote (F2), every participant votes, and F2 reveals; the time
  from the reveal key until the facilitator's frame shows the spread.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import time
from contextlib import ExitStack

from _common import (
    MINIMAL_APP,
    MINIMAL_FIRST,
    Context,
    Report,
    info,
    median_range,
    pair_row,
    ratio_text,
    standalone,
)
from _pty import PtyApp, shows
from tui_bench import CHARTS

PARTICIPANTS = 8
GOAL_SECONDS = 0.5
STORE = "5x1q"
GOAL = "13. Room: keystroke and step change each reach the other screens < 500 ms (8 participants)"
GUESTS = [f"Guest{n}" for n in range(1, PARTICIPANTS)]
"""Seven guests join besides the first KR's owner: eight participants."""
ADD_MEMBERS = """
import sys
from okrtui.store import Store
store = Store(sys.argv[1], actor="bench")
store.update_team(sys.argv[2], lambda t: t.model_copy(update={"members": [*t.members, *sys.argv[3:]]}))
"""
OPENING = r"step 1 of \d+: opening"
FIGURES = {
    "step": f"opening → first KR, on each of {PARTICIPANTS} participants' screens",
    "next step": f"KR → next KR, on each of {PARTICIPANTS} participants' screens",
    "keystroke": "owner's keystroke → facilitator's screen",
    "reveal": "vote reveal key → spread on the facilitator's screen",
}


def minimal_keys(ctx: Context, keys: int) -> list[float]:
    """The floor: a minimal Textual app's key-to-repaint, `keys` times."""
    with PtyApp([ctx.target.python, str(MINIMAL_APP), MINIMAL_FIRST], ctx.env()) as app:
        app.start(first_frame=shows(re.escape(MINIMAL_FIRST)))
        app.wait_first_frame()
        return [app.press("pagedown", shows(rf"key {n}: pagedown(?!\S)")) for n in range(1, keys + 1)]


def room_round(ctx: Context) -> dict[str, list[float]]:
    """One meeting with eight participants; each figure's samples of this round, in seconds."""
    store = ctx.store(STORE)
    team, krs = store.meta["meeting_team"], store.meta["meeting_krs"]
    owner = krs[0]["owner"]
    people = [owner, *(n for n in GUESTS if n != owner)][:PARTICIPANTS]
    found: dict[str, list[float]] = {}
    with ctx.sandbox.scratch(store.path) as path, ExitStack() as stack:
        subprocess.run([ctx.target.python, "-c", ADD_MEMBERS, str(path), team, *GUESTS], check=True)
        env = ctx.env(path)
        host = stack.enter_context(PtyApp([*ctx.target.okrtui, "meeting", "--team", team], env))
        host.start(first_frame=shows(OPENING)).wait_first_frame()
        seats = {}
        for name in people:
            argv = [*ctx.target.okrtui, "join", "--team", team, "--as", name]
            seats[name] = stack.enter_context(PtyApp(argv, env)).start(first_frame=shows(OPENING))
        for seat in seats.values():
            seat.wait_first_frame()
        host.wait_for(shows(*(rf"● {re.escape(n)}" for n in people)), timeout=30)

        first = shows(re.escape(krs[0]["title"][:30]), r"Value\s+\S", CHARTS)
        arrivals = [seat.watch(first) for seat in seats.values()]
        host.press("pagedown", shows(re.escape(krs[0]["title"][:30])))
        sent = host.last_key
        found["step"] = [arrived() - sent for arrived in arrivals]

        value = "12.25"  # inside the KR's range (a far value would ask first)
        seats[owner].type("\x1b[F\x15")  # End, ctrl+u: an empty value field
        seats[owner].wait_for(shows(r"Value\s+e\.g\. "))  # the placeholder: empty
        host_sees = host.watch(shows(rf"{re.escape(owner)} is typing", rf"Value\s+{re.escape(value)}(?!\S)"))
        typed = time.perf_counter()
        seats[owner].type(value)
        found["keystroke"] = [host_sees() - typed]

        seats[owner].type("\r")  # the owner confirms (while they type, the facilitator's Enter asks first)
        host.wait_for(shows(rf"{re.escape(owner)} confirmed"))
        second = shows(re.escape(krs[1]["title"][:30]))
        host.press("enter", second)  # files the owner's answer; on the next KR everyone votes
        for seat in seats.values():
            seat.wait_for(second)
        host.type("\x1bOQ")  # F2 opens the vote
        for n, seat in enumerate(seats.values()):
            seat.wait_for(shows("Confidence vote on"))
            seat.type(f"{1 + n % 10}\r")
        host.wait_for(shows(rf"{len(seats)} voted · F2 reveals"), timeout=30)
        found["reveal"] = [host.press("f2", shows(r"median [\d.]+ · high"), timeout=30)]

        third = shows(re.escape(krs[2]["title"][:30]), r"Value\s+\S", CHARTS)
        arrivals = [seat.watch(third) for seat in seats.values()]
        host.press("pagedown", shows(re.escape(krs[2]["title"][:30])))
        sent = host.last_key
        found["next step"] = [arrived() - sent for arrived in arrivals]
    return found


def measure(ctx: Context) -> Report:
    rounds = 2 if ctx.quick else 5
    samples: dict[str, list[float]] = {name: [] for name in FIGURES}
    ratios: dict[str, list[float]] = {name: [] for name in FIGURES}
    floors: list[float] = []
    for n in range(rounds):
        got: dict[str, list[float]] = {}
        floor = 0.0
        for which in ("room", "floor") if n % 2 else ("floor", "room"):
            if which == "room":
                got = room_round(ctx)
            else:
                floor = statistics.median(minimal_keys(ctx, 5))
        floors.append(floor)
        for name, values in got.items():
            samples[name] += values
            ratios[name].append(statistics.median(values) / floor)
    report = Report(f"The room: a facilitator and {PARTICIPANTS} participants, each on its own terminal")
    goal = GOAL
    report.rows.append(
        info(goal, "minimal Textual app, key to repaint", f"{statistics.median(floors) * 1e3:.0f} ms")
    )
    for name, label in FIGURES.items():
        values = samples[name]
        figure = f"{label}: median {statistics.median(values) * 1e3:.0f} ms, worst {max(values) * 1e3:.0f} ms"
        if name == "reveal":  # issue #17 asks for it against the minimal app's key-to-repaint
            floor_text = f"minimal app key {statistics.median(floors) * 1e3:.0f} ms"
            value = f"{statistics.median(values) * 1e3:.0f} ms"
            report.rows.append(
                info(
                    "meeting", f"{label}, {PARTICIPANTS} voters", value, floor_text, ratio_text(ratios[name])
                )
            )
        else:
            report.rows.append(
                pair_row(goal, f"{figure} (x the 500 ms goal)", [v / GOAL_SECONDS for v in values], 1.0)
            )
    report.details += [
        "| figure | median | range | x the minimal app's key-to-repaint (same rounds) |",
        "|---|---:|---:|---:|",
    ]
    for name, label in FIGURES.items():
        report.details.append(
            f"| {label} | {statistics.median(samples[name]) * 1e3:.0f} ms "
            f"| {median_range(samples[name], 1e3, '.0f')} ms | {statistics.median(ratios[name]):.1f}x |"
        )
    return report


if __name__ == "__main__":
    standalone(measure, __doc__ or "")
