"""Each team's files stand alone: with Platform's file damaged, Growth checks in, looks, lints and
imports as usual; the damaged file is named once and never written (issue 18)."""

from __future__ import annotations

from pathlib import Path

from okrtui.store import Store
from tests.support import run_okrtui


def test_a_damaged_file_of_one_team_blocks_no_other_team(demo_store: Store, tmp_path: Path) -> None:
    damaged = demo_store.board_path("2026-Q4", "platform")
    damaged.write_bytes(damaged.read_bytes()[:200])
    broken = damaged.read_bytes()
    growth = demo_store.board(demo_store.cycle("2026-Q4"), demo_store.team("growth"))
    kr = growth.live_key_results()[0]

    saved = run_okrtui(
        "checkin", kr.id, "--value", "3", "--confidence", "6", "--force", store=demo_store.root
    )
    assert saved.returncode == 0, saved.stderr
    assert saved.stderr.count("platform.json") == 1, "the damaged file is named, once"
    shown = run_okrtui("status", "--team", "growth", store=demo_store.root)
    assert shown.returncode == 0 and kr.id in shown.stdout, shown.stderr
    linted = run_okrtui("lint", "--team", "growth", store=demo_store.root)
    assert linted.returncode in (0, 1) and "growth" in linted.stdout and "platform.json" not in linted.stderr
    doc = tmp_path / "ops.md"
    doc.write_text(
        "Team: Ops\nObjective: Calm nights\n"
        "- Cut pages from 40 to 10 a month @Ida\n- Keep uptime above 99.9% @Ida\n"
    )
    imported = run_okrtui("import", str(doc), "--cycle", "2027-Q1", store=demo_store.root)
    assert imported.returncode == 0, imported.stderr
    assert damaged.read_bytes() == broken, "the damaged file was never written"
