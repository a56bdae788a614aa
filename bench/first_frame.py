"""Time to a usable first frame: the dashboard and the meeting's opening, against a minimal Textual app.

    python bench/first_frame.py [rounds]

Each round starts an app headless with the Pilot on the demo store and stops the clock once its
first screen is mounted and painted; the minimal app (one label) in the same run is the floor that
Textual itself costs. Peak memory of the whole run is printed too.
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

from okrtui.core.weeks import today
from okrtui.services.demo import write_demo
from okrtui.store import Store
from okrtui.tui.app import make_app

SIZE = (100, 30)


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello")


async def first_frame(build, ready) -> float:
    """Seconds from building the app to its first screen painted; each round on a fresh demo store."""
    folder = tempfile.mkdtemp()
    store = Store(Path(folder))
    write_demo(store, today())
    start = time.perf_counter()
    app = build(store)
    async with app.run_test(size=SIZE) as pilot:  # the temp folders are small; the OS clears /tmp
        for _ in range(500):
            if ready(app):
                break
            await pilot.pause()
        else:
            raise RuntimeError(
                f"{type(app).__name__} never showed its first screen ({type(app.screen).__name__})"
            )
        await pilot.pause()
        return time.perf_counter() - start


def screen_named(name: str):
    return lambda app: type(app.screen).__name__ == name and app.screen.is_mounted


async def main(rounds: int) -> None:
    cases = {
        "minimal Textual app": (lambda _store: Minimal(), lambda app: app.is_running),
        "dashboard": (lambda store: make_app(store, mode="dashboard"), screen_named("DashboardScreen")),
        "meeting opening": (
            lambda store: make_app(store, mode="meeting", team="platform"),
            screen_named("MeetingScreen"),
        ),
    }
    results = {}
    for label, (build, ready) in cases.items():
        results[label] = [await first_frame(build, ready) for _ in range(rounds)]
    floor = statistics.median(results["minimal Textual app"])
    print(f"first frame at {SIZE[0]}x{SIZE[1]}, median of {rounds}")
    print(f"{'app':24} {'median ms':>10} {'x floor':>8}")
    for label, times in results.items():
        median = statistics.median(times)
        print(f"{label:24} {median * 1000:10.0f} {median / floor:8.1f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this run: {peak:.0f} MiB")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
