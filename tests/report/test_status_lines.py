"""The light status path (orjson rows, plain line renderer) prints exactly what the typed path
(pydantic models, rich's table) prints: for the demo store and generated stores, at every width,
with wide characters, long words and hostile text; and a damaged file is still refused."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from itertools import product
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrtui.core.models import (
    Action,
    ActionState,
    Blocker,
    CheckIn,
    Cycle,
    KeyResult,
    Objective,
    Team,
)
from okrtui.core.safe_text import one_line
from okrtui.core.scoring import Band
from okrtui.report.ansi import ColorSystem, Painter
from okrtui.report.check import needs_attention
from okrtui.report.snapshot import Snapshot, take_snapshot
from okrtui.report.status_json import to_json
from okrtui.report.status_lines import render_lines, wrap
from okrtui.report.status_table import make_console, render_table
from okrtui.store import Store
from okrtui.store.errors import UnreadableFileError
from okrtui.store.quick_read import read_glance
from okrtui.themes.files import FALLBACK_PALETTE, load_themes
from tests.conftest import TODAY
from tests.reliability.test_hostile_text import poison
from tests.support import forget_rich_styles, run_okrtui, voted_meeting

WIDTHS = (60, 66, 74, 80, 99, 100, 120, 160)
Palette = dict[Band, str]


def _theme(name: str) -> Palette:
    theme = load_themes().get(name)
    assert theme is not None
    return theme.status_palette()


PALETTES = {
    "okr-dark": _theme("okr-dark"),
    "projector": _theme("projector"),
    "no theme": FALLBACK_PALETTE,
    "none given": None,
}
TERMINALS: list[tuple[ColorSystem, bool]] = [("truecolor", False), ("256", False), ("standard", False)]
TERMINALS.append(("256", True))  # NO_COLOR: bold and dim stay


def rich_table(store: Store, width: int, **filters: str) -> str:
    """The typed path: pydantic models through rich's table, to a non-terminal."""
    out = io.StringIO()
    render_table(take_snapshot(store, TODAY, **filters), make_console(out, width=width))
    return out.getvalue()


def rich_terminal(
    snapshot: Snapshot, width: int, system: ColorSystem, no_color: bool, palette: Palette
) -> str:
    """rich's table as it writes to a terminal of that colour system (escape codes and all)."""
    forget_rich_styles()
    out = io.StringIO()
    console = make_console(out, width, force_terminal=True, color_system=system, no_color=no_color)
    render_table(snapshot, console, palette)
    return out.getvalue()


def assert_same(store: Store, widths: tuple[int, ...] = WIDTHS, **filters: str) -> None:
    light = read_glance(store.root, TODAY, **filters)
    typed = take_snapshot(store, TODAY, **filters)
    assert to_json(light) == to_json(typed)
    assert needs_attention(light) == needs_attention(typed)
    for width in widths:
        assert render_lines(light, width) == rich_table(store, width, **filters), width
        for (system, no_color), (name, palette) in product(TERMINALS, PALETTES.items()):
            painted = render_lines(light, width, Painter(system, no_color=no_color), palette)
            if painted is not None:  # None: left to rich
                assert painted == rich_terminal(typed, width, system, no_color, palette), (
                    width,
                    system,
                    name,
                )


@pytest.mark.parametrize("filters", [{}, {"team": "growth"}, {"owner": "ana"}], ids=str)
def test_demo_store_prints_the_same(demo_store: Store, filters: dict[str, str]) -> None:
    assert_same(demo_store, **filters)


@pytest.mark.parametrize("width", [80, 100, 120])
def test_the_demo_store_is_coloured_here_in_every_terminal_not_left_to_rich(
    demo_store: Store, width: int
) -> None:
    light = read_glance(demo_store.root, TODAY)
    for (system, no_color), palette in product(TERMINALS, PALETTES.values()):
        assert render_lines(light, width, Painter(system, no_color=no_color), palette) is not None


SOME_MOMENT = datetime(2026, 11, 2, tzinfo=UTC)


