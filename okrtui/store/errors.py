"""Store failures, each a sentence a user can act on."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Something about the store stops the command. The message is one sentence for the user."""


class UnreadableFileError(StoreError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot read {path}: {reason}; it was left untouched")
        self.path = path


class NewerSchemaError(StoreError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            f"{path} was written by a newer okrtui (schema {found}, this one reads up to {supported});"
            " upgrade okrtui to use it"
        )
        self.path = path


class NotFoundError(StoreError):
    """An id or name the user gave does not exist."""
