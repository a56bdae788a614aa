"""`okrtui checkin`: one person's key results, the ones they owe this week first, in the shared KR form."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from okrtui.core.status import KRStatus
from okrtui.core.values import format_value
from okrtui.report.snapshot import Snapshot, narrow, owners, take_snapshot
from okrtui.store import StoreError
from okrtui.tui.dashboard.detail import checkin_lines, facts
from okrtui.tui.widgets.kr_form import FOCUS_BINDINGS, FocusKeys, KRAnswer, KRForm


def match_owner(person: str, names: list[str]) -> str | None:
    """The owner name `person` refers to (case-insensitive), e.g. login `ana` -> `Ana`."""
    wanted = person.strip().lower()
    return next((name for name in names if name.lower() == wanted), None)


def due_first(statuses: list[KRStatus]) -> list[KRStatus]:
    """What the person owes this week first, each group in objective order."""
    return [s for s in statuses if not s.checked_in_this_week] + [
        s for s in statuses if s.checked_in_this_week
    ]


def list_prompt(status: KRStatus) -> Content:
    mark = ("✔ done", "$okr-on-track") if status.checked_in_this_week else ("● due ", "$warning")
    return Content.assemble(mark, " ", (status.kr.id, "$text-muted"), " ", status.kr.title)


class CheckinScreen(FocusKeys, Screen[None]):
    """Walks the person's due KRs: Enter saves (in a worker) and opens the next one; then "all done"."""

    CSS_PATH = "checkin.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-medium"), (110, "-wide")]
    BINDINGS = [
        # Priority: inputs and lists have their own (silent) PageUp/PageDown; here they move between KRs.
        Binding("pagedown", "step(1)", "Skip", tooltip="Next KR without saving", priority=True),
        Binding("pageup", "step(-1)", "Back", tooltip="Previous KR without saving", priority=True),
        Binding("escape", "leave", "Leave"),
        *FOCUS_BINDINGS,
    ]

    def __init__(self, author: str | None = None, first: str | None = None, cycle: str | None = None) -> None:
        """`author`: whose KRs (default: the app's --as / login name); `first`: open this KR first."""
        super().__init__()
        self.person = author
        self.first = first
        self.cycle_id = cycle
        self.owner: str | None = None
        self.mine: list[KRStatus] = []
        self.current: KRStatus | None = None
        self.saving = False
        self.owed: list[str] = []
        """KRs due when the screen opened: the "2 of 3" count stays put as they get done."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="work"):
            yield OptionList(id="mine")
            with Vertical(id="form-area"):  # not a VerticalScroll: it would take PageUp/PageDown
                yield Static(id="kr-heading")
                yield Static(id="kr-facts")
                with Horizontal(id="form-row"):
                    yield Vertical(id="form-box")
                    with Vertical(id="last"):
                        yield Static("Last check-in", classes="heading")
                        yield Sparkline([], id="last-spark")
                        yield Static(id="last-text")
                yield Static(id="save-status")
            with VerticalScroll(id="message"):
                yield Static(id="message-text")
        yield Footer()

    def on_mount(self) -> None:
        options = self.app.options
        self.person = self.person or options.author or ""
        self.cycle_id = self.cycle_id or options.cycle
        snapshot = self.load()
        if snapshot is None:
            return
        self.owner = match_owner(self.person, owners(snapshot))
        if self.owner is None:
            self.show_nobody(snapshot)
            return
        self.title = f"Check-in: {self.owner}"
        self.sub_title = f"{snapshot.cycle.id if snapshot.cycle else ''} · week {snapshot.week}"
        self.refresh_mine(snapshot)
        self.owed = [s.kr.id for s in self.mine if not s.checked_in_this_week]
        start = next((s for s in self.mine if s.kr.id == self.first), None) or self.next_due()
        if start is None:
            self.show_all_done()
        else:
            self.open_kr(start)

    # -- data ------------------------------------------------------------------------------------

    def load(self) -> Snapshot | None:
        try:
            snapshot = take_snapshot(self.app.store, self.app.options.today, cycle=self.cycle_id)
        except StoreError as error:
            self.show_message(f"Cannot read the store: {error}")
            return None
        if snapshot.cycle is None or not snapshot.objectives:
            self.show_message(
                "No key results in this store yet.\n\n"
                "Try it on sample data:  okrtui demo\nBring your own OKRs:    okrtui import FILE"
            )
            return None
        self.cycle_id = snapshot.cycle.id
        return snapshot

    def refresh_mine(self, snapshot: Snapshot) -> None:
        """Re-read the person's KRs (after a save) and redraw the list in due-first order."""
        self.mine = due_first(narrow(snapshot, owner=self.owner).key_results)
        listing = self.query_one("#mine", OptionList)
        listing.clear_options()
        listing.add_options([Option(list_prompt(s), id=s.kr.id) for s in self.mine])

    def next_due(self, after: str | None = None) -> KRStatus | None:
        """The first KR still due (not checked in this week) after KR `after`, wrapping round."""
        ids = [s.kr.id for s in self.mine]
        start = ids.index(after) + 1 if after in ids else 0
        ordered = self.mine[start:] + self.mine[:start]
        return next((s for s in ordered if not s.checked_in_this_week and s.kr.id != after), None)

    # -- views -----------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.add_class("-message")
        self.query_one("#message-text", Static).update(text)

    def show_nobody(self, snapshot: Snapshot) -> None:
        names = ", ".join(owners(snapshot))
        cycle = snapshot.cycle.id if snapshot.cycle else "this cycle"
        self.show_message(
            f"{self.person or 'You'} own{'s' if self.person else ''} no key results in {cycle}.\n\n"
            f"Owners: {names}\n\n"
            "Check in as one of them:  okrtui checkin --as NAME\n\nPress Escape to leave."
        )

    def show_all_done(self) -> None:
        week = self.mine[0].this_week if self.mine else ""
        done = [s for s in self.mine if s.checked_in_this_week]
        lines = [f"✔ All done, {self.owner}: nothing left to check in for {week}.", ""]
        for status in done:
            latest = status.latest
            value = format_value(latest.value, status.kr.unit) if latest else "—"
            confidence = latest.confidence if latest else "–"
            lines.append(f"  ✔ {status.kr.id}  {value} · confidence {confidence}")
        lines += ["", "Pick a KR in the list to change it, or press Escape to leave."]
        self.current = None
        self.remove_class("-editing")
        self.add_class("-done")
        self.query_one("#message-text", Static).update("\n".join(lines))
        listing = self.query_one("#mine", OptionList)
        listing.highlighted = 0 if self.mine else None
        listing.focus()

    def open_kr(self, status: KRStatus) -> None:
        """Show the form for one KR, prefilled from its latest check-in, with that check-in beside it."""
        self.current = status
        self.remove_class("-done")
        self.add_class("-editing")
        owed = self.owed
        if status.checked_in_this_week:  # done now, even if it was due when the screen opened
            position = "✔ checked in this week"
        elif status.kr.id in owed:
            position = f"{owed.index(status.kr.id) + 1} of {len(owed)} due"
        else:
            position = "due"
        heading = Content.assemble((status.kr.id, "$text-muted"), " ", (status.kr.title, "bold"))
        self.query_one("#kr-heading", Static).update(heading + Content(f"  ({position})"))
        self.query_one("#kr-facts", Static).update(facts(status))
        self.query_one("#save-status", Static).update("")
        history = status.history
        this_week = status.latest if status.checked_in_this_week else None
        earlier = [c for c in history if c.week < status.this_week]
        latest = earlier[-1] if earlier else None
        self.query_one("#last-spark", Sparkline).data = [c.value for c in history[-12:]]
        blockers = [f"⚑ {b.id}: {b.text}" for b in status.open_blockers]
        last = checkin_lines(latest, status.kr) if latest else Content("No check-in before this week.")
        if blockers:
            last = last + Content("\n\nOpen blockers:\n" + "\n".join(blockers))
        self.query_one("#last-text", Static).update(last)
        box = self.query_one("#form-box", Vertical)
        box.remove_children()
        box.mount(KRForm(status.kr, latest=latest, this_week=this_week, open_blockers=status.open_blockers))
        self._highlight(status)

    def _highlight(self, status: KRStatus) -> None:
        listing = self.query_one("#mine", OptionList)
        listing.highlighted = next((i for i, s in enumerate(self.mine) if s.kr.id == status.kr.id), None)

    # -- saving ----------------------------------------------------------------------------------

    @on(KRForm.Submitted)
    def _submitted(self, event: KRForm.Submitted) -> None:
        event.stop()
        if self.saving or self.current is None:
            return
        if not event.form.changed(event.answer):
            self.after_save(event.answer.kr, saved=False)
            return
        self.saving = True
        self.query_one("#save-status", Static).update("Saving…")
        self.save(event.answer)

    @work(thread=True, exclusive=True, group="checkin-save")
    def save(self, answer: KRAnswer) -> None:
        """Store writes take a lock and an fsync: off the UI thread so typing never stalls."""
        week = self.current.this_week if self.current else ""
        try:
            self.app.store.check_in(answer.kr, week=week, author=self.owner or "", **answer.store_kwargs())
        except StoreError as error:
            self.app.call_from_thread(self.save_failed, str(error))
            return
        self.app.call_from_thread(self.after_save, answer.kr, True)

    def save_failed(self, message: str) -> None:
        self.saving = False
        self.query_one("#save-status", Static).update(Content.assemble(("✖ not saved: ", "$error"), message))

    def after_save(self, kr_id: str, saved: bool = True) -> None:
        """Re-read the store (others may have written too) and open the next due KR, or say all done.

        Only if the saved KR is still on screen: if the person moved on while it saved, the form
        they are typing in stays as it is (the list still shows the new state).
        """
        self.saving = False
        if saved:
            self.notify(f"Saved {kr_id}", timeout=2)
        snapshot = self.load()
        if snapshot is None:
            return
        self.refresh_mine(snapshot)
        if self.current is not None and self.current.kr.id != kr_id:
            self.current = next((s for s in self.mine if s.kr.id == self.current.kr.id), self.current)
            self._highlight(self.current)
            return
        following = self.next_due(after=kr_id)
        if following is None:
            self.show_all_done()
        else:
            self.open_kr(following)

    # -- navigation ------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#mine")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        chosen = next((s for s in self.mine if s.kr.id == event.option_id), None)
        if chosen is not None and chosen is not self.current:
            self.open_kr(chosen)

    def action_step(self, delta: int) -> None:
        if not self.mine:
            return
        ids = [s.kr.id for s in self.mine]
        here = ids.index(self.current.kr.id) if self.current else -1
        self.open_kr(self.mine[(here + delta) % len(self.mine)])

    def action_leave(self) -> None:
        """Back to the dashboard when opened from it, else quit."""
        if len(self.app.screen_stack) > 2:
            self.dismiss()
        else:
            self.app.exit()
