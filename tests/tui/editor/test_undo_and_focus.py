"""Archive can be undone from the dashboard, and every dialog opens with a visible focus on its first
field (issue 18)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, Select

from okrtui.store import Store
from okrtui.tui.app import make_app
from okrtui.tui.dashboard.screen import DashboardScreen
from okrtui.tui.editor.base import EditorDialog
from tests.tui.editor.test_editor import board, open_dashboard, shown_krs


async def test_u_brings_back_what_was_just_archived(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dashboard(pilot, at="kr-bld6")
        await pilot.press("u")
        await pilot.pause()
        assert "Nothing archived here" in list(app._notifications)[-1].message
        await pilot.press("x", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "kr-bld6" not in shown_krs(app)
        assert "u brings it back" in list(app._notifications)[-1].message
        await pilot.press("u")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert "kr-bld6" in shown_krs(app)
        assert app.screen.query_one("#tree").selected_kr.kr.id == "kr-bld6", "the cursor is on it again"
        await pilot.press("up", "up", "x", "enter")  # an objective too
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert board(demo_store).objective("ob-rel1").archived
        await pilot.press("u")
        await pilot.pause()
    restored = board(demo_store)
    assert not restored.kr("kr-bld6").archived and not restored.objective("ob-rel1").archived
    assert restored.checkins_of("kr-bld6"), "its history came back with it"


def focus_shown(dialog: EditorDialog) -> bool:
    """The focused field is drawn differently from a field of the same kind without focus."""
    focused = dialog.app.focused
    assert focused is not None and dialog in focused.ancestors_with_self
    kind = type(focused)
    other = next(w for w in dialog.query(kind.__name__) if w is not focused and type(w) is kind)

    def painted(widget):
        return (widget.query_one("SelectCurrent") if isinstance(widget, Select) else widget).styles.background

    return painted(focused) != painted(other)


@pytest.mark.parametrize(
    ("key", "first"),
    [("e", "title"), ("a", "sentence"), ("n", "title"), ("p", "teams"), ("x", None), ("Y", None)],
    ids=["edit-kr", "add-kr", "objective", "teams", "archive", "cycle"],
)
async def test_every_dialog_opens_with_a_visible_focus_on_its_first_field(
    demo_store: Store, key: str, first: str | None
) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dashboard(pilot, at="kr-bld6")
        await pilot.press(key)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditorDialog)
        fields = [w for w in dialog.query("Input, Select, OptionList, Checkbox") if w.focusable]
        if not fields:  # a yes/no question: nothing to type into
            return
        focused = app.focused
        assert focused is not None
        assert focused is fields[0] or (first is not None and focused.id == first), focused
        assert isinstance(focused, Input | Select | OptionList) or focused.id
        assert focus_shown(dialog), f"{focused} shows no focus"


async def test_in_the_teams_dialog_tab_from_the_name_goes_where_a_member_is_typed(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dashboard(pilot)
        await pilot.press("p", "tab")
        assert app.focused.id == "team-name"
        await pilot.press("tab")
        assert app.focused.id == "new-member"
