"""A store the real merge driver left a sync notice and a conflict on: Ana and Ben both checked in
kr-cfr5 for one week and both retitled kr-mig3, then synced through a bare remote."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.services.sync import init, sync
from okrtui.store import Store
from tests.services.gitstores import W47, bare_remote, be, edit_kr
from tests.support import check_in

ANAS_TITLE = "Migrate all 24 services by December"
BENS_TITLE = "Migrate the 24 services to the new platform"


def conflicted_store(tmp_path: Path, demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Ben's clone after Ana synced first and Ben second: it holds the notice and the conflict."""
    remote = bare_remote(tmp_path / "remote.git")
    be(monkeypatch, "Ana")
    init(demo_store.root, str(remote))
    ben = Store(tmp_path / "ben")
    be(monkeypatch, "Ben")
    init(ben.root, str(remote))

    be(monkeypatch, "Ana")
    check_in(demo_store, "kr-cfr5", week=W47, value=7, confidence=8, author="Ana")
    edit_kr(demo_store, "kr-mig3", title=ANAS_TITLE)
    sync(demo_store.root)
    be(monkeypatch, "Ben")
    check_in(ben, "kr-cfr5", week=W47, value=6, confidence=5, author="Ben")
    edit_kr(ben, "kr-mig3", title=BENS_TITLE)
    sync(ben.root)
    return ben