def edge_store(folder: Path, *, cycle: str = "2026-Q4", kr: str = "kr-1", blocker: str = "bl-1") -> Store:
    """One team, one KR with a check-in and an open blocker, under ids as long as they may be."""
    store = Store(folder / "store")
    store.save_cycle(Cycle(id=cycle, start=date(2026, 10, 1), end=date(2026, 12, 31)))
    store.save_team(Team(id="t", name="Team"))
    store.save(
        cycle,
        "t",
        Objective(id="ob-1", cycle=cycle, team="t", title="Ship it", owner="Ana"),
        KeyResult(id=kr, objective="ob-1", title="Cut the build time", owner="Ana", baseline=10, target=5),
        CheckIn(
            id="ci-1",
            kr=kr,
            week="2026-W46",
            value=8,
            confidence=6,
            created_at=datetime(2026, 11, 1, tzinfo=UTC),
        ),
        Blocker(id=blocker, kr=kr, text="Waiting on the cache server", raised_week="2026-W46"),
    )
    return store


@pytest.mark.parametrize(
    ("ids", "plain"),
    [
        ({"cycle": "2026-Q4-the-long-planning-cycle-of-the-year"}, True),  # the heading wraps
        ({"kr": "kr-" + "x" * 27}, False),  # "Key result" is left 6 columns: its header wraps
        ({"blocker": "bl-" + "x" * 55}, True),  # the blocker's line is cut inside its id
        ({"kr": "kr-" + "x" * 48}, False),  # no room for titles at all: rich shrinks columns
    ],
    ids=["heading", "header", "blocker-id", "no-title"],
)
def test_what_the_lines_cannot_lay_out_as_rich_would_is_left_to_rich(
    tmp_path: Path, ids: dict[str, str], plain: bool
) -> None:
    """At 60 columns: the plain lines (a pipe) where they match rich, the coloured ones never.
    (A header that wraps was once laid out here, top-aligned where rich aligns it at the bottom.)"""
    store = edge_store(tmp_path, **ids)
    light = read_glance(store.root, TODAY)
    lines = render_lines(light, 60)
    assert (lines == rich_table(store, 60)) if plain else lines is None
    for system, no_color in TERMINALS:
        assert render_lines(light, 60, Painter(system, no_color=no_color), FALLBACK_PALETTE) is None


def test_a_style_the_painter_cannot_write_is_left_to_rich(demo_store: Store) -> None:
    light = read_glance(demo_store.root, TODAY)
    unusual = dict.fromkeys(Band, "rgb(1,2,3)")
    assert render_lines(light, 80, Painter("256"), unusual) is None
    with pytest.raises(ValueError, match="no escape codes"):
        Painter("256")("x", "italic")


def test_empty_store_prints_the_same(store: Store) -> None:
    assert_same(store)


TEXT = st.lists(
    st.sampled_from(
        [
            *"ab ",
            "x" * 30,
            "界",
            "名前",
            "\x1b[2J",
            "\u202e",
            "\t",
            "[b]",
            "é",
            "—",
            "\n",
            "🙂",
            "\u200d",
            "\ufe0f",
        ]
    ),
    min_size=1,
    max_size=12,
).map(lambda parts: "".join(parts)[:190])
NAME = TEXT.map(lambda t: t[:50]).filter(lambda t: str(one_line(t)) and t.strip() not in ("\x1b[2J",))
NUMBER = st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 2))


