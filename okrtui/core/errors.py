"""Turn validation failures into one sentence a person can act on."""

from __future__ import annotations

from pydantic import ValidationError


def explain(error: ValidationError) -> str:
    """The first problem of a pydantic error as `field: message`."""
    problem = error.errors()[0]
    field = ".".join(str(part) for part in problem["loc"])
    message = problem["msg"].removeprefix("Value error, ")
    return f"{field.replace('_', ' ')} {message}" if field else message
