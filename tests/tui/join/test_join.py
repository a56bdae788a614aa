"""`okrtui join` as a participant uses it; the facilitator is played by a `HostRoom`, the facilitator's
side of the live files, on a meeting started the way `okrtui meeting` starts one."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import orjson
import pytest
from textual.pilot import Pilot

from okrtui.core.agenda import Agenda
from okrtui.core.models import MeetingState
from okrtui.core.room import Step
from okrtui.services.meeting_session import MeetingSession
from okrtui.services.room import HostRoom
from okrtui.store import Store
from okrtui.store.live import HOST, LiveFolder
from okrtui.store.repository import utcnow
from okrtui.tui.app import FirstScreen, OkrApp, Options, make_app
from okrtui.tui.join.screen import JoinScreen
from okrtui.tui.meeting.room import presence_line
from okrtui.tui.widgets.kr_form import KRForm
from tests.conftest import TODAY
from tests.tui.conftest import burst, text_of
from tests.tui.test_refuse_to_start import said_on_exit

STEPS = ["opening", "kr-cfr5", "kr-bld6", "kr-upt9", "kr-nps4", "kr-mig3", "blockers", "summary"]


async def started(store: Store) -> HostRoom:
    """A meeting in progress, as the facilitator's screen starts it (record saved, room open)."""
    board = store.board(store.current_cycle(TODAY), store.team("platform"))
    session = MeetingSession(store, board, today=TODAY, minutes=15, on_saved=lambda _outcome: None)
    await session.drain()
    room = HostRoom(LiveFolder(store.root, session.meeting.id), session.meeting, board.team, utcnow)
    room.agenda = session.agenda  # type: ignore[attr-defined]
    move(room, 0)
    return room


def move(room: HostRoom, position: int) -> None:
    key = STEPS[position]
    kr_number = STEPS[1:6].index(key) + 1 if key.startswith("kr-") else 0
    agenda: Agenda = room.agenda  # type: ignore[attr-defined]
    room.publish(
        Step(
            position=position,
            count=len(STEPS),
            key=key,
            kr_number=kr_number,
            kr_count=5,
            next_kr=agenda.kr_after(position),
            step_left=agenda.step_left(position, 0),
            meeting_left=agenda.meeting_left(position, 0),
            at=utcnow(),
        )
    )


@asynccontextmanager
async def on_bens_kr(store: Store) -> AsyncIterator[tuple[HostRoom, OkrApp, Pilot]]:
    """A meeting on Ben's KR (kr-bld6), and Ben's screen following it."""
    room = await started(store)
    move(room, 2)
    app = join_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await followed(app, pilot)
        yield room, app, pilot


def join_app(store: Store, name: str = "Ben", **options: object) -> OkrApp:
    return make_app(store, Options(FirstScreen.JOIN, team="platform", author=name, today=TODAY, **options))  # type: ignore[arg-type]


def joined(app: OkrApp) -> JoinScreen:
    return next(s for s in app.screen_stack if isinstance(s, JoinScreen))


async def followed(app: OkrApp, pilot) -> None:
    """One read of the facilitator's file by the participant's screen (its timer does this 5x a second)."""
    await app.workers.wait_for_complete()
    joined(app).follow()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def header(app: OkrApp) -> str:
    return text_of(app.screen, "#where")


async def test_with_no_meeting_in_progress_it_waits_and_says_so(demo_store: Store) -> None:
    app = join_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await followed(app, pilot)
        assert "Waiting for Platform's meeting to start" in text_of(app.screen, "#waiting")


async def test_the_view_follows_the_facilitator_and_the_form_is_theirs_only_on_their_kr(
    demo_store: Store,
) -> None:
    room = await started(demo_store)
    app = join_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await followed(app, pilot)
        assert "step 1 of 8: opening" in header(app)
        move(room, 2)
        await followed(app, pilot)
        assert "KR 2 of 5" in header(app) and "you are Ben" in header(app)
        assert "kr-bld6" in text_of(app.screen, "#kr-head")
        assert not app.screen.query_one(KRForm).disabled, "Ben's own KR"
        assert app.screen.query_one(KRForm).query_one(".hint").visible, "his keys are offered"
        move(room, 3)
        await followed(app, pilot)
        assert "kr-upt9" in text_of(app.screen, "#kr-head")
        assert app.screen.query_one(KRForm).disabled, "Chen's KR: Ben watches"
        assert not app.screen.query_one(KRForm).query_one(".hint").visible, "no keys offered to a watcher"


