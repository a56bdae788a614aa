"""A colleague plants symbolic links in the shared store (at the lock, a board, the cycle folder, the
notes folder, and the temp file's name while a save runs). Every write refuses, or writes only the
file it means; no file outside the store changes its content or its mode (issue 11)."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from okrtui.store import Store, StoreError
from okrtui.store.files import TEMP_MARK
from tests.conftest import TODAY
from tests.support import assert_user_error, check_in, run_okrtui

CHECKIN = ("checkin", "kr-bld6", "--value", "9", "--confidence", "5", "--as", "Ben")


@pytest.fixture
def victim(tmp_path: Path) -> Iterator[Path]:
    """The victim's private file, outside the store."""
    path = tmp_path / "private" / "id_rsa"
    path.parent.mkdir()
    path.write_text("SECRET")
    path.chmod(0o600)
    yield path


def unchanged(victim: Path) -> None:
    assert victim.read_text() == "SECRET"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o600
    assert not [p for p in victim.parent.iterdir() if p != victim], "nothing was written beside it"


def board(store: Store) -> Path:
    return store.board_path("2026-Q4", "platform")


def test_a_planted_lock_link_is_refused(demo_store: Store, victim: Path) -> None:
    lock = demo_store.root / ".okrtui.lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to(victim)
    done = run_okrtui(*CHECKIN, store=demo_store.root)
    assert_user_error(done.stderr, done.returncode, mentions="lock file")
    assert "symbolic link" in done.stderr
    unchanged(victim)


@pytest.mark.parametrize("where", ["board", "cycle folder"])
def test_a_planted_board_or_folder_link_is_refused(demo_store: Store, victim: Path, where: str) -> None:
    path = board(demo_store) if where == "board" else board(demo_store).parent
    moved = path.with_name(path.name + ".real")
    path.rename(moved)
    path.symlink_to(victim if where == "board" else victim.parent, target_is_directory=where != "board")
    done = run_okrtui(*CHECKIN, store=demo_store.root)
    assert done.returncode == 2 and "symbolic link" in done.stderr and "Traceback" not in done.stderr
    unchanged(victim)


def test_a_planted_notes_folder_link_is_refused(demo_store: Store, victim: Path) -> None:
    from okrtui.core.meeting_summary import summarize
    from okrtui.services.notes import write_notes

    (demo_store.root / "notes").symlink_to(victim.parent, target_is_directory=True)
    view = demo_store.view()
    platform = view.board(view.cycle("2026-Q4"), view.team("platform"))
    summary = summarize(platform, platform.meetings[-1], TODAY, plan={})
    with pytest.raises(StoreError, match="symbolic link"):
        write_notes(demo_store.root, summary)
    unchanged(victim)


def test_a_racing_colleague_swapping_temp_files_for_links_changes_no_file_outside(
    demo_store: Store, victim: Path
) -> None:
    """While check-ins save, another process replaces every temp file it sees with a link to the
    victim's file. Each save either lands (and is in the store) or says it did not."""
    folder = board(demo_store).parent
    stop = threading.Event()
    swapped = 0

    def attacker() -> None:
        nonlocal swapped
        while not stop.is_set():
            for name in os.listdir(folder):
                if TEMP_MARK in name:
                    try:
                        os.unlink(folder / name)
                        os.symlink(victim, folder / name)
                        swapped += 1
                    except OSError:
                        pass

    thread = threading.Thread(target=attacker)
    thread.start()
    landed: list[float] = []
    broken = False
    try:
        for n in range(60):
            try:
                landed.append(
                    check_in(demo_store, "kr-bld6", week="2026-W47", value=n, confidence=5).checkin.value
                )
            except StoreError as error:
                # The colleague got a link renamed into the board's place: the store is broken (they
                # could always delete it), the save said it did not happen, and nothing else changed.
                assert "nothing was saved" in str(error) or "symbolic link" in str(error), error
                broken = board(demo_store).is_symlink()
                if broken:
                    break
    finally:
        stop.set()
        thread.join()
    unchanged(victim)
    if not broken:
        view = demo_store.view()
        saved = view.board(view.cycle("2026-Q4"), view.team("platform")).checkin("kr-bld6", "2026-W47")
        assert saved.value == landed[-1], "the last save that said it landed is the one in the store"
