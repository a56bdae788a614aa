"""The drafts review's keys as its help lists them (F1)."""

from __future__ import annotations

from okrtui.tui.help import KeyLine, Section

DRAFT_KEYS: list[Section] = [
    (
        "Finish a draft",
        [
            KeyLine("Tab", "next field: owner, baseline, target, direction (shift+Tab: back)"),
            KeyLine("Enter", "save this draft and go to the next (on a list with no choice yet: open it)"),
            KeyLine("Space ↓", "open the owner or direction list; type to jump, Enter picks"),
            KeyLine("ctrl+s", "save this draft from any field"),
            KeyLine("F8", "discard this draft (asks first; it is archived, never deleted)"),
        ],
    ),
    (
        "Move",
        [
            KeyLine("PgDn PgUp", "next / previous draft without saving"),
            KeyLine("Escape", "leave; what was saved stays saved"),
        ],
    ),
    ("Help", [KeyLine("F1", "this help; Escape closes it")]),
]
