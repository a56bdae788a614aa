"""Every key goes where the person meant it, at any speed: keys are delivered one at a time.

Textual hands each key to the focused widget's own queue at once, so in a burst (a paste, a laggy
SSH link, a fast typist) the keys after a Tab or an Enter are already queued in the old field before
the Tab moved focus or the Enter built the next step. The sequencer takes every key (and paste) the
terminal sends, and lets the next one through only when the app has settled from the previous one:
every queue on screen has run dry (the key, the messages and bindings it set off, a dialog it
opened), and nothing holds input. Code that builds or refreshes a screen outside a key's own
handling (a worker, a timer, a store refresh) holds input for that time:

    with app.keys.hold("next KR"):     # or: token = app.keys.hold(...); ...; token.release()
        ...

A hold is released after `HOLD_LIMIT` at the latest, so a bug can slow typing but never swallow it.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

log = logging.getLogger(__name__)
HOLD_LIMIT = 5.0
"""Seconds after which a hold lets keys through anyway (and logs that it was not released)."""
SETTLE_LIMIT = 5.0
"""Seconds a key may take to settle: a screen with a timer that never stops posting still moves."""


class Hold:
    """Input held for one piece of work; `release()` (or leaving the `with` block) lets keys flow."""

    def __init__(self, keys: KeySequencer, reason: str) -> None:
        self.keys = keys
        self.reason = reason
        self.released = False
        self._timer = asyncio.get_running_loop().call_later(HOLD_LIMIT, self._expire)

    def release(self) -> None:
        if not self.released:
            self.released = True
            self._timer.cancel()
            self.keys._released(self)

    def _expire(self) -> None:
        if not self.released:
            log.warning("input hold %r was not released after %.0f s", self.reason, HOLD_LIMIT)
            self.release()

    def __enter__(self) -> Hold:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


class KeySequencer:
    """Queues the terminal's keys and pastes, and delivers each once the app has settled."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.pending: deque[events.Event] = deque()
        self.holds: list[Hold] = []
        self._let_through: set[int] = set()
        self._task: asyncio.Task[None] | None = None
        self._flow = asyncio.Event()
        self._flow.set()
        self._idle = asyncio.Event()
        self._idle.set()

    # -- taking keys ---------------------------------------------------------------------------

    def take(self, event: events.Event) -> bool:
        """Called by the app for each event: True if the sequencer keeps it for later delivery."""
        if not isinstance(event, events.Key | events.Paste) or event.is_forwarded:
            return False
        if id(event) in self._let_through:
            self._let_through.discard(id(event))
            return False
        self.pending.append(event)
        self._idle.clear()
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._deliver(), name="okrtui-keys")
        return True

    def hold(self, reason: str) -> Hold:
        """Hold keys until the returned `Hold` is released (at the latest after HOLD_LIMIT)."""
        made = Hold(self, reason)
        self.holds.append(made)
        self._flow.clear()
        return made

    def _released(self, made: Hold) -> None:
        if made in self.holds:
            self.holds.remove(made)
        if not self.holds:
            self._flow.set()

    async def wait_idle(self) -> None:
        """Until every key taken so far has been delivered and the app has settled (tests use this)."""
        await self._idle.wait()

    # -- delivering ----------------------------------------------------------------------------

    async def _deliver(self) -> None:
        try:
            while self.pending:
                await self._flow.wait()
                if not self.app.is_running:
                    self.pending.clear()
                    break
                event = self.pending.popleft()
                self._let_through.add(id(event))
                self.app.post_message(event)
                await self._settle()
        finally:
            if not self.pending:
                self._idle.set()

    async def _settle(self) -> None:
        """Wait until the app and every widget of every screen has run its queue dry, and holds end.

        Settled means two rounds in a row found every queue empty: a pump still busy with a message
        (its queue already empty) holds up the second round's callback until it is done. The
        focused widget and its ancestors settle first: a key bubbles up through them one message
        at a time, and a round through every widget on screen at once would make each step of
        that wait for all of them (about 2 ms a step, 15-20 ms for a key bound on the form).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_LIMIT
        for pumps in (self._focus_chain, self._pumps):
            if not await self._quiet(pumps, deadline):
                log.warning("a key did not settle within %.0f s; delivering the next one", SETTLE_LIMIT)
                return

    async def _quiet(self, pumps: Callable[[], list[MessagePump]], deadline: float) -> bool:
        loop = asyncio.get_running_loop()
        quiet_before = False
        while loop.time() < deadline:
            await _round(pumps())
            quiet = not self.holds and all(p.message_queue_size == 0 for p in pumps())
            if quiet and quiet_before:
                return True
            quiet_before = quiet
            await self._flow.wait()
        return False

    def _focus_chain(self) -> list[MessagePump]:
        """The app, the screen, and the focused widget with its ancestors."""
        app = self.app
        if not app.screen_stack:
            return [app]
        screen = app.screen
        chain: list[MessagePump] = [app, screen]
        if screen.focused is not None:
            chain.extend(n for n in screen.focused.ancestors_with_self if n not in (app, screen))
        return chain

    def _pumps(self) -> list[MessagePump]:
        app = self.app
        pumps: list[MessagePump] = [app]
        for screen in app.screen_stack:
            pumps.extend(screen.walk_children(with_self=True))
        return pumps


class _Reached:
    """The callback a round posts: resolves its future when the pump's queue reaches it.

    A callable with its parameter count given: Textual otherwise takes `inspect.signature` of
    every callback it runs, and a round runs one per widget on screen, after every key."""

    _param_count = 0

    def __init__(self, done: asyncio.Future[None]) -> None:
        self.done = done

    def __call__(self) -> None:
        if not self.done.done():
            self.done.set_result(None)


async def _round(pumps: list[MessagePump]) -> None:
    """One callback through each pump's queue: when all have run, all messages queued before are handled."""
    loop = asyncio.get_running_loop()
    waits = []
    for pump in pumps:
        done: asyncio.Future[None] = loop.create_future()
        if pump.post_message(events.Callback(callback=_Reached(done))):
            waits.append(done)
    if waits:
        await asyncio.wait(waits, timeout=HOLD_LIMIT)
