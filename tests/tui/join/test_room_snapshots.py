"""The room's key screens at 80x24, 100x30 and 160x50, in every built-in theme: the facilitator's
screen after a vote reveal, and a participant's view on their own KR (both must keep the figures
when the terminal is small, and read in every palette)."""

from __future__ import annotations

import asyncio

import pytest
from textual.pilot import Pilot

import okrtui.tui.join.screen as join_screen
from okrtui.core.room import Step
from okrtui.store import Store
from okrtui.store.repository import utcnow
from tests.tui.conftest import burst
from tests.tui.join.test_join import STEPS, followed, join_app, started
from tests.tui.meeting.test_meeting import meeting_app, settle
from tests.tui.meeting.test_room import follow, heard, seat
from tests.tui.test_theme_snapshots import THEMES, still

SIZES = [(80, 24), (100, 30), (160, 50)]


async def quiet(pilot: Pilot) -> None:
    """No toasts (they name the random meeting id) and no cursor blink."""
    pilot.app.clear_notifications()
    still(pilot)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_the_vote_reveal_on_the_facilitators_screen(demo_store: Store, snap_compare, size, theme) -> None:
    app = meeting_app(demo_store, theme=theme)

    async def reveal(pilot: Pilot) -> None:
        await settle(app, pilot)
        ana, ben, chen = seat(app, "Ana"), seat(app, "Ben"), seat(app, "Chen")
        for person in (ana, ben, chen):
            person.say()
        await burst(pilot, "pagedown", "pagedown", "f2")
        host = await follow(app, ana)
        assert host is not None and host.vote is not None
        for person, vote in ((ana, 8), (ben, 3), (chen, 7)):
            person.cast(host.vote, vote)
        await heard(app, pilot)
        await burst(pilot, "f2")
        for person in (ana, ben, chen):
            await follow(app, person)
        await heard(app, pilot)
        await settle(app, pilot)
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=reveal)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_a_participants_view_on_their_own_kr(
    demo_store: Store, snap_compare, size, theme, monkeypatch
) -> None:
    now = utcnow()
    monkeypatch.setattr(join_screen, "utcnow", lambda: now)  # the clocks read the same every run
    room = asyncio.run(started(demo_store))
    agenda = room.agenda  # type: ignore[attr-defined]
    room.publish(
        Step(
            position=2,
            count=len(STEPS),
            key="kr-bld6",
            kr_number=2,
            kr_count=5,
            step_left=agenda.step_left(2, 0),
            meeting_left=agenda.meeting_left(2, 0),
            at=now,
        )
    )
    app = join_app(demo_store, "Ben", theme=theme)

    async def on_bens_kr(pilot: Pilot) -> None:
        await followed(app, pilot)
        await followed(app, pilot)
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=on_bens_kr)
