"""Both ends of a meeting room: the facilitator's `HostRoom` and a participant's `Seat`.

No Textual here. The facilitator's screen publishes where the meeting is and reads who is in the
room, what they type and how they vote; a participant's screen follows the facilitator and publishes
its own presence, draft and ballot. Each side polls the other's files (`store.live`) a few times a
second, which is all a room of a dozen people needs, and keeps working when the other side drops.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from okrtui.core.models import Meeting, Team
from okrtui.core.room import (
    STALE_SECONDS,
    Ballot,
    HostState,
    LiveDraft,
    Participant,
    Step,
    VoteRound,
    VoteState,
    commitment,
    has_voted,
    opened_vote,
)
from okrtui.store.live import LiveFolder, Seen, login_of

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Presence:
    name: str
    login: str
    here: bool
    """False once their screen has been silent for `STALE_SECONDS` (dropped) or they left."""
    left: bool = False
    """They said goodbye (Escape, ctrl+q), rather than going silent."""


@dataclass
class RoomNews:
    """What one poll of the participants' files found."""

    joined: list[str] = field(default_factory=list)
    """Names seen for the first time in this meeting (the record keeps them and their account)."""
    changed: bool = False
    """Anything a screen shows changed: presence, a draft, a ballot."""
    problems: list[str] = field(default_factory=list)
    """Files not believed (written as someone else, unreadable), each said once."""


class HostRoom:
    """The facilitator's side: publishes the meeting, listens to the room, runs the votes."""

    def __init__(
        self,
        live: LiveFolder,
        meeting: Meeting,
        team: Team,
        clock: Clock,
        write: Callable[[HostState], None] | None = None,
    ) -> None:
        """`write` puts `host.json` on disk (by default here and now; the meeting's screen hands the
        write to a thread, so an fsync never holds up its frame)."""
        self.live = live
        self._write = write or live.publish_host
        self.meeting = meeting
        self.team = team
        self.clock = clock
        self.vote: VoteRound | None = None
        self.keyboard = ""
        self.people: dict[str, Seen] = {}
        self._said: set[str] = set()
        self._rounds: dict[str, int] = {}
        self._step: Step | None = None

    # -- publishing --------------------------------------------------------------------------

    def publish(self, step: Step | None = None, *, finished: bool = False) -> None:
        """Write `host.json`: on every step change, vote or keyboard change, and as a heartbeat."""
        if step is not None:
            if self._step is not None and step.key != self._step.key:
                self.keyboard = ""  # a handed keyboard is for one step
                if self.vote is not None and self.vote.state is not VoteState.REVEALED:
                    self.vote = None
            self._step = step
        if self._step is None:
            return
        m = self.meeting
        state = HostState(
            meeting=m.id,
            team=m.team,
            cycle=m.cycle,
            week=m.week,
            facilitator=m.facilitator,
            step=self._step,
            vote=self.vote if self.vote is not None and self.vote.kr == self._step.key else None,
            keyboard=self.keyboard,
            finished=finished,
            seen_at=self.clock(),
        )
        self._write(state)

    # -- listening ---------------------------------------------------------------------------

    def poll(self) -> RoomNews:
        """Read the participants' files; bind each new name to the account it came from."""
        news = RoomNews()
        found = self.live.read_people()
        before = {name: (seen.person, self.is_here(seen)) for name, seen in self.people.items()}
        people: dict[str, Seen] = {}
        problems = list(found.problems)
        members = {m.casefold(): m for m in self.team.members}
        for seen in found.seen:
            name = members.get(seen.person.name.casefold(), seen.person.name)
            if members and name.casefold() not in members:
                problems.append(f"{seen.login} joined as {name}, who is not on {self.team.name}: ignored")
                continue
            bound = self.meeting.joined.get(name)
            if bound is not None and bound != seen.login:
                problems.append(f"{seen.login} tried to join as {name}, who joined from {bound}: ignored")
                continue
            if bound is None:
                self.meeting.joined[name] = seen.login
                news.joined.append(name)
            people[name] = seen
        self.people = people
        news.problems = [p for p in problems if p not in self._said]
        self._said.update(news.problems)
        after = {name: (seen.person, self.is_here(seen)) for name, seen in people.items()}
        news.changed = bool(news.joined) or after != before
        if self.vote is not None and self.vote.state is not VoteState.REVEALED:
            self._count_votes()
        return news

    def is_here(self, seen: Seen) -> bool:
        quiet = (self.clock() - seen.person.seen_at).total_seconds()
        return not seen.person.left and quiet < STALE_SECONDS

    def presence(self) -> list[Presence]:
        """Everyone who joined (here or dropped), then the team's members who have not."""
        joined = [
            Presence(n, s.login, self.is_here(s), s.person.left) for n, s in sorted(self.people.items())
        ]
        facilitator = self.meeting.facilitator
        absent = [
            Presence(m, "", False) for m in self.team.members if m not in self.people and m != facilitator
        ]
        return [*joined, *absent]

    def here(self) -> list[str]:
        return [p.name for p in self.presence() if p.here]

    def draft_for(self, kr: str, owner: str) -> tuple[str, LiveDraft] | None:
        """What the room is typing for `kr`: the holder of the keyboard's, else its owner's."""
        for name in (self.keyboard, owner):
            seen = self.people.get(name) if name else None
            draft = seen.person.draft(kr) if seen is not None else None
            if draft is not None:
                return name, draft
        return None

    def ready_drafts(self) -> list[tuple[str, LiveDraft]]:
        """Answers participants confirmed on their own KRs (filed even when the meeting is elsewhere)."""
        return [(name, d) for name, seen in self.people.items() for d in seen.person.drafts if d.ready]

    # -- handing over the keyboard ------------------------------------------------------------

    def hand_keyboard(self, name: str) -> None:
        self.keyboard = name
        self.publish()

    # -- votes -------------------------------------------------------------------------------

    def open_vote(self, kr: str) -> VoteRound:
        number = self._rounds.get(kr, 0) + 1
        self._rounds[kr] = number
        self.vote = VoteRound(kr=kr, round=number)
        self.publish()
        return self.vote

    def reveal(self) -> None:
        """Ask every voter's screen to open its ballot; `poll` collects them."""
        if self.vote is not None and self.vote.state is VoteState.OPEN:
            self.vote = self.vote.model_copy(update={"state": VoteState.REVEALING})
            self._count_votes()
            self.publish()

    def finish_reveal(self) -> dict[str, int] | None:
        """Once every ballot cast is open (or its voter has dropped), show all votes at once."""
        vote = self.vote
        if vote is None or vote.state is not VoteState.REVEALING:
            return None
        opened: dict[str, int] = {}
        waiting = False
        for name in vote.voted:
            seen = self.people.get(name)
            ballot = seen.person.ballot if seen is not None else None
            value = opened_vote(ballot, vote) if ballot is not None else None
            if value is not None:
                opened[name] = value
            elif seen is not None and self.is_here(seen) and ballot is not None and ballot.vote is None:
                waiting = True
        if waiting:
            return None
        self.vote = vote.model_copy(update={"state": VoteState.REVEALED, "votes": opened})
        self.publish()
        return opened

    def _count_votes(self) -> None:
        vote = self.vote
        assert vote is not None
        voted = sorted(n for n, s in self.people.items() if has_voted(s.person.ballot, vote))
        if vote.state is VoteState.REVEALING:
            voted = [n for n in vote.voted if n in voted]  # no new votes once revealing
        if voted != vote.voted:
            self.vote = vote.model_copy(update={"voted": voted})
            self.publish()


