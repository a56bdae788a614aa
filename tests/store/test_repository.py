"""The store keeps a team's history safe: round trips, replaced check-ins, damaged files, permissions."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest

from okrtui.core.errors import RuleError
from okrtui.core.models import (
    ActionItem,
    Blocker,
    CheckIn,
    Cycle,
    CycleState,
    KeyResult,
    Meeting,
    Objective,
    Team,
)
from okrtui.store import Store, StoreError, schema
from okrtui.store.errors import NewerSchemaError, NotFoundError, StaleWriteError
from okrtui.store.files import TEMP_MARK
from tests.conftest import snapshot_of
from tests.support import check_in, unstamped

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
CYCLE = Cycle(id="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31))
TEAM = Team(id="platform", name="Platform", members=["Ana", "Ben"])


def board_docs() -> list:
    """One of every board document, as a user's first week would create them."""
    return [
        Objective(id="ob-rel1", cycle=CYCLE.id, team=TEAM.id, title="Boring releases", owner="Ana"),
        KeyResult(id="kr-cfr5", objective="ob-rel1", title="Cut CFR", owner="Ana", baseline=18, target=5),
        CheckIn(id="ci-1", kr="kr-cfr5", week="2026-W46", value=12, confidence=6, created_at=NOW),
        Blocker(id="bl-1", kr="kr-cfr5", text="Waiting on review", raised_week="2026-W46"),
        Meeting(
            id="mt-1",
            team=TEAM.id,
            cycle=CYCLE.id,
            week="2026-W46",
            started_at=NOW,
            action_items=[ActionItem(text="Ask for a date", owner="Ben")],
        ),
    ]


@pytest.fixture
def small_store(store: Store) -> Store:
    store.save_team(TEAM)
    store.save_cycle(CYCLE)
    store.save(CYCLE.id, TEAM.id, *board_docs())
    return store


def test_everything_saved_reads_back_equal(small_store: Store) -> None:
    board = small_store.board(CYCLE, TEAM)
    saved = [*board.objectives, *board.key_results, *board.checkins, *board.blockers, *board.meetings]
    assert unstamped(saved) == unstamped(board_docs())
    assert {doc.rev for doc in saved} == {1}, "each record was written once"
    assert unstamped(small_store.teams()) == unstamped([TEAM])
    assert unstamped(small_store.cycles()) == unstamped([CYCLE])


def test_a_fresh_store_object_sees_what_another_wrote(small_store: Store) -> None:
    """No cache survives between transactions: a second process sees the first one's rows at once."""
    other = Store(small_store.root)
    extra = Objective(id="ob-new", cycle=CYCLE.id, team=TEAM.id, title="New")
    other.save(CYCLE.id, TEAM.id, extra)
    small_store.save(CYCLE.id, TEAM.id, Objective(id="ob-new2", cycle=CYCLE.id, team=TEAM.id, title="x"))
    ids = [o.id for o in Store(small_store.root).board(CYCLE, TEAM).objectives]
    assert ids == ["ob-rel1", "ob-new", "ob-new2"]


def test_save_replaces_a_document_with_the_same_id(small_store: Store) -> None:
    seen = small_store.board(CYCLE, TEAM).objectives[0]
    small_store.save(CYCLE.id, TEAM.id, seen.model_copy(update={"title": "Calm releases"}))
    (saved,) = small_store.board(CYCLE, TEAM).objectives
    assert (saved.title, saved.rev, saved.changed_by) == ("Calm releases", 2, small_store.actor)


def test_a_write_based_on_an_old_read_is_refused_and_changes_nothing(small_store: Store) -> None:
    """Ana opened the objective; Ben renamed it meanwhile; Ana's save must not undo Ben's."""
    anas_copy = small_store.board(CYCLE, TEAM).objectives[0]
    bens_copy = small_store.board(CYCLE, TEAM).objectives[0]
    Store(small_store.root, actor="Ben").save(
        CYCLE.id, TEAM.id, bens_copy.model_copy(update={"title": "Ben's"})
    )
    before = snapshot_of(small_store.root)
    with pytest.raises(StaleWriteError, match="changed by Ben"):
        small_store.save(CYCLE.id, TEAM.id, anas_copy.model_copy(update={"title": "Ana's"}))
    assert snapshot_of(small_store.root) == before


def test_teams_and_cycles_are_found_by_id_or_name(small_store: Store) -> None:
    assert small_store.team("PLATFORM").id == TEAM.id == small_store.team(" platform ").id
    assert small_store.cycle("2026-q4").id == CYCLE.id
    with pytest.raises(NotFoundError, match="teams: platform"):
        small_store.team("growth")
    with pytest.raises(NotFoundError, match="cycles: 2026-Q4"):
        small_store.cycle("2025-Q1")


