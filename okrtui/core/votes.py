"""A confidence vote's spread and how it reads: on every screen, in the notes and in status JSON.

Free of pydantic: `okrtui status` (the light read path) reports the last vote of each KR.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

TALK_SPREAD = 4
"""Votes this far apart (highest minus lowest) mean the room does not agree: talk about it."""


class LastVote(NamedTuple):
    """The latest confidence vote the room held on a KR (a meeting's `VoteRecord`, with its week)."""

    week: str
    round: int
    votes: dict[str, int]
    not_counted: tuple[str, ...] = ()
    """Who voted but whose vote could not be opened at the reveal (their screen was gone)."""


Held = tuple[str, str, int, dict[str, int], tuple[str, ...]]
"""A vote as a meeting holds it: (week, kr, round, votes, not counted)."""


def last_votes(held: list[Held]) -> dict[str, LastVote]:
    """Each KR's latest vote from `Held` votes in any order: latest week, then round."""
    latest: dict[str, LastVote] = {}
    for week, kr, number, votes, not_counted in sorted(held, key=lambda v: (v[0], v[2])):
        latest[kr] = LastVote(week, number, votes, not_counted)
    return latest


class Spread(NamedTuple):
    """How far a vote's values lie apart, and how they fall (a count per confidence 1-10)."""

    low: int
    median: float
    high: int
    counts: tuple[int, ...]

    @property
    def width(self) -> int:
        return self.high - self.low

    @property
    def talk(self) -> bool:
        """The room disagrees enough to talk about it before moving on."""
        return self.width >= TALK_SPREAD

    def histogram(self) -> str:
        """One cell per confidence from `low` to `high`: how many voted it, as a bar's height."""
        bars = " ▁▂▃▄▅▆▇█"
        most = max(self.counts)
        cells = self.counts[self.low - 1 : self.high]
        return "".join(bars[round(count / most * 8)] if count else "·" for count in cells)


def spread(votes: dict[str, int]) -> Spread | None:
    import statistics  # here, not at the top: `status` imports this module for `last_votes`

    values = sorted(votes.values())
    if not values:
        return None
    counts = tuple(values.count(n) for n in range(1, 11))
    return Spread(values[0], float(statistics.median(values)), values[-1], counts)  # 6.0, never 6


NOT_OPENED = "(left, or the ballot did not open)"
"""Why a vote cast is not counted: its voter's screen opens it at the reveal, or nobody can."""


def describe_votes(votes: dict[str, int], not_counted: Sequence[str] = ()) -> str:
    """One line for the notes and the summary: who voted what, the spread, whose vote was lost."""
    found = spread(votes)
    counted = f"{describe_voters(votes)} · {describe_spread(found)}" if found is not None else "no votes"
    return counted + not_counted_words(not_counted)


def not_counted_words(names: Sequence[str]) -> str:
    """` · not counted: Ben (left, …)` after the votes that were, or nothing when every vote was."""
    return f" · not counted: {', '.join(names)} {NOT_OPENED}" if names else ""


def describe_voters(votes: dict[str, int]) -> str:
    """`Ana 8, Chen 6, Ben 3`: highest first."""
    return ", ".join(f"{name} {vote}" for name, vote in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])))


def describe_spread(found: Spread) -> str:
    """`low 3 · median 6 · high 8 · ⚠ spread 5: talk about this`."""
    talk = f" · ⚠ spread {found.width}: talk about this" if found.talk else ""
    return f"low {found.low} · median {found.median:g} · high {found.high}{talk}"
