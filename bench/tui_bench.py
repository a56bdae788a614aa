"""The terminal figures: first frames from process start, the meeting's key-to-repaint, writes per answer.

    python bench/tui_bench.py [--python PATH] [--quick] [--markdown]

Every app runs as a process on a real pseudo-terminal of 100x30 (see _pty.py), read continuously;
times run from spawning the process (imports included) or from writing a key's bytes to the pty,
to the end of the first frame whose screen shows the step's markers:

- dashboard (`okrtui`): the tree (the first 18 characters of the second KR's title, which only the
  tree shows, shortened or not), the detail panel's text (the first KR's id, the KR it opens on)
  and the footer (`^p palette` at the end of the last row, the last line Textual writes);
- meeting opening (`okrtui meeting --team T`): the first and the last objective's titles (only
  the opening shows them) and the footer (`^q Quit` at the end of the last row);
- a KR step: the KR's title (only its own step shows it) and its prefilled value in the form's
  Value field: the step is usable, not half drawn;
- the floor, a minimal Textual app (bench/_minimal_app.py, one Label): its label's text; for keys,
  the label saying `key N: NAME`.

Key-to-repaint drives the real meeting through the pty, no Pilot: PageDown from the opening to the
first KR, PageDown from KR to KR, and Enter after answering (value typed and confidence picked,
each seen on screen before Enter is pressed). After every key the screen is left to settle (no
output for 150 ms, reported as "until still") before the next one, as a facilitator would.
The same session under strace counts the atomic writes (renames onto store files) each key causes.
Peak memory: the dashboard and a whole meeting on 50 teams x 10 years, under GNU time.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from functools import partial
from pathlib import Path
from typing import Any

from _common import (
    MINIMAL_APP,
    MINIMAL_FIRST,
    BuiltStore,
    Case,
    Context,
    Meta,
    Report,
    Row,
    detail_table,
    floor_row,
    info,
    median_range,
    memory_row,
    memory_wrapper,
    paired_rounds,
    ratio_text,
    renames,
    standalone,
    strace_wrapper,
)
from _pty import Predicate, PtyApp, shows

FOOTER = r"palette\s*\Z"
"""The dashboard's footer ends with the command palette's key."""
MEETING_FOOTER = r"\^q Quit\s*\Z"
"""The meeting's footer drops the palette key (meeting.tcss) and ends with quit."""
MINIMAL = "minimal Textual app"
STORES = ("5x1q", "50x1q")
OPEN, PAGEDOWN, ENTER = "PageDown opening → first KR", "PageDown KR → KR", "Enter after answering"
Pairs = list[tuple[float, float]]
"""(seconds to the complete frame, seconds until the screen is still) per key."""
Samples = dict[str, Pairs]
Series = dict[str, list[float]]
KEY_GOALS = {PAGEDOWN: 0.033, ENTER: 0.033, OPEN: 0.100}
"""Complete frame within two frames at 60 Hz for steps, under 100 ms for the first KR."""


def dashboard_frame(meta: Meta) -> Predicate:
    krs = meta["meeting_krs"]
    return shows(re.escape(krs[1]["title"][:18]), rf"\b{re.escape(krs[0]['id'])}\b", FOOTER)


def opening_frame(meta: Meta) -> Predicate:
    return shows(re.escape(meta["objectives"][0]), re.escape(meta["objectives"][-1]), MEETING_FOOTER)


CHARTS = "⣿"
"""The charts' legends start with it, and a chart not drawn yet is blank: a frame holding it is
complete (KR steps draw their charts in the frame that shows the KR, or in a second one)."""


def kr_step(kr: dict[str, Any], value: str | None = None) -> Predicate:
    return shows(re.escape(kr["title"]), rf"Value\s+{re.escape(value or kr['prefill'])}(?!\S)", CHARTS)


def minimal_argv(ctx: Context) -> list[str]:
    return [ctx.target.python, str(MINIMAL_APP), MINIMAL_FIRST]


def meeting_argv(ctx: Context, store: BuiltStore) -> list[str]:
    return [*ctx.target.okrtui, "meeting", "--team", store.meta["meeting_team"]]


