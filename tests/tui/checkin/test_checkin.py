"""The async check-in: one owner's due KRs in the shared form, saved on Enter, then "all done"."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Input, OptionList, Static

from okrtui.report.snapshot import take_snapshot
from okrtui.store import Store, StoreError
from okrtui.tui.app import FirstScreen, Options, make_app
from okrtui.tui.checkin.screen import CheckinScreen, due_first, match_owner
from okrtui.tui.widgets.kr_form import ConfidenceField, KRForm
from tests.conftest import TODAY
from tests.support import check_in
from tests.tui.conftest import burst, send


def checkin_app(store: Store, author: str):
    return make_app(store, Options(FirstScreen.CHECKIN, author=author))


def text_of(screen: CheckinScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def latest(store: Store, kr_id: str):
    statuses = {k.kr.id: k for k in take_snapshot(store, TODAY).key_results}
    return statuses[kr_id]


async def type_value(pilot, value: str) -> None:
    field = pilot.app.screen.query_one("#value", Input)
    field.value = ""
    field.focus()
    await pilot.press(*value)


async def test_walks_only_the_owners_due_krs_and_saves_each(demo_store: Store) -> None:
    app = checkin_app(demo_store, "ben")  # a login name, matched to the owner Ben
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        assert screen.owner == "Ben"
        assert [s.kr.id for s in screen.mine] == ["kr-bld6", "kr-mig3"]
        assert screen.current.kr.id == "kr-bld6"
        assert "(1 of 2 due)" in text_of(screen, "#kr-heading")
        assert "Numbers held steady" in text_of(screen, "#last-text")  # last check-in beside the form
        await type_value(pilot, "9.5")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.current.kr.id == "kr-mig3"
        assert "(2 of 2 due)" in text_of(screen, "#kr-heading")
        await type_value(pilot, "8")
        await pilot.press("tab", "6", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.has_class("-done")
        assert "All done, Ben" in text_of(screen, "#message-text")
    bld6, mig3 = latest(demo_store, "kr-bld6"), latest(demo_store, "kr-mig3")
    assert (bld6.value, bld6.confidence, bld6.latest.author) == (9.5, 4, "Ben")
    assert (mig3.value, mig3.confidence, mig3.checked_in_this_week) == (8, 6, True)


async def test_bad_value_stays_in_the_form_and_saves_nothing(demo_store: Store) -> None:
    app = checkin_app(demo_store, "Ben")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_value(pilot, "lots")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert screen.current.kr.id == "kr-bld6"
        assert "is not a number" in text_of(screen, "#value-error")
        assert app.focused is screen.query_one("#value", Input)
    assert not latest(demo_store, "kr-bld6").checked_in_this_week


async def test_enter_on_a_resolve_tick_saves_and_moves_on(demo_store: Store) -> None:
    """The hint says "Enter save+next" on every field, the ticks included (issue 18)."""
    app = checkin_app(demo_store, "Ben")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        screen.query_one(KRForm).tick_of("bl-bld60").focus()
        send(pilot, "space", "enter")
        await pilot.press()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.current.kr.id == "kr-mig3"
    board = demo_store.board(demo_store.cycle("2026-Q4"), demo_store.team("platform"))
    (blocker,) = [b for b in board.blockers if b.id == "bl-bld60"]
    assert blocker.resolved_week == "2026-W47"
    assert latest(demo_store, "kr-bld6").checked_in_this_week


async def test_a_fixed_field_loses_its_error_and_errors_name_fields_in_words(demo_store: Store) -> None:
    app = checkin_app(demo_store, "Ben")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await type_value(pilot, "lots")
        await pilot.press("enter")
        error = screen.query_one("#value-error", Static)
        assert error.has_class("-shown") and "is not a number" in str(error.render())
        await pilot.press(*["backspace"] * 4, "9")
        assert not error.has_class("-shown"), "the fixed value's old error is gone"
        screen.query_one("#moved", Input).value = "x" * 600
        await pilot.press("enter")
        moved = str(screen.query_one("#moved-error", Static).render())
        assert "'what moved' is too long" in moved and "CheckIn" not in moved
    assert not latest(demo_store, "kr-bld6").checked_in_this_week


async def test_a_store_error_is_shown_inline_not_raised(demo_store: Store, monkeypatch) -> None:
    def refuse(*_args, **_kwargs):
        raise StoreError("the store is busy (locked by another okrtui); try again")

    monkeypatch.setattr(demo_store, "check_in", refuse)
    app = checkin_app(demo_store, "Ben")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert "not saved" in text_of(screen, "#save-status")
        assert screen.current.kr.id == "kr-bld6" and not screen.saving


async def test_someone_with_nothing_due_sees_all_done_and_can_still_edit(demo_store: Store) -> None:
    app = checkin_app(demo_store, "Ana")  # kr-cfr5 is already checked in this week
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-done")
        assert "kr-cfr5" in text_of(screen, "#message-text")
        listing = screen.query_one("#mine", OptionList)
        listing.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert screen.current.kr.id == "kr-cfr5"
        assert "checked in this week" in text_of(screen, "#kr-heading")
        assert screen.query(KRForm).first().this_week is not None


async def test_someone_who_owns_nothing_gets_the_owner_names(demo_store: Store) -> None:
    app = checkin_app(demo_store, "zoe")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        message = text_of(app.screen, "#message-text")
        assert "zoe owns no key results in 2026-Q4" in message
        assert "Ana, Ben, Chen, Dara, Eli, Farah, Gus, Hana" in message
        assert "--as NAME" in message
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0


async def test_empty_store_says_how_to_start(store: Store) -> None:
    app = checkin_app(store, "ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "okrtui demo" in text_of(app.screen, "#message-text")


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_fits_small_and_large_terminals(demo_store: Store, size) -> None:
    app = checkin_app(demo_store, "Hana")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        value = screen.query_one("#value", Input)
        assert value.region.width > 10 and value.region.right <= size[0]
        assert screen.query_one("#last").region.width > 10


def test_owner_matching_and_due_first(demo_store: Store) -> None:
    assert match_owner(" FARAH ", ["Eli", "Farah"]) == "Farah"
    assert match_owner("far", ["Farah"]) is None
    statuses = take_snapshot(demo_store, TODAY, owner="Eli").key_results
    assert [s.kr.id for s in statuses] == ["kr-wat8", "kr-chr4"]
    assert [s.kr.id for s in due_first(statuses)] == ["kr-chr4", "kr-wat8"]


def hide_cursor(pilot) -> None:
    for widget in pilot.app.screen.query("Input"):
        widget.cursor_blink = False


def test_checkin_snapshot(demo_store: Store, snap_compare) -> None:
    assert snap_compare(checkin_app(demo_store, "ben"), terminal_size=(100, 30), run_before=hide_cursor)


def test_checkin_all_done_snapshot(demo_store: Store, snap_compare) -> None:
    assert snap_compare(checkin_app(demo_store, "Ana"), terminal_size=(80, 24), run_before=hide_cursor)


async def test_page_down_skips_without_saving_and_page_up_goes_back(demo_store: Store) -> None:
    app = checkin_app(demo_store, "Ben")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("pagedown")
        await pilot.pause()
        assert screen.current.kr.id == "kr-mig3"
        await pilot.press("pageup")
        await pilot.pause()
        assert screen.current.kr.id == "kr-bld6"
    assert not latest(demo_store, "kr-bld6").checked_in_this_week


async def test_keys_typed_while_a_save_runs_land_in_the_next_form(demo_store: Store, monkeypatch) -> None:
    """Enter, then typing straight on: what follows the Enter is meant for the next KR, however slow."""
    real = demo_store.check_in
    release = threading.Event()

    def slow(*args, **kwargs):
        release.wait(5)
        return real(*args, **kwargs)

    monkeypatch.setattr(demo_store, "check_in", slow)
    app = checkin_app(demo_store, "Ben")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        send(pilot, "9.5", "tab", "6", "enter", "42", "tab", "3")  # bld6 saves slowly; mig3 typed meanwhile
        await pilot.pause()
        assert not latest(demo_store, "kr-bld6").checked_in_this_week
        release.set()
        await app.keys.wait_idle()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert screen.current.kr.id == "kr-mig3"
        assert screen.query_one("#value", Input).value == "42"
        assert screen.query_one(ConfidenceField).value == 3
    saved = latest(demo_store, "kr-bld6").latest
    assert (saved.value, saved.confidence) == (9.5, 6)
    assert not latest(demo_store, "kr-mig3").checked_in_this_week


async def test_two_krs_in_one_burst_are_saved_each_with_its_own_numbers(demo_store: Store) -> None:
    """The issue's burst `10 Tab 5 Enter 20 Tab 3 Enter`: KR 1 = 10 / 5, KR 2 = 20 / 3, nothing crossed."""
    app = checkin_app(demo_store, "Ben")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, "10", "tab", "5", "enter", "20", "tab", "3", "enter")
    first, second = latest(demo_store, "kr-bld6").latest, latest(demo_store, "kr-mig3").latest
    assert (first.week, first.value, first.confidence, first.moved) == ("2026-W47", 10, 5, "")
    assert (second.week, second.value, second.confidence, second.moved) == ("2026-W47", 20, 3, "")


