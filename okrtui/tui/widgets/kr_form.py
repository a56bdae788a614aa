"""THE check-in form for one key result, shared by the meeting and the async check-in screen.

Usage (the whole API):

    form = KRForm(kr, context={"where": ref, "week": week, "author": ...}, latest=..., this_week=...,
                  draft=..., open_blockers=...)
    @on(KRForm.Submitted)               # Enter anywhere in the form: a validated CheckInRequest
    def submitted(self, event): save(event.request)
    form.touched                        # whether anyone typed or picked anything since the KR was shown
    request = form.collect()            # validate now (e.g. on PageDown); None = inline error shown
    form.changed(request)               # False when it only repeats what is stored (or drafted)
    await form.load(other_kr, context=..., ...)   # next KR in the same form, no remount

The form's request says which of this week's check-ins it was based on (`based_on`: the `rev` of
the stored one shown), so the store can tell when someone else checked in meanwhile. The value
field has focus on mount and after `load`, holding the last value, selected (typing replaces it).
Bad input never leaves the form: the error shows under the field, the field keeps focus. The value
is read in the KR's own unit as `okrtui checkin --value` reads it (`core.kr_values`); a value far
outside the KR's range is taken only on a second Enter with the same value (the CLI's `--yes`).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Static

from okrtui.core.checkin import CheckInRequest
from okrtui.core.errors import explain
from okrtui.core.kr_values import far_outside, parse_kr_value
from okrtui.core.models import Blocker, CheckIn, KeyResult
from okrtui.core.room import LiveDraft
from okrtui.core.safe_text import visible
from okrtui.core.scoring import confidence_band
from okrtui.core.values import plain_number
from okrtui.core.weeks import now
from okrtui.core.when import ago

TEXT_FIELDS = (("moved", "Moved"), ("stuck", "Stuck"), ("next", "Next"))
FIELD_OF = {name: name for name in ("value", "confidence", "moved", "stuck", "next", "blocker")}
SAVE_NEXT = "save+next"
"""What a form's Enter does where it files the answer (see `KRForm.enter_does`)."""


class Tick(Checkbox, inherit_bindings=False):
    """A checkbox whose state reads without colour: `[x]` ticked, `[ ]` not (NO_COLOR, projectors).

    Space toggles it; Enter is left to the form around it (save and next).
    """

    BINDINGS = [Binding("space", "toggle_button", "Toggle", show=False)]

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "x" if self.value else " "
        return super()._button


class ConfidenceField(Widget, can_focus=True):
    """Confidence 1-10: a digit sets it (0 = 10), Up/Down step it; Enter goes to the form."""

    DEFAULT_CSS = """
    ConfidenceField { height: 1; width: 1fr; padding: 0 0; }
    ConfidenceField:focus { background: $accent 35%; text-style: bold; }
    """

    value: reactive[int | None] = reactive(None)

    class Changed(Message):
        """The confidence changed (a digit, Up/Down, or a new KR loaded)."""

        def __init__(self, value: int | None) -> None:
            super().__init__()
            self.value = value

    def watch_value(self, value: int | None) -> None:
        self.post_message(self.Changed(value))

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and event.character.isdigit():
            self.value = int(event.character) or 10
        elif event.key in ("up", "down"):
            self.value = min(10, max(1, (self.value or 5) + (1 if event.key == "up" else -1)))
        else:
            return
        event.stop()
        event.prevent_default()

    def render(self) -> Content:
        if self.value is None:
            return Content("?  /10  press 1-9 or 0 (=10)")
        # The number says it all; the bar's colour repeats it. The KR's one status word is shown
        # by the screen around the form.
        band = confidence_band(self.value)
        bar = "█" * self.value + "░" * (10 - self.value)
        return Content.assemble(f"{self.value:>2}/10  ", (bar, f"${band.variable}"))


def _field(*, id: str, placeholder: str = "") -> Input:
    """A one-line field. Textual's own validation is off: the form checks the whole answer on
    Enter, and a field's first value would otherwise restyle it (`-valid`) in the middle of a step.
    The cursor does not blink: in a meeting room every screen would redraw twice a second for it."""
    return steady_cursor(Input(placeholder=placeholder, compact=True, id=id, validate_on=()))


def steady_cursor(field: Input) -> Input:
    """`field` with a cursor that does not blink."""
    field.set_reactive(Input.cursor_blink, False)
    return field


