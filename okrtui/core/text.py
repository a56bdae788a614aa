"""Text clean-up shared by every model field a person types."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def one_line(value: object) -> object:
    """Fold newlines and runs of white space into one space; drop control characters."""
    if not isinstance(value, str):
        return value
    return _SPACES.sub(" ", _CONTROL.sub("", value)).strip()


def _limit(max_chars: int):
    def check(value: str) -> str:
        if len(value) > max_chars:
            raise ValueError(f"is too long ({len(value)} characters; at most {max_chars})")
        return value

    return check


def _required(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


def Line(max_chars: int, required: bool = False):  # noqa: N802 - reads as a type
    """A one-line text field: trimmed, folded, capped at `max_chars`, optionally required."""
    checks = [AfterValidator(_limit(max_chars))]
    if required:
        checks.append(AfterValidator(_required))
    return Annotated[str, BeforeValidator(one_line), *checks]


Title = Line(200, required=True)
Name = Line(60, required=True)
"""A person or team name that must be given."""
Person = Line(60)
"""A person's name that may be left empty."""
Note = Line(500)
"""What moved / is stuck / is next, resolutions."""
BlockerText = Line(500, required=True)
ActionText = Line(300, required=True)
Unit = Line(20)
