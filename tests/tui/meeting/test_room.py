"""The facilitator's screen with people in the room: participants are played by `Seat`s, each the
participant's side of the live files, so every test sees exactly what a real `okrtui join` would write."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import orjson
import pytest

from okrtui.core.room import HostState, LiveDraft, VoteState
from okrtui.services.room import Seat
from okrtui.store import Store
from okrtui.store.live import LiveFolder, name_key
from okrtui.tui.app import OkrApp
from okrtui.tui.meeting.room import KeyboardPicker
from okrtui.tui.widgets.kr_form import ConfidenceField, KRForm
from tests.conftest import TODAY
from tests.tui.conftest import burst, text_of
from tests.tui.meeting.test_meeting import Clock, current_kr, meeting_app, screen, settle, this_week


def seat(app: OkrApp, name: str) -> Seat:
    session = screen(app).session
    assert session is not None
    meeting = session.meeting
    return Seat(LiveFolder(app.store.root, meeting.id), meeting, name, lambda: datetime.now(UTC))


async def heard(app: OkrApp, pilot) -> None:
    """One poll of the room by the facilitator's screen (its timer does this five times a second)."""
    room = screen(app).room
    assert room is not None
    room.poll()
    await pilot.pause()


async def follow(app: OkrApp, person: Seat) -> HostState | None:
    """What `person`'s screen reads of the facilitator's, once the screen's writer thread has written."""
    room = screen(app).room
    assert room is not None
    await room.writer.drain()
    return person.follow()


async def ana_and_ben_here(app: OkrApp, pilot) -> tuple[Seat, Seat]:
    """Ana and Ben join the meeting on its opening."""
    await settle(app, pilot)
    ana, ben = seat(app, "Ana"), seat(app, "Ben")
    ana.say()
    ben.say()
    await heard(app, pilot)
    return ana, ben


async def cast(app: OkrApp, pilot, ana: Seat, ben: Seat) -> None:
    """On the open vote, Ana votes 8 and Ben 3, and the facilitator's screen hears of it."""
    host = await follow(app, ana)
    assert host is not None and host.vote is not None and host.vote.state is VoteState.OPEN
    ana.cast(host.vote, 8)
    ben.cast(host.vote, 3)
    await heard(app, pilot)


def room_text(app: OkrApp) -> str:
    """The room's lines under the step: the vote's, then who is here."""
    return text_of(app.screen, "#room-vote") + "\n" + text_of(app.screen, "#room")