async def test_what_the_owner_types_in_a_burst_reaches_the_facilitator_and_enter_confirms_it(
    demo_store: Store,
) -> None:
    async with on_bens_kr(demo_store) as (room, _app, pilot):
        await burst(pilot, "9", ".", "5", "tab", "6", "tab", "cache fixed")
        await pilot.pause(0.1)  # the draft is published 50 ms after the last key of a burst
        room.poll()
        name, draft = room.draft_for("kr-bld6", "Ben")
        assert (name, draft.value, draft.confidence, draft.moved, draft.ready) == (
            "Ben",
            "9.5",
            6,
            "cache fixed",
            False,
        )
        await burst(pilot, "enter")
        room.poll()
        assert room.ready_drafts()[0][1].value == "9.5"


async def test_a_value_and_enter_in_one_burst_stay_confirmed(demo_store: Store) -> None:
    """A paste or a laggy SSH link brings the Enter with the value: the draft still waiting to be
    published must not land after the confirmation and take it back."""
    async with on_bens_kr(demo_store) as (room, _app, pilot):
        await burst(pilot, "7", "enter")
        await pilot.pause(0.1)  # past the draft's 50 ms: what was waiting has had its chance
        room.poll()
        name, draft = room.draft_for("kr-bld6", "Ben")
        assert (name, draft.value, draft.ready) == ("Ben", "7", True)


async def test_a_vote_on_their_own_kr_leaves_the_owners_typing_where_it_is_and_says_where_the_ballot_is(
    demo_store: Store,
) -> None:
    async with on_bens_kr(demo_store) as (room, app, pilot):
        await burst(pilot, "9")
        room.open_vote("kr-bld6")
        await followed(app, pilot)
        await burst(pilot, "5")
        assert app.screen.query_one(KRForm).query_one("#value").value == "95"
        assert any("F2 takes you" in str(n.message) for n in app._notifications)  # told where it is
        await burst(pilot, "f2", "4", "enter", "0")  # voted, then back to the value as they left it
        room.poll()
        assert room.vote.voted == ["Ben"]
        assert app.screen.query_one(KRForm).query_one("#value").value == "950"


async def test_a_vote_on_their_own_kr_takes_the_owners_keys_once_they_are_not_typing(
    demo_store: Store,
) -> None:
    """The owner who answered (or never started) types their vote as the screen says: it goes to
    the ballot, not into their check-in, and their answer is where they left it."""
    async with on_bens_kr(demo_store) as (room, app, pilot):
        await burst(pilot, "7", "enter")  # answered and confirmed
        room.open_vote("kr-bld6")
        await followed(app, pilot)
        await burst(pilot, "9", "enter")
        room.poll()
        assert room.vote.voted == ["Ben"]
        assert app.screen.query_one(KRForm).query_one("#value").value == "7"
        assert app.focused is not None and app.focused.id == "value"  # back to their answer


async def test_an_owner_who_never_typed_votes_with_the_first_keys(demo_store: Store) -> None:
    """The form filling itself as the step shows is not typing: a vote opened at once takes the keys."""
    async with on_bens_kr(demo_store) as (room, app, pilot):
        room.open_vote("kr-bld6")
        await followed(app, pilot)
        await burst(pilot, "9", "enter")
        room.poll()
        assert room.vote.voted == ["Ben"]
        assert room.draft_for("kr-bld6", "Ben") is None, "nothing typed into the answer"


async def test_an_owner_joining_while_a_vote_is_open_on_their_kr_gets_the_ballot(demo_store: Store) -> None:
    room = await started(demo_store)
    move(room, 2)
    room.open_vote("kr-bld6")
    app = join_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await followed(app, pilot)
        await followed(app, pilot)
        assert app.focused is not None and app.focused.id == "ballot"
        await burst(pilot, "8", "enter")
        room.poll()
        assert room.vote.voted == ["Ben"]


async def test_a_dropped_terminal_keeps_a_confirmed_answer_confirmed(demo_store: Store) -> None:
    async with on_bens_kr(demo_store) as (room, app, pilot):
        await burst(pilot, "7", "enter")
        joined(app).keep_typed()  # what the hang-up handler does
    room.poll()
    _, draft = room.draft_for("kr-bld6", "Ben")
    assert (draft.value, draft.ready) == ("7", True)


async def test_a_vote_is_private_until_revealed_then_every_vote_shows(demo_store: Store) -> None:
    room = await started(demo_store)
    move(room, 3)  # Chen's KR: Ben only watches, so the ballot takes the keys
    app = join_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await followed(app, pilot)
        room.open_vote("kr-upt9")
        await followed(app, pilot)
        assert "Confidence vote on kr-upt9" in text_of(app.screen, "#vote")
        assert app.focused is not None and app.focused.id == "ballot"
        await burst(pilot, "7", "enter")
        mine = joined(app).seat.live.mine("Ben").read_bytes()
        assert b'"vote":null' in mine and b'"commitment":"' in mine
        room.poll()
        assert room.vote.voted == ["Ben"]
        assert "your vote 7 (hidden)" in text_of(app.screen, "#vote")
        room.reveal()
        await followed(app, pilot)  # Ben's screen opens his ballot
        room.poll()
        assert room.finish_reveal() == {"Ben": 7}
        await followed(app, pilot)
        shown = text_of(app.screen, "#vote")
        assert "Votes revealed: low 7 · median 7 · high 7" in shown and "· Ben 7" in shown


