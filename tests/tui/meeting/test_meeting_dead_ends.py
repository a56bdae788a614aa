"""The meeting's ends say where things went (issue 18): a second meeting in a week is named, the
notes' path stays in the shell after Escape on the summary, and a copy inside tmux says the truth."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from okrtui.paths import notes_dir
from okrtui.store import Store
from tests.tui.meeting.test_meeting import meeting_app, settle


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_second_meeting_in_the_same_week_says_so(demo_store: Store) -> None:
    first = meeting_app(demo_store)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(first, pilot)
        assert not any("already met" in n for n in notices(first)), "the first meeting is no second"
        await pilot.press("ctrl+s")
        await settle(first, pilot)
        await pilot.press("escape")
        await settle(first, pilot)
    second = meeting_app(demo_store)
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(second, pilot)
        said = [n for n in notices(second) if "already met this week" in n]
        assert len(said) == 1 and "second meeting of 2026-W47" in said[0], notices(second)


async def test_escape_on_the_summary_leaves_the_notes_path_in_the_shell(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
    (notes,) = notes_dir(demo_store.root).glob("*.md")
    assert app.farewell == f"The meeting's notes are in {notes}", "`okrtui meeting` prints it on exit"


def fake_tmux(folder: Path, *, works: bool) -> Path:
    """A `tmux` on PATH that keeps what load-buffer was given (or fails, as with no server)."""
    folder.mkdir()
    script = folder / "tmux"
    kept = folder / "buffer"
    script.write_text(f"#!/bin/sh\ncat > {kept}\nexit {0 if works else 1}\n")
    script.chmod(0o755)
    return kept


@pytest.mark.parametrize("works", [True, False])
async def test_copy_inside_tmux_goes_to_its_buffer_or_says_it_did_not(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, works: bool
) -> None:
    kept = fake_tmux(tmp_path / "bin", works=works)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1,0")
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        said = notices(app)[-1]
    assert "OSC 52" not in said, "nothing is claimed that tmux drops"
    if works:
        assert "copied to tmux's paste buffer" in said
        assert "# Platform OKR check-in, 2026-W47" in kept.read_text()
    else:
        assert said.startswith("Notes not copied") and "the file is" in said


async def test_going_back_from_the_summary_starts_the_meeting_again_for_the_room(demo_store: Store) -> None:
    """The facilitator reaches the summary, then goes back to fix a KR: the meeting is in progress
    again (a participant's `okrtui join` finds and follows it), and finished again at the summary."""
    from okrtui.core.models import MeetingState
    from okrtui.services.meeting_session import MeetingSession
    from okrtui.store.live import LiveFolder, login_of
    from okrtui.tui.meeting.screen import MeetingScreen

    app = meeting_app(demo_store)

    async def on_record() -> tuple[MeetingState, bool, str | None]:
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.session is not None and screen.room is not None
        await screen.session.drain()
        await screen.room.writer.drain()
        meeting = screen.session.meeting
        board = demo_store.view().board(demo_store.cycle(meeting.cycle), demo_store.team(meeting.team))
        (stored,) = [m for m in board.meetings if m.id == meeting.id]
        host = LiveFolder(demo_store.root, meeting.id).read_host(login_of(os.geteuid()))
        joinable = MeetingSession.unfinished(board, meeting.week) is not None
        return stored.state, joinable, host.step.key if host and not host.finished else None

    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert await on_record() == (MeetingState.FINISHED, False, "summary")
        await pilot.press("pageup")
        await settle(app, pilot)
        state, joinable, shown = await on_record()
        assert (state, joinable) == (MeetingState.IN_PROGRESS, True) and shown not in (None, "summary")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert await on_record() == (MeetingState.FINISHED, False, "summary")
