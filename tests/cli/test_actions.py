"""`okrtui actions`: an action agreed in one week's meeting comes back the next week until it is done."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from okrtui.cli import main
from okrtui.core.actions import NewAction
from okrtui.core.models import Meeting, MeetingState
from okrtui.services.actions import add_action
from okrtui.store import Store
from tests.conftest import snapshot_of
from tests.support import assert_refused, assert_user_error


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def next_week(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKRTUI_TODAY", "2026-11-25")


@pytest.fixture
def raised(demo_store: Store) -> str:
    """Platform's 2026-W47 meeting raises an action, filed as the meeting files it: the action and
    the meeting record in one write."""
    meeting = Meeting(
        id="mt-w47",
        team="platform",
        cycle="2026-Q4",
        week="2026-W47",
        facilitator="Ana",
        started_at=datetime(2026, 11, 18, 10, tzinfo=UTC),
        state=MeetingState.FINISHED,
    )
    request = NewAction(
        text="Book the security review",
        owner="Chen",
        due=date(2026, 11, 24),
        blocker="bl-mig30",
        week="2026-W47",
        meeting=meeting.id,
    )
    action = add_action(demo_store, "2026-Q4", "platform", request, also=[meeting])
    board = demo_store.board(demo_store.cycle("2026-Q4"), demo_store.team("platform"))
    assert board.meeting_in("2026-W47") is not None, "the meeting record rode along"
    return action.id


def test_an_action_from_last_weeks_meeting_is_shown_ticked_done_and_gone(
    demo_store: Store, raised: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    next_week(monkeypatch)
    shown = cli("actions")
    assert shown.exit_code == 0, shown.stderr
    assert "week 2026-W48" in shown.stdout
    assert f"☐ {raised} Book the security review — due 2026-11-24, ⚠ overdue by 1 day" in shown.stdout
    assert "from bl-mig30 on kr-mig3, raised 2026-W47 in mt-w47" in shown.stdout
    assert "Chen: 2 open, 2 overdue" in shown.stdout

    ticked = cli("actions", "--done", raised)
    assert ticked.exit_code == 0 and f"Done: {raised} Book the security review (Chen)" in ticked.stdout
    after = cli("actions")
    assert raised not in after.stdout
    assert "Chen: 1 open, 1 overdue" in after.stdout
    everything = cli("actions", "--all", "--format", "json")
    listed = {a["id"]: a for a in json.loads(everything.stdout)["actions"]}
    assert (listed[raised]["state"], listed[raised]["closed_week"]) == ("done", "2026-W48")

    again = cli("actions", "--done", raised)
    assert again.exit_code == 0 and "was already done in 2026-W48" in again.stdout


def test_dropping_takes_a_reason_and_filters_narrow_the_list(demo_store: Store) -> None:
    dropped = cli("actions", "--drop", "ac-bdg4", "--reason", "Budget moved to Q1")
    assert (
        dropped.exit_code == 0
        and "Dropped: ac-bdg4" in dropped.stdout
        and "Budget moved to Q1" in dropped.stdout
    )
    mine = cli("actions", "--owner", "ben")
    assert "ac-sec1" in mine.stdout and "ac-dsk2" not in mine.stdout
    growth = cli("actions", "--team", "growth")
    assert "no open actions on Growth" in growth.stdout


def test_json_lists_every_open_action_with_its_team_and_lateness(demo_store: Store) -> None:
    document = json.loads(cli("actions", "--format", "json").stdout)
    assert (document["schema"], document["week"], document["cycle"]) == (1, "2026-W47", "2026-Q4")
    found = {a["id"]: (a["team"], a["owner"], a["overdue"]) for a in document["actions"]}
    assert found == {
        "ac-sec1": ("platform", "Ben", True),
        "ac-dsk2": ("platform", "Chen", False),
        "ac-bdg4": ("growth", "Hana", False),
    }


def test_the_default_team_from_the_environment_narrows_the_list(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKRTUI_TEAM", "growth")
    shown = cli("actions")
    assert "ac-bdg4" in shown.stdout and "ac-sec1" not in shown.stdout
    monkeypatch.setenv("OKRTUI_TEAM", "nope")
    wrong = cli("actions")
    assert_user_error(wrong.stderr, wrong.exit_code, mentions="it is the default team from OKRTUI_TEAM")


REFUSED = {
    "unknown id": (["actions", "--done", "ac-nope"], "no action 'ac-nope'"),
    "drop without a reason": (["actions", "--drop", "ac-sec1"], "--reason"),
    "blank reason": (["actions", "--drop", "ac-sec1", "--reason", " "], "--reason"),
    "reason without drop": (["actions", "--reason", "because"], "--drop"),
    "drop a done action": (["actions", "--drop", "ac-gde3", "--reason", "x"], "was done in 2026-W47"),
    "one bad id of two": (["actions", "--done", "ac-sec1", "--done", "ac-nope"], "ac-nope"),
    "unknown owner": (["actions", "--owner", "Nobody"], "'Nobody' is not a member of any team"),
}


@pytest.mark.parametrize(("args", "mentions"), REFUSED.values(), ids=REFUSED.keys())
def test_refusals_are_one_line_and_change_nothing(demo_store: Store, args: list[str], mentions: str) -> None:
    assert_refused(demo_store.root, lambda: cli(*args), mentions=mentions)


def test_a_closed_cycle_says_so_when_an_action_is_ticked(demo_store: Store) -> None:
    demo_store.close_cycle("2026-Q4", force=True)
    before = snapshot_of(demo_store.root)
    refused = cli("actions", "--done", "ac-sec1")
    assert_user_error(refused.stderr, refused.exit_code, mentions="cycle 2026-Q4 is closed")
    assert snapshot_of(demo_store.root) == before
    shown = cli("actions")
    assert (
        "ac-sec1" in shown.stdout
        and "cycle 2026-Q4 is closed: its actions can no longer change" in shown.stdout
    )


def test_a_missing_store_is_an_error_not_an_empty_list(tmp_path: Path) -> None:
    for args in (["actions"], ["actions", "--done", "ac-x"], ["away"], ["remind"], ["digest"]):
        result = cli("--store", str(tmp_path / "typo"), *args)
        assert_user_error(result.stderr, result.exit_code, mentions=f"no okrtui store at {tmp_path / 'typo'}")
        assert "see `okrtui where`" in result.stderr
    assert not (tmp_path / "typo").exists()


def test_store_text_reaches_the_terminal_made_visible(demo_store: Store) -> None:
    request = NewAction(text="Ring \x1b]52;c;evil\x07 the bell", owner="Ben", week="2026-W47")
    add_action(demo_store, "2026-Q4", "platform", request)
    shown = cli("actions", "--owner", "Ben").stdout
    assert "\x1b" not in shown and "\x07" not in shown
