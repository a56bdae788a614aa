"""The real `okrtui meeting` in a real terminal (tmux): others' check-ins show up live, a dropped SSH
session loses nothing that was confirmed, and no okrtui outlives its terminal."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess

import pytest

from okrtui.store import Store
from okrtui.store.files import StoreLock
from tests.conftest import TODAY
from tests.terminal import WAIT, Tmux, needs_tmux, okrtui, tmux, wait_gone, wait_until

pytestmark = needs_tmux
__all__ = ["tmux"]  # the fixture


def platform(store: Store):
    return store.board(store.current_cycle(TODAY), store.team("platform"))


def wait_saved(store: Store, kr: str, value: float | None = None) -> None:
    def saved() -> bool:
        checkin = platform(store).checkin(kr, "2026-W47")
        return checkin is not None and (value is None or checkin.value == value)

    wait_until(saved, f"the save of {kr}")


def on_kr(tmux: Tmux, store: Store, kr_number: int) -> int:
    pid = tmux.start(okrtui(store.root, "meeting", "--team", "platform"))
    tmux.wait_for("step 1 of 8: opening")
    tmux.keys(*["PageDown"] * kr_number)
    tmux.wait_for(f"KR {kr_number} of 5")
    return pid


def test_sighup_mid_meeting_keeps_answers_and_resume_opens_on_the_third(
    demo_store: Store, tmux: Tmux
) -> None:
    pid = on_kr(tmux, demo_store, 1)
    tmux.keys("8.5", "Tab", "6", "Enter")
    tmux.wait_for("KR 2 of 5 · kr-bld6")
    tmux.keys("12", "Tab", "3", "Enter")
    tmux.wait_for("KR 3 of 5 · kr-upt9")
    wait_saved(demo_store, "kr-bld6")
    os.kill(pid, signal.SIGHUP)
    assert wait_gone(pid, WAIT)
    board = platform(demo_store)
    cfr5, bld6 = board.checkin("kr-cfr5", "2026-W47"), board.checkin("kr-bld6", "2026-W47")
    assert (cfr5.value, cfr5.confidence) == (8.5, 6)
    assert (bld6.value, bld6.confidence) == (12, 3)
    assert cfr5.meeting == bld6.meeting == board.meeting_in("2026-W47").id
    assert board.checkin("kr-upt9", "2026-W47") is None
    tmux.start(okrtui(demo_store.root, "meeting", "--team", "platform", "--resume"))
    assert "step 4 of 8" in tmux.wait_for("KR 3 of 5 · kr-upt9")


@pytest.mark.parametrize("attempt", range(3))
def test_closing_the_terminal_mid_answer_keeps_what_was_typed_and_ends_okrtui(
    demo_store: Store, tmux: Tmux, attempt: int
) -> None:
    """The pane closes as a dropped SSH connection does: the kernel hangs the terminal up and sends
    SIGHUP and SIGCONT together (Textual's SIGCONT handler would start drawing on the dead terminal
    and hang for ever). Three attempts, because the old hang depended on the order of writes."""
    pid = on_kr(tmux, demo_store, 2)
    tmux.keys("End", "C-u", "12", "Tab", "3")  # typed, never confirmed
    tmux.wait_for("3/10")
    tmux.run("kill-server")
    assert wait_gone(pid, WAIT), "okrtui outlived its terminal"
    saved = platform(demo_store).checkin("kr-bld6", "2026-W47")
    assert saved is not None, "the answer on screen was lost with the terminal"
    assert (saved.value, saved.confidence) == (12, 3)


def test_sighup_while_the_save_waits_on_a_lock_still_saves_the_answer(demo_store: Store, tmux: Tmux) -> None:
    """Another okrtui holds the store lock as Enter is pressed; the terminal then hangs up."""
    pid = on_kr(tmux, demo_store, 2)
    with StoreLock(demo_store.root, timeout=5):
        tmux.keys("12", "Tab", "3", "Enter")
        tmux.wait_for("KR 3 of 5 · kr-upt9")
        os.kill(pid, signal.SIGHUP)
        wait_until(lambda: "kr-upt9" not in tmux.screen(), "the app leaving the screen on the hang-up")
        assert platform(demo_store).checkin("kr-bld6", "2026-W47") is None, "the save waits on the lock"
    assert wait_gone(pid, WAIT), "okrtui outlived its terminal"
    saved = platform(demo_store).checkin("kr-bld6", "2026-W47")
    assert (saved.value, saved.confidence) == (12, 3)


@pytest.mark.skipif(not (shutil.which("setsid") and shutil.which("pgrep")), reason="needs setsid and pgrep")
def test_a_terminal_gone_without_a_hangup_signal_ends_okrtui_within_5_seconds(
    demo_store: Store, tmux: Tmux
) -> None:
    """Started with setsid (no controlling terminal, so no SIGHUP), then the pane is killed."""
    marker = str(demo_store.root)
    tmux.start(["setsid", "-w", *okrtui(demo_store.root, "meeting", "--team", "platform")])
    tmux.wait_for("step 1 of 8: opening")
    found = subprocess.run(
        ["pgrep", "-f", f"okrtui --store {marker} meeting"], capture_output=True, text=True
    )
    pids = [int(p) for p in found.stdout.split()]
    assert pids, "the meeting process was not found"
    tmux.run("kill-session", "-t", "meet")
    for pid in pids:
        assert wait_gone(pid, 5.0), "okrtui outlived its terminal (it would spin on end of file)"


def test_an_owners_check_in_shows_on_the_meeting_and_enter_keeps_it(demo_store: Store, tmux: Tmux) -> None:
    """The meeting is on kr-bld6; Ben checks in from his own terminal; the facilitator presses Enter."""
    on_kr(tmux, demo_store, 2)
    tmux.wait_for("KR 2 of 5 · kr-bld6")
    ben = subprocess.run(
        okrtui(demo_store.root, "checkin", "kr-bld6", "--value", "7", "--confidence", "8", "--as", "Ben"),
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert ben.returncode == 0, ben.stderr
    screen = tmux.wait_for("Ben checked in kr-bld6")
    assert "7 min · confidence 8" in screen
    tmux.keys("Enter")
    tmux.wait_for("KR 3 of 5 · kr-upt9")
    saved = platform(demo_store).checkin("kr-bld6", "2026-W47")
    assert (saved.author, saved.value, saved.confidence, saved.meeting) == ("Ben", 7, 8, None)


@pytest.mark.parametrize("choice", ["Enter", "o"])
def test_an_answer_typed_before_the_owners_check_in_asks_which_to_keep(
    demo_store: Store, tmux: Tmux, choice: str
) -> None:
    on_kr(tmux, demo_store, 2)
    tmux.keys("End", "C-u", "12", "Tab", "3")  # typed, not yet saved
    tmux.wait_for("3/10")
    ben = okrtui(demo_store.root, "checkin", "kr-bld6", "--value", "7", "--confidence", "8", "--as", "Ben")
    assert subprocess.run(ben, capture_output=True, timeout=WAIT, check=False).returncode == 0
    tmux.wait_for("Enter will ask")
    tmux.keys("Enter")
    tmux.wait_for("Keep Ben's answer")
    tmux.keys(choice)
    tmux.wait_for("KR 2 of 5 · kr-bld6" if choice == "Enter" else "KR 3 of 5")
    if choice == "o":
        wait_saved(demo_store, "kr-bld6", value=12)
    saved = platform(demo_store).checkin("kr-bld6", "2026-W47")
    expected = (7, 8) if choice == "Enter" else (12, 3)
    assert (saved.value, saved.confidence) == expected
    if choice == "o":
        assert [(h["author"], h["value"]) for h in saved.history] == [("Ben", 7)]
