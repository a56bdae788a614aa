"""`okrtui checkin`: one person's key results, the ones they owe this week first, in the shared KR form.

Enter saves (off the UI thread) and opens the next due KR; keys typed while it saves wait and land
in that next form. The screen watches the store: a check-in someone else makes meanwhile shows in
the list at once, is prefilled into an untouched form, and an answer that would replace it opens
the conflict dialog instead of overwriting it.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Header, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from okrtui.core.checkin import CheckInConflictError, CheckInRequest, KRRef
from okrtui.core.errors import RuleError
from okrtui.core.safe_text import visible, visible_lines
from okrtui.core.status import KRStatus
from okrtui.core.values import format_value
from okrtui.core.weeks import now
from okrtui.core.when import ago
from okrtui.report.snapshot import Snapshot, narrow, owners, take_snapshot
from okrtui.store import StoreError
from okrtui.store.repository import CheckInResult
from okrtui.tui.base import OkrScreen
from okrtui.tui.conflict import ConflictChoice, ConflictDialog
from okrtui.tui.dashboard.detail import checkin_lines, facts
from okrtui.tui.watch import StoreWatcher
from okrtui.tui.widgets.footer import KeysFooter
from okrtui.tui.widgets.kr_form import KRForm

SAVE_FAILURES = (StoreError, RuleError)


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
    return Content.assemble(mark, " ", (status.kr.id, "$text-muted"), " ", visible(status.kr.title))


class CheckinScreen(OkrScreen[None]):
    """Walks the person's due KRs: Enter saves and opens the next one; then "all done"."""

    CSS_PATH = "checkin.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-medium"), (110, "-wide")]
    BINDINGS = [
        # Priority: inputs and lists have their own (silent) PageUp/PageDown; here they move between KRs.
        Binding("pagedown", "step(1)", "Skip", tooltip="Next KR without saving", priority=True),
        Binding("pageup", "step(-1)", "Back", tooltip="Previous KR without saving", priority=True),
        Binding("escape", "leave", "Leave"),
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
        self.watcher: StoreWatcher | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="work"):
            yield OptionList(id="mine")
            with Vertical(id="form-area"):  # not a VerticalScroll: it would take PageUp/PageDown
                yield Static(id="kr-heading")
                yield Static(id="kr-facts")
                yield Static(id="news")
                with Horizontal(id="form-row"):
                    yield Vertical(id="form-box")
                    with Vertical(id="last"):
                        yield Static("Last check-in", classes="heading")
                        yield Sparkline([], id="last-spark")
                        yield Static(id="last-text")
                yield Static(id="save-status")
            with VerticalScroll(id="message"):
                yield Static(id="message-text", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        options = self.okr.options
        self.person = self.person or options.author or ""
        self.cycle_id = self.cycle_id or options.cycle
        snapshot = self.load()
        if snapshot is None:
            return
        self.owner = match_owner(self.person, owners(snapshot))
        if self.owner is None:
            self.show_nobody(snapshot)
            return
        self.title = visible(f"Check-in: {self.owner}")
        self.sub_title = f"{snapshot.cycle.id if snapshot.cycle else ''} · week {snapshot.week}"
        self.refresh_mine(snapshot)
        problem = self.cannot_save()
        if problem:
            self.refuse(problem)
            return
        self.owed = [s.kr.id for s in self.mine if not s.checked_in_this_week]
        start = next((s for s in self.mine if s.kr.id == self.first), None) or self.next_due()
        if start is None:
            self.show_all_done()
        else:
            self.open_kr(start)
        self.watcher = StoreWatcher(self.okr.store.root, self.store_changed).start(self)

    # -- data ------------------------------------------------------------------------------------

    def load(self) -> Snapshot | None:
        try:
            snapshot = take_snapshot(self.okr.store, self.okr.options.today, cycle=self.cycle_id)
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

    def cannot_save(self) -> str | None:
        """Why check-ins here would fail (unwritable store, closed board), before anyone types."""
        store = self.okr.store
        for team in dict.fromkeys(s.team.id for s in self.mine):
            try:
                store.probe(self.cycle_id or "", team)
            except StoreError as error:
                return str(error)
        return None

    def refuse(self, problem: str) -> None:
        if len(self.app.screen_stack) > 2:
            self.notify(visible(f"Cannot check in: {problem}"), severity="error", timeout=10)
            self.dismiss()
        else:
            self.app.exit(return_code=2, message=f"okrtui: {visible(problem)}")

    def refresh_mine(self, snapshot: Snapshot) -> None:
        """Re-read the person's KRs and redraw the list in due-first order."""
        self.mine = due_first(narrow(snapshot, owner=self.owner).key_results)
        listing = self.query_one("#mine", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options([Option(list_prompt(s), id=s.kr.id) for s in self.mine])
        listing.highlighted = highlighted

    def next_due(self, after: str | None = None) -> KRStatus | None:
        """The first KR still due (not checked in this week) after KR `after`, wrapping round."""
        ids = [s.kr.id for s in self.mine]
        start = ids.index(after) + 1 if after in ids else 0
        ordered = self.mine[start:] + self.mine[:start]
        return next((s for s in ordered if not s.checked_in_this_week and s.kr.id != after), None)

    def status_of(self, kr_id: str) -> KRStatus | None:
        return next((s for s in self.mine if s.kr.id == kr_id), None)

    # -- views -----------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.add_class("-message")
        self.query_one("#message-text", Static).update(Content(visible_lines(text)))

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
        self.query_one("#message-text", Static).update(Content(visible_lines("\n".join(lines))))
        listing = self.query_one("#mine", OptionList)
        listing.highlighted = 0 if self.mine else None
        listing.focus()

    def context(self, status: KRStatus) -> dict[str, Any]:
        return {
            "where": KRRef(cycle=status.objective.cycle, team=status.team.id, kr=status.kr.id),
            "week": status.this_week,
            "author": self.owner or "",
        }

    def open_kr(self, status: KRStatus, draft: CheckInRequest | None = None, news: str = "") -> None:
        """Show the form for one KR, prefilled from its latest check-in, with that check-in beside it."""
        self.current = status
        self.remove_class("-done")
        self.add_class("-editing")
        if status.checked_in_this_week:
            position = "✔ checked in this week"
        elif status.kr.id in self.owed:
            position = f"{self.owed.index(status.kr.id) + 1} of {len(self.owed)} due"
        else:
            position = "due"
        heading = Content.assemble((status.kr.id, "$text-muted"), " ", (visible(status.kr.title), "bold"))
        self.query_one("#kr-heading", Static).update(heading + Content(f"  ({position})"))
        self.query_one("#kr-facts", Static).update(facts(status))
        self.query_one("#news", Static).update(Content(visible(news)))
        self.query_one("#save-status", Static).update("")
        history = status.history
        this_week = status.latest if status.checked_in_this_week else None
        earlier = status.before_this_week
        latest = earlier[-1] if earlier else None
        self.query_one("#last-spark", Sparkline).data = [c.value for c in history[-12:]]
        blockers = [f"⚑ {b.id}: {visible(b.text)}" for b in status.open_blockers]
        last = checkin_lines(latest, status.kr) if latest else Content("No check-in before this week.")
        if blockers:
            last = last + Content("\n\nOpen blockers:\n" + "\n".join(blockers))
        self.query_one("#last-text", Static).update(last)
        box = self.query_one("#form-box", Vertical)
        box.remove_children()
        box.mount(
            KRForm(
                status.kr,
                context=self.context(status),
                latest=latest,
                this_week=this_week,
                draft=draft,
                open_blockers=status.open_blockers,
            )
        )
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
        if not event.form.changed(event.request):
            self.after_save(event.request.where.kr, None)
            return
        self.save(event.request)

    def save(self, request: CheckInRequest) -> None:
        self.saving = True
        self.query_one("#save-status", Static).update("Saving…")
        self.in_background(
            "checkin-save",
            lambda: self.okr.store.check_in(request),
            lambda result: self.after_save(request.where.kr, result),
            lambda error: self.save_failed(request, error),
            expected=SAVE_FAILURES,
        )

    def save_failed(self, request: CheckInRequest, error: Exception) -> None:
        self.saving = False
        if isinstance(error, CheckInConflictError):
            self.query_one("#save-status", Static).update("")
            self.ask_conflict(request, error)
            return
        self.query_one("#save-status", Static).update(
            Content.assemble(("✖ not saved: ", "$error"), visible(str(error)))
        )

    def ask_conflict(self, ours: CheckInRequest, conflict: CheckInConflictError) -> None:
        status = self.status_of(ours.where.kr)
        theirs = conflict.theirs
        unit = status.kr.unit if status else ""

        def chosen(choice: ConflictChoice | None) -> None:
            if choice is ConflictChoice.OURS:
                self.save(ours.model_copy(update={"based_on": theirs.rev}))
            elif choice is ConflictChoice.EDIT:
                self.reload_then(ours.where.kr, ours.model_copy(update={"based_on": theirs.rev}))
            else:
                self.notify(visible(f"Kept {theirs.author or 'their'} check-in for {ours.where.kr}."))
                self.reload_then(ours.where.kr, None)

        self.app.push_screen(ConflictDialog(ours, theirs, unit), chosen)

    def reload_then(self, kr_id: str, draft: CheckInRequest | None) -> None:
        snapshot = self.load()
        if snapshot is None:
            return
        self.refresh_mine(snapshot)
        status = self.status_of(kr_id)
        if status is not None:
            self.open_kr(status, draft=draft)

    def after_save(self, kr_id: str, result: CheckInResult | None) -> None:
        """Re-read the store (others may have written too) and open the next due KR, or say all done."""
        self.saving = False
        if result is not None:
            self.notify(f"Saved {kr_id}", timeout=2)
            if self.watcher is not None:
                self.watcher.mark_seen()
        snapshot = self.load()
        if snapshot is None:
            return
        self.refresh_mine(snapshot)
        following = self.next_due(after=kr_id)
        if following is None:
            self.show_all_done()
        else:
            self.open_kr(following)

    # -- other writers ---------------------------------------------------------------------------

    def store_changed(self) -> None:
        """Someone else wrote: refresh the list; prefill an untouched form with their check-in."""
        if self.saving:
            return
        snapshot = self.load()
        if snapshot is None:
            return
        before = {s.kr.id: s.latest for s in self.mine}
        self.refresh_mine(snapshot)
        current = self.current
        fresh = self.status_of(current.kr.id) if current else None
        if current is None or fresh is None or before.get(fresh.kr.id) == fresh.latest:
            return
        latest = fresh.latest
        if latest is None or not fresh.checked_in_this_week:
            return
        news = (
            f"↻ {latest.author or 'Someone'} checked in {format_value(latest.value, fresh.kr.unit)} · "
            f"confidence {latest.confidence}, {ago(latest.created_at, now())}"
        )
        forms = self.query(KRForm)
        if forms and forms.first().touched:
            self.query_one("#news", Static).update(Content(visible(f"{news}; Enter will ask which to keep")))
        else:
            self.open_kr(fresh, news=f"{news}; prefilled below")

    # -- navigation ------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#mine")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        chosen = self.status_of(event.option_id or "")
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
