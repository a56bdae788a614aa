"""Notice writes by other processes (an owner checking in from another terminal) by polling mtimes.

Store files are only ever replaced whole (`os.replace`), so a changed (mtime, size, inode) of any
store file means new data. Polling a few small files every second costs far less than a redraw and
works on every platform and over network folders, where inotify-style watchers do not.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from textual.dom import DOMNode
from textual.timer import Timer

from okrtui.store.live import LIVE

POLL_SECONDS = 1.0

Signature = frozenset[tuple[str, int, int, int]]


def store_signature(root: Path) -> Signature:
    """What changes whenever any store file is replaced: each JSON file's mtime, size and inode
    (not the meetings' live files, which change with every key a participant types)."""
    stamps: set[tuple[str, int, int, int]] = set()
    for folder, dirs, files in os.walk(root):
        if folder == str(root):
            dirs[:] = [d for d in dirs if d != LIVE]
        for name in files:
            if not name.endswith(".json") or name.startswith("."):
                continue
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            stamps.add((path, info.st_mtime_ns, info.st_size, info.st_ino))
    return frozenset(stamps)


class StoreWatcher:
    """Calls `on_change` from the owner's event loop whenever the store's files change."""

    def __init__(self, root: Path, on_change: Callable[[], object]) -> None:
        self.root = Path(root)
        self.on_change = on_change
        self.signature = store_signature(self.root)
        self.timer: Timer | None = None

    def start(self, owner: DOMNode, interval: float = POLL_SECONDS) -> StoreWatcher:
        self.timer = owner.set_interval(interval, self.poll, name="store-watch")
        return self

    def mark_seen(self) -> None:
        """Accept the store as it is now (call after our own writes to skip a needless reload)."""
        self.signature = store_signature(self.root)

    def poll(self) -> bool:
        """Check once; True (and `on_change` called) when something changed since last time."""
        current = store_signature(self.root)
        if current == self.signature:
            return False
        self.signature = current
        self.on_change()
        return True

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