def first_frame(ctx: Context, argv: list[str], predicate: Predicate, store: BuiltStore | None) -> float:
    """Seconds from spawning to the first frame showing `predicate` (on a fresh copy of `store`)."""
    if store is None:
        with PtyApp(argv, ctx.env()) as app:
            app.start(first_frame=predicate)
            return app.wait_first_frame()
    with ctx.sandbox.scratch(store.path) as path, PtyApp(argv, ctx.env(path)) as app:
        app.start(first_frame=predicate)
        return app.wait_first_frame()


def settling(
    ctx: Context, argv: list[str], predicate: Predicate, store: BuiltStore
) -> tuple[float, float, int]:
    """One start: (first frame, until the screen is still, synchronized frames until then)."""
    with ctx.sandbox.scratch(store.path) as path, PtyApp(argv, ctx.env(path)) as app:
        app.start(first_frame=predicate)
        first = app.wait_first_frame()
        still = app.still_after(app.started, quiet=0.3)
        return first, still, app.frames


def answer(app: PtyApp, kr: dict[str, Any], n: int) -> None:
    """Type a new value and pick a confidence on the KR on screen, and wait until both show."""
    # A new value next to the prefilled one: one far outside the KR's range asks for a second Enter.
    prefill = kr["prefill"].replace(",", "")
    value = f"{prefill}{n % 9 + 1}" if "." in prefill else f"{prefill}.{n % 9 + 1}"
    confidence = "3" if kr["confidence"] != 3 else "4"
    app.type(value)
    app.wait_for(shows(rf"Value\s+{re.escape(value)}(?!\S)"))
    app.type("\t" + confidence)
    app.wait_for(shows(rf"Confidence\s+{confidence}/10"))


def meeting_session(app: PtyApp, store: BuiltStore, marks: list[tuple[str, float]] | None = None) -> Samples:
    """Walk a started meeting: opening, then every KR, PageDown and answer + Enter in turn.

    Returns {step: [(seconds to complete frame, seconds until still)]}; `marks` gets each key's
    epoch time (for strace's stamps)."""
    krs = store.meta["meeting_krs"]
    samples: Samples = defaultdict(list)
    app.wait_first_frame()
    app.still_after(app.started)
    steps = [(OPEN, "pagedown", krs[0])]
    steps += [
        (PAGEDOWN, "pagedown", kr) if i % 2 else (ENTER, "enter", kr) for i, kr in enumerate(krs[1:], 1)
    ]
    for i, (step, key, kr) in enumerate(steps):
        if step == ENTER:
            answer(app, krs[i - 1], i)
        frame = app.press(key, kr_step(kr))
        if marks is not None:
            marks.append((step, app.key_sent_at))
        samples[step].append((frame, app.still_after(app.last_key)))
        if marks is not None:
            time.sleep(0.5)  # under strace: let the writer thread finish before the next key
    return samples


def minimal_session(ctx: Context, keys: int) -> list[tuple[float, float]]:
    with PtyApp(minimal_argv(ctx), ctx.env()) as app:
        app.start(first_frame=shows(re.escape(MINIMAL_FIRST)))
        app.wait_first_frame()
        samples = []
        for n in range(1, keys + 1):
            key = "pagedown" if n % 2 else "enter"
            frame = app.press(key, shows(rf"key {n}: {key}(?!\S)"))
            samples.append((frame, app.still_after(app.last_key)))
        return samples


