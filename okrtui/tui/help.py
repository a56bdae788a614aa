"""The `?` / F1 help of a screen: every key, grouped, so keys left out of the footer stay discoverable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from okrtui.tui.base import OkrDialog

KEY_WIDTH = 9
"""Cells for the key column; descriptions line up after it."""


@dataclass(frozen=True)
class KeyLine:
    """One row of the help: the key as shown, what it does, and whether it works right now."""

    key: str
    text: str
    available: bool = True


Section = tuple[str, Sequence[KeyLine]]


def section_content(title: str, lines: Sequence[KeyLine]) -> Content:
    """`Run` then one aligned line per key; keys that cannot work now are dimmed and say so."""
    rows: list[Content] = [Content.styled(title, "bold $text-accent")]
    for line in lines:
        text = line.text if line.available else f"{line.text} (not now)"
        row = Content.assemble((f"  {line.key:<{KEY_WIDTH}} ", "bold"), text)  # a gap even after a long key
        rows.append(row if line.available else row.stylize("dim"))
    return Content("\n").join(rows)


class KeysHelp(OkrDialog[None]):
    """A modal list of keys in sections; Escape, `?` or F1 closes it (its footer says so)."""

    DEFAULT_CSS = """
    KeysHelp > #dialog { border-title-style: bold; }
    """
    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss", "Close", key_display="esc")]

    def __init__(self, title: str, sections: Sequence[Section]) -> None:
        super().__init__()
        self.help_title = title
        self.sections = sections

    def body(self) -> ComposeResult:
        for title, lines in self.sections:
            yield Static(section_content(title, lines), classes="help-section")

    def on_mount(self) -> None:
        dialog = self.query_one("#dialog")
        dialog.border_title = self.help_title
        dialog.can_focus = True  # nothing in it takes keys: it does, so ↓ PgDn End reach the last keys
        dialog.focus()