@st.composite
def boards(draw: st.DrawFn) -> list[list[object]]:
    """Per team: objectives with KRs, their weekly check-ins and blockers (valid records)."""
    result = []
    for t in range(draw(st.integers(1, 3))):
        docs: list[object] = []
        for o in range(draw(st.integers(1, 2))):
            oid = f"ob-{t}{o}"
            docs.append(Objective(id=oid, cycle="2026-Q4", team=f"t{t}", title=draw(NAME), owner=draw(NAME)))
            for k in range(draw(st.integers(0, 3))):
                kid = f"kr-{t}{o}{k}" + "x" * draw(st.integers(0, 6))
                baseline = draw(NUMBER)
                target = draw(NUMBER.filter(lambda v, b=baseline: v != b))
                unit = draw(st.sampled_from(["", "%", "$", "min", "界"]))
                docs.append(
                    KeyResult(
                        id=kid,
                        objective=oid,
                        title=draw(NAME),
                        owner=draw(NAME),
                        baseline=baseline,
                        target=target,
                        unit=unit,
                        weight=draw(st.sampled_from([1.0, 2.0, 0.5])),
                    )
                )
                for w in draw(st.lists(st.integers(40, 47), unique=True, max_size=6)):
                    docs.append(
                        CheckIn(
                            id=f"ci-{kid}-{w}",
                            kr=kid,
                            week=f"2026-W{w}",
                            value=draw(NUMBER),
                            confidence=draw(st.integers(1, 10)),
                            created_at=datetime(2026, 11, 1, tzinfo=UTC),
                        )
                    )
                if draw(st.booleans()):
                    docs.append(Blocker(id=f"bl-{kid}", kr=kid, text=draw(NAME), raised_week="2026-W46"))
        result.append(docs)
    return result


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(boards(), st.lists(st.integers(60, 200), min_size=1, max_size=3))
def test_generated_stores_print_the_same(teams: list[list[object]], widths: list[int]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="okrtui-lines-"))
    try:
        store = Store(folder / "store")
        store.save_cycle(Cycle(id="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31)))
        for t, docs in enumerate(teams):
            store.save_team(Team(id=f"t{t}", name=f"Team {t} 界"))
            if docs:
                store.save("2026-Q4", f"t{t}", *docs)  # type: ignore[arg-type]  # records of a board
        assert_same(store, tuple(widths))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


WORDS = st.lists(
    st.sampled_from(["a", "bb", "ccc", "dddd", "eeeee", "x" * 12, "y" * 31, "é", "界"]), max_size=14
)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.integers(1, 40), st.sampled_from(["default", "left", "right"]))
def test_plain_words_wrap_where_rich_wraps_them(words: list[str], width: int, justify: str) -> None:
    """Titles and notices of plain words (the common case, cut without rich's word measuring)
    break, keep their spaces and pad exactly as rich's Text.wrap does."""
    from rich.console import Console
    from rich.text import Text

    text = " ".join(words)
    expected = Text(text).wrap(Console(width=200), width, justify=justify, overflow="fold")  # type: ignore[arg-type]
    assert wrap(text, width, justify, "fold") == [line.plain for line in expected]  # type: ignore[arg-type]


def test_the_symbols_status_measures_by_length_are_one_cell_in_rich() -> None:
    """Badges, arrows, sparkline blocks, currency signs: aligned as rich would align them."""
    from rich.cells import cell_len

    from okrtui.report.cells import SYMBOLS

    assert {symbol: cell_len(symbol) for symbol in SYMBOLS} == dict.fromkeys(SYMBOLS, 1)


def damage(store: Store, table: str, field: str, value: object) -> Path:
    path = next((store.root / "cycles").rglob("platform.json"))
    data = orjson.loads(path.read_bytes())
    next(iter(data[table].values()))[field] = value
    path.write_bytes(orjson.dumps(data))
    return path


@pytest.mark.parametrize(
    ("table", "field", "value"),
    [
        ("key_results", "title", 7),
        ("key_results", "target", "lots"),
        ("key_results", "owner", ""),
        ("checkins", "confidence", 11),
        ("checkins", "week", "last week"),
        ("checkins", "value", "lots"),
        ("checkins", "created_at", "yesterday"),
        ("checkins", "kr", None),
        ("checkins", "kr", "kr-bld6\n"),
        ("key_results", "id", "kr-x\n"),
        ("blockers", "text", None),
        ("objectives", "kind", "whatever"),
        ("actions", "due", "Friday"),
    ],
)
def test_a_damaged_row_is_refused_in_one_line(
    demo_store: Store, table: str, field: str, value: object
) -> None:
    """Asked for that team, status refuses in one line; for the whole store it names the file once
    and shows the other teams (the typed path's rule); the file is never written."""
    path = damage(demo_store, table, field, value)
    with pytest.raises(UnreadableFileError):
        read_glance(demo_store.root, TODAY, team="platform")
    skipped: list[str] = []
    others = read_glance(demo_store.root, TODAY, skipped=skipped)
    assert {o.team.id for o in others.objectives} == {"growth"}
    assert len(skipped) == 1 and skipped[0].startswith(f"cannot read {path}: a {table} record is invalid")
    before = path.read_bytes()
    for fmt in ("table", "json"):
        ran = run_okrtui("status", "--team", "platform", "--format", fmt, store=demo_store.root)
        assert ran.returncode == 2
        assert ran.stderr.startswith(f"okrtui: cannot read {path}: a {table} record is invalid")
        assert len(ran.stderr.splitlines()) == 1 and "Traceback" not in ran.stderr
        ran = run_okrtui("status", "--format", fmt, store=demo_store.root)
        assert ran.returncode == 0 and "growth" in ran.stdout.lower()
        assert ran.stderr.startswith(f"okrtui: warning: cannot read {path}")
        assert len(ran.stderr.splitlines()) == 1
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "change",
    [lambda row: row.update(confidence=7.0), lambda row: row.pop("unchanged")],
    ids=["confidence 7.0", "no unchanged flag"],
)
def test_a_check_in_another_tool_wrote_loosely_prints_the_same(
    demo_store: Store, change: Callable[[dict[str, object]], object]
) -> None:
    """A whole number written as 7.0, a flag left out: read as the typed store reads them."""
    path = next((demo_store.root / "cycles").rglob("platform.json"))
    data = orjson.loads(path.read_bytes())
    change(next(iter(data["checkins"].values())))
    path.write_bytes(orjson.dumps(data))
    assert_same(demo_store, (80, 100))