def key_rounds(
    ctx: Context, store: BuiltStore
) -> tuple[dict[str, list[float]], dict[str, list[float]], Pairs]:
    """Meeting sessions and minimal-app sessions in turn; per step, all samples, and per round the
    ratio of the meeting's median to the minimal app's median in that round."""
    frames: dict[str, list[float]] = defaultdict(list)
    ratios: dict[str, list[float]] = defaultdict(list)
    floor_all: list[tuple[float, float]] = []
    warm = 0 if ctx.quick else 1  # a first round warms up and is dropped (the first frames warmed --quick)
    for n in range(1 - warm, ctx.sessions + 1):
        order = ["meeting", "minimal"] if n % 2 else ["minimal", "meeting"]
        got: dict[str, Any] = {}
        for which in order:
            if which == "minimal":
                got["minimal"] = minimal_session(ctx, len(store.meta["meeting_krs"]))
            else:
                with (
                    ctx.sandbox.scratch(store.path) as path,
                    PtyApp(meeting_argv(ctx, store), ctx.env(path)) as app,
                ):
                    got["meeting"] = meeting_session(app.start(first_frame=opening_frame(store.meta)), store)
        if n == 0:
            continue
        floor = statistics.median(f for f, _ in got["minimal"])
        floor_all += got["minimal"]
        for step, samples in got["meeting"].items():
            frames[step] += [f for f, _ in samples]
            frames[f"{step} (until still)"] += [s for _, s in samples]
            ratios[step].append(statistics.median(f for f, _ in samples) / floor)
    return frames, ratios, floor_all


def writes_per_step(ctx: Context, store: BuiltStore) -> dict[str, dict[str, float]]:
    """Renames onto store files during each kind of step of one traced meeting: per file, the
    mean per step of that kind (the team's board file is "team file")."""
    marks: list[tuple[str, float]] = [("start (until the opening shows)", time.time())]
    with tempfile.NamedTemporaryFile(prefix="okrtui-strace-", mode="r") as log:
        argv = strace_wrapper(log.name, "rename,renameat,renameat2") + meeting_argv(ctx, store)
        with ctx.sandbox.scratch(store.path) as path, PtyApp(argv, ctx.env(path)) as app:
            meeting_session(app.start(first_frame=opening_frame(store.meta)), store, marks)
            time.sleep(0.5)
            marks.append(("quit (ctrl+q)", time.time()))
        lines = log.read().splitlines()
    board = f"cycles/{store.meta['current_cycle']}/{store.meta['meeting_team']}.json"
    counts: dict[str, Counter[str]] = {step: Counter() for step, _ in marks}
    for stamp, destination in renames(lines):
        step = [s for s, t in marks if t <= stamp][-1]
        counts[step]["team file" if destination.endswith(board) else Path(destination).name] += 1
    taken = Counter(step for step, _ in marks)
    return {step: {file: n / taken[step] for file, n in files.items()} for step, files in counts.items()}


def peak_tui_mb(ctx: Context, store: BuiltStore) -> dict[str, float]:
    """Max RSS of the dashboard (until its screen settles) and of a whole meeting, on `store`."""
    peaks = {}
    with tempfile.NamedTemporaryFile(prefix="okrtui-rss-", mode="r") as out:
        with PtyApp(memory_wrapper(out.name) + ctx.target.okrtui, ctx.env(store)) as app:
            app.start(first_frame=dashboard_frame(store.meta))
            app.wait_first_frame()
            app.still_after(app.started, quiet=0.5)
        peaks["`okrtui` (dashboard)"] = int(out.read().split()[-1]) * 1024 / 1e6
    with tempfile.NamedTemporaryFile(prefix="okrtui-rss-", mode="r") as out:
        with PtyApp(memory_wrapper(out.name) + meeting_argv(ctx, store), ctx.env(store)) as app:
            meeting_session(app.start(first_frame=opening_frame(store.meta)), store)
        peaks["`okrtui meeting` (every KR)"] = int(out.read().split()[-1]) * 1024 / 1e6
    return peaks


WITH_MODEL = "minimal app building one pydantic model before it starts"


