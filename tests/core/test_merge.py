"""The record-by-record merge of store file data: what two machines' changes become."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from okrtui.core.merge import CONFLICTS, NOTICES, WHOLE_RECORD, merge_data
from okrtui.core.sync_records import open_conflicts, unseen_notices
from okrtui.services.merging import record_is_valid
from tests.core.records import KR, blocker, checkin, rows, tables


def test_inserts_on_both_sides_are_all_kept_and_rows_renumbered() -> None:
    base = tables(blockers=[blocker("bl-1")])
    ours = tables(blockers=[blocker("bl-1"), blocker("bl-2", text="Ours")])
    theirs = tables(blockers=[blocker("bl-1"), blocker("bl-3", text="Theirs")])

    merged = merge_data(base, ours, theirs).data

    assert sorted(merged["blockers"]) == ["1", "2", "3"]
    assert {b["id"] for b in rows(merged, "blockers")} == {"bl-1", "bl-2", "bl-3"}
    assert rows(merged, "blockers")[0]["id"] == "bl-1"  # what both had keeps its place


def test_the_rows_a_merge_leaves_for_people_read_as_the_documented_records() -> None:
    base = tables(key_results=[KR], checkins=[])
    ours = tables(key_results=[{**KR, "title": "Ours"}], checkins=[checkin("ci-1", "2026-W47", 1, "17")])
    theirs = tables(key_results=[{**KR, "title": "Theirs"}], checkins=[checkin("ci-2", "2026-W47", 2, "18")])

    data = merge_data(base, ours, theirs).data

    (conflict,) = open_conflicts(data[CONFLICTS])
    (notice,) = unseen_notices(data[NOTICES])
    assert (conflict.record, conflict.field, conflict.chosen) == ("kr-a", "title", "Theirs")
    assert (notice.kind, notice.kr, notice.kept, notice.replaced) == ("checkins_met", "kr-a", "ci-2", "ci-1")
    data[CONFLICTS]["1"]["resolved"] = True
    assert open_conflicts(data[CONFLICTS]) == []


def test_the_same_kr_and_week_checked_in_on_both_sides_keeps_both() -> None:
    base = tables(checkins=[checkin("ci-1", "2026-W46", 1, "10")])
    ana = checkin("ci-2", "2026-W47", 3, "17", "Ana")
    ben = checkin("ci-3", "2026-W47", 4, "18", "Ben")
    ours = tables(checkins=[*rows(base, "checkins"), ana])
    theirs = tables(checkins=[*rows(base, "checkins"), ben])

    result = merge_data(base, ours, theirs)

    week47 = [c for c in rows(result.data, "checkins") if c["week"] == "2026-W47"]
    assert len(week47) == 1
    assert week47[0]["id"] == "ci-3" and week47[0]["value"] == 4  # Ben's is later
    assert [h["id"] for h in week47[0]["history"]] == ["ci-2"]
    assert week47[0]["history"][0]["value"] == 3
    (notice,) = rows(result.data, NOTICES)
    assert notice["kind"] == "checkins_met" and notice["kr"] == "kr-a" and notice["week"] == "2026-W47"
    assert "Ben's (4, confidence 7) is current" in notice["message"]
    assert "Ana's (3, confidence 7) is kept in its history" in notice["message"]


def test_a_replaced_checkin_replaced_again_on_the_other_side_keeps_all_three_answers() -> None:
    first = checkin("ci-1", "2026-W47", 1, "16")
    base = tables(checkins=[first])
    earlier = [{k: v for k, v in first.items() if k != "history"}]
    ours = tables(checkins=[{**first, "value": 2, "created_at": "2026-11-17T09:00:00Z", "history": earlier}])
    theirs = tables(
        checkins=[{**first, "value": 5, "created_at": "2026-11-18T09:00:00Z", "history": earlier}]
    )

    (current,) = rows(merge_data(base, ours, theirs).data, "checkins")

    assert current["value"] == 5
    assert [h["value"] for h in current["history"]] == [1, 2]


def test_a_blocker_resolved_on_one_side_stays_resolved_while_the_other_edits_it() -> None:
    base = tables(blockers=[blocker("bl-1")])
    ours = tables(blockers=[blocker("bl-1", resolved_week="2026-W47", resolution="Legal signed")])
    theirs = tables(blockers=[blocker("bl-1", text="Waiting on legal (asked twice)")])

    (merged,) = rows(merge_data(base, ours, theirs).data, "blockers")

    assert merged["resolved_week"] == "2026-W47"
    assert merged["resolution"] == "Legal signed"
    assert merged["text"] == "Waiting on legal (asked twice)"


def test_a_blocker_resolved_on_both_sides_stays_resolved_without_a_conflict() -> None:
    base = tables(blockers=[blocker("bl-1", resolved_week=None)])
    ours = tables(blockers=[blocker("bl-1", resolved_week="2026-W48")])
    theirs = tables(blockers=[blocker("bl-1", resolved_week="2026-W47")])

    result = merge_data(base, ours, theirs)

    assert rows(result.data, "blockers")[0]["resolved_week"] == "2026-W47"
    assert CONFLICTS not in result.data


def test_edits_to_different_fields_both_apply() -> None:
    base = tables(key_results=[KR])
    ours = tables(key_results=[{**KR, "title": "Grow weekly signups"}])
    theirs = tables(key_results=[{**KR, "target": 20, "archived": True}])

    result = merge_data(base, ours, theirs)

    (kr,) = rows(result.data, "key_results")
    assert (kr["title"], kr["target"], kr["archived"]) == ("Grow weekly signups", 20, True)
    assert result.conflicts == []


def test_the_same_field_edited_differently_is_a_recorded_conflict_keeping_both_values() -> None:
    base = tables(key_results=[{**KR, "rev": 3}])
    ours = tables(key_results=[{**KR, "title": "Ours", "unit": "signups", "rev": 4}])
    theirs = tables(key_results=[{**KR, "title": "Theirs", "rev": 5}])

    result = merge_data(base, ours, theirs)

    (kr,) = rows(result.data, "key_results")
    assert kr["title"] == "Theirs"  # the later edit (higher rev) is shown
    assert kr["unit"] == "signups"
    assert kr["rev"] == 6  # a version neither side had: a new revision
    (conflict,) = rows(result.data, CONFLICTS)
    assert conflict["record"] == "kr-a" and conflict["field"] == "title"
    assert conflict["values"] == ["Ours", "Theirs"] and conflict["chosen"] == "Theirs"
    assert conflict["message"] == (
        "kr-a title was set differently on two machines: 'Ours' and 'Theirs';"
        " 'Theirs' is kept until someone chooses"
    )
    assert result.conflicts == [conflict]


def test_changed_at_decides_which_edit_is_later() -> None:
    base = tables(key_results=[KR])
    ours = tables(key_results=[{**KR, "title": "Ours", "changed_at": "2026-11-18T10:00:00+01:00"}])
    theirs = tables(key_results=[{**KR, "title": "Theirs", "changed_at": "2026-11-18T09:30:00+00:00"}])

    (kr,) = rows(merge_data(base, ours, theirs).data, "key_results")

    assert kr["title"] == "Theirs"  # 09:30 UTC is later than 10:00+01:00
    assert kr["changed_at"] == "2026-11-18T09:30:00+00:00"


def test_a_record_removed_on_one_side_and_changed_on_the_other_is_kept() -> None:
    draft = {"id": "kr-d", "objective": "ob-a", "title": "Draft"}
    base = tables(drafts=[draft])
    ours = tables(drafts=[])
    theirs = tables(drafts=[{**draft, "title": "Draft, edited"}])

    result = merge_data(base, ours, theirs)

    assert rows(result.data, "drafts") == [{**draft, "title": "Draft, edited"}]
    assert rows(result.data, NOTICES)[0]["kind"] == "kept"


def test_a_removal_on_one_side_of_an_untouched_record_applies() -> None:
    draft = {"id": "kr-d", "objective": "ob-a", "title": "Draft"}
    base = tables(drafts=[draft], key_results=[])
    ours = tables(drafts=[], key_results=[{**KR, "id": "kr-d"}])  # promoted
    theirs = tables(drafts=[draft], key_results=[KR])

    merged = merge_data(base, ours, theirs).data

    assert rows(merged, "drafts") == []
    assert {k["id"] for k in rows(merged, "key_results")} == {"kr-a", "kr-d"}


def test_unknown_tables_and_fields_are_carried_through() -> None:
    base = tables(key_results=[KR], presence=[{"id": "pr-1", "who": "Ana"}])
    ours = tables(key_results=[{**KR, "colour": "teal"}], presence=[{"id": "pr-1", "who": "Ana"}])
    theirs = tables(key_results=[{**KR, "title": "T"}], presence=[{"id": "pr-1", "who": "Ana", "seen": 1}])

    merged = merge_data(base, ours, theirs).data

    assert rows(merged, "key_results") == [{**KR, "title": "T", "colour": "teal"}]
    assert rows(merged, "presence") == [{"id": "pr-1", "who": "Ana", "seen": 1}]


def test_members_added_on_both_sides_are_all_kept() -> None:
    team = {"id": "platform", "name": "Platform", "members": ["Ana", "Ben"]}
    base = tables(teams=[team])
    ours = tables(teams=[{**team, "members": ["Ana", "Ben", "Cy"]}])
    theirs = tables(teams=[{**team, "members": ["Ana", "Dee"]}])

    (merged,) = rows(merge_data(base, ours, theirs).data, "teams")

    assert merged["members"] == ["Ana", "Cy", "Dee"]  # Ben was removed on one side


def test_a_cycle_closed_on_one_side_stays_closed() -> None:
    cycle = {"id": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31", "state": "planning"}
    base = tables(cycles=[cycle])
    ours = tables(cycles=[{**cycle, "state": "closed"}])
    theirs = tables(cycles=[{**cycle, "state": "active"}])

    assert rows(merge_data(base, ours, theirs).data, "cycles")[0]["state"] == "closed"


def test_a_merge_that_would_make_an_invalid_record_keeps_one_side_whole_and_records_it() -> None:
    base = tables(key_results=[KR])
    ours = tables(key_results=[{**KR, "target": 5}])
    theirs = tables(key_results=[{**KR, "baseline": 5, "rev": 2}])

    def valid(table: str, record: dict[str, Any]) -> bool:
        return table != "key_results" or record["baseline"] != record["target"]

    result = merge_data(base, ours, theirs, valid)

    assert rows(result.data, "key_results") == [{**KR, "baseline": 5, "rev": 2}]
    (conflict,) = rows(result.data, CONFLICTS)
    assert conflict["field"] == WHOLE_RECORD
    assert {v.get("target") for v in conflict["values"]} == {5, 10}


def test_a_file_added_on_both_sides_merges_without_an_ancestor() -> None:
    ours = tables(teams=[{"id": "a", "name": "A"}])
    theirs = tables(teams=[{"id": "b", "name": "B"}])

    merged = merge_data(None, ours, theirs).data

    assert [t["id"] for t in rows(merged, "teams")] == ["a", "b"]


def test_a_conflict_already_recorded_and_resolved_is_not_recorded_again() -> None:
    base = tables(key_results=[KR])
    ours = tables(key_results=[{**KR, "title": "Ours"}])
    theirs = tables(key_results=[{**KR, "title": "Theirs"}])
    first = merge_data(base, ours, theirs).data
    resolved = copy.deepcopy(first)
    resolved[CONFLICTS]["1"]["resolved"] = True

    again = merge_data(base, {**ours, CONFLICTS: resolved[CONFLICTS]}, theirs).data

    assert len(again[CONFLICTS]) == 1 and again[CONFLICTS]["1"]["resolved"] is True


# -- the workspace file: teams, members, cycles ----------------------------------------------------

TEAM = {"id": "platform", "name": "Platform", "members": ["Ana", "Ben"], "rev": 2}
CYCLE = {"id": "2026-Q4", "start": "2026-09-21", "end": "2026-12-31", "state": "active", "rev": 1}


def test_a_team_renamed_differently_on_two_machines_is_a_recorded_conflict() -> None:
    base = tables(teams=[TEAM], cycles=[CYCLE])
    ours = tables(teams=[{**TEAM, "name": "Platform Eng", "rev": 3}], cycles=[CYCLE])
    theirs = tables(teams=[{**TEAM, "name": "Infra", "rev": 3}], cycles=[CYCLE])

    result = merge_data(base, ours, theirs)

    (team,) = rows(result.data, "teams")
    (conflict,) = open_conflicts(result.data[CONFLICTS])
    assert (conflict.table, conflict.record, conflict.field) == ("teams", "platform", "name")
    assert conflict.values == ["Infra", "Platform Eng"] and team["name"] == conflict.chosen
    assert team["members"] == ["Ana", "Ben"]
    assert merge_data(base, theirs, ours).data == result.data  # who merges whom does not matter


def test_a_team_renamed_on_one_machine_and_given_a_member_on_the_other_takes_both() -> None:
    base = tables(teams=[TEAM])
    ours = tables(teams=[{**TEAM, "name": "Platform Eng", "rev": 3}])
    theirs = tables(teams=[{**TEAM, "members": ["Ana", "Ben", "Cy"], "rev": 3}])

    result = merge_data(base, ours, theirs)

    (team,) = rows(result.data, "teams")
    assert (team["name"], team["members"]) == ("Platform Eng", ["Ana", "Ben", "Cy"])
    assert result.conflicts == []


def test_a_member_renamed_two_ways_keeps_both_names_and_asks() -> None:
    base = tables(teams=[TEAM])
    ours = tables(teams=[{**TEAM, "members": ["Ana", "Benjamin"]}])
    theirs = tables(teams=[{**TEAM, "members": ["Ana", "Ben S."]}])

    result = merge_data(base, ours, theirs)

    (team,) = rows(result.data, "teams")
    assert team["members"] == ["Ana", "Ben S.", "Benjamin"]  # nobody's name is lost
    (conflict,) = result.conflicts
    assert (conflict["field"], conflict["chosen"]) == ("members", team["members"])
    assert conflict["values"] == [["Ana", "Ben S."], ["Ana", "Benjamin"]]
    assert merge_data(base, theirs, ours).data == result.data


def test_members_removed_on_one_side_and_added_on_the_other_ask_nothing() -> None:
    base = tables(teams=[TEAM])
    ours = tables(teams=[{**TEAM, "members": ["Ana"]}])
    theirs = tables(teams=[{**TEAM, "members": ["Ana", "Ben", "Cy"]}])

    result = merge_data(base, ours, theirs)

    assert rows(result.data, "teams")[0]["members"] == ["Ana", "Cy"] and result.conflicts == []


def test_a_team_moved_under_two_parents_is_a_conflict_and_keeps_both() -> None:
    base = tables(teams=[TEAM])
    ours = tables(teams=[{**TEAM, "parent": "engineering"}])
    theirs = tables(teams=[{**TEAM, "parent": "product"}])

    (conflict,) = merge_data(base, ours, theirs).conflicts

    assert (conflict["field"], conflict["values"]) == ("parent", ["engineering", "product"])


def test_a_cycle_started_on_both_machines_with_different_dates_is_a_conflict_per_date() -> None:
    new = {"id": "2027-Q1", "start": "2027-01-01", "end": "2027-03-31", "state": "planning"}
    base = tables(cycles=[CYCLE])
    ours = tables(cycles=[CYCLE, {**new, "changed_at": "2026-11-18T09:00:00Z"}])
    theirs = tables(cycles=[CYCLE, {**new, "start": "2027-01-04", "changed_at": "2026-11-18T10:00:00Z"}])

    result = merge_data(base, ours, theirs, record_is_valid)

    assert [c["id"] for c in rows(result.data, "cycles")] == ["2026-Q4", "2027-Q1"]
    (conflict,) = result.conflicts
    assert (conflict["record"], conflict["field"]) == ("2027-Q1", "start")
    assert conflict["values"] == ["2027-01-01", "2027-01-04"] and conflict["chosen"] == "2027-01-04"
    assert rows(result.data, "cycles")[1]["start"] == "2027-01-04"  # the later one, until someone chooses


def test_a_cycle_whose_two_new_dates_would_not_make_a_cycle_keeps_one_side_whole() -> None:
    base = tables(cycles=[CYCLE])
    ours = tables(cycles=[{**CYCLE, "start": "2026-12-20", "rev": 2}])  # start moved late
    theirs = tables(cycles=[{**CYCLE, "end": "2026-12-10", "rev": 2}])  # end moved early

    result = merge_data(base, ours, theirs, record_is_valid)

    (cycle,) = rows(result.data, "cycles")
    assert record_is_valid("cycles", cycle) and cycle in (ours["cycles"]["1"], theirs["cycles"]["1"])
    (conflict,) = result.conflicts
    assert conflict["field"] == WHOLE_RECORD and len(conflict["values"]) == 2


def test_a_blocker_resolved_on_one_machine_and_edited_on_the_other_tells_the_editor() -> None:
    base = tables(blockers=[blocker("bl-1")])
    ours = tables(blockers=[blocker("bl-1", resolved_week="2026-W47", resolution="Signed")])
    theirs = tables(blockers=[blocker("bl-1", text="Waiting on legal (chased)")])

    result = merge_data(base, ours, theirs)

    (merged,) = rows(result.data, "blockers")
    assert (merged["resolved_week"], merged["text"]) == ("2026-W47", "Waiting on legal (chased)")
    (notice,) = unseen_notices(result.data[NOTICES])
    assert (notice.kind, notice.kr, notice.record) == ("blocker_resolved", "kr-a", "bl-1")
    assert "resolved on one machine in 2026-W47 ('Signed')" in notice.message
    assert "text 'Waiting on legal (chased)'" in notice.message
    assert merge_data(base, theirs, ours).data == result.data


def test_a_blocker_resolved_on_one_machine_only_is_no_news() -> None:
    base = tables(blockers=[blocker("bl-1")], key_results=[KR])
    ours = tables(blockers=[blocker("bl-1", resolved_week="2026-W47")], key_results=[KR])
    theirs = tables(blockers=[blocker("bl-1")], key_results=[{**KR, "title": "T"}])

    assert merge_data(base, ours, theirs).notices == []


# -- properties: random edits on two sides --------------------------------------------------------

WEEKS = ["2026-W45", "2026-W46", "2026-W47"]
edit = st.one_of(
    st.tuples(st.just("checkin"), st.sampled_from(WEEKS), st.integers(0, 99), st.integers(10, 28)),
    st.tuples(st.just("field"), st.sampled_from(["title", "target", "unit", "owner"]), st.integers(0, 3)),
    st.tuples(st.just("blocker"), st.integers(0, 3), st.booleans()),
    st.tuples(st.just("extra"), st.integers(0, 3)),
)


def apply(data: dict[str, Any], edits: list[tuple[Any, ...]], side: str) -> dict[str, Any]:
    """What a store would write for these edits (check-ins one per KR and week, kept history)."""
    data = copy.deepcopy(data)
    for n, change in enumerate(edits):
        kind = change[0]
        if kind == "checkin":
            _, week, value, day = change
            table = data.setdefault("checkins", {})
            old = next((k for k, c in table.items() if c["week"] == week), None)
            fresh = checkin(f"ci-{side}{n}", week, value, str(day), author=side)
            if old is not None:
                prev = table[old]
                hist = [*prev["history"], {k: v for k, v in prev.items() if k != "history"}]
                table[old] = {**fresh, "id": prev["id"], "history": hist}
            else:
                table[str(len(table) + 1)] = fresh
        elif kind == "field":
            _, name, value = change
            data["key_results"]["1"][name] = f"{side}{value}" if name != "target" else value
        elif kind == "blocker":
            _, which, resolve = change
            table = data.setdefault("blockers", {})
            bid = f"bl-{which}"
            row = next((k for k, b in table.items() if b["id"] == bid), None)
            if row is None:
                table[str(len(table) + 1)] = blocker(bid, text=f"{side} raised")
            elif resolve:
                table[row]["resolved_week"] = "2026-W47"
            else:
                table[row]["text"] = f"{side} edited"
        else:
            data["key_results"]["1"][f"x{change[1]}"] = side
    return data


def every_answer(data: dict[str, Any]) -> set[tuple[str, str, Any]]:
    answers = set()
    for c in rows(data, "checkins"):
        for a in [c, *c["history"]]:
            answers.add((a["week"], a["author"], a["value"]))
    return answers


START = tables(key_results=[KR], checkins=[checkin("ci-0", "2026-W45", 1, "05")])


@settings(max_examples=300, deadline=None)
@given(st.lists(edit, max_size=8), st.lists(edit, max_size=8))
def test_merging_is_symmetric_and_loses_no_checkin_or_record(ours_edits: list, theirs_edits: list) -> None:
    ours, theirs = apply(START, ours_edits, "o"), apply(START, theirs_edits, "t")

    merged = merge_data(START, ours, theirs).data

    assert merged == merge_data(START, theirs, ours).data  # who merges whom does not matter
    assert every_answer(ours) | every_answer(theirs) <= every_answer(merged)
    weeks = [c["week"] for c in rows(merged, "checkins")]
    assert len(weeks) == len(set(weeks))  # still one check-in per KR and week
    for table in ("blockers", "key_results"):
        ids = {r["id"] for side in (ours, theirs) for r in rows(side, table)}
        assert ids == {r["id"] for r in rows(merged, table)}
    assert [int(k) for k in merged["checkins"]] == list(range(1, len(merged["checkins"]) + 1))
    resolved = {b["id"] for side in (ours, theirs) for b in rows(side, "blockers") if b.get("resolved_week")}
    assert resolved <= {b["id"] for b in rows(merged, "blockers") if b.get("resolved_week")}
    kr = rows(merged, "key_results")[0]
    for name in ("title", "target", "unit", "owner"):
        values = {side["key_results"]["1"].get(name) for side in (ours, theirs)}
        values.discard(KR.get(name))
        if len(values) == 2:  # both changed it, differently: a conflict keeps both
            kept = [c for c in rows(merged, CONFLICTS) if c["field"] == name]
            assert len(kept) == 1 and set(map(str, kept[0]["values"])) == set(map(str, values))
        elif values:
            assert kr.get(name) in values


@settings(max_examples=100, deadline=None)
@given(st.lists(edit, max_size=8))
def test_merging_with_an_unchanged_side_gives_the_changed_side(edits: list) -> None:
    changed = apply(START, edits, "o")

    assert merge_data(START, changed, START).data == {k: v for k, v in changed.items()}
    assert merge_data(START, changed, changed).data == changed
