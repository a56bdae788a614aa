"""One writer thread per screen: store writes run off the UI thread, one at a time, in the order given.

A thread per save (or a lock, which is not FIFO) lets an older answer land after a newer one and
overwrite it. A single queue consumed by a single thread cannot.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)
Job = Callable[[], None]
POLL_SECONDS = 0.5
"""How often an idle writer checks whether the program is ending (it then finishes the queue and stops)."""
HOLD_SECONDS = 0.25
"""The longest a `hold` delays the writer: a hold never released (a screen gone) only slows a save."""


class SaveQueue:
    """Runs jobs in a background thread in FIFO order; `drain()` waits until all queued jobs are done.

    Jobs report back to the UI themselves (e.g. `widget.post_message`, which is thread-safe); a job
    that raises is logged and the queue moves on. The thread is not a daemon, so a program that
    ends while saves are queued still finishes them (it stops by itself once the main thread is gone).
    """

    def __init__(self, name: str = "okrtui-save") -> None:
        self.name = name
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._go = threading.Event()
        self._go.set()

    def submit(self, job: Job) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self.name)
                self._thread.start()
        self._jobs.put(job)

    def hold(self) -> Callable[[], None]:
        """Delay the next job until the returned call (at most `HOLD_SECONDS`): the UI draws the
        frame a save was queued with first, instead of sharing the interpreter with the save."""
        self._go.clear()
        return self._go.set

    @property
    def pending(self) -> int:
        """Jobs queued or running (approximate while the writer works)."""
        return self._jobs.unfinished_tasks

    async def drain(self) -> None:
        """Wait (without blocking the UI) until every job submitted so far has run."""
        if self._jobs.unfinished_tasks:
            await asyncio.to_thread(self._jobs.join)

    def close(self) -> None:
        """Stop the writer once the jobs already queued have run."""
        if self._thread is not None:
            self._jobs.put(None)

    def _run(self) -> None:
        while True:
            try:
                job = self._jobs.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not threading.main_thread().is_alive():
                    return
                continue
            try:
                if job is None:
                    return
                self._go.wait(HOLD_SECONDS)
                job()
            except Exception:  # a job's own errors are its business; never kill the writer
                log.exception("a queued save failed")
            finally:
                self._jobs.task_done()
