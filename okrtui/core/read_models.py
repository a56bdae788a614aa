"""Light read models: the rows `okrtui status` shows, read from a store file's plain data.

Building pydantic models costs more than the whole command may take, so the read path checks, per
row, the shape and types of the fields it shows, with the same text clean-up as the models
(`safe_text.one_line`: no byte of a planted title drives the terminal) and the same KR rule
(`kinds.settle_measure`). A row that fails raises `BadRowError`, which the store turns into the
"cannot read FILE ..." sentence. Fields nobody shows here (revisions, notes, meetings) are not read.
Rows are NamedTuples: a frozen dataclass costs several times as much to define and to build, and
`status` pays for both on every start.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar, cast

from okrtui.core.kinds import CycleState, Direction, KRKind, ObjectiveKind, settle_measure
from okrtui.core.safe_text import one_line
from okrtui.core.votes import Held
from okrtui.core.weeks import parse_week, share_gone

_NUMBERS = (int, float)
"""The exact types orjson reads a JSON number as (not bool, which is an int)."""
E = TypeVar("E", bound=StrEnum)
Row = Mapping[str, Any]


class BadRowError(ValueError):
    """A row whose shown fields are missing or of the wrong type; the message names the field."""


def _get(row: Row, key: str, subject: str) -> Any:
    if key not in row:
        raise BadRowError(f"{subject} {key.replace('_', ' ')} is missing")
    return row[key]


def _fail(subject: str, key: str, problem: str) -> BadRowError:
    return BadRowError(f"{subject} {key.replace('_', ' ')} {problem}")


@lru_cache(maxsize=4096)
def _is_id(value: str) -> bool:
    """The models' id rule, `[A-Za-z0-9][A-Za-z0-9._-]*` and at most 60 characters, in string
    methods (no pattern to compile at start; and `re`'s `$` would let a trailing newline through)."""
    rest = value.replace(".", "").replace("_", "").replace("-", "")
    return 0 < len(value) <= 60 and value.isascii() and value[0].isalnum() and rest.isalnum()


def _id(row: Row, key: str, subject: str, *, optional: bool = False) -> str | None:
    value = row.get(key) if optional else _get(row, key, subject)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not _is_id(value):
        raise _fail(subject, key, "is not an id")
    return value


def _text(row: Row, key: str, subject: str, limit: int, *, required: bool = False) -> str:
    value = _get(row, key, subject) if required else row.get(key, "")
    value = one_line(value)
    if not isinstance(value, str):
        raise _fail(subject, key, "is not text")
    if len(value) > limit:
        raise _fail(subject, key, f"is too long ({len(value)} characters; at most {limit})")
    if required and not value:
        raise _fail(subject, key, "must not be empty")
    return value


def _number(row: Row, key: str, subject: str, default: float | None = None) -> float:
    value = row.get(key, default) if default is not None else _get(row, key, subject)
    if type(value) not in _NUMBERS or not math.isfinite(value):
        raise _fail(subject, key, "is not a finite number")
    return float(value)


def _flag(row: Row, key: str, subject: str) -> bool:
    value = row.get(key, False)
    if not isinstance(value, bool):
        raise _fail(subject, key, "is not true or false")
    return value


def _choice(row: Row, key: str, subject: str, kind: type[E], default: E | None) -> E | None:
    value = row.get(key, default)
    if value is None or isinstance(value, kind):
        return value
    member = kind._value2member_map_.get(value) if isinstance(value, str) else None  # kind(value), faster
    if member is None:
        raise _fail(subject, key, f"is not one of {', '.join(kind)}")
    return cast(E, member)


def _day(row: Row, key: str, subject: str) -> date:
    value = _get(row, key, subject)
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else _not_a_day()
    except ValueError:
        raise _fail(subject, key, "is not a date") from None


def _not_a_day() -> date:
    raise ValueError


@lru_cache(maxsize=4096)
def _week_id(value: str) -> str | None:
    """`value` as a normalised week id, or None when it is not one."""
    try:
        week = parse_week(value)
    except ValueError:
        return None
    return week if len(week) == 8 else None  # a four-digit year (`parse_week` gives `{year}-W{nn}`)


def _week(row: Row, key: str, subject: str, *, optional: bool = False) -> str | None:
    value = row.get(key) if optional else _get(row, key, subject)
    if value is None and optional:
        return None
    week = _week_id(value) if isinstance(value, str) else None
    if week is None:
        raise _fail(subject, key, "is not a week like 2026-W47")
    return week


def _moment(row: Row, key: str, subject: str, *, optional: bool = False) -> datetime | None:
    value = row.get(key) if optional else _get(row, key, subject)
    if value is None and optional:
        return None
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else _not_a_moment()
    except ValueError:
        raise _fail(subject, key, "is not a date and time") from None


def _not_a_moment() -> datetime:
    raise ValueError


class CycleRow(NamedTuple):
    id: str
    start: date
    end: date
    state: CycleState

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def elapsed(self, day: date) -> float:
        return share_gone(self.start, self.end, day)


class TeamRow(NamedTuple):
    id: str
    name: str


class ObjectiveRow(NamedTuple):
    id: str
    title: str
    owner: str
    kind: ObjectiveKind
    archived: bool
    parent: str | None = None
    """The objective or KR this one serves (alignment)."""


class KRRow(NamedTuple):
    id: str
    objective: str
    title: str
    owner: str
    kind: KRKind
    baseline: float
    target: float
    unit: str
    direction: Direction
    weight: float
    archived: bool


class CheckInRow(NamedTuple):
    kr: str
    week: str
    value: float
    confidence: int
    unchanged: bool = False
    """Confirmed unchanged in a meeting: last week's numbers kept, not a new reading."""


class BlockerRow(NamedTuple):
    id: str
    kr: str
    text: str
    open: bool


def cycle_row(row: Row) -> CycleRow:
    subject = "cycle"
    cycle = CycleRow(
        id=str(_id(row, "id", subject)),
        start=_day(row, "start", subject),
        end=_day(row, "end", subject),
        state=_choice(row, "state", subject, CycleState, CycleState.ACTIVE) or CycleState.ACTIVE,
    )
    if cycle.end <= cycle.start:
        raise BadRowError(f"cycle {cycle.id} must end after it starts")
    return cycle


def team_row(row: Row) -> TeamRow:
    return TeamRow(id=str(_id(row, "id", "team")), name=_text(row, "name", "team", 60, required=True))


def objective_row(row: Row) -> ObjectiveRow:
    subject = "objective"
    return ObjectiveRow(
        id=str(_id(row, "id", subject)),
        title=_text(row, "title", subject, 200, required=True),
        owner=_text(row, "owner", subject, 60),
        kind=_choice(row, "kind", subject, ObjectiveKind, ObjectiveKind.COMMITTED) or ObjectiveKind.COMMITTED,
        archived=_flag(row, "archived", subject),
        parent=_id(row, "parent", subject, optional=True),
    )


def kr_row(row: Row) -> KRRow:
    subject = "key result"
    if row.get("owner") is None or (isinstance(row["owner"], str) and not row["owner"].strip()):
        raise BadRowError("key result owner every key result needs one named owner")
    kind = _choice(row, "kind", subject, KRKind, KRKind.METRIC) or KRKind.METRIC
    weight = _number(row, "weight", subject, 1.0)
    if not 0 < weight <= 100:
        raise _fail(subject, "weight", "must be more than 0 and at most 100")
    try:
        baseline, target, direction = settle_measure(
            kind,
            _number(row, "baseline", subject, 0.0),
            _number(row, "target", subject, 1.0),
            _choice(row, "direction", subject, Direction, None),
        )
    except BadRowError:
        raise
    except ValueError as error:
        raise BadRowError(f"{subject} {error}") from None
    return KRRow(
        id=str(_id(row, "id", subject)),
        objective=str(_id(row, "objective", subject)),
        title=_text(row, "title", subject, 200, required=True),
        owner=_text(row, "owner", subject, 60, required=True),
        kind=kind,
        baseline=baseline,
        target=target,
        unit=_text(row, "unit", subject, 20),
        direction=direction,
        weight=weight,
        archived=_flag(row, "archived", subject),
    )


_CHECKIN_FIELDS = itemgetter("kr", "week", "value", "confidence", "created_at")
_CONFIDENCES = frozenset(range(1, 11))


def checkin_rows(rows: Sequence[Row]) -> list[CheckInRow]:
    """Every check-in row of a table, as `checkin_row` reads each. A store holds thousands, so a
    table whose rows are all well formed is checked field by field across all rows in C loops
    (`map`, `set`, each distinct id and week once); any other is read row by row, which says what
    is wrong with the first bad one."""
    if not rows:
        return []
    try:
        krs, weeks, values, confidences, moments = zip(*map(_CHECKIN_FIELDS, rows), strict=True)
        unchanged = [row.get("unchanged", False) for row in rows]
        normal = {week: _week_id(week) for week in set(weeks)} if set(map(type, weeks)) == {str} else {}
        well_formed = (
            set(map(type, krs)) == {str}
            and all(map(_is_id, set(krs)))
            and bool(normal)
            and None not in normal.values()
            and set(map(type, values)) <= {int, float}
            and all(map(math.isfinite, values))
            and set(map(type, confidences)) == {int}
            and _CONFIDENCES.issuperset(confidences)
            and set(map(type, unchanged)) == {bool}
            and set(map(type, moments)) == {str}
        )
        if well_formed:
            all(map(datetime.fromisoformat, moments))  # raises ValueError at the first that is not one
            return list(
                map(
                    CheckInRow._make,
                    zip(
                        krs,
                        map(normal.__getitem__, weeks),
                        map(float, values),
                        confidences,
                        unchanged,
                        strict=True,
                    ),
                )
            )
    except (KeyError, ValueError, TypeError):
        pass
    return [checkin_row(row) for row in rows]


def checkin_row(row: Row) -> CheckInRow:
    """A check-in row, each field checked on its own (what a table `checkin_rows` doubts gets)."""
    subject = "check-in"
    confidence = _get(row, "confidence", subject)
    if isinstance(confidence, float) and confidence.is_integer():
        confidence = int(confidence)
    if isinstance(confidence, bool) or not isinstance(confidence, int) or not 1 <= confidence <= 10:
        raise _fail(subject, "confidence", "is not a whole number from 1 to 10")
    _moment(row, "created_at", subject)
    return CheckInRow(
        kr=str(_id(row, "kr", subject)),
        week=str(_week(row, "week", subject)),
        value=_number(row, "value", subject),
        confidence=confidence,
        unchanged=_flag(row, "unchanged", subject),
    )


def blocker_row(row: Row) -> BlockerRow:
    subject = "blocker"
    _week(row, "raised_week", subject)
    return BlockerRow(
        id=str(_id(row, "id", subject)),
        kr=str(_id(row, "kr", subject)),
        text=_text(row, "text", subject, 500, required=True),
        open=_week(row, "resolved_week", subject, optional=True) is None,
    )


class ActionRow(NamedTuple):
    id: str
    text: str
    owner: str
    due: date | None
    kr: str | None
    raised_week: str
    is_open: bool


def action_row(row: Row) -> ActionRow:
    subject = "action"
    state = row.get("state", "open")
    if state not in ("open", "done", "dropped"):
        raise _fail(subject, "state", "is not one of open, done, dropped")
    return ActionRow(
        id=str(_id(row, "id", subject)),
        text=_text(row, "text", subject, 300, required=True),
        owner=_text(row, "owner", subject, 60),
        due=_day(row, "due", subject) if row.get("due") is not None else None,
        kr=_id(row, "kr", subject, optional=True),
        raised_week=str(_week(row, "raised_week", subject)),
        is_open=state == "open",
    )


def retro_closed(row: Row) -> bool:
    """Whether a retro row closed its team's board."""
    return _moment(row, "closed_at", "retro", optional=True) is not None


def closed_reason(cycle_id: str, cycle_closed: bool, team_name: str, retro_closed: bool) -> str | None:
    """Why a board takes no more check-ins or edits, or None while it is open.

    A team's retro closes that team's board; closing the cycle (`okrtui cycle close`) closes all.
    """
    if cycle_closed:
        return f"cycle {cycle_id} is closed"
    if retro_closed:
        return f"{team_name}'s retro closed its {cycle_id} board"
    return None


T = TypeVar("T")
Parser = Callable[[Row], T]


def meeting_votes(row: Row) -> list[Held]:
    """A meeting row's confidence votes as (week, kr, round, votes, not counted), checked as
    `VoteRecord` is."""
    subject = "meeting"
    week = str(_week(row, "week", subject))
    held = row.get("votes", [])
    if not isinstance(held, list):
        raise _fail(subject, "votes", "is not a list")
    found: list[Held] = []
    for vote in held:
        if not isinstance(vote, dict):
            raise _fail(subject, "votes", "holds something that is not a vote")
        number = vote.get("round", 1)
        cast = vote.get("votes")
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise _fail(subject, "votes", "holds a round that is not a whole number from 1")
        if not isinstance(cast, dict) or not all(
            isinstance(name, str) and 0 < len(name) <= 80 and _confidence(v) for name, v in cast.items()
        ):
            raise _fail(subject, "votes", "holds votes that are not names with a confidence from 1 to 10")
        named = {str(one_line(name)): int(v) for name, v in cast.items()}
        lost = vote.get("not_counted", [])
        if not isinstance(lost, list) or not all(isinstance(n, str) and 0 < len(n) <= 80 for n in lost):
            raise _fail(subject, "votes", "holds a not counted list that is not names")
        not_counted = tuple(str(one_line(name)) for name in lost)
        found.append((week, str(_id(vote, "kr", subject)), number, named, not_counted))
    return found


def _confidence(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and 1 <= value <= 10
