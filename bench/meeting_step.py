"""Per-step latency of the meeting: PageDown pressed -> next KR step on screen, measured with the Pilot.

    /work/venv/bin/python bench/meeting_step.py [rounds]

Prints the median and p90 of a step change (saving the KR's answer in a worker included), and, in the
same run and the same way, a trivial app that only updates one label per key press: the ratio says
how much the meeting itself costs over Textual's own key -> repaint round trip.
"""

from __future__ import annotations

import asyncio
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
from okrtui.tui.widgets.kr_form import KRForm

SIZE = (100, 30)


class Baseline(App[None]):
    """The least a key press can cost: one label updated."""

    def compose(self) -> ComposeResult:
        yield Static("0", id="count")

    def key_pagedown(self) -> None:
        label = self.query_one("#count", Static)
        label.update(str(int(str(label.render())) + 1))


async def time_baseline(rounds: int) -> list[float]:
    app = Baseline()
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(rounds):
            start = time.perf_counter()
            await pilot.press("pagedown")
            await pilot.pause()
            times.append(time.perf_counter() - start)
    return times


async def time_meeting(rounds: int) -> tuple[list[float], list[float]]:
    """(first visits, which save a check-in; later visits, back and forth over the KRs)."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder))
        write_demo(store, today())
        app = make_app(store, mode="meeting", team="platform", minutes=15, today=today(), now=lambda: 0.0)
        first, later = [], []
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("pagedown")  # opening -> first KR
            await pilot.pause()
            krs = len(app.screen.agenda.kr_steps)  # type: ignore[attr-defined]
            for n in range(rounds):
                forward = (n // (krs - 1)) % 2 == 0
                before = app.screen.query_one(KRForm).kr.id
                start = time.perf_counter()
                await pilot.press("pagedown" if forward else "pageup")
                await pilot.pause()
                elapsed = time.perf_counter() - start
                assert app.screen.query_one(KRForm).kr.id != before, "the step did not change"
                (first if n < krs - 1 else later).append(elapsed)
            await app.workers.wait_for_complete()
        return first, later


def describe(name: str, times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    return f"{name:<34} n={len(ms):<3} median {statistics.median(ms):6.1f} ms   p90 {p90:6.1f} ms"


async def main(rounds: int) -> None:
    baseline = await time_baseline(rounds)
    first, later = await time_meeting(rounds)
    print(describe("baseline: key -> label repainted", baseline))
    print(describe("meeting: first visit (saves KR)", first))
    print(describe("meeting: revisits (PgDn/PgUp)", later))
    ratio = statistics.median(first + later) / statistics.median(baseline)
    print(f"step change vs baseline (medians): {ratio:.1f}x")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 40))
