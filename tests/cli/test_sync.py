"""`okrtui sync`, `okrtui log` and `okrtui show` as a person runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.services.sync import init, sync
from okrtui.store import Store
from tests.services.gitstores import bare_remote, be, edit_kr, needs_git
from tests.support import assert_user_error, check_in, run_okrtui

pytestmark = needs_git


def at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    """Commit as of `when` (git reads these; the store's own clock is pinned by conftest)."""
    monkeypatch.setenv("GIT_AUTHOR_DATE", f"{when}T12:00:00+00:00")
    monkeypatch.setenv("GIT_COMMITTER_DATE", f"{when}T12:00:00+00:00")
    monkeypatch.setenv("TZ", "UTC")  # `okrtui log` shows times in the reader's time zone


@pytest.fixture
def history(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The demo shared on 1 Nov (W44); Ben checks in during W45; Ana retitles the KR in W46."""
    be(monkeypatch, "Ana")
    at(monkeypatch, "2026-11-01")
    init(demo_store.root)
    be(monkeypatch, "Ben")
    at(monkeypatch, "2026-11-05")
    check_in(
        demo_store, "kr-bld6", week="2026-W45", value=10, confidence=6, author="Ben", moved="Cache fixed"
    )
    sync(demo_store.root)
    be(monkeypatch, "Ana")
    at(monkeypatch, "2026-11-12")
    edit_kr(demo_store, "kr-bld6", title="Halve the median build time")
    sync(demo_store.root)
    return demo_store


def test_log_of_a_kr_lists_its_changes_with_authors_newest_first(history: Store) -> None:
    done = run_okrtui("log", "kr-bld6", store=history.root)

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "2026-11-12 12:00  Ana  Local changes: platform 2026-Q4: 1 key result"
    assert lines[1] == "    changed title"
    assert lines[2] == "2026-11-05 12:00  Ben  Local changes: platform 2026-Q4: 1 check-in"
    assert lines[3] == "    checked in 2026-W45: 10 min, confidence 6 (Ben)"
    assert lines[4].startswith("2026-11-01 12:00  Ana  Local changes:")
    assert "    added the key result" in lines


def test_log_of_another_kr_leaves_out_commits_that_did_not_touch_it(history: Store) -> None:
    done = run_okrtui("log", "kr-cfr5", store=history.root)

    assert done.returncode == 0, done.stderr
    assert [line for line in done.stdout.splitlines() if not line.startswith(" ")] == [
        next(line for line in done.stdout.splitlines() if line.startswith("2026-11-01"))
    ]


def test_log_of_a_team_and_of_the_store(history: Store) -> None:
    team = run_okrtui("log", "--team", "Platform", store=history.root)
    everything = run_okrtui("log", "-n", "2", store=history.root)
    growth = run_okrtui("log", "--team", "growth", store=history.root)

    assert len(team.stdout.splitlines()) == 3
    assert len(everything.stdout.splitlines()) == 2
    assert len(growth.stdout.splitlines()) == 1


def test_show_a_kr_as_it_stood_at_the_end_of_a_week(history: Store) -> None:
    w45 = run_okrtui("show", "kr-bld6", "--at", "2026-W45", store=history.root)
    w46 = run_okrtui("show", "kr-bld6", "--at", "2026-w46", store=history.root)
    w40 = run_okrtui("show", "kr-bld6", "--at", "2026-W40", store=history.root)

    assert w45.returncode == 0, w45.stderr
    lines = w45.stdout.splitlines()
    assert lines[0] == "kr-bld6  Bring median build time down from 14 minutes to 6 minutes"
    assert lines[1].startswith("as of the end of 2026-W45: commit ") and lines[1].endswith(
        "of 2026-11-05 12:00 by Ben"
    )
    assert "last check-in 2026-W45: 10 min, confidence 6, by Ben" in lines
    assert "  moved: Cache fixed" in lines
    assert w46.stdout.splitlines()[0] == "kr-bld6  Halve the median build time"
    assert "no history that far back" in w40.stdout
    assert "last check-in 2026-W40:" in w40.stdout


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (("log", "kr-bld6", "--team", "platform"), "not both"),
        (("log", "kr-nope"), "kr-nope"),
        (("show", "kr-bld6", "--at", "week 45"), "2026-W47"),
        (("log", "--team", "nobody"), "nobody"),
    ],
)
def test_mistakes_get_one_line(history: Store, args: tuple[str, ...], mentions: str) -> None:
    done = run_okrtui(*args, store=history.root)

    assert_user_error(done.stderr, done.returncode, mentions=mentions)


def test_log_and_sync_on_a_store_that_is_not_shared_say_how_to_start(demo_store: Store) -> None:
    for command in ("log", "sync"):
        done = run_okrtui(command, store=demo_store.root)
        assert_user_error(done.stderr, done.returncode, mentions="okrtui sync init")


def test_sync_says_what_it_did_and_offline_is_not_an_error(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    be(monkeypatch, "Ana")
    remote = bare_remote(tmp_path / "remote.git")

    started = run_okrtui("sync", "init", str(remote), store=demo_store.root)
    check_in(demo_store, "kr-upt9", week="2026-W47", value=99.9, confidence=9, author="Ana")
    remote.rename(tmp_path / "away.git")
    offline = run_okrtui("sync", store=demo_store.root)

    assert started.returncode == 0, started.stderr
    assert (
        started.stdout.splitlines()[-1] == "Shared with origin/master"
        or "Shared with origin/" in started.stdout
    )
    assert offline.returncode == 0, offline.stderr
    assert offline.stdout.startswith("Committed: Local changes: platform 2026-Q4: 1 check-in")
    assert offline.stderr.startswith("offline, 1 change not yet shared (origin could not be reached:")
