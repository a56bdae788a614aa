"""A check-in as one typed request, and the rule that files it on a board.

Every way of checking in (the CLI, the meeting, the check-in screen, imports) builds a
`CheckInRequest`; the store applies it with `file_checkin` under its lock, to the board as it is at
that moment. The request says which check-in of the week its writer saw (`based_on`), so a check-in
someone else made in between is never replaced silently: `file_checkin` raises `CheckInConflictError`
and the writer decides (keep theirs, take ours, edit), with `force` for a deliberate replacement.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, Field, FiniteFloat

from okrtui.core.board import Board
from okrtui.core.errors import RuleError
from okrtui.core.models import Blocker, CheckIn, Confidence, Id, Model, Record, Week
from okrtui.core.text import BlockerText, Note, Person
from okrtui.core.weeks import weeks_between

MAX_BLOCKERS = 20
"""New blockers one check-in may raise: a paste gone wrong should not flood the board."""


class KRRef(Model):
    """Where a KR lives: the screen or command already knows, so the store never searches for it."""

    model_config = ConfigDict(frozen=True)

    cycle: Id
    team: Id
    kr: Id


class CheckInRequest(Model):
    """What a person answered for one KR and week, and what they saw when they answered."""

    model_config = ConfigDict(frozen=True)

    where: KRRef
    week: Week
    value: FiniteFloat
    confidence: Confidence
    moved: Note = ""
    stuck: Note = ""
    next: Note = ""
    author: Person = ""
    """Whose answer it is (the KR's owner in a meeting, the person checking in otherwise)."""
    meeting: Id | None = None
    unchanged: bool = False
    """Confirmed as it stood in a meeting: filed, but counted as confirmed rather than updated."""
    new_blockers: Annotated[tuple[BlockerText, ...], Field(max_length=MAX_BLOCKERS)] = ()
    resolve: tuple[Id, ...] = ()
    based_on: Annotated[int, Field(ge=0)] | None = None
    """The `rev` of this week's check-in the writer saw (and means to replace); None: they saw none."""
    replace_own: bool = False
    """A scripted check-in: replace the author's own async check-in of the week, whatever its rev."""
    force: bool = False
    """Replace whatever is there (it is kept in the check-in's history)."""

    def describe(self) -> str:
        """A sentence for the history (`okrtui log`): who checked in what."""
        from okrtui.core.values import format_value

        verb = "confirmed" if self.unchanged else "checked in"
        return (
            f"{self.author or 'someone'} {verb} {self.where.kr} {self.week}: {format_value(self.value)}, "
            f"confidence {self.confidence}"
        )

    def answer(self) -> tuple[float, int, str, str, str]:
        """The numbers and words of the answer, to tell whether two answers say the same."""
        return (self.value, self.confidence, self.moved, self.stuck, self.next)


class CheckInConflictError(RuleError):
    """Someone else checked in this KR for this week after the writer looked: `theirs` is what is there."""

    def __init__(self, request: CheckInRequest, theirs: CheckIn) -> None:
        who = theirs.author or "someone"
        super().__init__(
            f"{who} checked in {request.where.kr} for {request.week} after you looked "
            f"(value {theirs.value:g}, confidence {theirs.confidence})"
        )
        self.request = request
        self.theirs = theirs


@dataclass(frozen=True)
class Filed:
    """What filing a check-in changed on the board."""

    checkin: CheckIn
    replaced: CheckIn | None
    """The check-in of the same week it replaced (now in its history), if any."""
    raised: list[Blocker]
    resolved: list[Blocker]

    @property
    def docs(self) -> list[Record]:
        return [self.checkin, *self.raised, *self.resolved]


def file_checkin(
    board: Board, request: CheckInRequest, *, now: datetime, new_id: Callable[[str], str]
) -> Filed:
    """Apply `request` to `board` (read fresh, under the store's lock); raise RuleError to refuse.

    One check-in per KR and week: a later one replaces the earlier, which is kept in its history.
    Retrying the same request changes nothing twice: a blocker with the same text raised on the
    same KR in the same week is not raised again, and resolving a resolved blocker is a no-op.
    """
    closed = board.closed_because()
    if closed:
        raise RuleError(f"{closed}; its check-ins can no longer change")
    kr = board.kr(request.where.kr)
    if kr is None or kr.archived:
        raise RuleError(f"no key result {request.where.kr} on {board.team.name}'s {board.cycle.id} board")
    weeks = weeks_between(board.cycle.start, board.cycle.end)
    if request.week not in weeks:
        raise RuleError(f"{request.week} is outside cycle {board.cycle.id} ({weeks[0]} to {weeks[-1]})")
    current = board.checkin(kr.id, request.week)
    if current is not None and not _may_replace(request, current):
        raise CheckInConflictError(request, current)
    history = [*current.history, current.model_dump(mode="json", exclude={"history"})] if current else []
    checkin = CheckIn(
        id=current.id if current else new_id("ci"),
        rev=current.rev if current else 0,
        kr=kr.id,
        week=request.week,
        value=request.value,
        confidence=request.confidence,
        moved=request.moved,
        stuck=request.stuck,
        next=request.next,
        author=request.author,
        created_at=now,
        meeting=request.meeting,
        unchanged=request.unchanged,
        history=history,
    )
    return Filed(checkin, current, _raise(board, request, new_id), _resolve(board, request))


def _may_replace(request: CheckInRequest, current: CheckIn) -> bool:
    """Whether the request knowingly replaces `current`: it saw this very version, or it is the
    author's own async check-in and the request says so, or it is forced."""
    if request.force or request.based_on == current.rev:
        return True
    own = current.meeting is None and current.author.casefold() == request.author.casefold()
    return request.replace_own and own


def _raise(board: Board, request: CheckInRequest, new_id: Callable[[str], str]) -> list[Blocker]:
    kr = request.where.kr
    seen = {b.text.casefold() for b in board.blockers_of(kr) if b.raised_week == request.week}
    raised = []
    for text in request.new_blockers:
        if text.casefold() in seen:
            continue
        seen.add(text.casefold())
        raised.append(
            Blocker(id=new_id("bl"), kr=kr, text=text, owner=request.author, raised_week=request.week)
        )
    return raised


def _resolve(board: Board, request: CheckInRequest) -> list[Blocker]:
    resolved = []
    for wanted in dict.fromkeys(b.strip().lower() for b in request.resolve):
        blocker = next((b for b in board.blockers_of(request.where.kr) if b.id == wanted), None)
        if blocker is None:
            raise RuleError(f"no blocker {wanted!r} on {request.where.kr}")
        if blocker.is_open:
            resolved.append(blocker.model_copy(update={"resolved_week": request.week}))
    return resolved
