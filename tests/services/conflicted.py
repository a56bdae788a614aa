"""Stores the real merge driver left sync notices and conflicts on, after Ana and Ben worked apart
and synced through a bare remote: on a team's board (`conflicted_store`) and in the workspace file
(`workspace_conflicted_store`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrtui.services.sync import sync
from okrtui.store import Store
from tests.services.gitstores import W47, ana_and_ben, be, edit_blocker, edit_kr
from tests.support import check_in

ANAS_TITLE = "Migrate all 24 services by December"
BENS_TITLE = "Migrate the 24 services to the new platform"


def conflicted_store(tmp_path: Path, demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Ben's clone after Ana synced first and Ben second: it holds the notice and the conflict."""
    _, ben = ana_and_ben(tmp_path, demo_store, monkeypatch)

    be(monkeypatch, "Ana")
    check_in(demo_store, "kr-cfr5", week=W47, value=7, confidence=8, author="Ana")
    edit_kr(demo_store, "kr-mig3", title=ANAS_TITLE)
    sync(demo_store.root)
    be(monkeypatch, "Ben")
    check_in(ben, "kr-cfr5", week=W47, value=6, confidence=5, author="Ben")
    edit_kr(ben, "kr-mig3", title=BENS_TITLE)
    sync(ben.root)
    return ben


ANAS_TEAM = "Platform Eng"
BENS_TEAM = "Infra"
ANAS_END = date(2026, 12, 18)
BENS_END = date(2026, 12, 20)
BENS_BLOCKER = "Build cache disk full (ordered a bigger one)"


def workspace_conflicted_store(tmp_path: Path, demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Ben's clone after both renamed Platform and moved 2026-Q4's end, each differently, while Ana
    resolved blocker bl-bld60 (on kr-bld6) that Ben edited; Ana synced first, Ben second."""
    _, ben = ana_and_ben(tmp_path, demo_store, monkeypatch)

    for name, store, team, end in (
        ("Ana", demo_store, ANAS_TEAM, ANAS_END),
        ("Ben", ben, BENS_TEAM, BENS_END),
    ):
        be(monkeypatch, name)
        store.update_team("platform", lambda t, team=team: t.model_copy(update={"name": team}))
        store.save_cycle(store.cycle("2026-Q4").model_copy(update={"end": end}))
    check_in(demo_store, "kr-bld6", week=W47, value=9, confidence=6, author="Ana", resolve=["bl-bld60"])
    edit_blocker(ben, "kr-bld6", "bl-bld60", text=BENS_BLOCKER)
    be(monkeypatch, "Ana")
    sync(demo_store.root)
    be(monkeypatch, "Ben")
    sync(ben.root)
    return ben