def test_hostile_text_written_into_the_files_prints_the_same(demo_store: Store) -> None:
    """Escape sequences, bidi overrides and markup planted by a colleague: made visible alike."""
    poison(demo_store)
    assert_same(demo_store)
    light = read_glance(demo_store.root, TODAY)
    assert "\x1b" not in render_lines(light, 100)  # type: ignore[operator]
    painted = render_lines(light, 100, Painter("truecolor"), PALETTES["okr-dark"])
    assert painted is not None
    assert re.sub(r"\x1b\[[0-9;]*m", "", painted).isprintable() or "\x1b" not in re.sub(
        r"\x1b\[[0-9;]*m", "", painted
    )


def test_status_json_carries_each_krs_last_vote_on_both_paths(demo_store: Store) -> None:
    """The room's private votes reach `status --format json` (the latest per KR, with its spread)."""
    voted_meeting(
        demo_store, ("kr-bld6", 1, {"Ana": 8, "Ben": 3}), ("kr-bld6", 2, {"Ana": 7, "Ben": 6, "Chen": 6})
    )
    for taken in (read_glance(demo_store.root, TODAY), take_snapshot(demo_store, TODAY)):
        document = orjson.loads(to_json(taken))
        krs = {k["id"]: k for o in document["objectives"] for k in o["key_results"]}
        assert krs["kr-bld6"]["last_vote"] == {
            "week": "2026-W47",
            "round": 2,
            "votes": {"Ana": 7, "Ben": 6, "Chen": 6},
            "low": 6,
            "median": 6,
            "high": 7,
            "talk_about_it": False,
            "not_counted": [],
        }
        assert isinstance(krs["kr-bld6"]["last_vote"]["median"], float), "6.0 as 5.5 is: one type"
        assert krs["kr-cfr5"]["last_vote"] is None


def test_status_json_names_who_voted_but_was_not_counted_on_both_paths(demo_store: Store) -> None:
    """A voter whose screen was gone at the reveal: the spread leaves them out, and says so."""
    voted_meeting(demo_store, ("kr-bld6", 1, {"Ana": 8, "Ben": 3}), not_counted=["Chen"])
    for taken in (read_glance(demo_store.root, TODAY), take_snapshot(demo_store, TODAY)):
        vote = next(
            k["last_vote"]
            for o in orjson.loads(to_json(taken))["objectives"]
            for k in o["key_results"]
            if k["id"] == "kr-bld6"
        )
        assert vote["not_counted"] == ["Chen"] and vote["votes"] == {"Ana": 8, "Ben": 3}


def test_status_tells_updated_from_confirmed_unchanged_on_both_paths(demo_store: Store) -> None:
    """A KR confirmed unchanged in the meeting is not counted as updated (issue 10, item 7)."""
    from tests.support import check_in

    check_in(demo_store, "kr-bld6", week="2026-W47", value=11, confidence=4, unchanged=True)
    assert_same(demo_store)
    table = render_lines(read_glance(demo_store.root, TODAY), 100)
    assert "Platform this week: 1 updated, 1 confirmed unchanged, 3 not checked in" in table
    krs = {
        k["id"]: k
        for o in orjson.loads(to_json(read_glance(demo_store.root, TODAY)))["objectives"]
        for k in o["key_results"]
    }
    assert krs["kr-bld6"]["confirmed_unchanged"] and not krs["kr-cfr5"]["confirmed_unchanged"]


