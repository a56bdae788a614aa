"""The OKR data model. Every value that crosses a boundary (file, CLI, form) goes through these."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, FiniteFloat, field_validator, model_validator

from okrtui.core.kinds import CycleState as CycleState
from okrtui.core.kinds import Direction as Direction
from okrtui.core.kinds import KRKind as KRKind
from okrtui.core.kinds import ObjectiveKind as ObjectiveKind
from okrtui.core.kinds import settle_measure
from okrtui.core.safe_text import visible
from okrtui.core.text import ActionText, BlockerText, Name, Note, Person, Title, Unit
from okrtui.core.weeks import parse_week, share_gone

Id = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
Week = Annotated[str, Field(pattern=r"^\d{4}-W\d{2}$")]
Confidence = Annotated[int, Field(ge=1, le=10)]


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True, frozen=False)


class Record(Model):
    """A document the store files under its own id, with the revision every write is checked against.

    `rev` counts the writes of this record; a writer sends back the `rev` it read, and the store
    refuses the write if someone else wrote the record in between (see `store.errors.StaleWriteError`).
    """

    id: Id
    rev: Annotated[int, Field(ge=0)] = 0
    changed_at: datetime | None = None
    changed_by: Person = ""


class Cycle(Record):
    start: date
    end: date
    state: CycleState = CycleState.ACTIVE

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise ValueError(f"cycle {self.id} must end after it starts")
        return self

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def elapsed(self, day: date) -> float:
        """Fraction of the cycle gone by `day`, 0.0-1.0."""
        return share_gone(self.start, self.end, day)


class Team(Record):
    name: Name
    members: list[Name] = []
    parent: Id | None = None


class Objective(Record):
    cycle: Id
    team: Id
    title: Title
    owner: Person = ""
    kind: ObjectiveKind = ObjectiveKind.COMMITTED
    parent: Id | None = None
    why: Note = ""
    archived: bool = False


class KeyResult(Record):
    objective: Id
    title: Title
    owner: Name
    kind: KRKind = KRKind.METRIC
    baseline: FiniteFloat = 0.0
    target: FiniteFloat = 1.0
    unit: Unit = ""
    direction: Direction | None = None
    weight: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = 1.0
    due: date | None = None
    archived: bool = False

    @field_validator("owner", mode="before")
    @classmethod
    def _owner_named(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValueError("every key result needs one named owner")
        return value

    @model_validator(mode="after")
    def _measurable(self) -> Self:
        baseline, target, direction = settle_measure(self.kind, self.baseline, self.target, self.direction)
        self.__dict__.update(baseline=baseline, target=target, direction=direction)
        return self


class CheckIn(Record):
    kr: Id
    week: Week
    value: FiniteFloat
    confidence: Confidence
    moved: Note = ""
    stuck: Note = ""
    next: Note = ""
    author: Person = ""
    created_at: datetime
    meeting: Id | None = None
    unchanged: bool = False
    """Confirmed in a meeting as it stood (last week's numbers kept): counted as confirmed, not updated."""
    history: list[dict[str, object]] = []
    """Earlier check-ins of the same KR and week that this one replaced, oldest first."""

    @field_validator("week", mode="before")
    @classmethod
    def _week(cls, value: object) -> object:
        return parse_week(value) if isinstance(value, str) else value

    @field_validator("history", mode="after")
    @classmethod
    def _history_shown_safely(cls, value: list[dict[str, object]]) -> list[dict[str, object]]:
        """Earlier answers are kept as they were, but their text can never drive a terminal."""
        return [{k: visible(v) if isinstance(v, str) else v for k, v in entry.items()} for entry in value]


class Blocker(Record):
    kr: Id
    text: BlockerText
    owner: Person = ""
    raised_week: Week
    resolved_week: Week | None = None
    resolution: Note = ""

    @property
    def is_open(self) -> bool:
        return self.resolved_week is None


class MeetingState(StrEnum):
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


class ParkTo(StrEnum):
    """Where a KR the time could not hold went: after the others in this meeting, or out of it."""

    END = "end"
    ASYNC = "async"


class ActionItem(Model):
    """An action as the meeting record held it before actions had a table of their own (schema 1).

    Still read (an old export, a meeting written by an older okrtui): `core.actions.board_actions`
    shows each one as an `Action`, and the schema 2 migration moves them into the `actions` table.
    """

    text: ActionText
    owner: Person = ""
    due: date | None = None
    blocker: Id | None = None


class ActionState(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Action(Record):
    """Something a person agreed to do, with a life after the meeting: open until done or dropped.

    It remembers where it came from (the blocker or KR, the week and the meeting it was raised in)
    so the next meeting can walk it, and each week it was carried over unfinished.
    """

    text: ActionText
    owner: Person = ""
    due: date | None = None
    blocker: Id | None = None
    kr: Id | None = None
    raised_week: Week
    meeting: Id | None = None
    state: ActionState = ActionState.OPEN
    closed_week: Week | None = None
    """The week it was done or dropped."""
    reason: Note = ""
    """Why it was dropped."""
    carried: list[Week] = []
    """The weeks whose meeting looked at it and carried it over, oldest first."""

    @property
    def is_open(self) -> bool:
        return self.state is ActionState.OPEN

    @model_validator(mode="after")
    def _closed_in_a_week(self) -> Self:
        if self.is_open != (self.closed_week is None):
            raise ValueError("an action is closed in a week exactly when it is done or dropped")
        return self


Login = Annotated[str, Field(pattern=r"^[A-Za-z0-9._][A-Za-z0-9._@-]{0,63}$")]


class VoteRecord(Model):
    """A confidence vote the room cast in private and revealed at once (the owner's stays theirs)."""

    kr: Id
    round: Annotated[int, Field(ge=1)] = 1
    votes: dict[Name, Confidence]
    not_counted: list[Name] = []
    """Who voted but whose vote could not be opened at the reveal (their screen was gone)."""


class Meeting(Record):
    team: Id
    cycle: Id
    week: Week
    facilitator: Person = ""
    attendees: list[Name] = []
    planned_minutes: Annotated[int, Field(ge=1, le=240)] = 15
    started_at: datetime
    ended_at: datetime | None = None
    step_seconds: dict[Id, Annotated[float, Field(ge=0, allow_inf_nan=False)]] = {}
    """Seconds spent per step key (`opening`, a KR id, `blockers`, `summary`)."""
    position: Annotated[int, Field(ge=0)] = 0
    action_items: list[ActionItem] = []
    state: MeetingState = MeetingState.IN_PROGRESS
    host: Login | None = None
    """The Unix account whose screen runs the meeting: only its live file moves the participants."""
    joined: dict[Name, Login] = {}
    """Who joined from their own terminal, and from which account (a name stays with its account)."""
    votes: list[VoteRecord] = []
    parked: dict[Id, ParkTo] = {}
    """KRs parked when the time left could not hold them (the lowest-risk first): the next meeting
    walks those this one did not answer first."""


class Away(Record):
    """A person out of office from `start` to `end` (both days included): not nagged, not missing."""

    person: Name
    start: date
    end: date
    note: Note = ""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"ends ({self.end}) before it starts ({self.start})")
        return self

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end