async def test_a_vote_and_its_reveal_leave_a_participants_charts_where_they_are(demo_store: Store) -> None:
    room = await started(demo_store)
    move(room, 3)
    app = join_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await followed(app, pilot)

        def chart_rows() -> int:
            return app.screen.query_one("#value-chart").size.height

        assert "type 1-10, Enter (private)" in text_of(app.screen, "#vote"), "where a vote will show"
        heights = [chart_rows()]
        room.open_vote("kr-upt9")
        await followed(app, pilot)
        heights.append(chart_rows())
        await burst(pilot, "7", "enter")
        await pilot.pause()
        heights.append(chart_rows())
        room.poll()
        room.reveal()
        await followed(app, pilot)
        room.poll()
        room.finish_reveal()
        await followed(app, pilot)
        assert "median 7 · high 7" in text_of(app.screen, "#vote")
        heights.append(chart_rows())
        move(room, 4)
        await followed(app, pilot)
        heights.append(chart_rows())
    assert heights[0] >= 8 and len(set(heights)) == 1, heights


async def test_when_the_facilitator_finishes_a_participant_is_told_the_meeting_ended(
    demo_store: Store,
) -> None:
    """The summary finishes the meeting: its record in the store says so before, or after, the
    facilitator's file does. Either way the participant reads that it ended, not that nobody is
    facilitating yet."""
    room = await started(demo_store)
    move(room, 6)
    app = join_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await followed(app, pilot)
        cycle = demo_store.current_cycle(TODAY)
        meeting = demo_store.board(cycle, demo_store.team("platform")).meeting_in("2026-W47")
        demo_store.save(cycle.id, "platform", meeting.model_copy(update={"state": MeetingState.FINISHED}))
        await joined(app).find_meeting()  # the store changed: read before the facilitator's file
        await followed(app, pilot)
        assert "The meeting has ended" in text_of(app.screen, "#waiting")


async def test_a_short_screen_shows_the_vote_box_only_for_a_vote(demo_store: Store) -> None:
    """A short screen's charts are folded into one line: its rows go to the form, not to a box
    saying no vote is open; and it follows a resize at once, not at the next poll."""
    room = await started(demo_store)
    move(room, 3)
    app = join_app(demo_store)
    async with app.run_test(size=(60, 20)) as pilot:
        await followed(app, pilot)
        box = app.screen.query_one("#vote-box")
        assert not box.display
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert box.display and "on the KR steps" not in text_of(app.screen, "#vote")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        room.open_vote("kr-upt9")
        await followed(app, pilot)
        assert box.display and "Confidence vote on kr-upt9" in text_of(app.screen, "#vote")


async def test_someone_not_on_the_team_is_told_in_one_line(demo_store: Store) -> None:
    app = join_app(demo_store, name="Zed")
    said = said_on_exit(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert app.return_code == 2
    assert said == ["okrtui: Zed is not on Platform (Ana, Ben, Chen, Dara); join with --as NAME"]


@pytest.mark.skipif(os.geteuid() != 0, reason="writing a file as another account needs root")
async def test_a_host_file_written_by_another_account_does_not_move_anyone(demo_store: Store) -> None:
    room = await started(demo_store)
    app = join_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await followed(app, pilot)
        host = room.live.folder / HOST
        data = orjson.loads(host.read_bytes())
        data["step"].update(position=5, key="kr-mig3", kr_number=5)
        host.write_bytes(orjson.dumps(data))
        os.chown(host, 4242, -1)
        await followed(app, pilot)
        assert "step 1 of 8: opening" in header(app)
        assert any("not by the facilitator's account" in n.message for n in app._notifications)


@pytest.mark.parametrize("key", ["escape", "ctrl+q", "f1 ctrl+q"])
async def test_leaving_by_either_key_shows_at_once_as_left_not_dropped(demo_store: Store, key: str) -> None:
    room = await started(demo_store)
    app = join_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await followed(app, pilot)
        room.poll()
        assert "● Ben" in str(presence_line(room.presence(), "Chen"))
        await burst(pilot, *key.split())
    room.poll()
    assert "◌ Ben (left)" in str(presence_line(room.presence(), "Chen"))