def test_current_cycle_prefers_the_open_one_holding_today(store: Store) -> None:
    assert store.current_cycle(date(2026, 11, 18)) is None
    old = Cycle(id="2026-Q3", start=date(2026, 7, 1), end=date(2026, 9, 30), state=CycleState.CLOSED)
    store.save_cycle(old)
    assert store.current_cycle(date(2026, 11, 18)).id == old.id
    store.save_cycle(CYCLE)
    store.save_cycle(Cycle(id="2027-Q1", start=date(2027, 1, 1), end=date(2027, 3, 31)))
    assert store.current_cycle(date(2026, 11, 18)).id == CYCLE.id
    assert store.current_cycle(date(2028, 1, 1)).id == "2027-Q1"


def test_a_second_check_in_in_the_same_week_replaces_and_keeps_the_first(small_store: Store) -> None:
    first = check_in(small_store, "kr-cfr5", week="2026-W47", value=11, confidence=6, author="Ana")
    second = check_in(small_store, "kr-cfr5", week="2026-W47", value=10, confidence=7, moved="fixed it")
    third = check_in(small_store, "kr-cfr5", week="2026-W47", value=9, confidence=8)
    assert first.checkin.id == second.checkin.id == third.checkin.id
    this_week = small_store.board(CYCLE, TEAM).checkin("kr-cfr5", "2026-W47")
    assert (this_week.value, this_week.confidence) == (9, 8)
    assert [h["value"] for h in this_week.history] == [11, 10]
    assert this_week.history[1]["moved"] == "fixed it"
    assert [c.week for c in small_store.board(CYCLE, TEAM).checkins_of("kr-cfr5")] == ["2026-W46", "2026-W47"]


def test_check_in_raises_and_resolves_blockers(small_store: Store) -> None:
    raised = check_in(
        small_store,
        "kr-cfr5",
        week="2026-W47",
        value=10,
        confidence=5,
        new_blockers=["Pipeline down"],
        resolve=["bl-1"],
    )
    blockers = {b.id: b for b in small_store.board(CYCLE, TEAM).blockers}
    assert not blockers["bl-1"].is_open and blockers["bl-1"].resolved_week == "2026-W47"
    assert blockers[raised.raised[0].id].text == "Pipeline down" and blockers[raised.raised[0].id].is_open


def test_a_failed_check_in_changes_nothing(small_store: Store) -> None:
    before = snapshot_of(small_store.root)
    with pytest.raises(RuleError, match="bl-nope"):
        check_in(small_store, "kr-cfr5", week="2026-W47", value=1, confidence=5, resolve=["bl-nope"])
    with pytest.raises(NotFoundError, match="kr-nope"):
        check_in(small_store, "kr-nope", week="2026-W47", value=1, confidence=5)
    assert snapshot_of(small_store.root) == before


def test_a_closed_cycle_refuses_check_ins(small_store: Store) -> None:
    small_store.save_cycle(small_store.cycle(CYCLE.id).model_copy(update={"state": CycleState.CLOSED}))
    with pytest.raises(StoreError, match="closed"):
        check_in(small_store, "kr-cfr5", week="2026-W47", value=1, confidence=5)


def test_locate_kr_and_all_ids(small_store: Store) -> None:
    where = small_store.locate_kr(" KR-CFR5 ")
    assert (where.cycle, where.team, where.kr.id) == ("2026-Q4", "platform", "kr-cfr5")
    assert {"ob-rel1", "kr-cfr5", "ci-1", "bl-1", "mt-1"} <= small_store.all_ids()


# -- damaged, foreign and newer files: never written, one sentence naming the file ---------------

Damage = Callable[[Path], None]


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def _newer(path: Path) -> None:
    data = orjson.loads(path.read_bytes())
    data["_meta"] = {"1": {"schema": schema.SCHEMA_VERSION + 1}}
    path.write_bytes(orjson.dumps(data))


DAMAGE: dict[str, Damage] = {
    "not json": lambda p: p.write_text("this is not { json"),
    "random bytes": lambda p: p.write_bytes(bytes(range(256)) * 3),
    "truncated": _truncate,
    "empty": lambda p: p.write_bytes(b""),
    "a list": lambda p: p.write_text("[1, 2, 3]"),
    "unknown schema": lambda p: p.write_text('{"_meta": {"1": {"schema": 0}}}'),
    "newer schema": _newer,
}


def attempts_on(store: Store, which: str) -> list[Callable[[], object]]:
    """Every way a command reads or writes the damaged file."""
    checking_in = lambda: check_in(store, "kr-cfr5", week="2026-W47", value=1, confidence=5)  # noqa: E731
    if which == "workspace":
        return [checking_in, lambda: store.save_team(TEAM), lambda: store.save_cycle(CYCLE), store.teams]
    return [
        checking_in,
        lambda: store.save(CYCLE.id, TEAM.id, *board_docs()),
        lambda: store.board(CYCLE, TEAM),
    ]


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
@pytest.mark.parametrize("which", ["workspace", "board"])
def test_a_damaged_file_is_never_written_and_named_in_one_sentence(
    small_store: Store, damage: Damage, which: str
) -> None:
    path = small_store.workspace_path if which == "workspace" else small_store.board_path(CYCLE.id, TEAM.id)
    damage(path)
    before = snapshot_of(small_store.root)
    for attempt in attempts_on(small_store, which):
        with pytest.raises(StoreError) as caught:
            attempt()
        message = str(caught.value)
        assert str(path) in message and "\n" not in message
    assert snapshot_of(small_store.root) == before


