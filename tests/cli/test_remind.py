"""`okrtui remind`: exactly the people who owe a check-in or an action this week, never the away."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner, Result

from okrtui.cli import main
from okrtui.core.models import Cycle, CycleState, KeyResult, Objective
from okrtui.store import Store
from tests.support import assert_refused, run_okrtui

DUE_IN_THE_DEMO = ["Ben", "Chen", "Dara", "Eli", "Farah", "Gus", "Hana"]
"""Everyone but Ana, whose one KR is checked in this week; Eli checked in one of his two."""


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def people(document: dict) -> list[str]:
    return [p["name"] for p in document["people"]]


def test_remind_names_exactly_the_people_who_owe_and_what(demo_store: Store) -> None:
    document = json.loads(cli("remind", "--format", "json").stdout)
    assert people(document) == DUE_IN_THE_DEMO
    by_name = {p["name"]: p for p in document["people"]}
    assert [c["kr"] for c in by_name["Ben"]["checkins"]] == ["kr-bld6", "kr-mig3"]
    assert [(a["id"], a["overdue"]) for a in by_name["Ben"]["actions"]] == [("ac-sec1", True)]
    assert [c["kr"] for c in by_name["Eli"]["checkins"]] == ["kr-chr4"], "kr-wat8 is checked in"
    text = cli("remind").stdout
    assert "Ana" not in text
    assert "Ben: 2 check-ins and 1 action" in text and "⚠ overdue by 5 days" in text


def test_a_check_in_takes_its_owner_off_the_list(demo_store: Store) -> None:
    saved = cli("checkin", "kr-nps4", "--value", "30", "--confidence", "6", "--as", "Dara")
    assert saved.exit_code == 0, saved.stderr
    assert "Dara" not in people(json.loads(cli("remind", "--format", "json").stdout))


def test_the_away_are_named_as_away_and_not_reminded(demo_store: Store) -> None:
    marked = cli("away", "--from", "2026-11-16", "--to", "2026-11-20", "--as", "ben", "--note", "conference")
    assert marked.exit_code == 0, marked.stderr
    assert "Ben is away 2026-11-16 to 2026-11-20" in marked.stdout
    document = json.loads(cli("remind", "--format", "json").stdout)
    assert people(document) == [p for p in DUE_IN_THE_DEMO if p != "Ben"]
    assert document["away"] == [{"name": "Ben", "from": "2026-11-16", "to": "2026-11-20"}]
    text = cli("remind").stdout
    assert (
        "Ben: " not in text
        and "Ben away 2026-11-16 to 2026-11-20, would owe 2 check-ins and 1 action" in text
    )
    listed = cli("away").stdout
    assert "Ben  2026-11-16 to 2026-11-20 (now)  conference" in listed

    period = listed.split()[0]
    assert cli("away", "--cancel", period).exit_code == 0
    assert people(json.loads(cli("remind", "--format", "json").stdout)) == DUE_IN_THE_DEMO


def test_away_from_tomorrow_is_still_reminded_today(demo_store: Store) -> None:
    assert cli("away", "--from", "tomorrow", "--to", "+3", "--as", "Ben").exit_code == 0
    assert "Ben" in people(json.loads(cli("remind", "--format", "json").stdout))


def test_stale_names_the_objective_owner(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    assert json.loads(cli("remind", "--stale", "2", "--format", "json").stdout)["stale"] == []
    monkeypatch.setenv("OKRTUI_TODAY", "2026-12-02")  # two weeks on, nobody has checked in since
    document = json.loads(cli("remind", "--stale", "3", "--team", "platform", "--format", "json").stdout)
    stale = {s["kr"]: (s["weeks_without"], s["owner"], s["objective_owner"]) for s in document["stale"]}
    assert stale == {
        "kr-bld6": (3, "Ben", "Ana"),
        "kr-upt9": (3, "Chen", "Ana"),
        "kr-nps4": (3, "Dara", "Dara"),
        "kr-mig3": (3, "Ben", "Dara"),
    }, "kr-cfr5 was checked in two weeks ago: not stale at 3"
    text = cli("remind", "--stale", "3", "--team", "platform").stdout
    assert "No check-in for 3+ weeks" in text and "kr-mig3" in text and "take it up with Dara" in text


def test_check_exits_1_while_anyone_owes(demo_store: Store) -> None:
    assert cli("remind", "--check").exit_code == 1
    assert cli("remind", "--check", "--team", "platform").exit_code == 1


def test_a_closed_board_owes_nothing_and_says_why(demo_store: Store) -> None:
    demo_store.close_cycle("2026-Q4", force=True)
    result = cli("remind", "--check")
    assert result.exit_code == 0
    assert "Nobody owes anything this week" in result.stdout
    assert "Platform: cycle 2026-Q4 is closed" in result.stdout


def test_a_team_with_okrs_only_next_quarter_says_where_they_are(demo_store: Store) -> None:
    demo_store.save_cycle(
        Cycle(id="2027-Q1", start=date(2027, 1, 1), end=date(2027, 3, 31), state=CycleState.PLANNING)
    )
    from okrtui.core.models import Team

    demo_store.add_team(Team(id="payments", name="Payments", members=["Ivy"]))
    demo_store.save(
        "2027-Q1",
        "payments",
        Objective(id="ob-pay1", cycle="2027-Q1", team="payments", title="Paying is effortless"),
        KeyResult(id="kr-pay1", objective="ob-pay1", title="Cut errors", owner="Ivy", baseline=3.5, target=1),
    )
    shown = cli("remind", "--team", "payments").stdout
    assert "Payments has no OKRs in 2026-Q4; 2027-Q1 has 1 objective (2027-01-01 to 2027-03-31)" in shown


def test_chat_forms_are_webhook_json(demo_store: Store) -> None:
    slack = json.loads(cli("remind", "--format", "slack").stdout)
    assert set(slack) == {"text", "blocks"} and "7 people owe" in slack["text"]
    teams = json.loads(cli("remind", "--format", "teams").stdout)
    assert teams["attachments"][0]["content"]["type"] == "AdaptiveCard"


def test_away_refusals_are_one_line_and_change_nothing(demo_store: Store) -> None:
    assert cli("away", "--from", "2026-11-23", "--to", "2026-11-27", "--as", "Ben").exit_code == 0
    for args, mentions in [
        (["--from", "2026-11-30", "--to", "2026-11-20", "--as", "Ben"], "before"),
        (["--from", "someday", "--as", "Ben"], "not a day"),
        (["--from", "2026-11-25", "--as", "Ben"], "already away 2026-11-23 to 2026-11-27"),
        (["--from", "2026-11-01", "--to", "2026-11-02", "--as", "Ben"], "over already"),
        (["--from", "today", "--as", "🙂"], "'🙂' is not a member of any team"),
        (["--to", "2026-11-30"], "--to goes with --from"),
        (["--cancel", "aw-nope"], "no away period 'aw-nope'"),
    ]:
        assert_refused(demo_store.root, lambda args=args: cli("away", *args), mentions=mentions)


def test_remind_in_a_real_process_for_cron(demo_store: Store) -> None:
    ran = run_okrtui("remind", "--team", "growth", "--format", "markdown")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("# Who owes what on Growth, week 2026-W47")
    assert "## Hana: 2 check-ins and 1 action" in ran.stdout


def test_a_cycle_that_has_not_started_owes_no_check_in(store: Store) -> None:
    """OKRs imported for next quarter: nobody is nagged (a check-in now would be refused), and
    `status --check` does not count this week's missing check-ins against it."""
    from okrtui.core.models import Team

    store.save_cycle(Cycle(id="2027-Q1", start=date(2027, 1, 1), end=date(2027, 3, 31)))
    store.save_team(Team(id="data", name="Data"))
    store.save(
        "2027-Q1",
        "data",
        Objective(id="ob-1", cycle="2027-Q1", team="data", title="Win the self-serve market"),
        KeyResult(id="kr-1", objective="ob-1", title="Grow weekly active teams", owner="Ana", target=2000),
    )
    document = json.loads(cli("remind", "--format", "json").stdout)
    assert people(document) == []
    told = cli("remind")
    assert "cycle 2027-Q1 starts 2027-01-01: no check-ins are due before then" in told.stdout
    assert cli("remind", "--check").exit_code == 0
    checked = cli("status", "--check")
    assert "no check-in in" not in checked.stderr
