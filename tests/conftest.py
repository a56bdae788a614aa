"""Every test runs against a throw-away store and config; none touches a real user's folders."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okrtui.services.demo import write_demo
from okrtui.store import Store
from okrtui.store.kr_index import INDEX_NAME

TODAY = date(2026, 11, 18)
"""A pinned Wednesday (2026-W47) so history, pace and snapshots never drift with the calendar."""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for var, sub in {
        "HOME": "",
        "XDG_DATA_HOME": ".local/share",
        "XDG_CONFIG_HOME": ".config",
        "XDG_STATE_HOME": ".local/state",
        "XDG_CACHE_HOME": ".cache",
    }.items():
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("OKRTUI_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("OKRTUI_CONFIG", str(tmp_path / "config"))
    monkeypatch.setenv("OKRTUI_TODAY", TODAY.isoformat())
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TMUX", raising=False)  # a test run inside tmux copies as any other terminal
    monkeypatch.delenv("OKRTUI_THEME", raising=False)
    return tmp_path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty store in a temp folder."""
    return Store(tmp_path / "store")


@pytest.fixture
def demo_store(store: Store) -> Store:
    """The demo store, as `okrtui demo` writes it on the pinned date."""
    write_demo(store, TODAY)
    return store


@pytest.fixture
def aligned_store(store: Store) -> Store:
    """Company -> team -> individual objectives (see tests/aligned.py)."""
    from tests.aligned import write_aligned

    return write_aligned(store)


def snapshot_of(folder: Path) -> dict[str, bytes]:
    """Every file's bytes under a folder, to prove that nothing changed; but the KR indexes, hints
    that any lookup may bring up to date (see `store.kr_index`; their own tests watch them)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != INDEX_NAME
    }


# -- figures a test measured (the import corpus score): printed once at the end, never as warnings --

FIGURES: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Collect `record_property("figure", ...)` from every test, xdist workers included."""
    if report.when == "call":
        FIGURES.extend(str(value) for name, value in report.user_properties if name == "figure")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIGURES:
        terminalreporter.section("figures")
        for figure in sorted(set(FIGURES)):
            terminalreporter.write_line(figure)
