"""Alignment you can see (issue 18): an objective's own detail (score, what each KR adds, parent and
children), the alignment tree with roll-ups, and linking to a parent from the editor."""

from __future__ import annotations

from textual.widgets import Select, Static

from okrtui.store import Store
from okrtui.tui.app import make_app
from okrtui.tui.dashboard.objective_detail import ObjectiveDetail
from okrtui.tui.dashboard.screen import DashboardScreen
from okrtui.tui.dashboard.tree import OkrTree
from okrtui.tui.editor.objective import ObjectiveEditor
from tests.aligned import CYCLE


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def cursor_on(pilot, doc_id: str) -> DashboardScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, DashboardScreen)
    screen.editor.put_cursor_on(doc_id)
    await pilot.pause()
    return screen


def tree_rows(tree: OkrTree) -> list[tuple[int, str, str]]:
    return [(depth, node.data.objective.id, node.label.plain) for depth, node in tree.walk()]


async def test_selecting_an_objective_shows_its_score_krs_parent_and_children(aligned_store: Store) -> None:
    app = make_app(aligned_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await cursor_on(pilot, "ob-pl1")
        detail = screen.query_one(ObjectiveDetail)
        assert detail.display and not screen.query_one("#detail").display
        assert "score 0.60 ▲ at risk" in text_of(screen, "#objective-facts")
        assert "roll-up 0.80 ✔ on track (itself and 1 aligned)" in text_of(screen, "#objective-facts")
        krs = text_of(screen, "#objective-krs")
        assert "kr-pl1 Automate 100 release checks · 67% · 0.80 · +0.53" in krs
        assert "kr-pl2 Cut rollbacks to 100 fewer · 33% · 0.20 · +0.07" in krs
        parent = text_of(screen, "#objective-parent")
        assert "ob-co1 Become the default for small teams · Company, Dara · roll-up 0.53" in parent
        assert "ob-pl2 Ana learns the new deploy tool" in text_of(screen, "#objective-children")
        await pilot.press("down")  # onto its first KR: the KR's own detail again
        await pilot.pause()
        assert screen.query_one("#detail").display and not detail.display
        screen.editor.put_cursor_on("ob-pl2")
        await pilot.pause()
        assert "through kr-pl1 Automate 100 release checks" in text_of(screen, "#objective-parent")
        screen.editor.put_cursor_on("ob-gr2")
        await pilot.pause()
        assert "ob-gone, which is not among this cycle's objectives" in text_of(screen, "#objective-parent")


async def test_l_shows_the_alignment_tree_with_roll_ups_and_back(aligned_store: Store) -> None:
    app = make_app(aligned_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await cursor_on(pilot, "ob-pl1")
        tree = screen.query_one(OkrTree)
        await pilot.press("l")
        await pilot.pause()
        rows = tree_rows(tree)
        assert [(depth, ob) for depth, ob, _ in rows] == [
            (0, "ob-co1"),
            (1, "ob-pl1"),
            (2, "ob-pl2"),
            (1, "ob-gr1"),
            (0, "ob-gr2"),
        ]
        labels = {ob: label for _, ob, label in rows}
        assert labels["ob-co1"].endswith("Σ0.53 ▲ at risk") and labels["ob-pl1"].endswith("Σ0.80 ✔ on track")
        assert tree.selected_objective is not None and tree.selected_objective.objective.id == "ob-pl1"
        icons = {node.data.objective.id: 2 if node.allow_expand else 0 for _, node in tree.walk()}
        widths = {len(label) + 2 * depth + icons[ob] for depth, ob, label in rows}
        assert len(widths) == 1, "every roll-up ends in the same column"
        await pilot.press("l")
        await pilot.pause()
        assert tree.alignment is None and tree.selected_kr is None, "back on the same objective"
        assert tree.selected_objective is not None and tree.selected_objective.objective.id == "ob-pl1"
        assert {n.data.objective.id for n in tree.root.children} == set(labels)


async def test_the_editor_links_an_objective_to_a_parent_and_offers_no_loop(aligned_store: Store) -> None:
    app = make_app(aligned_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await cursor_on(pilot, "ob-co1")
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ObjectiveEditor)
        offered = [value for _, value in dialog.query_one("#parent", Select)._options]
        assert offered[1:] == ["ob-gr2", "kr-gr2"], "nothing under ob-co1, nor ob-co1 itself"
        await pilot.press("escape")
        await pilot.pause()
        screen.editor.put_cursor_on("ob-gr2")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        parent = dialog.query_one("#parent", Select)
        assert parent.value == "ob-gone", "a parent that is gone stays as it was"
        parent.focus()
        values = [value for _, value in parent._options]
        await pilot.press("enter", *["up"] * (values.index("ob-gone") - values.index("kr-pl1")), "enter")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    board = aligned_store.board(aligned_store.cycle(CYCLE), aligned_store.team("growth"))
    assert board.objective("ob-gr2").parent == "kr-pl1"


def hide_cursor(pilot) -> None:
    for widget in pilot.app.screen.query("Input"):
        widget.cursor_blink = False


async def _on_platform_objective(pilot) -> None:
    await cursor_on(pilot, "ob-pl1")


async def _alignment_tree(pilot) -> None:
    await cursor_on(pilot, "ob-pl1")
    await pilot.press("l")
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


def test_objective_detail_snapshot(aligned_store: Store, snap_compare) -> None:
    assert snap_compare(make_app(aligned_store), terminal_size=(120, 32), run_before=_on_platform_objective)


def test_alignment_tree_snapshot(aligned_store: Store, snap_compare) -> None:
    assert snap_compare(make_app(aligned_store), terminal_size=(120, 32), run_before=_alignment_tree)