def with_actions(store: Store) -> Store:
    """The demo's actions plus one late, one done and one dropped (the last two are not open)."""
    cycle = store.current_cycle(TODAY)
    store.save(
        cycle.id,
        "platform",
        Action(
            id="ac-late",
            text="Book the \x1b[2J room",
            owner="ana",
            due=date(2026, 11, 10),
            raised_week="2026-W45",
        ),
        Action(
            id="ac-done",
            text="Done already",
            owner="Ana",
            raised_week="2026-W45",
            state=ActionState.DONE,
            closed_week="2026-W46",
        ),
        Action(
            id="ac-drop",
            text="Not needed",
            owner="Ben",
            due=date(2026, 11, 1),
            raised_week="2026-W44",
            state=ActionState.DROPPED,
            closed_week="2026-W45",
            reason="moot",
        ),
        message="test: actions",
    )
    return store


def test_status_lists_open_and_overdue_actions_on_both_paths(demo_store: Store) -> None:
    """`status` ends with how many actions are open and late; the JSON lists the open ones."""
    with_actions(demo_store)
    assert_same(demo_store)
    for taken in (read_glance(demo_store.root, TODAY), take_snapshot(demo_store, TODAY)):
        actions = orjson.loads(to_json(taken))["actions"]
        assert [a["id"] for a in actions] == ["ac-late", "ac-sec1", "ac-dsk2", "ac-bdg4"]
        assert actions[0] == {
            "id": "ac-late",
            "team": "platform",
            "text": "Book the ␛[2J room",
            "owner": "ana",
            "due": "2026-11-10",
            "kr": None,
            "overdue": True,
        }
        assert [a["overdue"] for a in actions[1:]] == [True, False, False]  # the demo's ac-sec1 is late too
    lines = render_lines(read_glance(demo_store.root, TODAY), 100)
    assert lines is not None and lines.endswith("\n\n4 open actions, 2 overdue: okrtui actions\n")


@pytest.mark.parametrize(
    ("filters", "shown"), [({"team": "growth"}, ["ac-bdg4"]), ({"owner": "Ana"}, ["ac-late"])]
)
def test_status_actions_follow_the_team_and_owner_filters(
    demo_store: Store, filters: dict[str, str], shown: list[str]
) -> None:
    with_actions(demo_store)
    assert_same(demo_store, (80, 120), **filters)
    actions = orjson.loads(to_json(read_glance(demo_store.root, TODAY, **filters)))["actions"]
    assert [a["id"] for a in actions] == shown
    assert render_lines(read_glance(demo_store.root, TODAY, **filters), 120).endswith(  # type: ignore[union-attr]
        "\n1 open action, 1 overdue: okrtui actions\n"
        if shown == ["ac-late"]
        else "\n1 open action: okrtui actions\n"
    )


def test_a_joiner_before_a_space_prints_the_same_on_both_paths(store: Store) -> None:
    """Found by the generated stores: Rich counts the space after a zero-width joiner as joined to
    it, so a name wrapped after one was padded a cell short. A joiner that joins nothing is dropped."""
    assert one_line("Ana\u200d Ben\u200d") == "Ana Ben" and one_line("👩\u200d💻") == "👩\u200d💻"
    store.save_cycle(Cycle(id="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31)))
    store.save_team(Team(id="t0", name="Team 0"))
    owner = "a" + "x" * 30 + "\x1b[2J\x1b[2J\u200d aa"
    objective = Objective(id="ob-00", cycle="2026-Q4", team="t0", title="a", owner="a")
    kr = KeyResult(
        id="kr-012", objective="ob-00", title="a", owner=owner, baseline=0, target=839651.97, unit="min"
    )
    store.save("2026-Q4", "t0", objective, kr)
    assert_same(store, (73, 91))


def test_status_json_never_writes_minus_zero(demo_store: Store) -> None:
    """A KR a hair below its baseline has progress -0.00001: JSON says 0.0, not -0.0."""
    from tests.support import check_in

    board = demo_store.board(demo_store.cycle("2026-Q4"), demo_store.team("platform"))
    kr = next(k for k in board.live_key_results() if k.target > k.baseline)
    check_in(
        demo_store, kr.id, week="2026-W47", value=kr.baseline - (kr.target - kr.baseline) * 1e-6, confidence=5
    )
    for taken in (read_glance(demo_store.root, TODAY), take_snapshot(demo_store, TODAY)):
        text = to_json(taken)
        assert "-0.0," not in text and "-0.0\n" not in text
