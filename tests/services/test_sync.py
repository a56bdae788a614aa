"""Two people share a store through a git remote: both work, both sync, nothing is lost."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from okrtui.core.models import Team
from okrtui.core.sync_records import resolved
from okrtui.services.sync import init, sync
from okrtui.store import Store
from okrtui.store.errors import NotFoundError
from tests.services.gitstores import (
    W47,
    be,
    board_of,
    edit_blocker,
    edit_kr,
    git,
    needs_git,
    store_files,
    with_markers,
)
from tests.support import check_in, run_okrtui

pytestmark = needs_git


@pytest.mark.parametrize("first", ["Ana", "Ben"])
def test_two_people_who_both_worked_end_with_identical_stores_and_nothing_lost(
    shared: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    ana, ben = shared
    growth_kr = next(
        kr.id for b in ben.boards(ben.cycle("2026-Q4")) if b.team.id == "growth" for kr in b.key_results
    )

    be(monkeypatch, "Ana")
    check_in(ana, "kr-cfr5", week=W47, value=7, confidence=8, author="Ana")
    check_in(ana, "kr-upt9", week=W47, value=99.97, confidence=9, author="Ana")
    check_in(ana, "kr-bld6", week=W47, value=9, confidence=6, author="Ana", resolve=["bl-bld60"])
    edit_kr(ana, "kr-nps4", archived=True)
    edit_kr(ana, "kr-mig3", title="Migrate all 24 services by December")
    ana.update_team("platform", lambda t: t.model_copy(update={"members": [*t.members, "Cy"]}))

    be(monkeypatch, "Ben")
    check_in(ben, "kr-cfr5", week=W47, value=6, confidence=5, author="Ben")
    check_in(ben, growth_kr, week=W47, value=42, confidence=7, author="Ben")
    edit_kr(ben, "kr-bld6", target=5.0)
    edit_kr(ben, "kr-mig3", title="Migrate the 24 services to the new platform")
    edit_blocker(ben, "kr-bld6", "bl-bld60", text="Build cache disk full (ordered a bigger one)")
    ben.add_team(Team(id="design", name="Design"))

    people = {"Ana": ana, "Ben": ben}
    second = "Ben" if first == "Ana" else "Ana"
    for name in (first, second, first):
        be(monkeypatch, name)
        sync(people[name].root)

    assert store_files(ana.root) == store_files(ben.root)
    board = board_of(ben, "kr-cfr5")
    cfr = board.checkin("kr-cfr5", W47)
    assert (cfr.value, cfr.author) == (6, "Ben")  # the later check-in is current...
    assert 7 in [h["value"] for h in cfr.history]  # ...and Ana's is kept in its history
    assert board.checkin("kr-upt9", W47).value == 99.97
    assert board_of(ben, growth_kr).checkin(growth_kr, W47).value == 42
    assert board.kr("kr-nps4").archived
    assert board.kr("kr-bld6").target == 5.0 and board.checkin("kr-bld6", W47).value == 9
    (blocker,) = [b for b in board.blockers if b.id == "bl-bld60"]
    assert blocker.resolved_week == W47 and blocker.text.startswith("Build cache disk full")
    assert {t.id for t in ben.teams()} >= {"design", "platform", "growth"}
    assert "Cy" in ben.team("platform").members

    data = _tables(ben.board_path("2026-Q4", "platform"))
    (conflict,) = [c for c in data["conflicts"].values() if c["record"] == "kr-mig3"]
    assert conflict["field"] == "title"
    assert set(conflict["values"]) == {
        "Migrate all 24 services by December",
        "Migrate the 24 services to the new platform",
    }
    assert board.kr("kr-mig3").title == conflict["chosen"]
    assert any(n["kind"] == "checkins_met" and n["kr"] == "kr-cfr5" for n in data["sync_notices"].values())

    for store in (ana, ben):
        assert git(store.root, "status", "--porcelain") == ""
        assert with_markers(store.root) == []
        assert run_okrtui("status", store=store.root).returncode == 0
    log = git(ana.root, "log", "--format=%an|%s").splitlines()
    assert {line.split("|")[0] for line in log} == {"Ana", "Ben"}
    for line in log:
        assert re.fullmatch(r"(Ana|Ben)\|(Local changes: .+|Merged \d+ changes? from origin/\w+)", line), line


def _tables(path: Path) -> dict:
    import orjson

    return orjson.loads(path.read_bytes())


def test_a_clone_joining_an_empty_folder_takes_the_shared_store_without_a_commit_of_its_own(
    shared: tuple[Store, Store],
) -> None:
    ana, ben = shared

    assert store_files(ben.root) == store_files(ana.root)
    assert git(ben.root, "rev-parse", "HEAD") == git(ana.root, "rev-parse", "HEAD")
    assert ".okrtui.lock" in (ben.root / ".gitignore").read_text()
    assert "merge=okrtui" in (ben.root / ".gitattributes").read_text()
    driver = git(ben.root, "config", "--get", "merge.okrtui.driver").strip()
    assert driver.endswith("-m okrtui merge-driver %O %A %B %P") and driver.startswith("/")


def test_the_kr_index_stays_on_its_machine(demo_store: Store) -> None:
    """It names this machine's inodes: committed, it would mislead nobody but conflict everywhere."""
    init(demo_store.root)
    index = demo_store.root / "cycles" / "2026-Q4" / ".kr-index"
    index.unlink()
    with pytest.raises(NotFoundError):
        demo_store.locate_kr("kr-nope")  # relearns it
    assert index.exists()
    assert git(demo_store.root, "status", "--porcelain") == ""
    assert ".kr-index" not in git(demo_store.root, "ls-files")


