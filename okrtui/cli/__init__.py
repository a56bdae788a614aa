"""The `okrtui` command: the group in `main`, each command in the module named for what it does."""

from okrtui.cli import checkin, completion, config, cycles, documents, info, rooms, status
from okrtui.cli.group import main

__all__ = ["checkin", "completion", "config", "cycles", "documents", "info", "main", "rooms", "status"]
