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


class UnsafePathError(StoreError):
    """A path inside the store is a link, a device or a folder where a file belongs: never followed."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(f"{path} {what}; okrtui does not follow or replace it (see `okrtui doctor`)")
        self.path = path


class StaleWriteError(StoreError):
    """The record changed since the writer read it: writing would silently undo someone's work."""

    def __init__(self, record_id: str, by: str, when: str) -> None:
        who = by or "someone else"
        super().__init__(f"{record_id} was changed by {who} {when} since you opened it; reload to see it")
        self.record_id = record_id


class DraftGoneError(StoreError):
    """The draft was completed or discarded by someone else since the writer read it."""


def skipped_warning(error: Exception) -> str:
    """What is said of a board a whole-store read skipped: one team's damaged file blocks no other."""
    return f"{error} (skipped; the other teams go on)"
