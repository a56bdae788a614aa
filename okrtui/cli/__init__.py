"""The `okrtui` command: the group in `main`, each command in the module named for what it does."""

from okrtui.cli import checkin, cycles, documents, info, rooms, sharing, status, sync
from okrtui.cli.group import main

__all__ = ["checkin", "cycles", "documents", "info", "main", "rooms", "sharing", "status", "sync"]
