"""A KR id finds its team's file through the cycle's index: other teams' files stay closed, and an
index that is stale, damaged or planted costs time but never gives a wrong answer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from okrtui.cli import main
from okrtui.core.models import Cycle, KeyResult, Objective, Team
from okrtui.store import Store
from okrtui.store.errors import NotFoundError
from okrtui.store.kr_index import MAX_INDEX, index_path, read_index
from tests.support import check_in

CYCLE = Cycle(id="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31))
TEAMS = ("t1", "t2", "t3", "t4")


@pytest.fixture
def teams_store(store: Store) -> Store:
    """Four teams of one cycle, each with two KRs (`kr-<team>a`, `kr-<team>b`), saved as users do."""
    store.save_cycle(CYCLE)
    for team in TEAMS:
        store.save_team(Team(id=team, name=team.upper(), members=["Ana"]))
        objective = Objective(id=f"ob-{team}", cycle=CYCLE.id, team=team, title="Ship", owner="Ana")
        krs = [
            KeyResult(
                id=f"kr-{team}{n}", objective=objective.id, title="Up", owner="Ana", baseline=0, target=10
            )
            for n in "ab"
        ]
        store.save(CYCLE.id, team, objective, *krs)
    return store


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the team files opened from now on (okrtui opens them by name in their folder)."""
    names: list[str] = []
    real_open = os.open

    def spy(path: str | os.PathLike[str], *args: object, **kwargs: object) -> int:
        name = os.path.basename(os.fspath(path))
        if name.removesuffix(".json") in TEAMS:
            names.append(name)
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", spy)
    yield names


def board(store: Store, team: str) -> Path:
    return store.board_path(CYCLE.id, team)


def rewrite(path: Path, change: object) -> None:
    """Edit a team file behind okrtui's back, as a hand edit or a `git pull` would."""
    data = orjson.loads(path.read_bytes())
    change(data)  # type: ignore[operator]
    path.write_bytes(orjson.dumps(data))


def checkin(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["checkin", *args, "--as", "Ana"], catch_exceptions=False)
    return result.exit_code, result.output


def test_a_kr_is_found_reading_only_its_own_teams_file(teams_store: Store, opened: list[str]) -> None:
    where = teams_store.locate_kr("kr-t4a")
    assert (where.team, where.kr.id) == ("t4", "kr-t4a")
    assert opened == ["t4.json"]


def test_a_mistyped_id_opens_no_team_file_and_says_what_was_meant(
    teams_store: Store, opened: list[str]
) -> None:
    code, output = checkin("kr-t3aa", "--value", "5")
    assert code == 2
    assert output.strip().splitlines() == [
        "okrtui: no key result 'kr-t3aa' in 2026-Q4 (did you mean kr-t3a?)"
    ]
    assert opened == []


def test_after_check_ins_a_mistyped_id_reads_only_the_files_changed_since(
    teams_store: Store, opened: list[str]
) -> None:
    """A check-in does not rewrite the index (one write per answer): the next lookup that has to
    rule that file out reads it once, and the index learns it."""
    check_in(teams_store, "kr-t2a", week="2026-W47", value=3, confidence=6)
    opened.clear()
    with pytest.raises(NotFoundError):
        teams_store.locate_kr("kr-nope")
    assert opened == ["t2.json"]
    opened.clear()
    with pytest.raises(NotFoundError):
        teams_store.locate_kr("kr-nope")
    assert opened == []


def test_a_kr_moved_or_added_behind_the_index_is_still_found(teams_store: Store) -> None:
    """A hand edit (or a sync) moved kr-t4a to t3 and added kr-t2z: the index is out of date."""
    moved: dict[str, object] = {}

    def take(data: dict) -> None:
        rows = data["key_results"]
        moved.update(rows.pop(next(key for key, row in rows.items() if row["id"] == "kr-t4a")))

    rewrite(board(teams_store, "t4"), take)
    rewrite(board(teams_store, "t3"), lambda d: d["key_results"].update({"9": moved}))
    added = {**moved, "id": "kr-t2z"}
    rewrite(board(teams_store, "t2"), lambda d: d["key_results"].update({"9": added}))
    assert teams_store.locate_kr("kr-t2z").team == "t2"
    assert teams_store.locate_kr("kr-t4a").team == "t3"
    assert read_index(teams_store.root, CYCLE.id).team_of("kr-t4a") == "t3"  # learned


