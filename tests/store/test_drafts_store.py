"""Completing and discarding drafts in the store: one locked write, based on the draft as read."""

from __future__ import annotations

from datetime import date

import pytest

from okrtui.core.drafts import DraftKeyResult
from okrtui.core.models import Cycle, Direction, Objective, Team
from okrtui.store import Store
from okrtui.store.errors import DraftGoneError, StaleWriteError
from tests.conftest import snapshot_of


@pytest.fixture
def with_draft(store: Store) -> Store:
    store.save_team(Team(id="sales", name="Sales", members=["Zed"]))
    store.save_cycle(Cycle(id="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31)))
    objective = Objective(id="ob-1", cycle="2026-Q4", team="sales", title="Grow")
    store.save(
        "2026-Q4", "sales", objective, DraftKeyResult(id="kr-d1", objective="ob-1", title="Sign partners")
    )
    return store


def stored(store: Store) -> DraftKeyResult:
    (board,) = store.boards(store.cycles()[0])
    found = board.draft("kr-d1")
    assert found is not None
    return found


def test_a_draft_changed_since_it_was_read_is_refused_and_left_as_it_is(with_draft: Store) -> None:
    seen = stored(with_draft).rev
    Store(with_draft.root, actor="Yan").save(
        "2026-Q4", "sales", stored(with_draft).model_copy(update={"owner": "Yan"})
    )
    before = snapshot_of(with_draft.root)
    with pytest.raises(StaleWriteError, match="kr-d1 was changed by Yan"):
        with_draft.promote_draft("kr-d1", owner="Zed", baseline=1, target=2, based_on=seen)
    with pytest.raises(StaleWriteError):
        with_draft.discard_draft("kr-d1", based_on=seen)
    assert snapshot_of(with_draft.root) == before


def test_completing_with_a_direction_then_again_says_it_is_done(with_draft: Store) -> None:
    seen = stored(with_draft).rev
    kr = with_draft.promote_draft(
        "kr-d1", owner="Zed", baseline=5, target=5, direction=Direction.MAINTAIN_ABOVE, based_on=seen
    )
    assert kr.direction is Direction.MAINTAIN_ABOVE
    with pytest.raises(DraftGoneError, match="completed by"):
        with_draft.promote_draft("kr-d1", owner="Zed", baseline=1, target=2, based_on=seen)


def test_discarding_archives_and_the_draft_cannot_be_completed_after(with_draft: Store) -> None:
    saved = with_draft.discard_draft("kr-d1", based_on=stored(with_draft).rev)
    assert saved.archived and stored(with_draft).archived  # still in the file
    (board,) = with_draft.boards(with_draft.cycles()[0])
    assert board.open_drafts() == []
    with pytest.raises(DraftGoneError, match="discarded"):
        with_draft.promote_draft("kr-d1", owner="Zed", baseline=1, target=2)
