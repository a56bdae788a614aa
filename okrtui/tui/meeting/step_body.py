"""Where the meeting's step is drawn, on the facilitator's screen and on every participant's."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.await_remove import AwaitRemove
from textual.containers import VerticalScroll
from textual.widget import Widget

from okrtui.services.meeting_session import KRView
from okrtui.tui import heap
from okrtui.tui.meeting.steps import KRStep


class StepBody(VerticalScroll):
    """The step on screen: the KR step, or one other step's widget (the opening, the blockers…).

    The KR step is built once, ahead, while the opening shows, then loaded with each KR in turn
    and hidden on the other steps: building it costs five times loading it, and on a room's
    participants' screens that cost comes all at once, on two cores.
    """

    DEFAULT_CSS = """
    /* The scrollbar's column is always kept: a step that overflows for a moment (the vote box
       opening) would otherwise narrow every chart, redraw it, and widen it again. */
    StepBody { scrollbar-gutter: stable; scrollbar-size-vertical: 1; }
    """

    def __init__(self) -> None:
        super().__init__(id="step", can_focus=False)
        self._changing = asyncio.Lock()
        """One change at a time: a key's step and the KR step built ahead run concurrently."""
        self._other: Widget | None = None
        self._removing: AwaitRemove | None = None
        """The last step dropped: removed while the next one shows, awaited before the one after."""

    def kr_step(self, *, shown: bool = True) -> KRStep | None:
        """The KR step (with `shown`, only while it is on screen: the hidden one only waits)."""
        found = self.query_children(KRStep)
        step = found.first() if found else None
        return step if step is not None and (step.display or not shown) else None

    def other(self) -> Widget | None:
        """The step's widget when it is not a KR."""
        return self._other

    async def show_kr(
        self,
        view: KRView,
        context: dict[str, Any],
        count: int,
        build: Callable[[], KRStep],
        then: Callable[[KRStep], None] | None = None,
    ) -> KRStep:
        """Load the KR into the KR step (built by `build` the first time) and show it; `then`
        finishes it in the same frame (a participant's form enabled or not restyles it whole)."""
        async with self._changing:
            with self.app.batch_update():  # no layout, no frame until the step is whole
                step = self.kr_step(shown=False)
                await self._drop_other()
                if step is None:
                    step = build()
                    await self.mount(step)
                else:
                    step.count = count
                    await step.load(view, context)
                    if not step.display:  # built ahead or hidden: sized now, not after the frame's
                        # layout, which costs a second frame (and the charts drawn twice)
                        step.fit_charts(self.scrollable_content_region.size)
                step.display = True
                if then is not None:
                    then(step)
                return step

    async def show_other(self, widget: Widget) -> None:
        """Show a step that is not a KR, in place of whatever showed."""
        async with self._changing:
            with self.app.batch_update():  # no layout, no frame until the step is whole
                step = self.kr_step(shown=False)
                if step is not None:
                    step.display = False  # Textual moves the focus off it
                await self._drop_other()
                self._other = widget
                await self.mount(widget, before=0)

    async def prepare_kr(self, build: Callable[[], KRStep]) -> None:
        """Build the KR step, hidden, unless it is built already; size it for the room it will
        have and draw its KR's charts ahead, so the first KR only shows them."""
        async with self._changing:
            if self.kr_step(shown=False) is None:
                step = build()
                step.display = False
                await self.mount(step)
                room = self.scrollable_content_region.size
                if room:  # (not before this screen's first layout)
                    step.fit_charts(room)
                    step.draw_ahead(step.view)
                if not self.app.is_headless:  # (a test run's heap is every test's: left alone)
                    heap.settle()  # the screen is built: the next KRs' frames walk only what they make

    def on_resize(self) -> None:
        """The room changed while the KR step waits hidden (the terminal resized; the first
        participant joined, and the room's lines took rows under the step): sized again, and its
        charts drawn ahead again, or the first KR would draw them twice."""
        step = self.kr_step(shown=False)
        room = self.scrollable_content_region.size
        if step is not None and not step.display and step.fitted and room:
            step.fit_charts(room)
            step.draw_ahead(step.view)

    async def _drop_other(self) -> None:
        """Hide the step that is not a KR and remove it without waiting: waiting for its widgets'
        message loops to close took ~100 ms of the opening's PageDown to the first KR."""
        if self._removing is not None:
            await self._removing  # its ids may come back (PageUp to the opening)
            self._removing = None
        other, self._other = self._other, None
        if other is not None:
            other.display = False
            self._removing = other.remove()
