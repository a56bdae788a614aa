"""Helpers for tests that run okrtui as users do: a real process, the environment conftest isolated."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from okrtui.store import Store
    from okrtui.store.repository import CheckInResult

OKRTUI = (sys.executable, "-m", "okrtui")
TIMEOUT = 60.0
"""Generous per call: the machine is shared, and a hung command should fail, not block CI."""


def okrtui_env(*, columns: str = "80", **extra: str) -> dict[str, str]:
    """The test's environment (HOME, XDG_*, OKRTUI_STORE, OKRTUI_TODAY pinned by conftest), plus `extra`."""
    env = dict(os.environ)
    env.update(NO_COLOR="1", COLUMNS=columns, **extra)
    return env


def run_okrtui(
    *args: str,
    store: Path | None = None,
    prefix: Sequence[str] = (),
    timeout: float = TIMEOUT,
    columns: str = "80",
) -> subprocess.CompletedProcess[str]:
    """Run `python -m okrtui [--store S] ARGS` in a subprocess and capture its output."""
    store_args = ("--store", str(store)) if store is not None else ()
    return subprocess.run(
        [*prefix, *OKRTUI, *store_args, *args],
        capture_output=True,
        text=True,
        env=okrtui_env(columns=columns),
        timeout=timeout,
        check=False,
    )


def assert_user_error(stderr: str, code: int, *, mentions: str = "") -> None:
    """A mistake the user can fix: exit 2 and exactly one line on stderr, never a traceback."""
    assert code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("okrtui: "), stderr
    assert "Traceback" not in stderr
    assert mentions.lower() in lines[0].lower(), stderr


def assert_skipped(stderr: str, code: int, *, mentions: str) -> None:
    """Another team's damaged file: the command worked and named the file in one warning line."""
    assert code == 0, stderr
    named = [line for line in stderr.splitlines() if mentions in line]
    assert len(named) == 1 and named[0].startswith("okrtui: warning: "), stderr
    assert "Traceback" not in stderr


def assert_refused(root: Path, run: Callable[[], Any], *, mentions: str) -> None:
    """A refusal as a user meets it: `run()` (a click Result) prints nothing, says one line on stderr
    mentioning `mentions`, exits 2, and not a byte under `root` changes."""
    from tests.conftest import snapshot_of

    before = snapshot_of(root)
    result = run()
    assert_user_error(result.stderr, result.exit_code, mentions=mentions)
    assert result.stdout == ""
    assert snapshot_of(root) == before


def check_in(store: Store, kr_id: str, **fields: object) -> CheckInResult:
    """File a check-in as a person who has just looked at the KR (a deliberate replacement)."""
    from okrtui.core.checkin import CheckInRequest

    view = store.view()
    where = view.locate_kr(kr_id)
    week = str(fields["week"])
    current = view.board(view.cycle(where.cycle), view.team(where.team)).checkin(where.kr.id, week)
    request = CheckInRequest.model_validate(
        {"where": where.ref, "based_on": current.rev if current else None, **fields}
    )
    return store.check_in(request)


STAMPS = {"rev", "changed_at", "changed_by"}


def unstamped(docs: list[Any]) -> list[dict[str, Any]]:
    """Records as their content, without the revision stamps the store adds on every write."""
    return [doc.model_dump(exclude=STAMPS) for doc in docs]


def one_kr_board(store: Store, *, team: str, objective: str, owner: str, extra: Sequence[Any] = ()) -> Store:
    """Cycle 2026-Q4 with one team (`core`, named `team`), one objective `ob-1` titled `objective`
    and one KR `kr-1` ("Reach 100 customers", target 100) owned by `owner`; `extra` records too."""
    from datetime import date

    from okrtui.core.models import Cycle, KeyResult, Objective, Team

    store.save_cycle(Cycle(id="2026-Q4", start=date(2026, 10, 1), end=date(2026, 12, 31)))
    store.save_team(Team(id="core", name=team))
    store.save(
        "2026-Q4",
        "core",
        Objective(id="ob-1", cycle="2026-Q4", team="core", title=objective),
        KeyResult(id="kr-1", objective="ob-1", title="Reach 100 customers", owner=owner, target=100),
        *extra,
    )
    return store


def voted_meeting(
    store: Store, *votes: tuple[str, int, dict[str, int]], not_counted: Sequence[str] = ()
) -> None:
    """A Platform meeting of 2026-W47 whose room voted: (KR, round, {person: confidence}) each;
    `not_counted` voted in the last vote, but their ballot did not open at its reveal."""
    from datetime import UTC, datetime

    from okrtui.core.models import Meeting, VoteRecord

    cycle = store.view().cycle("2026-Q4")
    records = [VoteRecord(kr=kr, round=number, votes=cast) for kr, number, cast in votes]
    records[-1].not_counted = list(not_counted)
    held = Meeting(
        id="mt-votes",
        team="platform",
        cycle=cycle.id,
        week="2026-W47",
        started_at=datetime(2026, 11, 18, 10, tzinfo=UTC),
        votes=records,
    )
    store.save(cycle.id, "platform", held, message="test: a meeting that voted")


def forget_rich_styles() -> None:
    """rich keeps the codes a style first rendered, for whatever colour system that was: a test
    that renders for several colour systems in one process clears them first."""
    from rich.style import Style

    for cached in (Style.parse, Style._add, Style.clear_meta_and_links):
        cached.cache_clear()  # type: ignore[attr-defined]