class Seat:
    """A participant's side: their presence, their draft, their ballot; following the facilitator."""

    def __init__(self, live: LiveFolder, meeting: Meeting, name: str, clock: Clock) -> None:
        self.live = live
        self.meeting = meeting
        self.clock = clock
        now = clock()
        self.me = Participant(name=name, meeting=meeting.id, joined_at=now, seen_at=now)
        self._secret: tuple[str, int, int, str] | None = None
        self.host: HostState | None = None

    @property
    def name(self) -> str:
        return self.me.name

    @property
    def login(self) -> str:
        import os

        return login_of(os.geteuid())

    def draft_of(self, kr: str) -> LiveDraft | None:
        return self.me.draft(kr)

    def type(self, draft: LiveDraft) -> None:
        """Publish what I am typing on a KR (replacing what I typed on it before)."""
        self.say(drafts=self.me.with_draft(draft))

    def say(self, **changes: object) -> None:
        """Publish my file with `changes` (drafts=..., ballot=..., left=...)."""
        self.me = self.me.model_copy(update={**changes, "seen_at": self.clock()})
        self.live.publish_mine(self.me)

    def follow(self) -> HostState | None:
        """Read the facilitator's state; open my ballot when the facilitator reveals."""
        host = self.live.read_host(self.meeting.host)
        self.host = host
        if host is not None and host.vote is not None and host.vote.state is VoteState.REVEALING:
            self._open_ballot(host.vote)
        return host

    def may_answer(self, kr: str, owner: str) -> bool:
        """My own KR, or the step whose keyboard the facilitator handed me."""
        host = self.host
        handed = host is not None and host.keyboard == self.name and host.step.key == kr
        return handed or owner.casefold() == self.name.casefold()

    def cast(self, vote_round: VoteRound, vote: int) -> None:
        salt = secrets.token_hex(16)
        self._secret = (vote_round.kr, vote_round.round, vote, salt)
        ballot = Ballot(
            kr=vote_round.kr,
            round=vote_round.round,
            commitment=commitment(vote_round.kr, vote_round.round, vote, salt),
        )
        self.say(ballot=ballot)

    def my_vote(self, vote_round: VoteRound | None) -> int | None:
        secret = self._secret
        if vote_round is None or secret is None or secret[:2] != (vote_round.kr, vote_round.round):
            return None
        return secret[2]

    def _open_ballot(self, vote_round: VoteRound) -> None:
        ballot, secret = self.me.ballot, self._secret
        if ballot is None or secret is None or ballot.vote is not None:
            return
        if (ballot.kr, ballot.round) != (vote_round.kr, vote_round.round) or secret[:2] != (
            ballot.kr,
            ballot.round,
        ):
            return
        self.say(ballot=ballot.model_copy(update={"vote": secret[2], "salt": secret[3]}))

    def heartbeat(self) -> None:
        self.say()

    def leave(self) -> None:
        self.say(left=True)