def test_offline_changes_stay_committed_and_are_shared_by_the_next_sync(
    shared: tuple[Store, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, ben = shared
    remote = tmp_path / "remote.git"
    remote.rename(tmp_path / "away.git")
    be(monkeypatch, "Ana")
    check_in(ana, "kr-upt9", week=W47, value=99.9, confidence=9, author="Ana")

    report = sync(ana.root)

    assert report.offline and report.pending == 1 and not report.pushed
    assert git(ana.root, "status", "--porcelain") == ""
    (tmp_path / "away.git").rename(remote)
    assert sync(ana.root).pushed
    be(monkeypatch, "Ben")
    sync(ben.root)
    assert board_of(ben, "kr-upt9").checkin("kr-upt9", W47).value == 99.9


def test_a_store_without_a_remote_still_keeps_its_history(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")  # and no identity at all: a fresh machine, cron
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(var, raising=False)

    report = init(demo_store.root)

    assert report.upstream is None and report.committed
    assert git(demo_store.root, "status", "--porcelain") == ""
    check_in(demo_store, "kr-upt9", week=W47, value=99.9, confidence=9, author="Ana")
    assert "1 check-in" in (sync(demo_store.root).committed or "")
    assert git(demo_store.root, "log", "-1", "--format=%an").strip()


def test_meeting_notes_changed_on_both_sides_keep_both_sides_lines(
    shared: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, ben = shared
    for store, name in ((ana, "Ana"), (ben, "Ben")):
        notes = store.root / "notes" / "2026-W47-platform.md"
        notes.parent.mkdir(exist_ok=True)
        notes.write_text(f"# Platform, 2026-W47\n\n- {name}: the build cache is fixed\n")
    for name, store in (("Ana", ana), ("Ben", ben), ("Ana", ana)):
        be(monkeypatch, name)
        sync(store.root)

    text = (ana.root / "notes" / "2026-W47-platform.md").read_text()
    assert "- Ana: the build cache is fixed" in text and "- Ben: the build cache is fixed" in text
    assert with_markers(ana.root) == [] and store_files(ana.root) == store_files(ben.root)


def test_a_store_with_data_of_its_own_joins_a_shared_one_and_keeps_both(
    shared: tuple[Store, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, _ = shared
    cy = Store(tmp_path / "cy")
    cy.add_team(Team(id="design", name="Design", members=["Cy"]))
    be(monkeypatch, "Cy")

    init(cy.root, str(tmp_path / "remote.git"))

    assert {t.id for t in cy.teams()} == {"design", "platform", "growth"}
    be(monkeypatch, "Ana")
    sync(ana.root)
    assert store_files(ana.root) == store_files(cy.root)


@pytest.mark.parametrize("first", ["Ana", "Ben"])
def test_workspace_fields_changed_on_both_sides_end_identical_with_each_conflict_recorded(
    shared: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    ana, ben = shared
    people = {"Ana": ana, "Ben": ben}
    ends = {"Ana": date(2026, 12, 18), "Ben": date(2026, 12, 20)}
    for name, store in people.items():
        be(monkeypatch, name)
        renamed = f"Platform ({name})"
        store.update_team("platform", lambda t, renamed=renamed: t.model_copy(update={"name": renamed}))
        store.save_cycle(store.cycle("2026-Q4").model_copy(update={"end": ends[name]}))
    be(monkeypatch, "Ana")
    ana.update_team("growth", lambda t: t.model_copy(update={"members": [*t.members, "Cy"]}))

    second = "Ben" if first == "Ana" else "Ana"
    for name in (first, second, first):
        be(monkeypatch, name)
        sync(people[name].root)

    assert store_files(ana.root) == store_files(ben.root)
    conflicts = {(c.record, c.field): c for c in ben.workspace_sync().open_conflicts()}
    assert set(conflicts) == {("platform", "name"), ("2026-Q4", "end")}
    assert set(conflicts["platform", "name"].values) == {"Platform (Ana)", "Platform (Ben)"}
    assert set(conflicts["2026-Q4", "end"].values) == {"2026-12-18", "2026-12-20"}
    assert ben.team("platform").name == conflicts["platform", "name"].chosen
    assert "Cy" in ben.team("growth").members  # a field only one side changed: no conflict
    for store in (ana, ben):
        assert git(store.root, "status", "--porcelain") == ""
        assert with_markers(store.root) == []

    # Ben settles both (as the teams and cycle-dates dialogs do): the choice reaches Ana, for good.
    be(monkeypatch, "Ben")
    name_row, end_row = conflicts["platform", "name"], conflicts["2026-Q4", "end"]
    ben.update_team(
        "platform", lambda t: t.model_copy(update={"name": "Platform (Ana)"}), also=resolved([name_row])
    )
    ben.save_cycle(ben.cycle("2026-Q4").model_copy(update={"end": ends["Ana"]}), also=resolved([end_row]))
    for name in ("Ben", "Ana", "Ben"):
        be(monkeypatch, name)
        sync(people[name].root)
    assert store_files(ana.root) == store_files(ben.root)
    assert ana.workspace_sync().open_conflicts() == []
    assert (ana.team("platform").name, ana.cycle("2026-Q4").end) == ("Platform (Ana)", ends["Ana"])
