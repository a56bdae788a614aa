"""The `okrtui` command: the group in `main`, each command in the module named for what it does."""

from okrtui.cli import (
    actions,
    checkin,
    completion,
    config,
    cycles,
    digest,
    documents,
    info,
    remind,
    rooms,
    serve,
    sharing,
    status,
    sync,
)
from okrtui.cli.group import main

__all__ = [
    "actions",
    "checkin",
    "completion",
    "config",
    "cycles",
    "digest",
    "documents",
    "info",
    "main",
    "remind",
    "rooms",
    "serve",
    "sharing",
    "status",
    "sync",
]
