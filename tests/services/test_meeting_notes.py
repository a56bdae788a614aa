"""The meeting summary and its Markdown notes: what the team reads after the meeting."""

from __future__ import annotations

from datetime import UTC, date, datetime

from okrtui.core.agenda import Agenda, build_steps
from okrtui.core.meeting_summary import summarize
from okrtui.core.models import Action, Meeting, VoteRecord
from okrtui.paths import notes_dir
from okrtui.report.notes import notes_markdown
from okrtui.services.notes import write_notes
from okrtui.store import Store
from tests.conftest import TODAY
from tests.support import check_in

WEEK = "2026-W47"


def finished_meeting(store: Store) -> tuple[Meeting, dict[str, float]]:
    """kr-mig3 answered in a meeting with a confidence drop, one action raised with a pipe in it."""
    cycle = store.current_cycle(TODAY)
    board = store.board(cycle, store.team("platform"))
    meeting = Meeting(
        id="mt-test",
        team="platform",
        cycle=cycle.id,
        week=WEEK,
        facilitator="Ana",
        attendees=["Ana", "Ben"],
        started_at=datetime(2026, 11, 18, 10, tzinfo=UTC),
        step_seconds={"opening": 50, "kr-mig3": 200, "kr-bld6": 90},
    )
    action = Action(
        id="ac-test1",
        text="Ask security | legal",
        owner="Ben",
        due=date(2026, 11, 20),
        raised_week=WEEK,
        meeting="mt-test",
    )
    store.save(cycle.id, "platform", action, message="test: an action the meeting raised")
    check_in(
        store, "kr-mig3", week=WEEK, value=6, confidence=1, moved="Two services moved", meeting="mt-test"
    )
    plan = Agenda(build_steps(k.id for k in board.live_key_results()), 900).base_plan()
    return meeting, plan


def test_summary_counts_updates_confidence_and_drops(demo_store: Store) -> None:
    meeting, plan = finished_meeting(demo_store)
    board = demo_store.board(demo_store.current_cycle(TODAY), demo_store.team("platform"))
    summary = summarize(board, meeting, TODAY, plan=plan)
    assert {k.status.kr.id for k in summary.updated} == {"kr-cfr5", "kr-mig3"}  # async + meeting
    assert [k.status.kr.id for k in summary.drops] == ["kr-mig3"]  # 3 -> 1
    assert "kr-mig3" in [k.status.kr.id for k in summary.attention]
    assert summary.avg_confidence == (7 + 1) / 2
    assert summary.avg_change is not None and summary.avg_change < 0
    assert summary.spent_seconds == 340 and summary.planned_seconds == 900


def test_notes_markdown_and_file(demo_store: Store) -> None:
    meeting, plan = finished_meeting(demo_store)
    board = demo_store.board(demo_store.current_cycle(TODAY), demo_store.team("platform"))
    summary = summarize(board, meeting, TODAY, plan=plan)
    text = notes_markdown(summary)
    assert text.startswith("# Platform OKR check-in, 2026-W47")
    assert "Attendees: Ana, Ben" in text
    assert "Confidence drop: kr-mig3 3 → 1" in text
    assert "- [ ] Ask security | legal — Ben, due 2026-11-20" in text
    assert "| kr-mig3 |" in text and "3:20 (" in text  # minutes spent against the plan
    assert "**kr-mig3** moved: Two services moved" in text
    assert "(not checked in)" in text  # kr-bld6 and others
    path = write_notes(demo_store.root, summary)
    assert path.parent == notes_dir(demo_store.root)
    assert path.read_text() == text
    assert not list(path.parent.glob(".notes-*"))


def test_notes_list_blockers_resolved_this_week(demo_store: Store) -> None:
    meeting, plan = finished_meeting(demo_store)
    check_in(demo_store, "kr-mig3", week=WEEK, value=6, confidence=1, resolve=["bl-mig30"], meeting="mt-test")
    board = demo_store.board(demo_store.current_cycle(TODAY), demo_store.team("platform"))
    summary = summarize(board, meeting, TODAY, plan=plan)
    assert [b.id for b in summary.resolved] == ["bl-mig30"]
    text = notes_markdown(summary)
    resolved = text.split("## Resolved this week")[1].split("##")[0]
    assert "**bl-mig30** (kr-mig3" in resolved
    assert "bl-mig30" not in text.split("## Open blockers")[1].split("##")[0]


def test_notes_carry_the_rooms_confidence_votes_and_flag_a_wide_spread(demo_store: Store) -> None:
    meeting, plan = finished_meeting(demo_store)
    meeting.votes = [
        VoteRecord(kr="kr-bld6", votes={"Ana": 8, "Ben": 3, "Chen": 6}),
        VoteRecord(kr="kr-bld6", round=2, votes={"Ana": 7, "Ben": 6}, not_counted=["Dara"]),
    ]
    board = demo_store.board(demo_store.current_cycle(TODAY), demo_store.team("platform"))
    text = notes_markdown(summarize(board, meeting, TODAY, plan=plan))
    votes = text.split("## Confidence votes")[1]
    first = "- **kr-bld6**: Ana 8, Chen 6, Ben 3 · low 3 · median 6 · high 8 · ⚠ spread 5: talk about this"
    assert first in votes
    lost = " · not counted: Dara (left, or the ballot did not open)"
    assert f"- **kr-bld6** (round 2): Ana 7, Ben 6 · low 6 · median 6.5 · high 7{lost}\n" in votes


def test_notes_without_a_vote_have_no_votes_section(demo_store: Store) -> None:
    meeting, plan = finished_meeting(demo_store)
    board = demo_store.board(demo_store.current_cycle(TODAY), demo_store.team("platform"))
    assert "Confidence votes" not in notes_markdown(summarize(board, meeting, TODAY, plan=plan))
