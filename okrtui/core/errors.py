"""The domain's refusals, and validation failures turned into one sentence a person can act on."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError

SUBJECTS = {
    "KeyResult": "key result",
    "DraftKeyResult": "draft key result",
    "CheckIn": "check-in",
    "CheckInRequest": "check-in",
    "ActionItem": "action item",
    "Action": "action",
    "NewAction": "action",
    "ActionChange": "action",
    "Away": "away period",
    "Objective": "objective",
    "Blocker": "blocker",
    "Meeting": "meeting",
    "Team": "team",
    "Cycle": "cycle",
    "Retro": "retro",
    "Grade": "score",
}
"""Model names as a user says them: "check-in", never "CheckIn"."""
FIELDS = {
    "moved": "'what moved'",
    "stuck": "'what is stuck'",
    "next": "'what is next'",
    "did_not": "'did not'",
    "resolve": "blocker to resolve",
}


class RuleError(ValueError):
    """A rule of OKR practice or of the record refuses the change (a closed board, a week outside
    the cycle, an unknown blocker). The message is one sentence for the user."""


def explain(error: ValidationError) -> str:
    """The first problem of a pydantic error as `<what> <field> <message>`, in a user's words."""
    problem = error.errors()[0]
    parts = [str(part) for part in problem["loc"] if not isinstance(part, int)]  # no "resolve 1"
    field = " ".join(FIELDS.get(part, part.replace("_", " ")) for part in parts)
    message = problem["msg"].removeprefix("Value error, ")
    if problem["type"] == "string_pattern_mismatch":  # the pattern is for us, not for the reader
        message = f"{problem['input']!r} is not an id (letters, digits, '.', '_' and '-', like kr-7q2f)"
    subject = " ".join(part for part in (SUBJECTS.get(error.title, error.title), field) if part)
    return f"{subject} {message}" if subject else message