async def test_who_joins_is_shown_ticked_present_and_recorded_with_their_account(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        ben = seat(app, "Ben")
        ben.say()
        await heard(app, pilot)
        assert "● Ben" in room_text(app) and "○ Chen" in room_text(app)
        await burst(pilot, "pagedown")
        await screen(app).session.drain()
        meeting = screen(app).session.meeting
    _, board = this_week(demo_store, "kr-bld6")
    stored = board.meeting_in("2026-W47")
    assert stored.attendees == ["Ben"], "attendance follows who joined"
    assert stored.joined == {"Ben": ben.login} == meeting.joined


async def test_a_room_joining_at_once_is_announced_in_one_toast(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for name in ("Ben", "Chen", "Dara", "Ana"):
            seat(app, name).say()
        await heard(app, pilot)
        joined = [n.message for n in app._notifications if "joined" in n.message]
        assert len(joined) == 1, "a toast each would fill half the screen"
        assert joined[0].endswith(" and 1 more joined") and joined[0].count(",") == 2
        assert "● Ana" in room_text(app), "every name is on the presence line"


async def test_the_owner_typing_shows_live_and_enter_files_it_as_theirs(demo_store: Store) -> None:
    clock = Clock()
    app = meeting_app(demo_store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        ben = seat(app, "Ben")
        await burst(pilot, "pagedown", "pagedown")  # kr-bld6, Ben's
        ben.type(LiveDraft(kr="kr-bld6", value="9.5", confidence=6, moved="cache fixed"))
        await heard(app, pilot)
        form = app.screen.query_one(KRForm)
        assert form.query_one("#value").value == "9.5"
        assert form.query_one(ConfidenceField).value == 6
        assert "Ben is typing" in text_of(form, ".prefill-mark")
        clock.now += 3  # he stopped typing
        await burst(pilot, "enter")
        await screen(app).session.drain()
        assert current_kr(app) == "kr-upt9"
    saved, board = this_week(demo_store, "kr-bld6")
    assert (saved.value, saved.confidence, saved.moved, saved.author) == (9.5, 6, "cache fixed", "Ben")
    assert saved.meeting == board.meeting_in("2026-W47").id


async def test_moving_on_while_the_owner_is_typing_asks_first_then_files_what_they_typed(
    demo_store: Store,
) -> None:
    """The owner typing "Three more services" a key at a time: a PageDown mid-word would file "T"."""
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        ben = seat(app, "Ben")
        await burst(pilot, "pagedown", "pagedown")  # kr-bld6, Ben's
        ben.type(LiveDraft(kr="kr-bld6", value="9.5", confidence=6, moved="T"))
        await heard(app, pilot)
        await burst(pilot, "pagedown")
        await screen(app).session.drain()
        assert current_kr(app) == "kr-bld6", "the first PageDown stays"
        assert any("Ben is still typing on kr-bld6" in n.message for n in app._notifications)
        ben.type(LiveDraft(kr="kr-bld6", value="9.5", confidence=6, moved="Three more services"))
        await heard(app, pilot)
        await burst(pilot, "pagedown")  # again: the facilitator means it
        await screen(app).session.drain()
        assert current_kr(app) == "kr-upt9"
    saved, _ = this_week(demo_store, "kr-bld6")
    assert (saved.value, saved.moved, saved.author) == (9.5, "Three more services", "Ben")


async def test_the_facilitator_typing_over_a_draft_keeps_what_they_typed(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        ben = seat(app, "Ben")
        await burst(pilot, "pagedown", "pagedown", "1", "2")
        ben.type(LiveDraft(kr="kr-bld6", value="9.5", confidence=6))
        await heard(app, pilot)
        assert app.screen.query_one(KRForm).query_one("#value").value == "12"


async def test_a_draft_from_someone_who_does_not_own_the_kr_is_not_shown(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await burst(pilot, "pagedown", "pagedown")  # kr-bld6 is Ben's
        seat(app, "Ana").type(LiveDraft(kr="kr-bld6", value="1", confidence=1))
        await heard(app, pilot)
        assert app.screen.query_one(KRForm).query_one("#value").value == "11"


async def test_a_private_vote_shows_who_voted_then_every_vote_at_once_and_is_recorded(
    demo_store: Store,
) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        ana, ben = await ana_and_ben_here(app, pilot)
        await burst(pilot, "pagedown", "pagedown", "f2")
        room = screen(app).room
        vote = room.room.vote
        assert vote is not None and vote.kr == "kr-bld6"
        await cast(app, pilot, ana, ben)
        shown = room_text(app)
        assert "2 voted · F2 reveals · Ana, Ben" in shown
        files = b"".join(p.read_bytes() for p in (demo_store.root / "live").rglob("*.json"))
        assert b'"vote":8' not in files and b'"vote":3' not in files, "nobody can read a vote early"
        await burst(pilot, "f2")  # reveal
        for person in (ana, ben):
            await follow(app, person)  # their screens open their ballots
        await heard(app, pilot)
        shown = room_text(app)
        assert "Votes revealed: low 3 · median 5.5 · high 8 · ⚠ spread 5: talk about this" in shown
        assert "· Ana 8, Ben 3" in shown
        assert (await follow(app, ana)).vote.votes == {"Ana": 8, "Ben": 3}, "every screen gets every vote"
        await screen(app).session.drain()
    _, board = this_week(demo_store, "kr-bld6")
    (record,) = board.meeting_in("2026-W47").votes
    assert (record.kr, record.votes) == ("kr-bld6", {"Ana": 8, "Ben": 3})
    saved = board.checkin("kr-bld6", "2026-W47")
    assert saved is None, "the votes never become the owner's confidence"


async def test_a_vote_and_its_reveal_leave_the_charts_where_they_are(demo_store: Store) -> None:
    """The vote's lines are kept while none is open: had they come and gone, the charts above would
    shrink at the vote, grow at the next KR, and be drawn twice each time, on every screen."""
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        ana, ben = await ana_and_ben_here(app, pilot)

        def chart_rows() -> int:
            return app.screen.query_one("#value-chart").size.height

        await burst(pilot, "pagedown", "pagedown")
        await settle(app, pilot)
        assert "F2 opens one" in room_text(app)
        heights = [chart_rows()]
        await burst(pilot, "f2")
        await pilot.pause()
        heights.append(chart_rows())
        await cast(app, pilot, ana, ben)
        await burst(pilot, "f2")
        for person in (ana, ben):
            await follow(app, person)
        await heard(app, pilot)
        assert "median 5.5 · high 8" in room_text(app)
        heights.append(chart_rows())
        await burst(pilot, "pagedown")
        await settle(app, pilot)
        heights.append(chart_rows())
    assert heights[0] >= 8 and len(set(heights)) == 1, heights


async def test_a_vote_whose_voter_left_before_the_reveal_is_named_not_silently_dropped(
    demo_store: Store,
) -> None:
    """A ballot is opened by its voter's own screen at the reveal: one who left cannot open it."""
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        ana, ben = await ana_and_ben_here(app, pilot)
        await burst(pilot, "pagedown", "pagedown", "f2")
        await cast(app, pilot, ana, ben)
        assert "2 voted" in room_text(app)
        ana.say(left=True)
        await heard(app, pilot)
        await burst(pilot, "f2")
        await follow(app, ben)
        await heard(app, pilot)
        shown = room_text(app)
        assert "median 3 · high 3" in shown and "not counted: Ana (left, or the ballot did not open)" in shown
        await screen(app).session.drain()
        board = demo_store.board(demo_store.current_cycle(TODAY), demo_store.team("platform"))
        recorded = board.meeting_in("2026-W47").votes[-1]
        assert (recorded.votes, recorded.not_counted) == ({"Ben": 3}, ["Ana"]), "the record says so too"


async def test_the_vote_lines_say_where_votes_are_taken_and_a_short_screen_keeps_its_rows(
    demo_store: Store,
) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        seat(app, "Ana").say()
        await heard(app, pilot)
        assert "Confidence votes: taken on the KR steps (F2 there)" in room_text(app)  # the opening
        await burst(pilot, "pagedown")
        await settle(app, pilot)
        assert "Confidence vote: F2 opens one" in room_text(app)
        await pilot.resize_terminal(80, 20)
        await settle(app, pilot)
        assert not app.screen.query_one("#room-vote").display, "no blank rows under a short step"
        await burst(pilot, "f2")
        await settle(app, pilot)
        assert app.screen.query_one("#room-vote").display and "nobody voted yet" in room_text(app)


async def test_a_ballot_whose_salt_does_not_open_it_is_not_counted(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        ana = seat(app, "Ana")
        await burst(pilot, "pagedown", "pagedown", "f2")
        ana.cast((await follow(app, ana)).vote, 8)
        await heard(app, pilot)
        await burst(pilot, "f2")
        ballot = ana.me.ballot
        ana.say(ballot=ballot.model_copy(update={"vote": 2, "salt": "0" * 32}))  # changed after seeing others
        await heard(app, pilot)
        assert "no vote counted: Ana (left, or the ballot did not open)" in room_text(app)


async def test_the_keyboard_holder_types_the_answer_and_their_enter_moves_on(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        ana = seat(app, "Ana")
        ana.say()
        await heard(app, pilot)
        await burst(pilot, "pagedown", "pagedown", "f3")
        assert isinstance(app.screen, KeyboardPicker)
        await burst(pilot, "down", "enter")
        assert (await follow(app, ana)).keyboard == "Ana"
        assert "Ana has the keyboard" in room_text(app)
        ana.type(LiveDraft(kr="kr-bld6", value="10", confidence=5, ready=True))
        await heard(app, pilot)
        await settle(app, pilot)
        await screen(app).session.drain()
        assert current_kr(app) == "kr-upt9"
        assert (await follow(app, ana)).keyboard == "", "the keyboard is handed for one step"
    saved, _ = this_week(demo_store, "kr-bld6")
    assert (saved.value, saved.confidence, saved.author) == (10, 5, "Ben"), "still the owner's answer"


async def test_a_confirmed_answer_for_a_kr_never_reached_is_filed_at_the_end(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        ben = seat(app, "Ben")
        ben.type(LiveDraft(kr="kr-mig3", value="9", confidence=4, ready=True))
        await heard(app, pilot)
        await burst(pilot, "ctrl+s")
        await settle(app, pilot)
        await screen(app).session.drain()
    saved, _ = this_week(demo_store, "kr-mig3")
    assert (saved.value, saved.confidence, saved.author) == (9, 4, "Ben")


@pytest.mark.skipif(os.geteuid() != 0, reason="writing a file as another account needs root")
async def test_a_file_written_by_another_account_cannot_speak_for_a_participant(demo_store: Store) -> None:
    """Someone in the store's group writes Ben's live file by hand: the room does not believe it."""
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        ben = seat(app, "Ben")
        ben.say()
        await heard(app, pilot)
        await burst(pilot, "pagedown", "pagedown")
        forged = ben.me.model_copy(update={"drafts": [LiveDraft(kr="kr-bld6", value="1", confidence=1)]})
        path = ben.live.mine("Ben")
        path.write_bytes(orjson.dumps(forged.model_dump(mode="json")))
        os.chown(path, 4242, -1)  # as if another account had replaced it
        impostor = path.with_name(f"4242-{name_key('Ben')}.json")
        impostor.write_bytes(orjson.dumps(forged.model_dump(mode="json")))
        os.chown(impostor, 4242, -1)
        await heard(app, pilot)
        assert app.screen.query_one(KRForm).query_one("#value").value == "11"
        notes = [n.message for n in app._notifications]
        assert any("written by 4242" in n for n in notes), notes
        assert any("tried to join as Ben" in n for n in notes), notes
