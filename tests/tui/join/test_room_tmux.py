"""The room in real terminals: a facilitator and two participants, each `okrtui` in its own tmux pane."""

from __future__ import annotations

from okrtui.store import Store
from tests.conftest import TODAY
from tests.terminal import Tmux, needs_tmux, okrtui, tmux, wait_until

pytestmark = needs_tmux
__all__ = ["tmux"]  # the fixture
FOLLOW = 5.0
"""A step change shows on every participant's screen within this long, on a loaded CI machine
(`bench/room_bench.py` measures how long it really takes)."""


def meeting_record(store: Store):
    board = store.board(store.current_cycle(TODAY), store.team("platform"))
    return board, board.meeting_in("2026-W47")


def test_two_participants_follow_type_and_vote_with_the_facilitator(demo_store: Store, tmux: Tmux) -> None:
    tmux.start(okrtui(demo_store.root, "meeting", "--team", "platform"), name="room")
    tmux.wait_for("step 1 of 8: opening", name="room")
    for name, pane in (("Ana", "ana"), ("Ben", "ben")):
        tmux.start(okrtui(demo_store.root, "join", "--team", "platform", "--as", name), name=pane)
        tmux.wait_for("step 1 of 8: opening", name=pane)
    tmux.wait_for("● Ben", name="room")
    tmux.wait_for("● Ana", name="room")

    tmux.keys("PageDown", name="room")  # KR 1: kr-cfr5, Ana's
    for pane in ("ana", "ben"):
        tmux.wait_for("KR 1 of 5", name=pane, within=FOLLOW)
    tmux.keys("End", "C-u", "8.5", "Tab", "6", name="ana")
    tmux.wait_for("6/10", name="ana")  # her keys are in her form

    screen = tmux.wait_for("Confidence   6/10", name="room", within=FOLLOW)
    assert "Ana is typing" in screen and "Value       8.5" in screen
    tmux.keys("Enter", name="ana")  # she confirms (while she types, moving on asks first)
    tmux.wait_for("Ana confirmed", name="room", within=FOLLOW)
    tmux.keys("Enter", name="room")  # the facilitator's Enter files Ana's answer
    tmux.wait_for("KR 2 of 5", name="room")
    tmux.keys("PageDown", name="room")  # KR 3: kr-upt9, Chen's: Ana and Ben only vote
    for pane in ("ana", "ben"):
        tmux.wait_for("KR 3 of 5", name=pane, within=FOLLOW)

    tmux.keys("F2", name="room")
    for pane in ("ana", "ben"):
        tmux.wait_for("Confidence vote on kr-upt9", name=pane, within=FOLLOW)
    tmux.keys("7", "Enter", name="ana")
    tmux.keys("3", "Enter", name="ben")
    tmux.wait_for("2 voted · F2 reveals · Ana, Ben", name="room", within=FOLLOW)
    for pane in ("room", "ana", "ben"):
        assert "Ana 7" not in tmux.screen(pane) and "Ben 3" not in tmux.screen(pane)
    tmux.keys("F2", name="room")
    for pane in ("room", "ana", "ben"):
        # (the start of the line: Ana's "sent" toast may still cover its end)
        assert "Votes revealed: low 3 · median 5" in tmux.wait_for("Ana 7, Ben 3", name=pane, within=FOLLOW)

    def recorded() -> bool:
        _board, meeting = meeting_record(demo_store)
        return [(v.kr, v.votes) for v in meeting.votes] == [("kr-upt9", {"Ana": 7, "Ben": 3})]

    wait_until(recorded, "the votes in the meeting record")
    board, meeting = meeting_record(demo_store)
    saved = board.checkin("kr-cfr5", "2026-W47")
    assert (saved.value, saved.confidence, saved.author, saved.meeting) == (8.5, 6, "Ana", meeting.id)
    assert set(meeting.joined) == {"Ana", "Ben"}