def first_frames(ctx: Context, report: Report) -> None:
    stores = [ctx.store(s) for s in STORES]
    cases: dict[str, Case] = {}
    for store in stores:
        teams = f"{store.meta['teams']} teams"
        cases[f"dashboard, {teams}"] = partial(
            first_frame, ctx, ctx.target.okrtui, dashboard_frame(store.meta), store
        )
        cases[f"meeting opening, {teams}"] = partial(
            first_frame, ctx, meeting_argv(ctx, store), opening_frame(store.meta), store
        )
    minimal_frame = shows(re.escape(MINIMAL_FIRST))
    with_model = [*minimal_argv(ctx), "--one-pydantic-model"]
    cases[WITH_MODEL] = partial(first_frame, ctx, with_model, minimal_frame, None)
    floors = {MINIMAL: partial(first_frame, ctx, minimal_argv(ctx), minimal_frame, None)}
    figures = paired_rounds(cases, floors, ctx.sessions)
    report.details += ["First frame from process start, 100x30 pty:", ""]
    report.details += detail_table(figures.values(), MINIMAL, "minimal app")
    for name, fig in figures.items():
        limit = None if name == WITH_MODEL else 1.6 if name.endswith("50 teams") else 1.3
        report.rows.append(
            floor_row("first frame", fig, MINIMAL, "minimal app", limit, f"{name}, first frame")
        )
    if ctx.quick:
        return
    report.details += ["", "One more start of each, left until nothing is drawn for 300 ms:", ""]
    for store in stores:
        for what, argv, predicate in (
            ("dashboard", ctx.target.okrtui, dashboard_frame(store.meta)),
            ("meeting opening", meeting_argv(ctx, store), opening_frame(store.meta)),
        ):
            first, still, frames = settling(ctx, argv, predicate, store)
            report.details.append(
                f"- {what}, {store.label}: first frame {first * 1e3:.0f} ms, still at {still * 1e3:.0f} ms, "
                f"{frames} synchronized frames (after the unsynchronized ones sent before Textual reads "
                "the terminal's answer)"
            )


def meeting_keys(ctx: Context, report: Report, store: BuiltStore) -> None:
    frames, ratios, floor = key_rounds(ctx, store)
    floor_ms = statistics.median(f for f, _ in floor) * 1e3
    floor_still = statistics.median(s for _, s in floor) * 1e3
    report.details += [
        "",
        f"Meeting keys, {store.label} ({len(store.meta['meeting_krs'])} KRs), {ctx.sessions} sessions; "
        f"minimal app key-to-repaint {floor_ms:.1f} ms (until still {floor_still:.0f} ms):",
        "",
        "| step | median ms (range) | n |",
        "|---|---:|---:|",
        *(f"| {step} | {median_range(v, 1e3, '.1f')} | {len(v)} |" for step, v in frames.items()),
    ]
    for step, limit in KEY_GOALS.items():
        median = statistics.median(frames[step])
        value, floor_text = f"{median * 1e3:.0f} ms", f"minimal app key {floor_ms:.0f} ms"
        target = f"≤ {limit * 1e3:.0f} ms"
        report.rows.append(
            Row(
                "meeting",
                f"{step}, complete frame",
                value,
                floor_text,
                ratio_text(ratios[step]),
                target,
                median <= limit,
            )
        )
        still = statistics.median(frames[f"{step} (until still)"])
        figure = f"{step}, until the screen is still"
        report.rows.append(
            info("meeting", figure, f"{still * 1e3:.0f} ms", f"minimal app {floor_still:.0f} ms")
        )


def write_counts(ctx: Context, report: Report, store: BuiltStore) -> None:
    writes = writes_per_step(ctx, store)
    report.details += ["", "Atomic writes (renames onto store files) per step, one meeting under strace:", ""]
    report.details += [f"- {step}: {files or 'none'}" for step, files in writes.items()]
    per_answer = writes[ENTER].get("team file", 0)
    figure = "writes of the team file per answer (Enter)"
    report.rows.append(Row("write path", figure, f"{per_answer:g}", "", "", "1", per_answer == 1))
    passing = sum(writes[PAGEDOWN].values())
    report.rows.append(info("write path", "writes per PageDown over an untouched KR", f"{passing:g}"))


def measure(ctx: Context) -> Report:
    report = Report("Terminal: first frames, meeting keys, writes per answer")
    first_frames(ctx, report)
    small = ctx.store("5x1q")
    meeting_keys(ctx, report, small)
    write_counts(ctx, report, small)
    big = ctx.copy("50x10y")
    report.rows += [memory_row(command, big, mb) for command, mb in peak_tui_mb(ctx, big).items()]
    return report


if __name__ == "__main__":
    standalone(measure, __doc__)