async def test_skipping_round_to_a_done_kr_says_it_is_done(demo_store: Store) -> None:
    app = checkin_app(demo_store, "Ben")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("enter")  # bld6 confirmed as last week's numbers
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.current.kr.id == "kr-mig3"
        await pilot.press("pagedown")  # wraps round to bld6, done now
        await pilot.pause()
        assert screen.current.kr.id == "kr-bld6"
        heading = text_of(screen, "#kr-heading")
        assert "checked in this week" in heading and "due" not in heading


async def test_tab_then_a_digit_in_one_burst_sets_the_confidence(demo_store: Store) -> None:
    app = checkin_app(demo_store, "Ben")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, "1", "tab", "7")
        assert app.screen.query_one("#value", Input).value == "1"
        assert app.screen.query_one(ConfidenceField).value == 7


async def test_values_in_the_krs_own_unit_are_read_as_the_cli_reads_them(demo_store: Store) -> None:
    """`12 min` on a KR in minutes and `20 services` on one counting services, in one burst."""
    app = checkin_app(demo_store, "Ben")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, "12 min", "tab", "5", "enter", "20 services", "tab", "3", "enter")
    assert latest(demo_store, "kr-bld6").latest.value == 12
    assert latest(demo_store, "kr-mig3").latest.value == 20


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("2 h", "'2 h' is in hours; kr-bld6 is measured in min"),
        ("-3", "it cannot be negative"),
        ("$9", "money"),
    ],
)
async def test_a_value_in_another_unit_is_refused_inline(demo_store: Store, typed: str, says: str) -> None:
    app = checkin_app(demo_store, "Ben")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, typed, "tab", "5", "enter")
        screen = app.screen
        assert screen.current.kr.id == "kr-bld6"
        assert says in text_of(screen, "#value-error")
        assert app.focused is screen.query_one("#value", Input)
    assert not latest(demo_store, "kr-bld6").checked_in_this_week


