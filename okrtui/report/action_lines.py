"""An action as every report shows it: one line of text (late ones say so in words, not colour alone)
and one JSON object, the same in `okrtui actions`, `remind` and the digest."""

from __future__ import annotations

from datetime import date
from typing import Any

from okrtui.core.actions import NO_OWNER, is_overdue
from okrtui.core.models import Action
from okrtui.report.message import Line, line, strong

LATE = "⚠ overdue"


def due_text(action: Action, today: date) -> str:
    if action.due is None:
        return ""
    if is_overdue(action, today):
        days = (today - action.due).days
        return f"due {action.due}, {LATE} by {days} day{'s' if days != 1 else ''}"
    return f"due {action.due}" + (" (today)" if action.due == today else "")


def origin_text(action: Action) -> str:
    """Where it came from: `bl-mig30 on kr-mig3, raised 2026-W46 in mt-last, carried 1×`."""
    source = " on ".join(part for part in (action.blocker, action.kr) if part)
    raised = f"raised {action.raised_week}" + (f" in {action.meeting}" if action.meeting else "")
    carried = f"carried over {len(action.carried)}×" if action.carried else ""
    closed = ""
    if not action.is_open:
        closed = f"{action.state.value} {action.closed_week}" + (
            f": {action.reason}" if action.reason else ""
        )
    return ", ".join(part for part in (f"from {source}" if source else "", raised, carried, closed) if part)


def action_line(action: Action, today: date, *, owner: bool = True, depth: int = 0) -> Line:
    """`ac-sec1 Ask security for a review date — Ben, due 2026-11-20, ⚠ overdue by 5 days`."""
    mark = "☐" if action.is_open else ("✔" if action.state.value == "done" else "✖")
    who = (action.owner or NO_OWNER) if owner else ""
    details = ", ".join(part for part in (who, due_text(action, today)) if part)
    return line(
        f"{mark} ", strong(action.id), f" {action.text}", f" — {details}" if details else "", depth=depth
    )


def action_json(action: Action, today: date) -> dict[str, Any]:
    return {
        "id": action.id,
        "text": action.text,
        "owner": action.owner,
        "state": action.state.value,
        "due": action.due.isoformat() if action.due else None,
        "overdue": is_overdue(action, today),
        "kr": action.kr,
        "blocker": action.blocker,
        "raised_week": action.raised_week,
        "meeting": action.meeting,
        "carried": list(action.carried),
        "closed_week": action.closed_week,
        "reason": action.reason,
    }
