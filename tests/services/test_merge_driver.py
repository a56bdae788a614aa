"""`okrtui merge-driver %O %A %B %P` as git runs it: merges into %A, or exits non-zero and writes
nothing, so git reports a normal conflict instead of okrtui guessing."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from okrtui.store import Store
from tests.core.records import KR, checkin, tables
from tests.support import run_okrtui

LABEL = "cycles/2026-Q4/growth.json"


def write(path: Path, data: object) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else orjson.dumps(data))
    return path


def versions(tmp_path: Path, base: object, ours: object, theirs: object) -> tuple[Path, Path, Path]:
    return (
        write(tmp_path / "base", base),
        write(tmp_path / "ours", ours),
        write(tmp_path / "theirs", theirs),
    )


KR_FULL = {**KR, "objective": "ob-a"}
OBJECTIVE = {"id": "ob-a", "cycle": "2026-Q4", "team": "growth", "title": "Grow"}


def test_the_driver_merges_into_ours_a_file_the_store_reads(tmp_path: Path) -> None:
    base = tables(objectives=[OBJECTIVE], key_results=[KR_FULL], checkins=[])
    ours = tables(
        objectives=[OBJECTIVE], key_results=[KR_FULL], checkins=[checkin("ci-1", "2026-W47", 3, "17")]
    )
    theirs = tables(
        objectives=[OBJECTIVE], key_results=[{**KR_FULL, "title": "Grow weekly signups"}], checkins=[]
    )
    paths = versions(tmp_path, base, ours, theirs)

    done = run_okrtui("merge-driver", *map(str, paths), LABEL)

    assert done.returncode == 0, done.stderr
    store = Store(tmp_path / "store")
    (store.root / "cycles" / "2026-Q4").mkdir(parents=True)
    (store.root / LABEL).write_bytes(paths[1].read_bytes())
    cycle = {"id": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31"}
    write(store.workspace_path, tables(teams=[{"id": "growth", "name": "Growth"}], cycles=[cycle]))
    board = store.board(store.cycle("2026-Q4"), store.team("growth"))
    assert board.kr("kr-a").title == "Grow weekly signups"
    assert board.checkin("kr-a", "2026-W47").value == 3


def test_an_empty_base_is_a_file_added_on_both_sides(tmp_path: Path) -> None:
    paths = versions(
        tmp_path, b"", tables(teams=[{"id": "a", "name": "A"}]), tables(teams=[{"id": "b", "name": "B"}])
    )

    done = run_okrtui("merge-driver", *map(str, paths), "workspace.json")

    assert done.returncode == 0, done.stderr
    teams = orjson.loads(paths[1].read_bytes())["teams"]
    assert [t["id"] for t in teams.values()] == ["a", "b"]


@pytest.mark.parametrize(
    ("broken", "says"),
    [
        (b"<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> theirs\n", "not valid JSON"),
        (orjson.dumps({**tables(teams=[]), "_meta": {"1": {"schema": 99}}}), "newer okrtui"),
        (orjson.dumps(tables(key_results=[{**KR_FULL, "owner": ""}])), "owner"),
        (b"", "not valid JSON"),
    ],
)
@pytest.mark.parametrize("side", ["ours", "theirs"])
def test_a_version_okrtui_cannot_read_is_refused_and_nothing_is_written(
    tmp_path: Path, broken: bytes, says: str, side: str
) -> None:
    good = tables(teams=[{"id": "a", "name": "A"}])
    paths = versions(tmp_path, good, broken if side == "ours" else good, broken if side == "theirs" else good)
    before = paths[1].read_bytes()

    done = run_okrtui("merge-driver", *map(str, paths), LABEL)

    assert done.returncode == 1
    assert paths[1].read_bytes() == before
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("okrtui merge-driver: not merged:") and LABEL in line and says in line
    assert "Traceback" not in done.stderr