def test_an_invalid_record_is_named_and_kept(small_store: Store) -> None:
    """A record that parses but fails validation stops every read of it and is never dropped."""
    path = small_store.board_path(CYCLE.id, TEAM.id)
    data = orjson.loads(path.read_bytes())
    data["key_results"]["9"] = {"id": "kr-x", "objective": "ob-rel1", "title": "no owner"}
    path.write_bytes(orjson.dumps(data))
    before = snapshot_of(small_store.root)
    for attempt in (
        lambda: small_store.board(CYCLE, TEAM),
        lambda: check_in(small_store, "kr-cfr5", week="2026-W47", value=1, confidence=5),
    ):
        with pytest.raises(StoreError, match="owner") as caught:
            attempt()
        assert str(path) in str(caught.value)
    assert snapshot_of(small_store.root) == before


def test_a_newer_schema_says_to_upgrade(small_store: Store) -> None:
    _newer(small_store.workspace_path)
    with pytest.raises(NewerSchemaError, match="upgrade okrtui"):
        small_store.teams()


def test_a_folder_in_place_of_a_file_is_a_clear_error(small_store: Store) -> None:
    path = small_store.board_path("2026-Q4", "growth")
    path.mkdir(parents=True)
    with pytest.raises(StoreError, match=r"growth\.json is not a regular file"):
        small_store.board(CYCLE, Team(id="growth", name="Growth"))


def test_an_older_schema_goes_through_the_migration_hook(
    small_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []

    def one_to_two(data: dict) -> dict:
        seen.append(schema.version_of(data))
        teams = data.get("teams", {})
        return {**data, "teams": {k: {**t, "name": t["name"].upper()} for k, t in teams.items()}}

    current = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr(schema, "MIGRATIONS", {**schema.MIGRATIONS, current: one_to_two})
    assert small_store.team("platform").name == "PLATFORM"
    assert seen == [current]
    small_store.save_team(Team(id="growth", name="Growth"))
    assert schema.version_of(orjson.loads(small_store.workspace_path.read_bytes())) == current + 1


# -- temp files and permissions ------------------------------------------------------------------


def test_stale_temp_files_are_cleaned_on_the_next_write(small_store: Store) -> None:
    board_dir = small_store.board_path(CYCLE.id, TEAM.id).parent
    stale = [board_dir / f".platform.json{TEMP_MARK}dead1", small_store.root / f".workspace.json{TEMP_MARK}x"]
    for path in stale:
        path.write_bytes(b'{"half": ')
    check_in(small_store, "kr-cfr5", week="2026-W47", value=9, confidence=6)
    assert not stale[0].exists()
    small_store.save_team(small_store.team(TEAM.id))
    assert not stale[1].exists()
    assert not list(small_store.root.rglob(f"*{TEMP_MARK}*"))


@pytest.fixture(params=[0o022, 0o077, 0o002], ids=["umask022", "umask077", "umask002"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_new_store_files_are_for_owner_and_group_only(store: Store, umask: int) -> None:
    store.save_team(TEAM)
    store.save_cycle(CYCLE)
    store.save(CYCLE.id, TEAM.id, *board_docs())
    modes = {p.relative_to(store.root): stat.S_IMODE(p.stat().st_mode) for p in store.root.rglob("*")}
    modes[Path(".")] = stat.S_IMODE(store.root.stat().st_mode)
    folders = {p: m for p, m in modes.items() if (store.root / p).is_dir()}
    files = {p: m for p, m in modes.items() if p not in folders}
    assert set(folders.values()) == {0o770}, folders
    assert set(files.values()) == {0o660}, files
    assert {str(p) for p in files} >= {"workspace.json", "cycles/2026-Q4/platform.json"}


def test_a_closed_cycle_takes_no_more_writes_of_any_kind(demo_store) -> None:
    from okrtui.core.models import Blocker

    demo_store.close_cycle("2026-Q4", force=True)
    before = snapshot_of(demo_store.root)
    blocker = Blocker(id="bl-late", kr="kr-bld6", text="Too late", raised_week="2026-W47")
    with pytest.raises(StoreError, match="closed"):
        demo_store.save("2026-Q4", "platform", blocker)
    with pytest.raises(StoreError, match="closed"):
        demo_store.update("2026-Q4", "platform", lambda board: [blocker])
    with pytest.raises(StoreError, match="closed"):
        check_in(demo_store, "kr-bld6", week="2026-W47", value=9, confidence=5)
    assert snapshot_of(demo_store.root) == before
