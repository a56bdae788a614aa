"""Text clean-up shared by every model field a person types."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from okrtui.core.safe_text import one_line as one_line


def _limit(max_chars: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if len(value) > max_chars:
            raise ValueError(f"is too long ({len(value)} characters; at most {max_chars})")
        return value

    return check


def _required(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


def line(max_chars: int, *, required: bool = False) -> tuple[object, ...]:
    """The validators of a one-line text field: trimmed, folded, capped, optionally required."""
    checks = (BeforeValidator(one_line), AfterValidator(_limit(max_chars)))
    return (*checks, AfterValidator(_required)) if required else checks


Title = Annotated[str, *line(200, required=True)]
Name = Annotated[str, *line(60, required=True)]
"""A person or team name that must be given."""
Person = Annotated[str, *line(60)]
"""A person's name that may be left empty."""
Note = Annotated[str, *line(500)]
"""What moved / is stuck / is next, resolutions."""
BlockerText = Annotated[str, *line(500, required=True)]
ActionText = Annotated[str, *line(300, required=True)]
Unit = Annotated[str, *line(20)]
