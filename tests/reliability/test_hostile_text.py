"""A colleague on the shared store writes escape sequences, control and bidi characters and markup
into every text field. No command lets one byte of it drive the terminal, and the TUIs start and
show it as visible placeholders (issue 11)."""

from __future__ import annotations

import orjson
import pytest

from okrtui.store import Store
from okrtui.tui.app import FirstScreen, Options, make_app
from tests.conftest import TODAY
from tests.support import run_okrtui

OSC_TITLE = "\x1b]0;PWNKEY\x07"
OSC_CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
HOSTILE = f"{OSC_TITLE}{OSC_CLIPBOARD}\x1b[2J\x9b31m\u202egnp.exe [/x][b]Ops [infra]"
SHORT = "\x1b[2J\x9b\u202e[/x]"
"""For fields with a short limit (units)."""
TEXT_FIELDS = {
    "objectives": ("title", "owner", "why"),
    "key_results": ("title", "owner"),
    "checkins": ("moved", "stuck", "next", "author"),
    "blockers": ("text", "owner"),
    "meetings": ("facilitator",),
}


def poison(store: Store) -> None:
    """Write hostile text straight into the files, as a group member with a text editor would."""
    workspace = orjson.loads(store.workspace_path.read_bytes())
    for team in workspace["teams"].values():
        team["name"] = f"{team['name']} {HOSTILE}"[:60]
        team["members"] = [*team["members"][:1], HOSTILE[:60]]
    store.workspace_path.write_bytes(orjson.dumps(workspace))
    for path in (store.root / "cycles").rglob("*.json"):
        data = orjson.loads(path.read_bytes())
        for table, fields in TEXT_FIELDS.items():
            for row in data.get(table, {}).values():
                for name in fields:
                    limit = 60 if name in ("owner", "author", "facilitator") else 200
                    row[name] = f"{row.get(name) or 'x'} {HOSTILE}"[:limit]
        for row in data.get("key_results", {}).values():
            row["unit"] = SHORT
        path.write_bytes(orjson.dumps(data))


@pytest.fixture
def hostile(demo_store: Store) -> Store:
    poison(demo_store)
    return demo_store


def untouched_by_escapes(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text
    assert not any(0x80 <= ord(c) <= 0x9F for c in text), "a C1 control character got through"
    assert "\u202e" not in text


COMMANDS = [
    ("status",),
    ("status", "--format", "json"),
    ("status", "--format", "markdown"),
    ("status", "--check"),
    ("lint",),
    ("export", "--format", "json"),
    ("export", "--format", "csv"),
    ("export", "--format", "markdown"),
    ("checkin", "kr-bld6", "--value", "9", "--confidence", "5", "--force"),
    ("remind",),
    ("digest",),
    ("actions",),
]


@pytest.mark.parametrize("columns", ["80", "160"])
@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_no_command_lets_store_text_drive_the_terminal(
    hostile: Store, command: tuple[str, ...], columns: str
) -> None:
    done = run_okrtui(*command, store=hostile.root, columns=columns)
    if done.returncode == 2 and "no such command" in done.stderr.lower():
        pytest.skip(f"`okrtui {command[0]}` is not part of this build")
    assert "Traceback" not in done.stderr
    untouched_by_escapes(done.stdout)
    untouched_by_escapes(done.stderr)


def test_a_planted_key_in_a_meeting_record_is_named_without_its_escapes(demo_store: Store) -> None:
    path = demo_store.board_path("2026-Q4", "platform")
    data = orjson.loads(path.read_bytes())
    meeting = next(iter(data["meetings"].values()))
    meeting["step_seconds"] = {HOSTILE: 12.0}
    path.write_bytes(orjson.dumps(data))
    for command in (("checkin", "kr-bld6", "--value", "9", "--confidence", "5"), ("lint",)):
        done = run_okrtui(*command, store=demo_store.root)
        assert done.returncode == (2 if command[0] == "checkin" else 0), done.stdout
        assert "platform.json" in done.stderr and "␛" in done.stderr
        untouched_by_escapes(done.stderr)
    # `status` reads no meeting record (see `store.quick_read`): it shows the board, escapes neutralised.
    shown = run_okrtui("status", store=demo_store.root)
    assert shown.returncode == 0 and "kr-bld6" in shown.stdout
    untouched_by_escapes(shown.stdout)


@pytest.mark.parametrize(
    "first", [FirstScreen.DASHBOARD, FirstScreen.MEETING, FirstScreen.CHECKIN, FirstScreen.RETRO]
)
async def test_the_tuis_start_and_show_placeholders(hostile: Store, first: FirstScreen) -> None:
    members = orjson.loads(hostile.workspace_path.read_bytes())["teams"]["1"]["members"]
    options = Options(first, team="platform", author=members[0], today=TODAY, now=lambda: 0.0)
    app = make_app(hostile, options)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        if first is FirstScreen.MEETING:
            await pilot.press("pagedown")
        await pilot.pause()
        shown = app.export_screenshot()
        assert app.return_code in (None, 0)
    assert "␛" in shown
    assert "[/x]" in shown, "markup in store text is shown as text, never interpreted"
    assert OSC_TITLE not in shown and "\x1b]52" not in shown