class KRForm(Widget):
    """Value, confidence, moved/stuck/next, add a blocker, resolve open blockers."""

    DEFAULT_CSS = """
    KRForm { height: auto; layout: vertical; }
    KRForm .row { height: 1; }
    KRForm .row Label { width: 12; color: $text-muted; }
    /* A rule on the row itself: without it Textual does not restyle the label when focus moves. */
    KRForm .row:focus-within { background: $accent 10%; }
    KRForm .row:focus-within Label { color: $accent; text-style: bold reverse; }
    KRForm .row Input { width: 1fr; }
    KRForm .hint { text-wrap: nowrap; text-overflow: ellipsis; }
    /* Someone else's answer, only shown: no keys to offer (the row stays, so nothing moves). */
    KRForm:disabled .hint { visibility: hidden; }
    KRForm .error { color: $error; height: auto; padding-left: 12; display: none; }
    KRForm .error.-shown { display: block; }
    KRForm .hint { color: $text-muted; height: 1; }
    KRForm .prefill-mark { color: $accent; height: auto; }
    KRForm #resolve { height: auto; }
    KRForm Tick { height: auto; width: 1fr; border: none; padding: 0; margin-left: 12; }
    KRForm Tick:focus { text-style: bold reverse; }
    """
    BINDINGS = [Binding("enter", "submit", "Save+next", show=False)]

    class Submitted(Message):
        """Enter in the form: a validated answer."""

        def __init__(self, form: KRForm, request: CheckInRequest) -> None:
            super().__init__()
            self.form = form
            self.request = request

        @property
        def control(self) -> KRForm:
            return self.form

    def __init__(
        self,
        kr: KeyResult,
        *,
        context: dict[str, Any],
        latest: CheckIn | None,
        this_week: CheckIn | None = None,
        draft: CheckInRequest | None = None,
        open_blockers: list[Blocker] | None = None,
        id: str | None = None,
        disabled: bool = False,
        enter_does: str = SAVE_NEXT,
    ) -> None:
        super().__init__(id=id, disabled=disabled)
        self._set(kr, context, latest, this_week, draft, open_blockers)
        self.enter_does = enter_does
        """What Enter does, as the hint under the fields says it (a participant's sends the answer)."""
        self._pristine: tuple[object, ...] = ()
        self._mirrored: tuple[object, ...] = ()
        self._far_warned: float | None = None
        """A far-outside value already warned about: the next Enter with it keeps it."""

    def _set(
        self,
        kr: KeyResult,
        context: dict[str, Any],
        latest: CheckIn | None,
        this_week: CheckIn | None,
        draft: CheckInRequest | None,
        open_blockers: list[Blocker] | None,
    ) -> None:
        """`latest`: the newest check-in before this week (prefills value and confidence); `this_week`:
        one stored this week (prefills everything, is marked, and is what a save replaces); `draft`:
        this screen's own answer not saved yet (prefilled, marked)."""
        self.kr, self.context = kr, context
        self.latest, self.this_week, self.draft = latest, this_week, draft
        self.open_blockers = list(open_blockers or [])

    def compose(self) -> ComposeResult:
        yield Static("", classes="prefill-mark")
        yield self._row("Value", _field(id="value"))
        yield self._error("value")
        yield self._row("Confidence", ConfidenceField(id="confidence"))
        yield self._error("confidence")
        for name, label in TEXT_FIELDS:
            placeholder = f"what is {label.lower()} (one line)" if name != "moved" else "what moved"
            yield self._row(label, _field(placeholder=placeholder, id=name))
            yield self._error(name)
        blocker = _field(placeholder="raise a blocker (optional)", id="blocker")
        yield self._row("Blocker +", blocker)
        yield self._error("blocker")
        yield Vertical(*self._ticks(), id="resolve")
        yield Static(f"Enter {self.enter_does} · Tab next field · 0-9 ↑↓ confidence", classes="hint")

    @staticmethod
    def _tick_label(blocker: Blocker) -> Content:
        return Content(f"resolve {blocker.id}: {visible(blocker.text)}")

    def _ticks(self) -> list[Tick]:
        return [Tick(self._tick_label(b), compact=True) for b in self.open_blockers]

    def tick_of(self, blocker_id: str) -> Tick:
        """The "resolve" tick of an open blocker (ticks are reused from KR to KR, in order)."""
        ticks = list(self.query_one("#resolve", Vertical).query_children(Tick))
        return next(t for b, t in zip(self.open_blockers, ticks, strict=False) if b.id == blocker_id)

    def _fill(self) -> None:
        """Put the KR's prefill into the fields and clear any error."""
        self._mark()
        draft, stored = self.draft, self.this_week
        value = self.query_one("#value", Input)
        source = draft or stored or self.latest
        value.value = plain_number(source.value) if source else ""
        value.placeholder = f"e.g. {plain_number(self.kr.baseline)}"
        self.query_one(ConfidenceField).value = source.confidence if source else None
        texts = draft or stored
        for name, _ in TEXT_FIELDS:
            self.query_one(f"#{name}", Input).value = getattr(texts, name) if texts else ""
        self.query_one("#blocker", Input).value = ""
        for error in self.query(".error"):
            error.remove_class("-shown")
        self._far_warned = None
        self._pristine = self._mirrored = self._state()

    def _mark(self) -> None:
        """The line above the fields saying where the prefill comes from."""
        mark = self.query_one(".prefill-mark", Static)
        stored = self.this_week
        mark.display = self.draft is not None or stored is not None
        if self.draft is not None:
            mark.update("✎ the answer given here (saving…): prefilled below")
        elif stored is not None:
            who = f" by {stored.author}" if stored.author else ""
            where = "in a meeting" if stored.meeting else "async"
            when = ago(stored.created_at, now())
            mark.update(Content(visible(f"✎ checked in this week ({where}){who}, {when}: prefilled below")))

    def _state(self) -> tuple[object, ...]:
        """Everything the user can change, raw (unvalidated): compared to tell a touched form."""
        texts = tuple(self.query_one(f"#{n}", Input).value for n in ("value", *dict(TEXT_FIELDS), "blocker"))
        ticks = tuple(t.value for t in self.query(Tick))
        return (*texts, self.query_one(ConfidenceField).value, ticks)

    @property
    def touched(self) -> bool:
        """Whether anything was typed or picked since this KR was shown (prefill does not count; a
        form still being built has nothing typed in it)."""
        return bool(self._pristine) and self._state() != self._pristine

    @property
    def typed_over(self) -> bool:
        """Whether the fields hold what neither the prefill nor the last mirrored draft put there:
        someone's keys, not the form filling itself."""
        return bool(self._pristine) and self._state() not in (self._pristine, self._mirrored)

    # -- the room: a participant's typing, live -------------------------------------------------

    def typed(self, *, ready: bool = False) -> LiveDraft:
        """What the fields hold now, unvalidated, for the facilitator's screen to show as it is typed."""
        blocker = self.query_one("#blocker", Input).value.strip()
        return LiveDraft(
            kr=self.kr.id,
            value=self.query_one("#value", Input).value[:40],
            confidence=self.query_one(ConfidenceField).value,
            **{name: self.query_one(f"#{name}", Input).value[:500] for name, _ in TEXT_FIELDS},
            new_blockers=(blocker[:500],) if blocker else (),
            based_on=self.this_week.rev if self.this_week is not None else None,
            ready=ready,
        )

    def mirror(self, draft: LiveDraft, note: str) -> bool:
        """Show a participant's draft in the fields, unless the facilitator has typed over them since.

        The form then counts as touched, so Enter files what the participant typed."""
        if not self._pristine or self.typed_over:
            return False  # still being built, or the facilitator typed over it
        self.query_one("#value", Input).value = draft.value
        self.query_one(ConfidenceField).value = draft.confidence
        for name, _ in TEXT_FIELDS:
            self.query_one(f"#{name}", Input).value = getattr(draft, name)
        self.query_one("#blocker", Input).value = draft.new_blockers[0] if draft.new_blockers else ""
        mark = self.query_one(".prefill-mark", Static)
        mark.update(Content(visible(note)))
        mark.display = True
        self._mirrored = self._state()
        return True

    async def load(
        self,
        kr: KeyResult,
        *,
        context: dict[str, Any],
        latest: CheckIn | None,
        this_week: CheckIn | None = None,
        draft: CheckInRequest | None = None,
        open_blockers: list[Blocker] | None = None,
    ) -> None:
        """Show another KR (or the same one, refreshed) in this same form: no remount, fast."""
        self._set(kr, context, latest, this_week, draft, open_blockers)
        # The ticks are reused, the surplus hidden: removing widgets waits on their message loops
        # (about 10 ms a KR on the meeting's PageDown), and a pool never shrinks below what it held.
        resolve = self.query_one("#resolve", Vertical)
        ticks = list(resolve.query_children(Tick))
        for n, tick in enumerate(ticks):
            shown = n < len(self.open_blockers)
            if shown:
                tick.label = self._tick_label(self.open_blockers[n])
            tick.value = False
            tick.display = shown
        if len(self.open_blockers) > len(ticks):
            await resolve.mount_all(self._ticks()[len(ticks) :])
        self._fill()
        self.focus_value()

    @staticmethod
    def _row(label: str, field: Widget) -> Horizontal:
        return Horizontal(Label(label), field, classes="row")

    @staticmethod
    def _error(name: str) -> Static:
        return Static("", id=f"{name}-error", classes="error", markup=False)

    def on_mount(self) -> None:
        self._fill()
        if all(node.display for node in self.ancestors_with_self if isinstance(node, Widget)):
            self.focus_value()  # not from a form built ahead, hidden: keys would land in it unseen

    def focus_value(self) -> None:
        """Focus the value field with its text selected, so typing replaces the last value."""
        value = self.query_one("#value", Input)
        self.screen.set_focus(value, scroll_visible=False)
        value.select_all()

    # -- reading the form ---------------------------------------------------------------------

    def read_value(self) -> float:
        """The value typed, read in the KR's unit; ValueError with one sentence when it does not fit."""
        return parse_kr_value(self.query_one("#value", Input).value, self.kr)

    def _unconfirmed_far(self, value: float) -> str | None:
        """Why `value` needs a second Enter, or None: it is near the range, already warned about, or
        the value the form was prefilled with (nobody typed it now)."""
        source = self.draft or self.this_week or self.latest
        far = far_outside(self.kr, value)
        if far is None or value == self._far_warned or (source is not None and value == source.value):
            return None
        self._far_warned = value
        return f"{far}: Enter again to keep it"

    def collect(self) -> CheckInRequest | None:
        """The validated answer, or None after showing the first error and focusing its field."""
        for error in self.query(".error"):
            error.remove_class("-shown")
        fields: dict[str, Any] = {
            **self.context,
            "based_on": self.this_week.rev if self.this_week is not None else None,
        }
        try:
            fields["value"] = self.read_value()
        except ValueError as error:
            self._fail("value", str(error))
            return None
        far = self._unconfirmed_far(fields["value"])
        if far is not None:
            self._fail("value", far, mark="⚠")
            return None
        fields["confidence"] = self.query_one(ConfidenceField).value
        if fields["confidence"] is None:
            self._fail("confidence", "pick a confidence: press 1-9, or 0 for 10")
            return None
        for name, _ in TEXT_FIELDS:
            fields[name] = self.query_one(f"#{name}", Input).value
        blocker = self.query_one("#blocker", Input).value
        fields["new_blockers"] = (blocker,) if blocker.strip() else ()
        ticks = self.query_one("#resolve", Vertical).query_children(Tick)
        fields["resolve"] = tuple(b.id for b, t in zip(self.open_blockers, ticks, strict=False) if t.value)
        try:
            return CheckInRequest.model_validate(fields)
        except ValidationError as error:
            location = error.errors()[0]["loc"]
            name = "blocker" if location and location[0] == "new_blockers" else str(location[0])
            self._fail(FIELD_OF.get(name, "value"), explain(error))
            return None

    def changed(self, request: CheckInRequest) -> bool:
        """Whether saving `request` would change what is stored (or already drafted) for this week."""
        if request.new_blockers or request.resolve:
            return True
        if self.draft is not None:
            return request.answer() != self.draft.answer()
        stored = self.this_week
        if stored is None:
            return True
        return request.answer() != (stored.value, stored.confidence, stored.moved, stored.stuck, stored.next)

    def _fail(self, name: str, message: str, mark: str = "✖") -> None:
        """Show `message` under field `name` and focus it: the answer is not taken."""
        error = self.query_one(f"#{name}-error", Static)
        error.update(f"{mark} {message}")
        error.add_class("-shown")
        self.screen.set_focus(self.query_one(f"#{name}"))

    # -- Enter anywhere saves -----------------------------------------------------------------

    @on(Input.Changed)
    @on(ConfidenceField.Changed)
    def _clear_stale_error(self, event: Message) -> None:
        """A fixed field loses its old error line at once."""
        control = getattr(event, "control", None) or getattr(event, "_sender", None)
        name = getattr(control, "id", None)
        if name:
            errors = self.query(f"#{name}-error")
            if errors:
                errors.first().remove_class("-shown")

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        request = self.collect()
        if request is not None:
            self.post_message(self.Submitted(self, request))
