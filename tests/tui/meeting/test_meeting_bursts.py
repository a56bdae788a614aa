"""The meeting takes keys as a room types them: each sequence sent as one burst (a paste, a laggy SSH
link, a fast typist), with no pause between keys, and the store holds exactly what was meant."""

from __future__ import annotations

from textual.widgets import Input, Static

from okrtui.core.actions import raised_in
from okrtui.store import Store
from okrtui.tui.meeting.blockers import BlockersStep
from tests.tui.conftest import burst
from tests.tui.meeting.test_meeting import PLATFORM_KRS, current_kr, meeting_app, screen, settle, this_week


async def test_an_attendee_unticked_in_a_burst_is_not_in_the_record(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await burst(pilot, "tab", "space", "enter")  # Ana -> Ben, untick Ben, on to the first KR
        assert current_kr(app) == PLATFORM_KRS[0]
        await screen(app).session.drain()
    _, board = this_week(demo_store, "kr-cfr5")
    assert board.meeting_in("2026-W47").attendees == ["Ana", "Chen", "Dara"]


async def test_a_resolve_tick_typed_in_a_burst_resolves_the_blocker(demo_store: Store) -> None:
    """bld6 has one open blocker: Tab to its tick (past value, confidence, three notes, new blocker)."""
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await burst(pilot, "pagedown", "pagedown")
        assert current_kr(app) == "kr-bld6"
        await burst(pilot, "9", "tab", "6", *["tab"] * 5, "space", "enter")
        assert current_kr(app) == "kr-upt9"
        await screen(app).session.drain()
    saved, board = this_week(demo_store, "kr-bld6")
    assert (saved.value, saved.confidence) == (9, 6)
    assert next(b for b in board.blockers if b.id == "bl-bld60").resolved_week == "2026-W47"


async def test_the_next_krs_keys_sent_with_the_enter_land_on_the_next_kr(demo_store: Store) -> None:
    """`End ctrl+u 1 Tab 4 Enter` typed straight after the Enter that left the KR before."""
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await burst(pilot, "pagedown", "pagedown")
        await burst(pilot, "5", "tab", "6", "enter", "end", "ctrl+u", "1", "tab", "4", "enter")
        assert current_kr(app) == "kr-nps4"
        await screen(app).session.drain()
    bld6, _ = this_week(demo_store, "kr-bld6")
    upt9, _ = this_week(demo_store, "kr-upt9")
    assert (bld6.value, bld6.confidence) == (5, 6)
    assert (upt9.value, upt9.confidence) == (1, 4)


async def test_every_kr_answered_in_one_burst_then_finished(demo_store: Store) -> None:
    """The whole meeting pasted at once, the last Enter included: nothing swallowed, nothing crossed."""
    app = meeting_app(demo_store)
    keys = ["enter"]  # the opening
    for n, _kr in enumerate(PLATFORM_KRS):
        keys += [str(20 + n), "tab", str(n + 2), "enter"]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await burst(pilot, *keys, "ctrl+s")
        assert "Meeting done." in str(app.screen.query_one("#summary Static").render())
    for n, kr in enumerate(PLATFORM_KRS):
        saved, board = this_week(demo_store, kr)
        assert (saved.value, saved.confidence) == (20 + n, n + 2), kr
    assert board.meeting_in("2026-W47").state.value == "finished"


async def test_a_blocker_picked_with_down_gets_the_fields_typed_after_it(demo_store: Store) -> None:
    """`Down Tab owner Tab Tab action Tab Ana Tab +3 Enter` in one burst: the second blocker is edited."""
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = screen(app)
        await settle(app, pilot)
        await meeting.move_to(meeting.session.agenda.index_of("blockers"))
        await settle(app, pilot)
        step = app.screen.query_one(BlockersStep)
        first, second = step.blockers[0].id, step.blockers[1].id
        assert step.selected is not None and step.selected.id == first
        keys = ("down", "tab", "Chen", "tab", "tab", "Book the review", "tab", "Ana", "tab", "+3", "enter")
        await burst(pilot, *keys)
        assert second in str(app.screen.query_one("#blocker-editing", Static).render())
        assert all(not field.value for field in step.query(Input))  # the blocker form is cleared
        await meeting.session.drain()
    _, board = this_week(demo_store, "kr-mig3")
    blockers = {b.id: b for b in board.blockers}
    assert blockers[second].owner == "Chen" and blockers[first].owner != "Chen"
    (item,) = raised_in(board, board.meeting_in("2026-W47").id)
    expected = ("Book the review", "Ana", "2026-11-21", second)
    assert (item.text, item.owner, str(item.due), item.blocker) == expected


async def test_confirmed_is_not_updated_in_the_store_the_summary_and_the_notes(demo_store: Store) -> None:
    """Enter on an untouched KR files it as confirmed unchanged; the summary counts it apart."""
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await burst(pilot, "pagedown", "pagedown", "enter", "7", "tab", "5", "enter", "ctrl+s")  # bld6, upt9
        text = str(app.screen.query_one("#summary Static").render())
    bld6, _ = this_week(demo_store, "kr-bld6")
    upt9, _ = this_week(demo_store, "kr-upt9")
    assert bld6.unchanged and (bld6.value, bld6.confidence) == (11, 4)
    assert not upt9.unchanged and (upt9.value, upt9.confidence) == (7, 5)
    counts = "5 KRs: 2 updated, 1 confirmed unchanged, 2 not checked in"  # cfr5 and mig3 were async
    assert counts in text
    notes = (demo_store.root / "notes").glob("*.md")
    note = next(iter(notes)).read_text()
    assert counts in note and "(confirmed unchanged)" in note


async def test_a_kr_whose_owner_is_marked_absent_says_so_on_its_step(demo_store: Store) -> None:
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await burst(pilot, "tab", "space", "enter")  # Ben is not here today
        assert "absent today" not in str(app.screen.query_one("#kr-head", Static).render())  # Ana's KR
        await burst(pilot, "pagedown")
        head = str(app.screen.query_one("#kr-head", Static).render())
        assert "owner Ben" in head and "absent today" in head


async def test_one_answered_kr_costs_one_write_of_its_team_file_and_at_most_two_parses(
    demo_store: Store, monkeypatch
) -> None:
    """The answer and the meeting record ride in one write; the writer reads the workspace and the
    board once each under the lock (issue 15: it was 3 writes and 19 parses)."""
    import okrtui.store.kr_index as kr_index
    import okrtui.store.repository as repository

    writes: list[str] = []
    parses: list[str] = []
    real_write, real_read = repository.atomic_write, repository.read_json_signed
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await burst(pilot, "pagedown", "pagedown")
        await screen(app).session.drain()
        for writer in (repository, kr_index):  # the KR index changes with KRs, not with answers
            monkeypatch.setattr(
                writer, "atomic_write", lambda p, *a, **k: writes.append(p.name) or real_write(p, *a, **k)
            )
        monkeypatch.setattr(
            repository, "read_json_signed", lambda p, *a, **k: parses.append(p.name) or real_read(p, *a, **k)
        )
        await burst(pilot, "9", "tab", "6", "enter")
        await screen(app).session.drain()
        assert current_kr(app) == "kr-upt9"
    assert writes == ["platform.json"]
    assert max(parses.count(name) for name in set(parses)) <= 2, parses


async def test_an_action_from_one_meeting_is_walked_at_the_next_and_ticked_done(
    demo_store: Store, monkeypatch
) -> None:
    """Raised in W47, walked at the W48 opening, ticked done there, gone from `okrtui actions`."""
    from datetime import timedelta

    from click.testing import CliRunner

    from okrtui.cli import main
    from okrtui.core.actions import open_actions
    from tests.conftest import TODAY

    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = screen(app)
        await settle(app, pilot)
        await meeting.move_to(meeting.session.agenda.index_of("blockers"))
        await settle(app, pilot)
        await burst(
            pilot, "tab", "tab", "tab", "Book the room", "tab", "Dara", "tab", "+3", "enter", "ctrl+s"
        )
    _, board = this_week(demo_store, "kr-mig3")
    (action,) = [a for a in open_actions(board) if a.text == "Book the room"]
    assert (action.owner, action.raised_week) == ("Dara", "2026-W47")

    next_week = TODAY + timedelta(days=7)
    monkeypatch.setenv("OKRTUI_TODAY", next_week.isoformat())
    app = meeting_app(demo_store, today=next_week)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        review = app.screen.query_one(f"#done-{action.id}")
        assert "Book the room — Dara" in str(review.render())
        earlier = [a.id for a in screen(app).session.to_review()].index(action.id)  # the demo has one too
        await burst(pilot, *["tab"] * (4 + 2 * earlier))  # past the attendance, then tick and reason each
        assert app.focused is review
        await burst(pilot, "space", "enter")
        await screen(app).session.drain()
    _, board = this_week(demo_store, "kr-mig3")
    done = next(a for a in board.actions if a.id == action.id)
    assert (done.state.value, done.closed_week) == ("done", "2026-W48")
    listing = CliRunner().invoke(main, ["--store", str(demo_store.root), "actions"])
    assert action.id not in listing.stdout


async def test_a_krs_own_unit_and_a_far_value_confirmed_in_one_burst(demo_store: Store) -> None:
    """bld6 (14 → 6 min) gets `12min`; upt9 (99.95%) gets 5000, asked about, kept by the second Enter;
    `2 h` on nps4 (no unit) is refused inline and nothing is saved for it."""
    app = meeting_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await burst(pilot, "pagedown", "pagedown")
        assert current_kr(app) == "kr-bld6"
        await burst(pilot, "12min", "tab", "6", "enter", "5000", "tab", "7", "enter")
        assert current_kr(app) == "kr-upt9"
        assert "Enter again to keep it" in str(app.screen.query_one("#value-error", Static).render())
        await burst(pilot, "enter", "2 h", "tab", "5", "enter")
        assert current_kr(app) == "kr-nps4"
        assert "is in hours" in str(app.screen.query_one("#value-error", Static).render())
        await screen(app).session.drain()
    bld6, _ = this_week(demo_store, "kr-bld6")
    upt9, _ = this_week(demo_store, "kr-upt9")
    nps4, _ = this_week(demo_store, "kr-nps4")
    assert (bld6.value, bld6.confidence) == (12, 6)
    assert (upt9.value, upt9.confidence) == (5000, 7)
    assert nps4 is None


def test_pagedowns_typed_while_the_meeting_opens_land_on_the_second_kr(demo_store: Store) -> None:
    """Keys typed before the opening is all built (its last week's actions still mounting): the
    opening is left with those actions carried over, not with a crash."""
    app = meeting_app(demo_store)
    landed: list[str | None] = []

    async def typed_at_once(pilot) -> None:  # no wait for the screen, unlike `run_test`
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        landed.append(current_kr(app))
        app.exit()

    app.run(headless=True, size=(80, 24), auto_pilot=typed_at_once)
    assert app._exception is None and landed == [PLATFORM_KRS[1]]
