"""What cannot save does not start: the meeting, the check-in and the retro refuse in one line before
anyone types, and the editor opens no dialog, when the store cannot be written (here: its lock file
is a folder, which stops every user, root included)."""

from __future__ import annotations

import pytest

from okrtui.store import Store
from okrtui.tui.app import FirstScreen, OkrApp, Options, make_app
from tests.conftest import TODAY, snapshot_of


def said_on_exit(app: OkrApp) -> list[object]:
    """The messages the app exits with (what the shell shows on stderr)."""
    said: list[object] = []
    exit_app = app.exit

    def exit(result: int | None = None, return_code: int = 0, message: object = None) -> None:
        said.append(message)
        exit_app(result, return_code, message)  # type: ignore[arg-type]

    app.exit = exit  # type: ignore[method-assign]
    return said


@pytest.fixture
def unwritable(demo_store: Store) -> Store:
    lock = demo_store.root / ".okrtui.lock"
    lock.unlink(missing_ok=True)
    lock.mkdir()
    return demo_store


@pytest.mark.parametrize(
    "options",
    [
        Options(FirstScreen.MEETING, team="platform", today=TODAY),
        Options(FirstScreen.CHECKIN, author="Ben", today=TODAY),
        Options(FirstScreen.RETRO, team="platform", today=TODAY),
    ],
    ids=["meeting", "checkin", "retro"],
)
async def test_a_screen_that_cannot_save_refuses_in_one_line(unwritable: Store, options: Options) -> None:
    before = snapshot_of(unwritable.root)
    app = make_app(unwritable, options)
    said = said_on_exit(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    message = str(said[0])
    assert message.startswith("okrtui: cannot write to") and "lock file" in message and "\n" not in message
    assert snapshot_of(unwritable.root) == before


async def test_the_editor_opens_no_dialog_it_could_not_save(unwritable: Store) -> None:
    app = make_app(unwritable, Options(today=TODAY))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "DashboardScreen"
        assert any("Cannot edit: cannot write to" in str(n.message) for n in app._notifications)
