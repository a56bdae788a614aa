"""The `okrtui` command: the group in `main`, each command in the module named for what it does."""

from okrtui.cli import checkin, documents, info, rooms, status
from okrtui.cli import sync as sync
from okrtui.cli.group import main

__all__ = ["checkin", "documents", "info", "main", "rooms", "status"]