async def test_a_value_far_outside_the_range_needs_a_second_enter(demo_store: Store) -> None:
    """bld6 runs 14 → 6 min: 500 asks first; Enter again keeps it. Another far value asks again."""
    app = checkin_app(demo_store, "Ben")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, "500", "tab", "5", "enter")
        screen = app.screen
        assert screen.current.kr.id == "kr-bld6"
        warning = text_of(screen, "#value-error")
        assert "500 min is far outside kr-bld6's range (14 min → 6 min): Enter again to keep it" in warning
        assert not latest(demo_store, "kr-bld6").checked_in_this_week
        await burst(pilot, "backspace", "backspace", "backspace", "900", "enter")  # another typo: asks again
        assert screen.current.kr.id == "kr-bld6"
        assert "900 min is far outside" in text_of(screen, "#value-error")
        await burst(pilot, "enter")
        assert screen.current.kr.id == "kr-mig3"
    saved = latest(demo_store, "kr-bld6").latest
    assert (saved.week, saved.value, saved.confidence) == ("2026-W47", 900, 5)


async def test_far_value_confirmed_in_the_same_burst_then_the_next_kr(demo_store: Store) -> None:
    app = checkin_app(demo_store, "Ben")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, "500", "tab", "5", "enter", "enter", "7", "tab", "3", "enter")
    assert latest(demo_store, "kr-bld6").latest.value == 500
    assert (latest(demo_store, "kr-mig3").latest.value, latest(demo_store, "kr-mig3").latest.confidence) == (
        7,
        3,
    )


async def test_a_far_value_already_stored_is_kept_without_asking(demo_store: Store) -> None:
    """Last week's 500 (confirmed then) is the prefill: Enter confirms it, no second question."""
    check_in(demo_store, "kr-bld6", week="2026-W46", value=500, confidence=4, author="Ben")
    app = checkin_app(demo_store, "Ben")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await burst(pilot, "enter")
        assert app.screen.current.kr.id == "kr-mig3"
    saved = latest(demo_store, "kr-bld6").latest
    assert (saved.week, saved.value) == ("2026-W47", 500)
