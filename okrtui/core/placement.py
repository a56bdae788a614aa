"""Turn a read plan into boards of new documents: ids, teams, KRs or drafts. Pure, so a dry run
shows exactly what a real import would save."""

from __future__ import annotations

from dataclasses import dataclass, field

from okrtui.core.board import Board
from okrtui.core.drafts import DraftKeyResult, from_parsed
from okrtui.core.ids import new_id, slug
from okrtui.core.models import Cycle, KeyResult, Objective, Team
from okrtui.core.okr_text import Plan


class PlanError(ValueError):
    """The plan cannot be placed (no team named anywhere); the message says what to add."""


@dataclass(frozen=True)
class Built:
    boards: list[Board]
    """One board per team holding only the new documents."""
    new_teams: list[Team]
    changed_teams: list[Team]
    """Existing teams that gain members (the owners named in the doc)."""
    notes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """By objective or KR id: what the reader and the sentence parser could not work out."""
    sequence: list[KeyResult | DraftKeyResult] = field(default_factory=list)
    """KRs and drafts in the doc's order (the boards keep them in two lists)."""
    owner_from: dict[str, str] = field(default_factory=dict)
    """By KR or draft id, when its owner is not named on it: "the objective" or "--owner"."""

    @property
    def key_results(self) -> list[KeyResult]:
        return [kr for board in self.boards for kr in board.key_results]

    @property
    def drafts(self) -> list[DraftKeyResult]:
        return [d for board in self.boards for d in board.drafts]

    @property
    def objectives(self) -> list[Objective]:
        return [o for board in self.boards for o in board.objectives]


def build(
    plan: Plan,
    cycle: Cycle,
    teams: list[Team],
    *,
    team: str | None = None,
    owner: str | None = None,
    taken: set[str] | None = None,
) -> Built:
    """Place every objective of `plan` in `cycle`; `team` (id or name) overrides the doc's teams.

    A KR's owner is the one the doc names for it, else its objective's owner, else `owner` (the
    `--owner` default), so a doc that names owners once per objective is ready to check in."""
    taken = set(taken or ())
    known = {t.id: t for t in teams}
    boards: dict[str, Board] = {}
    created: dict[str, Team] = {}
    notes: dict[str, tuple[str, ...]] = {}
    sequence: list[KeyResult | DraftKeyResult] = []
    owner_from: dict[str, str] = {}
    for planned in plan.objectives:
        name = team or planned.team
        if not name:
            raise PlanError(
                f"line {planned.line}: no team for '{planned.title[:40]}'; "
                "add a `Team: NAME` line or pass --team"
            )
        owner_team = _find_team(name, [*known.values(), *created.values()]) or _new_team(name, known, created)
        board = boards.setdefault(owner_team.id, Board(cycle=cycle, team=owner_team))
        objective = Objective(
            id=_take(new_id("ob", taken), taken),
            cycle=cycle.id,
            team=owner_team.id,
            title=planned.title,
            owner=planned.owner,
            kind=planned.kind,
            why=planned.why,
        )
        board.objectives.append(objective)
        if planned.notes:
            notes[objective.id] = planned.notes
        for kr in planned.key_results:
            made = from_parsed(
                kr.parsed,
                kr_id=_take(new_id("kr", taken), taken),
                objective=objective.id,
                owner=kr.owner or planned.owner or owner or "",
                weight=kr.weight,
            )
            if isinstance(made, DraftKeyResult):
                board.drafts.append(made)
            else:
                board.key_results.append(made)
            if not kr.owner and made.owner:
                owner_from[made.id] = "the objective" if planned.owner else "--owner"
            sequence.append(made)
            if kr.parsed.problems or kr.notes:
                notes[made.id] = (*kr.parsed.problems, *kr.notes)
    changed = []
    for board in boards.values():
        owners = [o for o in _owners(board) if o.lower() not in {m.lower() for m in board.team.members}]
        if owners:
            board.team = board.team.model_copy(update={"members": [*board.team.members, *owners]})
            if board.team.id in created:
                created[board.team.id] = board.team
            else:
                changed.append(board.team)
    return Built(list(boards.values()), list(created.values()), changed, notes, sequence, owner_from)


def _owners(board: Board) -> list[str]:
    names = [o.owner for o in board.objectives] + [k.owner for k in board.key_results]
    names += [d.owner for d in board.drafts]
    seen: dict[str, str] = {}
    for name in names:
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())


def _find_team(ref: str, teams: list[Team]) -> Team | None:
    wanted = ref.strip().lower()
    return next((t for t in teams if t.id == wanted or t.name.lower() == wanted or t.id == slug(ref)), None)


def _new_team(name: str, known: dict[str, Team], created: dict[str, Team]) -> Team:
    base = slug(name)
    team_id, n = base, 2
    while team_id in known or team_id in created:
        team_id, n = f"{base}-{n}", n + 1
    created[team_id] = Team(id=team_id, name=name.strip()[:60])
    return created[team_id]


def _take(doc_id: str, taken: set[str]) -> str:
    taken.add(doc_id)
    return doc_id
