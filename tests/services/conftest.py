"""Fixtures for services: two people sharing a store through a bare git remote."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.services.sync import init
from okrtui.store import Store
from tests.services.gitstores import bare_remote, be


@pytest.fixture
def shared(tmp_path: Path, demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, Store]:
    """Ana's store (the demo) shared on a bare remote, and Ben's clone of it."""
    remote = bare_remote(tmp_path / "remote.git")
    be(monkeypatch, "Ana")
    init(demo_store.root, str(remote))
    ben = Store(tmp_path / "ben")
    be(monkeypatch, "Ben")
    init(ben.root, str(remote))
    return demo_store, ben
