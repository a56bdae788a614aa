"""THE check-in form for one key result, shared by the meeting and the async check-in screen.

Usage (the whole API):

    form = KRForm(kr, latest=board.latest_before(kr.id, week), this_week=board.checkin(kr.id, week),
                  open_blockers=board.blockers_of(kr.id, open_only=True))
    ...
    @on(KRForm.Submitted)
    def kr_submitted(self, event: KRForm.Submitted) -> None:
        save(event.answer)          # Enter in the value, confidence or any one-line field
    form.touched                    # whether anyone typed/picked anything since the KR was shown
    answer = form.collect()         # validate now (e.g. on PageDown); None = inline error shown, focus kept
    form.changed(answer)            # False when the answer only repeats this week's stored check-in
    await form.load(other_kr, latest=..., this_week=..., open_blockers=...)  # next KR, no remount
    store.check_in(answer.kr, week=week, author=..., **answer.store_kwargs())

The value field has focus on mount and after `load`, holding the last value, selected (typing
replaces it). Focus moves synchronously (never via `call_later`), so keys typed fast land in the
field they were meant for. Bad input never leaves the form: the error shows under the field, the
field keeps focus, nothing is posted.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import TypeAdapter, ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Static

from okrtui.core.models import Blocker, CheckIn, KeyResult
from okrtui.core.scoring import confidence_band
from okrtui.core.text import BlockerText, Note
from okrtui.core.values import parse_value, plain_number

NOTE = TypeAdapter(Note)
BLOCKER = TypeAdapter(BlockerText)
TEXT_FIELDS = (("moved", "Moved"), ("stuck", "Stuck"), ("next", "Next"))
FOCUS_BINDINGS = [
    Binding("tab", "focus_move(1)", "Next field", show=False, priority=True),
    Binding("shift+tab", "focus_move(-1)", "Previous field", show=False, priority=True),
]
"""For screens holding the form: priority Tab acts when the app reads the key, so a digit typed
right after Tab reaches the confidence field, not the value (a non-priority Tab is queued behind
the keys already sent to the value field). The screen implements `action_focus_move(delta)`."""


class FocusKeys:
    """Mixin for a Screen using FOCUS_BINDINGS: moves focus at once (Screen.focus_next is synchronous)."""

    def action_focus_move(self, delta: int) -> None:
        screen: Screen = self  # type: ignore[assignment]
        if delta > 0:
            screen.focus_next()
        else:
            screen.focus_previous()


UNSAVED = "ci-unsaved"
"""Id of a check-in shown locally but not (yet) in the store: `KRForm.changed` never trusts it."""


@dataclass(frozen=True)
class KRAnswer:
    """A validated check-in for one KR, ready for `Store.check_in(kr, **answer.store_kwargs())`."""

    kr: str
    value: float
    confidence: int
    moved: str = ""
    stuck: str = ""
    next: str = ""
    new_blockers: tuple[str, ...] = ()
    resolve: tuple[str, ...] = ()

    def store_kwargs(self) -> dict[str, object]:
        return {
            "value": self.value,
            "confidence": self.confidence,
            "moved": self.moved,
            "stuck": self.stuck,
            "next": self.next,
            "new_blockers": list(self.new_blockers),
            "resolve": list(self.resolve),
        }


class Tick(Checkbox, inherit_bindings=False):
    """A checkbox whose state reads without colour: `[x]` ticked, `[ ]` not (NO_COLOR, projectors).

    Space toggles it; Enter is left to the form (save and next), as everywhere in the meeting.
    """

    BINDINGS = [Binding("space", "toggle_button", "Toggle", show=False)]

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "x" if self.value else " "
        return super()._button


class ConfidenceField(Widget, can_focus=True):
    """Confidence 1-10: a digit sets it (0 = 10), Up/Down step it, Enter submits the form."""

    DEFAULT_CSS = """
    ConfidenceField { height: 1; width: 1fr; padding: 0 0; }
    ConfidenceField:focus { background: $primary 30%; text-style: bold; }
    """
    BINDINGS = [Binding("enter", "submit", "Save+next", show=False)]

    value: reactive[int | None] = reactive(None)

    class Submitted(Message):
        """Enter was pressed on the field."""

    class Changed(Message):
        """The confidence changed (a digit, Up/Down, or a new KR loaded)."""

        def __init__(self, value: int | None) -> None:
            super().__init__()
            self.value = value

    def watch_value(self, value: int | None) -> None:
        self.post_message(self.Changed(value))

    def on_key(self, event: events.Key) -> None:
        """Digits and Up/Down are handled here, in the field's own queue, not as bindings: a
        binding runs only once the key has travelled back up to the app, which may be after a
        key typed later (Enter, PageDown) has already read the field."""
        if event.character is not None and event.character.isdigit():
            self.action_set(int(event.character) or 10)
        elif event.key in ("up", "down"):
            self.action_step(1 if event.key == "up" else -1)
        else:
            return
        event.stop()
        event.prevent_default()

    def action_step(self, delta: int) -> None:
        self.value = min(10, max(1, (self.value or 5) + delta))

    def action_set(self, value: int) -> None:
        self.value = value

    def action_submit(self) -> None:
        self.post_message(self.Submitted())

    def render(self) -> Content:
        if self.value is None:
            return Content("?  /10  press 1-9 or 0 (=10)")
        # The number says it all; the bar's colour repeats it. No status word here: the KR's one
        # status (confidence, lowered when behind pace) is shown by the screen around the form.
        band = confidence_band(self.value)
        bar = "█" * self.value + "░" * (10 - self.value)
        return Content.from_markup(f"{self.value:>2}/10  [${band.variable}]{bar}[/]")


class KRForm(Widget):
    """Value, confidence, moved/stuck/next, add a blocker, resolve open blockers."""

    DEFAULT_CSS = """
    KRForm { height: auto; layout: vertical; }
    KRForm .row { height: 1; }
    KRForm .row Label { width: 12; color: $text-muted; }
    KRForm .row Input { width: 1fr; }
    KRForm Input:focus { background: $primary 30%; }
    KRForm .error { color: $error; height: auto; padding-left: 12; display: none; }
    KRForm .error.-shown { display: block; }
    KRForm .hint { color: $text-muted; height: 1; }
    KRForm .async-mark { color: $accent; height: auto; }
    KRForm #resolve { height: auto; }
    KRForm Tick { height: 1; border: none; padding: 0; margin-left: 12; }
    """

    class Submitted(Message):
        """Enter in the value, confidence or a one-line field: a validated answer."""

        def __init__(self, form: KRForm, answer: KRAnswer) -> None:
            super().__init__()
            self.form = form
            self.answer = answer

        @property
        def control(self) -> KRForm:
            return self.form

    def __init__(
        self,
        kr: KeyResult,
        *,
        latest: CheckIn | None,
        this_week: CheckIn | None = None,
        open_blockers: list[Blocker] = (),  # type: ignore[assignment]
        id: str | None = None,
    ) -> None:
        """`latest`: the newest check-in (prefills value and confidence); `this_week`: one already
        made this week (prefills everything and is marked); `open_blockers`: offered to resolve."""
        super().__init__(id=id)
        self.kr = kr
        self.this_week = this_week
        self.prefill = this_week or latest
        self.open_blockers = list(open_blockers)
        self._pristine: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("", classes="async-mark")
        yield self._row("Value", Input(compact=True, id="value"))
        yield self._error("value")
        yield self._row("Confidence", ConfidenceField(id="confidence"))
        yield self._error("confidence")
        for name, label in TEXT_FIELDS:
            placeholder = f"what is {label.lower()} (one line)" if name != "moved" else "what moved"
            yield self._row(label, Input(placeholder=placeholder, compact=True, id=name))
            yield self._error(name)
        yield self._row(
            "Blocker +", Input(placeholder="raise a blocker (optional)", compact=True, id="blocker")
        )
        yield self._error("blocker")
        yield Vertical(*self._ticks(), id="resolve")
        yield Static("Enter save+next · Tab next field · 0-9 ↑↓ confidence", classes="hint")

    def _ticks(self) -> list[Tick]:
        return [
            Tick(Content(f"resolve {b.id}: {b.text}"), id=f"resolve-{b.id}", compact=True)
            for b in self.open_blockers
        ]

    def _fill(self) -> None:
        """Put the KR's prefill into the fields and clear any error."""
        prefill, this_week = self.prefill, self.this_week
        self._mark()
        value = self.query_one("#value", Input)
        value.value = plain_number(prefill.value) if prefill else ""
        value.placeholder = f"e.g. {plain_number(self.kr.baseline)}"
        self.query_one(ConfidenceField).value = prefill.confidence if prefill else None
        for name, _ in TEXT_FIELDS:
            self.query_one(f"#{name}", Input).value = getattr(this_week, name) if this_week else ""
        self.query_one("#blocker", Input).value = ""
        for error in self.query(".error"):
            error.remove_class("-shown")
        self._pristine = self._state()

    def _mark(self) -> None:
        """The line above the fields saying where the prefill comes from."""
        this_week = self.this_week
        mark = self.query_one(".async-mark", Static)
        mark.display = this_week is not None
        if this_week is not None and this_week.id == UNSAVED:
            mark.update(Content("✎ the answer given in this meeting (not saved yet): prefilled below"))
        elif this_week is not None:
            who = f" by {this_week.author}" if this_week.author else ""
            where = "in a meeting" if this_week.meeting else "async"
            mark.update(Content(f"✎ already checked in this week ({where}){who}: prefilled below"))

    def mark_saved(self, checkin: CheckIn) -> None:
        """The answer shown as not saved yet has landed: compare against the stored one from now on."""
        if self.this_week is not None and self.this_week.id == UNSAVED and checkin.kr == self.kr.id:
            self.this_week = checkin
            self._mark()

    def _state(self) -> tuple[object, ...]:
        """Everything the user can change, raw (unvalidated): compared to tell a touched form."""
        texts = tuple(self.query_one(f"#{n}", Input).value for n in ("value", *dict(TEXT_FIELDS), "blocker"))
        ticks = tuple(t.value for t in self.query(Tick))
        return (*texts, self.query_one(ConfidenceField).value, ticks)

    @property
    def touched(self) -> bool:
        """Whether anything was typed or picked since this KR was shown (prefill does not count)."""
        return self._state() != self._pristine

    async def load(
        self,
        kr: KeyResult,
        *,
        latest: CheckIn | None,
        this_week: CheckIn | None = None,
        open_blockers: list[Blocker] = (),  # type: ignore[assignment]
    ) -> None:
        """Show another KR in this same form: no remount, so moving between KRs stays fast."""
        self.kr, self.this_week, self.prefill = kr, this_week, this_week or latest
        self.open_blockers = list(open_blockers)
        resolve = self.query_one("#resolve", Vertical)
        await resolve.remove_children()
        if self.open_blockers:
            await resolve.mount_all(self._ticks())
        self._fill()
        self.focus_value()

    @staticmethod
    def _row(label: str, field: Widget) -> Horizontal:
        return Horizontal(Label(label), field, classes="row")

    @staticmethod
    def _error(name: str) -> Static:
        return Static("", id=f"{name}-error", classes="error")

    def on_mount(self) -> None:
        self._fill()
        self.focus_value()

    def focus_value(self) -> None:
        """Focus the value field with its text selected, so typing replaces the last value.

        Focus is set at once (not `Widget.focus`, which defers it): keys already queued after the
        key that opened this KR must reach this field.
        """
        value = self.query_one("#value", Input)
        self.screen.set_focus(value, scroll_visible=False)
        value.select_all()

    # -- reading the form ---------------------------------------------------------------------

    def collect(self) -> KRAnswer | None:
        """The validated answer, or None after showing the first error and focusing its field."""
        for error in self.query(".error"):
            error.remove_class("-shown")
        answer: dict[str, object] = {"kr": self.kr.id}
        try:
            answer["value"] = parse_value(self.query_one("#value", Input).value)
        except ValueError as error:
            return self._fail("value", str(error))
        confidence = self.query_one(ConfidenceField).value
        if confidence is None:
            return self._fail("confidence", "pick a confidence: press 1-9, or 0 for 10")
        answer["confidence"] = confidence
        for name, _ in TEXT_FIELDS:
            text = self.query_one(f"#{name}", Input).value
            try:
                answer[name] = NOTE.validate_python(text)
            except ValidationError as error:
                return self._fail(name, _first(error))
        blocker = self.query_one("#blocker", Input).value
        if blocker.strip():
            try:
                answer["new_blockers"] = (BLOCKER.validate_python(blocker),)
            except ValidationError as error:
                return self._fail("blocker", f"blocker {_first(error)}")
        answer["resolve"] = tuple(
            b.id for b in self.open_blockers if self.query_one(f"#resolve-{b.id}", Tick).value
        )
        return KRAnswer(**answer)  # type: ignore[arg-type]

    def changed(self, answer: KRAnswer) -> bool:
        """Whether saving `answer` would change anything stored for this week."""
        stored = self.this_week
        if stored is None or stored.id == UNSAVED or answer.new_blockers or answer.resolve:
            return True
        return (answer.value, answer.confidence, answer.moved, answer.stuck, answer.next) != (
            stored.value,
            stored.confidence,
            stored.moved,
            stored.stuck,
            stored.next,
        )

    def _fail(self, name: str, message: str) -> None:
        error = self.query_one(f"#{name}-error", Static)
        error.update(f"✖ {message}")
        error.add_class("-shown")
        self.screen.set_focus(self.query_one(f"#{name}"))
        return None

    # -- Enter anywhere saves -----------------------------------------------------------------

    @on(Input.Submitted)
    @on(ConfidenceField.Submitted)
    def _submit(self, event: Message) -> None:
        event.stop()
        answer = self.collect()
        if answer is not None:
            self.post_message(self.Submitted(self, answer))


def _first(error: ValidationError) -> str:
    return error.errors()[0]["msg"].removeprefix("Value error, ")
