"""Fixtures for services: two people sharing a store through a bare git remote."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.store import Store
from tests.services.gitstores import ana_and_ben


@pytest.fixture
def shared(tmp_path: Path, demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, Store]:
    """Ana's store (the demo) shared on a bare remote, and Ben's clone of it."""
    return ana_and_ben(tmp_path, demo_store, monkeypatch)
