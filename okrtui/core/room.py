"""The meeting as a room: what the facilitator's screen and each participant's say to each other.

They talk through small files in the store (see `store.live`), so everything here is what one side
reads from a file the other side wrote: untrusted, checked by these models, never taken further than
its writer may go. The facilitator alone moves the meeting and reveals votes; a participant speaks
only for themselves: their presence, what they type on their own KR (or on the step whose keyboard
they were handed) and their confidence vote.

Votes are private until the reveal, from everyone, the facilitator included: a participant first
publishes only a commitment (a hash of the round, the vote and a secret salt), and the vote with its
salt only once the facilitator reveals. So nobody can read a vote early from the shared folder, and
nobody can change theirs after seeing the others'.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, FiniteFloat

from okrtui.core.models import Confidence, Id, Model, Week
from okrtui.core.text import BlockerText, Name, Note, Person

STALE_SECONDS = 15.0
"""A participant's screen writes every few seconds; one silent this long has dropped."""
HEARTBEAT_SECONDS = 3.0
Hex64 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Salt = Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]


class VoteState(StrEnum):
    OPEN = "open"
    """Votes are being cast: only who has voted shows."""
    REVEALING = "revealing"
    """The facilitator revealed: each participant's screen now publishes its vote."""
    REVEALED = "revealed"
    """Every screen shows every vote."""


class VoteRound(Model):
    """One confidence vote on one KR, as the facilitator publishes it."""

    kr: Id
    round: Annotated[int, Field(ge=1, le=1000)]
    state: VoteState = VoteState.OPEN
    voted: list[Person] = []
    votes: dict[Name, Confidence] = {}
    """Filled only once revealed."""

    def lost(self) -> list[str]:
        """Who voted but whose vote was not opened at the reveal (their screen was gone)."""
        return [name for name in self.voted if name not in self.votes]


class Step(Model):
    """Where the meeting is: the step and its clock, as of `at`."""

    position: Annotated[int, Field(ge=0, le=10_000)]
    count: Annotated[int, Field(ge=1, le=10_000)]
    key: Id
    """`opening`, a KR id, `blockers` or `summary`."""
    kr_number: Annotated[int, Field(ge=0, le=10_000)] = 0
    kr_count: Annotated[int, Field(ge=0, le=10_000)] = 0
    next_kr: Id | None = None
    """The next step's KR, if it is one: each screen draws its charts while this step shows."""
    step_left: FiniteFloat
    meeting_left: FiniteFloat
    at: datetime


class HostState(Model):
    """The facilitator's screen, published for the participants (`host.json`)."""

    meeting: Id
    team: Id
    cycle: Id
    week: Week
    facilitator: Person
    step: Step
    vote: VoteRound | None = None
    keyboard: Person = ""
    """Who was handed the keyboard of the current step (nobody: the facilitator has it)."""
    finished: bool = False
    seen_at: datetime


class LiveDraft(Model):
    """What a participant has typed on a KR so far; `ready` once they pressed Enter."""

    kr: Id
    value: Annotated[str, Field(max_length=40)] = ""
    confidence: Confidence | None = None
    moved: Note = ""
    stuck: Note = ""
    next: Note = ""
    new_blockers: Annotated[tuple[BlockerText, ...], Field(max_length=5)] = ()
    based_on: Annotated[int, Field(ge=0)] | None = None
    ready: bool = False


class Ballot(Model):
    """A vote: first only its commitment, then (once revealed) the vote and its salt."""

    kr: Id
    round: Annotated[int, Field(ge=1, le=1000)]
    commitment: Hex64
    vote: Confidence | None = None
    salt: Salt | None = None


class Participant(Model):
    """A participant's screen, published for the facilitator (one file per person)."""

    name: Name
    meeting: Id
    joined_at: datetime
    seen_at: datetime
    drafts: Annotated[list[LiveDraft], Field(max_length=20)] = []
    """One per KR they typed on (the newest), kept until the meeting ends: a confirmed one is never lost."""
    ballot: Ballot | None = None
    left: bool = False

    def draft(self, kr: str) -> LiveDraft | None:
        return next((d for d in self.drafts if d.kr == kr), None)

    def with_draft(self, draft: LiveDraft) -> list[LiveDraft]:
        return [*(d for d in self.drafts if d.kr != draft.kr), draft]


def commitment(kr: str, round_: int, vote: int, salt: str) -> str:
    """What a participant publishes before the reveal: binds them to `vote` without showing it."""
    return hashlib.sha256(f"okrtui-vote:{kr}:{round_}:{vote}:{salt}".encode()).hexdigest()


def opened_vote(ballot: Ballot, vote_round: VoteRound) -> int | None:
    """The vote a ballot reveals for this round, if its salt opens its commitment (else None)."""
    if (ballot.kr, ballot.round) != (vote_round.kr, vote_round.round):
        return None
    if ballot.vote is None or ballot.salt is None:
        return None
    expected = commitment(ballot.kr, ballot.round, ballot.vote, ballot.salt)
    return ballot.vote if hmac.compare_digest(expected, ballot.commitment) else None


def has_voted(ballot: Ballot | None, vote_round: VoteRound | None) -> bool:
    return (
        ballot is not None
        and vote_round is not None
        and (ballot.kr, ballot.round) == (vote_round.kr, vote_round.round)
    )
