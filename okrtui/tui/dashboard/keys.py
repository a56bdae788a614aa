"""The dashboard's keys in groups (Run, Edit, View): one list feeds its footer, help and palette."""

from __future__ import annotations

from textual.binding import Binding

from okrtui.tui.help import KeyLine

RUN_KEYS = [
    Binding("m", "meeting", "Meeting", tooltip="Weekly meeting of the selected KR's team"),
    Binding("c", "checkin", "Check in", tooltip="Check in on the selected owner's due KRs"),
    Binding("D", "drafts", "Drafts", tooltip="Finish imported drafts: owner, numbers, direction"),
    Binding(
        "A", "actions", "Actions", tooltip="Open actions by owner, overdue marked; tick them done", show=False
    ),
]
EDIT_KEYS = [
    Binding("e", "edit", "Edit", id="dashboard.edit", tooltip="Edit the selected objective or KR"),
    Binding(
        "a", "add_kr", "Add KR", id="dashboard.add-kr", tooltip="Add a key result to the selected objective"
    ),
    Binding("n", "add_objective", "Objective", id="dashboard.add-objective", tooltip="Add an objective"),
    Binding(
        "x",
        "archive",
        "Archive",
        id="dashboard.archive",
        tooltip="Archive the selected objective or KR",
        show=False,
    ),
    Binding(
        "u",
        "undo_archive",
        "Undo archive",
        id="dashboard.undo-archive",
        tooltip="Bring back what was just archived",
        show=False,
    ),
    Binding("p", "teams", "Teams", id="dashboard.teams", tooltip="Teams and members", show=False),
    Binding(
        "Y", "new_cycle", "New cycle", id="dashboard.new-cycle", tooltip="Start the next cycle", show=False
    ),
    Binding(
        "C",
        "edit_cycle",
        "Cycle dates",
        id="dashboard.cycle-dates",
        tooltip="Change the shown cycle's dates",
        show=False,
    ),
]
VIEW_KEYS = [
    Binding("y", "next_cycle", "Cycle", tooltip="Switch to the next cycle", show=False),
    Binding("t", "focus_filter('team')", "Team", id="dashboard.team", tooltip="Filter by team", show=False),
    Binding(
        "o", "focus_filter('owner')", "Owner", id="dashboard.owner", tooltip="Filter by owner", show=False
    ),
    Binding(
        "l",
        "alignment",
        "Alignment",
        id="dashboard.alignment",
        tooltip="Alignment tree, company down, with roll-up scores",
        show=False,
    ),
    Binding("r", "reload", "Refresh", tooltip="Read the store again", show=False),
    Binding("question_mark", "help", "Help", key_display="?", tooltip="Every dashboard key"),
]
ALL_KEYS = [
    *RUN_KEYS,
    *EDIT_KEYS,
    *VIEW_KEYS,
    Binding("f1", "help", "Help", key_display="F1", show=False),
    Binding("escape", "focus_tree", "Tree", show=False),
    Binding("q", "app.quit", "Quit", show=False),
]
"""Footer order: the shown ones of Run, Edit, View (m c e a n ?), then the app's ^q."""
OTHER_KEYS = [
    KeyLine("↑ ↓", "Move between objectives and key results"),
    KeyLine("esc", "Back to the tree from a filter"),
    KeyLine("^p", "Every command, searchable"),
    KeyLine("q ^q", "Quit"),
]
PALETTE = [
    ("Start meeting", "meeting"),
    ("Check in", "checkin"),
    ("Open actions", "actions"),
    ("Review drafts", "drafts"),
    ("Edit selected", "edit"),
    ("Add key result", "add_kr"),
    ("Add objective", "add_objective"),
    ("Archive selected", "archive"),
    ("Undo archive", "undo_archive"),
    ("Teams and members", "teams"),
    ("New cycle", "new_cycle"),
    ("Cycle dates", "edit_cycle"),
    ("Next cycle", "next_cycle"),
    ("Alignment tree", "alignment"),
    ("Filter by team", "focus_filter('team')"),
    ("Filter by owner", "focus_filter('owner')"),
    ("Refresh", "reload"),
    ("Help: dashboard keys", "help"),
]
"""Command palette titles for the dashboard's actions; the help text comes from the key's tooltip."""

NEEDS_OKRS = {"meeting", "checkin", "edit", "add_kr", "archive", "focus_filter", "actions", "alignment"}
"""Actions that act on a shown objective or KR: hidden while there is none."""
NEEDS_DRAFTS = {"drafts"}
"""Actions shown only while the cycle has drafts to finish."""
NEEDS_STORE = (
    NEEDS_OKRS
    | NEEDS_DRAFTS
    | {
        "add_objective",
        "teams",
        "new_cycle",
        "edit_cycle",
        "next_cycle",
        "undo_archive",
    }
)
"""Actions that read or write the store: hidden while it cannot be read."""
