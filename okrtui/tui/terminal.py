"""Noticing that the terminal is gone, so no okrtui outlives it (and nothing confirmed is lost).

A dropped SSH session sends SIGHUP, whose default action kills the process at once, in the middle
of a save. And a terminal can also vanish without any signal (the process was started with
`setsid` or `su -c`, then the pane was killed): reads then return end of file forever, and
Textual's input thread spins on them. So the app handles SIGHUP itself and polls its terminal for
a hang-up; either way it exits cleanly, and the meeting's writer finishes the saves already queued.

A real hang-up (the pane or the SSH connection closed) also sends SIGCONT, on which Textual starts
drawing again: on a dead terminal its new output thread dies on the first write and the app then
blocks for ever on a full output queue. So the SIGHUP handler stops Textual's SIGCONT handler from
running and points the dead terminal's descriptors at /dev/null before anything else writes.
"""

from __future__ import annotations

import os
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
    """Call `handler` (on the event loop) when SIGHUP arrives, instead of dying mid-save.

    A plain signal handler, not the event loop's: Python runs the handlers of signals that arrive
    together in signal order, so this one (SIGHUP is 1) runs before Textual's SIGCONT (18) would.
    """
    import asyncio

    loop = asyncio.get_running_loop()

    def hung_up(_signum: int, _frame: object) -> None:
        signal.signal(signal.SIGCONT, signal.SIG_DFL)
        if terminal_gone():
            detach_from_terminal()
        loop.call_soon_threadsafe(handler)

    signal.signal(signal.SIGHUP, hung_up)


def detach_from_terminal() -> None:
    """Point standard input, output and error at /dev/null: whatever still writes to the terminal
    that is gone (Textual restoring it on the way out, a last message) then succeeds and vanishes."""
    with suppress(OSError):
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.close(null)


def say_on_stderr(message: str) -> None:
    """One line on stderr, if there still is one to write to."""
    with suppress(OSError, ValueError, AttributeError):
        print(f"okrtui: {message}", file=sys.__stderr__, flush=True)
