"""Turn validation failures into one sentence a person can act on."""

from __future__ import annotations

from pydantic import ValidationError


def explain(error: ValidationError) -> str:
    """The first problem of a pydantic error as `<Model> <field> <message>`."""
    problem = error.errors()[0]
    field = " ".join(str(part) for part in problem["loc"]).replace("_", " ")
    message = problem["msg"].removeprefix("Value error, ")
    subject = " ".join(part for part in (error.title.replace("KeyResult", "key result"), field) if part)
    return f"{subject} {message}" if subject else message
