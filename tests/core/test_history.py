"""Store file versions described in words, and a KR as it stood in a week."""

from __future__ import annotations

from typing import Any

from okrtui.core.history import counted, describe_kr_change, kr_as_of, kr_slice, summary
from tests.core.records import KR, blocker, checkin, tables


def test_summary_counts_changed_records_by_table() -> None:
    before = tables(checkins=[checkin("ci-1", "2026-W46", 1, "10")], blockers=[blocker("bl-1")])
    after = tables(
        checkins=[checkin("ci-1", "2026-W46", 2, "10"), checkin("ci-2", "2026-W47", 3, "17")],
        blockers=[blocker("bl-1")],
        teams=[{"id": "t", "name": "T"}],
    )

    assert summary(before, after) == "2 check-ins, 1 team"
    assert summary(after, after) == "no record changed"
    assert summary(None, tables(key_results=[KR])) == "1 key result"


def test_counted() -> None:
    assert (counted(1, "change"), counted(3, "change"), counted(2, "entry", "entries")) == (
        "1 change",
        "3 changes",
        "2 entries",
    )


def slice_of(**named: list[dict[str, Any]]) -> Any:
    return kr_slice(tables(**named), "kr-a")


def test_a_kr_change_is_told_as_what_a_person_did() -> None:
    before = slice_of(key_results=[KR], blockers=[blocker("bl-1"), blocker("bl-2")])
    after = slice_of(
        key_results=[{**KR, "title": "Grow weekly signups", "archived": True, "rev": 9}],
        checkins=[checkin("ci-1", "2026-W47", 7, "17", "Ben")],
        blockers=[blocker("bl-1", resolved_week="2026-W47"), blocker("bl-2"), blocker("bl-3", text="New")],
    )

    assert describe_kr_change(before, after) == [
        "archived it",
        "changed title",
        "checked in 2026-W47: 7, confidence 7 (Ben)",
        "resolved blocker bl-1: Waiting on legal",
        "raised blocker bl-3: New",
    ]


def test_a_checkin_that_only_gained_history_in_a_merge_says_so() -> None:
    answer = checkin("ci-1", "2026-W47", 7, "17")
    before = slice_of(key_results=[KR], checkins=[answer])
    after = slice_of(key_results=[KR], checkins=[{**answer, "history": [{"value": 6}]}])

    assert describe_kr_change(before, after) == ["kept another check-in of 2026-W47 in its history"]


def test_text_from_the_store_is_printed_on_one_line_without_control_characters() -> None:
    after = slice_of(key_results=[KR], blockers=[blocker("bl-1", text="Evil\x1b[2J\nline")])

    (said,) = describe_kr_change(slice_of(key_results=[KR]), after)

    assert "\x1b" not in said and "\n" not in said


def test_a_kr_as_of_a_week_has_the_latest_checkin_and_the_blockers_open_then() -> None:
    data = tables(
        key_results=[KR],
        checkins=[checkin("ci-1", "2026-W44", 1, "01"), checkin("ci-2", "2026-W46", 4, "12")],
        blockers=[
            blocker("bl-1", raised_week="2026-W44", resolved_week="2026-W46"),
            blocker("bl-2", raised_week="2026-W45"),
            blocker("bl-3", raised_week="2026-W46"),
        ],
    )

    then = kr_as_of(data, "kr-a", "2026-W45")

    assert then is not None
    assert then.checkin is not None and then.checkin.week == "2026-W44"
    assert [b.id for b in then.open_blockers] == ["bl-1", "bl-2"]
    assert kr_as_of(data, "kr-zz", "2026-W45") is None