def test_an_index_that_lies_about_a_file_as_it_is_is_not_believed(teams_store: Store) -> None:
    """An index naming the wrong team for an id (with that team's true signature) is dropped."""
    path = index_path(teams_store.root, CYCLE.id)
    data = orjson.loads(path.read_bytes())
    data["teams"]["t1"]["krs"].append("kr-t4a")
    data["teams"]["t4"]["krs"].remove("kr-t4a")
    path.write_bytes(orjson.dumps(data))
    assert teams_store.locate_kr("kr-t4a").team == "t4"


@pytest.mark.parametrize(
    "damage",
    [b"\x00garbage{", b'{"version": 1, "teams": {"t1": {"file": [1, 2], "krs": [7]}}}', b"[]", b""],
    ids=["garbage", "wrong shape", "not a mapping", "empty"],
)
def test_a_damaged_index_falls_back_to_reading_and_is_rebuilt(teams_store: Store, damage: bytes) -> None:
    path = index_path(teams_store.root, CYCLE.id)
    path.write_bytes(damage)
    assert teams_store.locate_kr("kr-t4b").team == "t4"
    with pytest.raises(NotFoundError, match="did you mean kr-t1a"):
        teams_store.locate_kr("kr-t1aa")
    assert set(read_index(teams_store.root, CYCLE.id).entries) == set(TEAMS)


def test_a_huge_index_is_not_read(teams_store: Store, opened: list[str]) -> None:
    path = index_path(teams_store.root, CYCLE.id)
    with path.open("r+b") as handle:
        handle.truncate(MAX_INDEX + 1)
    assert teams_store.locate_kr("kr-t4b").team == "t4"
    assert path.stat().st_size < MAX_INDEX  # replaced by a true one


def test_a_planted_symlink_index_is_neither_followed_nor_written_through(
    teams_store: Store, tmp_path: Path
) -> None:
    """A colleague links the index to a file of theirs that sends kr-t4a to t1: it is not read, and
    neither lookups nor KR-adding saves write through it."""
    theirs = tmp_path / "theirs.json"
    path = index_path(teams_store.root, CYCLE.id)
    lie = orjson.loads(path.read_bytes())
    lie["teams"]["t1"]["krs"].append("kr-t4a")
    theirs.write_bytes(orjson.dumps(lie))
    before = theirs.read_bytes()
    path.unlink()
    path.symlink_to(theirs)
    assert teams_store.locate_kr("kr-t4a").team == "t4"
    with pytest.raises(NotFoundError):
        teams_store.locate_kr("kr-zz")
    new = KeyResult(id="kr-t4c", objective="ob-t4", title="More", owner="Ana", baseline=0, target=1)
    teams_store.save(CYCLE.id, "t4", new)
    assert teams_store.locate_kr("kr-t4c").team == "t4"
    assert path.is_symlink() and theirs.read_bytes() == before


def test_saving_a_new_kr_writes_it_into_the_index(teams_store: Store, opened: list[str]) -> None:
    new = KeyResult(id="kr-t1c", objective="ob-t1", title="More", owner="Ana", baseline=0, target=1)
    teams_store.save(CYCLE.id, "t1", new)
    opened.clear()
    assert teams_store.locate_kr("kr-t1c").team == "t1"
    with pytest.raises(NotFoundError):
        teams_store.locate_kr("kr-zz")
    assert opened == ["t1.json"]


def test_another_teams_truncated_file_blocks_no_check_in_and_is_named_once(
    teams_store: Store, opened: list[str]
) -> None:
    broken = board(teams_store, "t1")
    broken.write_bytes(broken.read_bytes()[:40])
    damaged = broken.read_bytes()
    code, output = checkin("kr-t4a", "--value", "5", "--confidence", "6")
    assert code == 0, output
    assert "t1.json" not in opened
    code, output = checkin("kr-t4aa", "--value", "5")
    assert code == 2
    (line,) = output.strip().splitlines()
    assert line.count("t1.json") == 1 and line.endswith("; did you mean kr-t4a?")
    assert broken.read_bytes() == damaged
