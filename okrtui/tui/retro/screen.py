"""`okrtui retro`: score the cycle's KRs (suggested from progress), say what worked, and close the cycle."""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Header, Input, Static

from okrtui.core.board import Board
from okrtui.core.ids import new_id
from okrtui.core.models import Cycle, KeyResult, Record, Team
from okrtui.core.retro import Grade, Retro, check_grade, commentary, objective_grades, read_score, suggest
from okrtui.core.safe_text import visible
from okrtui.core.scoring import progress, score_band
from okrtui.store import StoreError
from okrtui.store.repository import utcnow
from okrtui.tui.base import OkrScreen
from okrtui.tui.widgets.footer import KeysFooter

SAVE_GROUP = "retro-save"


class RetroScreen(OkrScreen[None]):
    """One row per KR: the suggested score, the final score and a reason when they differ."""

    CSS_PATH = "retro.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "app.quit", "Leave"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.board: Board | None = None
        self.suggested: dict[str, float] = {}
        self.confirming = False
        self.problem = ""
        self.choices: list[Team] = []
        """Several teams and none chosen: the screen asks which one looks back."""

    def compose(self) -> ComposeResult:
        self.problem = ""
        try:
            self.board = self.load_board()
        except StoreError as error:
            self.problem = str(error)
        yield Header()
        with VerticalScroll(id="retro"):
            yield Static(id="retro-title")
            if self.board is not None:
                yield from self.rows(self.board)
            yield Static(id="commentary")
            yield Input(placeholder="What worked", id="worked", max_length=500)
            yield Input(placeholder="What did not", id="did-not", max_length=500)
            yield Static(id="message")
            with Horizontal(id="buttons"):
                yield Button("Save  ctrl+s", id="save")
                yield Button("Close our board", id="close", variant="error")
        yield KeysFooter()

    def on_mount(self) -> None:
        board = self.board
        if board is None and self.choices:
            from okrtui.tui.meeting.dialogs import TeamPicker

            self.push_picker(TeamPicker(self.choices, "Which team looks back?"))
            return
        if board is None:
            self.read_only(self.problem)
            self.query_one("#message", Static).add_class("-error")
            return
        self.query_one("#retro-title", Static).update(self.title_text(board.cycle, board))
        if board.retros:
            self.query_one("#worked", Input).value = board.retros[-1].worked
            self.query_one("#did-not", Input).value = board.retros[-1].did_not
        self.refresh_scores()
        closed = board.closed_because()
        if closed:
            self.read_only(f"{closed[:1].upper()}{closed[1:]}: this retro is read-only.")
            return
        try:
            self.okr.store.probe(board.cycle.id, board.team.id)
        except StoreError as error:
            self.refuse(str(error))
            return
        scores = self.query(".score")
        if scores:
            scores.first().focus()

    def refuse(self, problem: str) -> None:
        """The retro could not be saved: say so before anyone types (CLI: one line, exit 2)."""
        if len(self.app.screen_stack) > 2:
            self.notify(visible(problem), severity="error", timeout=10)
            self.dismiss()
        else:
            self.app.exit(return_code=2, message=f"okrtui: {visible(problem)}")

    def load_board(self) -> Board | None:
        """The team's board, or None with the reason in `self.problem`."""
        store, options = self.okr.store, self.okr.options
        cycle = store.cycle(options.cycle) if options.cycle else store.current_cycle(options.today)
        teams = [store.team(options.team)] if options.team else store.teams()
        if cycle is None or not teams:
            self.problem = "No OKRs yet: nothing to look back on. Try `okrtui import FILE`."
            return None
        if len(teams) > 1:
            self.choices = teams
            self.problem = "Pick the team that looks back."
            return None
        return store.board(cycle, teams[0])

    def push_picker(self, picker: ModalScreen[str | None]) -> None:
        """Ask which team looks back (as the meeting does), then open its retro; Escape leaves."""

        def picked(team_id: str | None) -> None:
            if team_id is None:
                if len(self.app.screen_stack) > 2:
                    self.dismiss()
                else:
                    self.app.exit()
                return
            self.okr.options.team = team_id
            self.app.switch_screen(RetroScreen())

        self.app.push_screen(picker, picked)

    # -- building the form -------------------------------------------------------------------------

    def rows(self, board: Board) -> ComposeResult:
        saved = board.retros[-1] if board.retros else None
        for objective in board.live_objectives():
            yield Static(classes="objective", id=f"objective-{objective.id}")
            for kr in board.krs_of(objective.id):
                self.suggested[kr.id] = suggest(board, kr)
                yield self.kr_row(board, kr, saved.grade(kr.id) if saved else None)

    def kr_row(self, board: Board, kr: KeyResult, grade: Grade | None) -> Horizontal:
        history = board.checkins_of(kr.id)
        reached = f"progress {progress(kr, history[-1].value):.0%}" if history else "never checked in"
        suggested = self.suggested[kr.id]
        facts = f"{escape(kr.owner)} · {reached} · suggested {suggested:.1f}"
        label = Static(f"[b]{kr.id}[/b] {escape(kr.title)}\n[dim]{facts}[/dim]", classes="kr-label")
        score = Input(
            value=f"{grade.score:.1f}" if grade else f"{suggested:.1f}",
            id=f"score-{kr.id}",
            classes="score",
            max_length=5,
            tooltip="Final score 0.0-1.0",
            compact=True,
        )
        reason = Input(
            value=grade.reason if grade else "",
            placeholder="why the score moved",
            id=f"reason-{kr.id}",
            classes="reason",
            max_length=500,
            compact=True,
        )
        return Horizontal(label, score, reason, classes="kr-row")

    @staticmethod
    def title_text(cycle: Cycle, board: Board) -> str:
        return (
            f"[b]Retrospective[/b] · {escape(board.team.name)} · {cycle.id} "
            f"({cycle.start} → {cycle.end}, {'closed' if board.closed_because() else cycle.state.value})"
        )

    # -- live scores ----------------------------------------------------------------------------------

    def typed_scores(self) -> dict[str, float]:
        """The scores as typed so far; a row that does not parse yet counts as its suggestion."""
        scores = {}
        problems = []
        for kr_id, suggested in self.suggested.items():
            box = self.query_one(f"#score-{kr_id}", Input)
            try:
                scores[kr_id] = read_score(box.value)
                box.remove_class("-invalid")
            except ValueError as error:
                scores[kr_id] = suggested
                box.add_class("-invalid")
                problems.append(f"{kr_id}: {error}")
        if problems:
            self.show_message(problems[0], error=True)
        elif self.query_one("#message", Static).has_class("-error"):
            self.show_message("")
        return scores

    def refresh_scores(self) -> None:
        if self.board is None:
            return
        scores = self.typed_scores()
        graded = objective_grades(self.board, scores)
        for grade in graded:
            band = "" if grade.score is None else f" — {grade.score:.2f} {score_band(grade.score).badge}"
            self.query_one(f"#objective-{grade.objective.id}", Static).update(
                f"[b]{escape(grade.objective.title)}[/b]{band}"
            )
        lines = commentary(graded, scores.values())
        self.query_one("#commentary", Static).update("\n".join(escape(line) for line in lines))

    @on(Input.Changed, ".score")
    def score_changed(self) -> None:
        self.refresh_scores()

    # -- saving and closing ---------------------------------------------------------------------------

    def collect(self) -> Retro | None:
        """The retro as typed, or None after showing the first problem inline (focus on its field)."""
        board = self.board
        if board is None:
            return None
        grades = []
        for kr in board.live_key_results():
            score_box = self.query_one(f"#score-{kr.id}", Input)
            reason_box = self.query_one(f"#reason-{kr.id}", Input)
            try:
                grades.append(check_grade(kr, self.suggested[kr.id], score_box.value, reason_box.value))
            except ValueError as error:
                problem = str(error) if kr.id in str(error) else f"{kr.id}: {error}"
                self.show_message(problem, error=True)
                # the message sits under the notes, off a small screen: said where the eye is too
                self.notify(visible(f"Not saved: {problem}"), severity="error", timeout=8)
                (reason_box if "one line" in problem else score_box).focus()
                return None
        saved = board.retros[-1] if board.retros else None
        return Retro(
            id=saved.id if saved else new_id("rt", board.ids()),
            rev=saved.rev if saved else 0,
            cycle=board.cycle.id,
            team=board.team.id,
            grades=grades,
            worked=self.query_one("#worked", Input).value,
            did_not=self.query_one("#did-not", Input).value,
        )

    def action_save(self) -> None:
        retro = self.collect()
        if retro is not None:
            self.save(retro, close=False)

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#close")
    def close_pressed(self) -> None:
        retro = self.collect()
        if retro is None:
            return
        if not self.confirming:
            self.confirming = True
            self.query_one("#close", Button).label = "Confirm: close our board"
            team = self.board.team.name if self.board else retro.team
            self.show_message(
                f"Closing makes {team}'s {retro.cycle} board read-only: no more check-ins for {team}. "
                "Other teams keep theirs open. Press again."
            )
            return
        self.save(retro.model_copy(update={"closed_at": utcnow()}), close=True)

    def save(self, retro: Retro, close: bool) -> None:
        """Store writes take a lock and may wait: off the UI thread, typed keys held meanwhile."""
        board = self.board
        assert board is not None
        store = self.okr.store

        def write() -> Record:
            if close:
                return store.close_board(retro)
            (stored,) = store.save(board.cycle.id, board.team.id, retro)
            return stored

        done = partial(self.saved, closed=close)
        self.in_background(SAVE_GROUP, write, done, self.failed, (StoreError,))

    def failed(self, error: Exception) -> None:
        self.show_message(f"Not saved: {error}", True)
        self.notify(visible(f"Not saved: {error}"), severity="error", timeout=10)

    def saved(self, retro: Record, closed: bool) -> None:
        assert isinstance(retro, Retro)
        assert self.board is not None
        self.board.retros = [retro]
        if closed:
            self.query_one("#retro-title", Static).update(self.title_text(self.board.cycle, self.board))
            team = self.board.team.name
            self.read_only(
                f"{team}'s {retro.cycle} board is closed: read-only from now on; its check-ins are refused. "
                f"When every team has held its retro: okrtui cycle close {retro.cycle}"
            )
            self.notify(f"{team}'s {retro.cycle} board closed.", title="Retro")
        else:
            self.show_message("Retro saved.")
            self.notify("Retro saved.", title="Retro")

    def read_only(self, message: str) -> None:
        for box in self.query(Input):
            box.disabled = True
        self.query_one("#buttons").display = False
        self.show_message(message)

    def show_message(self, text: str, error: bool = False) -> None:
        message = self.query_one("#message", Static)
        message.set_class(error, "-error")
        message.update(escape(text))
