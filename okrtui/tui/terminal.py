"""Noticing that the terminal is gone, so no okrtui outlives it (and nothing confirmed is lost).

A dropped SSH session sends SIGHUP, whose default action kills the process at once, in the middle
of a save. And a terminal can also vanish without any signal (the process was started with
`setsid` or `su -c`, then the pane was killed): reads then return end of file forever, and
Textual's input thread spins on them. So the app handles SIGHUP itself and polls its terminal for
a hang-up; either way it exits cleanly, and the meeting's writer finishes the saves already queued.
"""

from __future__ import annotations

import select
import signal
import sys
from collections.abc import Callable
from contextlib import suppress

HANGUP = select.POLLHUP | select.POLLERR | select.POLLNVAL
POLL_SECONDS = 0.5


def terminal_gone() -> bool:
    """Whether the terminal on standard input or output has hung up (or the descriptor is broken)."""
    poller = select.poll()
    for stream in (sys.__stdin__, sys.__stdout__):
        try:
            fd = stream.fileno() if stream is not None else -1
        except (OSError, ValueError):
            return True
        if fd < 0:
            return True
        poller.register(fd, HANGUP)
    try:
        return any(events & HANGUP for _fd, events in poller.poll(0))
    except OSError:
        return True


def on_hangup(handler: Callable[[], None]) -> None:
    """Call `handler` (on the event loop) when SIGHUP arrives, instead of dying mid-save."""
    import asyncio

    asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, handler)


def say_on_stderr(message: str) -> None:
    """One line on stderr, if there still is one to write to."""
    with suppress(OSError, ValueError, AttributeError):
        print(f"okrtui: {message}", file=sys.__stderr__, flush=True)
