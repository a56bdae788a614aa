"""The editor reads a KR line as the import does (issue 18): owner, due date, unit, direction; a title
edited to other numbers offers to update the fields; lint never says "nothing to flag" over a refusal."""

from __future__ import annotations

from textual.widgets import Input, Select, Static

from okrtui.core.kr_line import read_kr_line
from okrtui.core.okr_text import read_okrs
from okrtui.store import Store
from okrtui.tui.app import make_app
from okrtui.tui.editor.kr import KREditor
from tests.tui.editor.test_editor import board, field, open_dashboard, save, text_of

LATENCY = "Reduce p95 API latency from 800ms to 250ms by 2026-12-20 @Chen"


async def test_a_sentence_with_owner_and_due_date_fills_every_field(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("a", *LATENCY)
        await pilot.pause()
        assert isinstance(app.screen, KREditor)
        assert field(app, "title") == "Reduce p95 API latency from 800ms to 250ms"
        assert (field(app, "baseline"), field(app, "target"), field(app, "unit")) == ("800", "250", "ms")
        assert app.screen.query_one("#owner", Select).value == "Chen"
        assert field(app, "due") == "2026-12-20"
        assert "needed" not in text_of(app, "#lint"), "owner and numbers are all there"
        await save(pilot)
    kr = next(k for k in board(demo_store).key_results if k.title.startswith("Reduce p95 API latency"))
    assert (kr.owner, str(kr.due), kr.direction.value) == ("Chen", "2026-12-20", "decrease")


def test_the_editor_and_the_import_read_a_line_alike() -> None:
    doc = f"Team: Platform\nObjective: Fast\n- {LATENCY}\n- Cut pipeline incidents from 12 to 3 per month\n"
    imported = [kr.parsed for o in read_okrs(doc).objectives for kr in o.key_results]
    typed = [
        read_kr_line(LATENCY).parsed,
        read_kr_line("Cut pipeline incidents from 12 to 3 per month").parsed,
    ]
    assert [(p.baseline, p.target, p.unit, p.direction) for p in typed] == [
        (p.baseline, p.target, p.unit, p.direction) for p in imported
    ]
    assert typed[1].unit == "per month"
    assert read_okrs(doc).objectives[0].key_results[0].owner == read_kr_line(LATENCY).owner == "Chen"


async def test_a_title_edited_to_other_numbers_offers_to_update_the_fields(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dashboard(pilot, at="kr-cfr5")  # Cut change failure rate from 18% to 5%
        await pilot.press("e")
        await pilot.pause()
        title = app.screen.query_one("#title", Input)
        title.focus()
        await pilot.press("end", "backspace", "backspace", *"4%")
        note = text_of(app, "#parsed")
        assert "The title says 18 → 4 %" in note and "fields hold 18 → 5 %" in note and "ctrl+r" in note
        await pilot.press("ctrl+r")
        assert (field(app, "baseline"), field(app, "target")) == ("18", "4")
        await save(pilot)
    kr = next(k for k in board(demo_store).key_results if k.id == "kr-cfr5")
    assert (kr.title.endswith("to 4%"), kr.target) == (True, 4.0)


async def test_lint_never_says_nothing_to_flag_while_the_owner_is_missing(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("a", *"Cut checkout errors from 3.5% to 1%")
        await pilot.pause()
        lint = str(app.screen.query_one("#lint", Static).render())
        assert "✖ needed: an owner" in lint and "nothing to flag" not in lint
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, KREditor), "not saved without an owner"
